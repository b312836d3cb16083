# SPDX-License-Identifier: MPL-2.0
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import (
    Organisation,
    OrganisationMembership,
    User,
    VerificationCode,
)
from motcua.org.access import agency_ids_in_scope


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts. Officers without province scope see only staff of their own agencies."""

    ordering = ["username"]
    list_display = ["username", "full_name", "email", "phone", "kind", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone", "identity_number"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Thông tin cá nhân"),
            {
                "fields": (
                    "full_name",
                    "email",
                    "phone",
                    "identity_number",
                    "identity_verified_at",
                    "address",
                    "kind",
                )
            },
        ),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "kind", "password1", "password2"),
            },
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """Only a superuser grants admin rights; everyone else cannot escalate."""
        if request.user.is_superuser:
            return ()
        return (
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "kind",
            "identity_verified_at",
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        ids = agency_ids_in_scope(request.user)  # type: ignore[arg-type]
        if ids is None:
            return queryset
        return queryset.filter(positions__agency_id__in=ids).distinct()


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "kind"]
    search_fields = ["name", "tax_code"]
    list_filter = ["kind"]
    inlines = [MembershipInline]


@admin.register(VerificationCode)
class VerificationCodeAdmin(admin.ModelAdmin):
    """Support view of codes sent ("I got no code"): read-only, never the code itself."""

    list_display = ["target", "purpose", "status", "attempts", "created_at", "expires_at"]
    list_filter = ["purpose", "status", "channel"]
    search_fields = ["target", "user__username"]
    fields = [
        "user",
        "purpose",
        "channel",
        "target",
        "status",
        "attempts",
        "created_at",
        "expires_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
