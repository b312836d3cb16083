# SPDX-License-Identifier: MPL-2.0
"""National Public Service Portal (Cổng Dịch vụ công quốc gia, DVCQG): dossier sync."""
