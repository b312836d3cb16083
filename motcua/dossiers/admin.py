# SPDX-License-Identifier: MPL-2.0
"""Support view of dossiers: read-only, scoped to the staff member's agencies.

Dossiers change only through `dossiers.services` (workflow, audit, outbox together), so the
admin shows them with their timeline, control sheet, components, fees and pauses, and
never edits them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.core.admin_mixins import ReadOnlyAdminMixin
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierFee,
    DossierPause,
    Handover,
)
from motcua.dossiers.selectors import dossier_list_for_staff


class _ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Parts of a dossier are seen with the dossier, under the dossier's permission.
        return bool(request.user.has_perm("dossiers.view_dossier"))


class EventInline(_ReadOnlyInline):
    model = DossierEvent
    fields = ["at", "action", "actor", "from_status", "to_status", "note"]


class HandoverInline(_ReadOnlyInline):
    model = Handover
    fields = ["seq", "kind", "at", "giver", "giver_agency", "receiver", "receiver_agency", "result"]


class ComponentInline(_ReadOnlyInline):
    model = DossierComponent
    fields = ["component", "originals", "certified_copies", "photocopies", "digitised", "reused"]


class FeeInline(_ReadOnlyInline):
    model = DossierFee
    fields = ["name", "amount_vnd", "collection", "paid_at", "receipt_number"]


class PauseInline(_ReadOnlyInline):
    model = DossierPause
    fields = ["kind", "started_at", "ended_at", "reason", "due_before", "due_after"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "applicant_name", "status", "channel", "received_at", "due_at"]
    list_filter = ["status", "channel", "deadline_status", "rule_set"]
    search_fields = ["code", "applicant_name", "applicant_identity", "applicant_phone"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at"]
    inlines = [ComponentInline, FeeInline, PauseInline, HandoverInline, EventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return dossier_list_for_staff(user=request.user)  # type: ignore[arg-type]
