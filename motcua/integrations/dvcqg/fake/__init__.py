# SPDX-License-Identifier: MPL-2.0
"""A local stand-in for the national portal: records what would have been sent."""
