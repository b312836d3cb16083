# SPDX-License-Identifier: MPL-2.0
"""Read-only admin for the audit trail, for superusers and province-wide roles only.

Nobody adds, changes or deletes an entry here; agency officers do not see the model at all
(the province's whole trail is not theirs to read). Visibility follows the role, not
Django model permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.audit.models import AuditEntry
from motcua.core.admin_mixins import ReadOnlyAdminMixin
from motcua.org.access import has_province_scope


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "sequence",
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "summary",
    ]
    list_filter = ["action", "object_type", "at"]
    search_fields = ["object_id", "actor_label", "actor__username", "actor__full_name"]
    date_hierarchy = "at"
    ordering = ["-sequence"]
    list_per_page = 50
    show_full_result_count = False  # no COUNT(*) over a large trail on every page
    actions = None
    fields = [
        "sequence",
        "at",
        "actor",
        "actor_ref",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "summary",
        "data",
        "ip_address",
        "prev_hash",
        "hash",
    ]
    readonly_fields = fields

    def _may_read(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and has_province_scope(user))  # type: ignore[arg-type]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_read(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_read(request)
