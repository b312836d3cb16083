# SPDX-License-Identifier: MPL-2.0
"""The admin site: reference data only, reached through the staff login (with 2FA)."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class MotcuaAdminSite(admin.AdminSite):
    site_header = _("Quản trị dữ liệu danh mục motcua")
    site_title = _("Quản trị motcua")
    index_title = _("Dữ liệu danh mục")

    def has_permission(self, request: HttpRequest) -> bool:
        """Active staff only; with STAFF_REQUIRE_2FA the session must have passed TOTP."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if settings.STAFF_REQUIRE_2FA:
            return bool(getattr(user, "is_verified", lambda: False)())
        return True

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """One staff login for desk and admin: it owns the password and 2FA steps."""
        target = request.GET.get("next") or reverse("admin:index")
        step = settings.STAFF_LOGIN_URL
        if request.user.is_authenticated:
            if not request.user.is_staff:
                raise PermissionDenied("No admin rights")
            step = "desk:otp_verify"  # password done, second factor missing
        return redirect(f"{reverse(step)}?{urlencode({'next': target})}")
