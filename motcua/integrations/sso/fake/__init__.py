# SPDX-License-Identifier: MPL-2.0
"""A local stand-in for the national sign-on: pick a demo identity on /sso/fake/."""
