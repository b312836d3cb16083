# SPDX-License-Identifier: MPL-2.0
"""National single sign-on (VNeID through the National Public Service Portal)."""
