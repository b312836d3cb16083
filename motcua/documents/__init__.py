# SPDX-License-Identifier: MPL-2.0
"""Generated papers: the official one-stop forms of TT 01/2018 and TT 03/2025 as PDF."""
