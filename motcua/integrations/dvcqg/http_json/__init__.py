# SPDX-License-Identifier: MPL-2.0
"""The national portal's dossier-sync service over HTTPS (JSON), as exposed by the LGSP."""
