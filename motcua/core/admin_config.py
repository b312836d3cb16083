# SPDX-License-Identifier: MPL-2.0
from django.contrib.admin.apps import AdminConfig


class MotcuaAdminConfig(AdminConfig):
    """The Django admin, with our site class (staff 2FA, one staff login)."""

    default_site = "motcua.core.admin_site.MotcuaAdminSite"
