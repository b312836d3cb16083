# SPDX-License-Identifier: MPL-2.0
"""Admin for the procedure catalogue, scoped like ``org.admin``.

Published, superseded and abolished versions are read-only here as everywhere (dossiers are
pinned to them); a draft is editable with its cases, components, fees and steps. New
procedures and new drafts are made on the desk (``/desk/thu-tuc/``), where the services
number versions and check them. Non-province staff see only procedures and versions whose
processing or receiving agency is in their scope; other rows answer as missing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from motcua.catalog.access import procedures_for_staff
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.services import version_update
from motcua.org.access import agency_ids_in_scope
from motcua.org.admin import AgencyScopedAdmin

READ_ONLY_VERSION_FIELDS = [
    "procedure",
    "number",
    "status",
    "decision_number",
    "decision_date",
    "effective_date",
    "published_at",
    "published_by",
    "valid_to",
    "abolition_decision",
]


def _is_draft(obj: ProcedureVersion | None) -> bool:
    return obj is not None and obj.status == VersionStatus.DRAFT


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class VersionInline(admin.TabularInline):
    """The versions of a procedure, read-only: open one to see or edit (drafts only)."""

    model = ProcedureVersion
    fields = ["number", "status", "name", "decision_number", "effective_date", "published_at"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "local_code"]
    search_fields = ["code", "local_code", "versions__name"]
    inlines = [VersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        return procedures_for_staff(request.user)  # type: ignore[arg-type]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the desk creates a procedure with its first draft

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # versions are PROTECTed history


class DraftChildInline(admin.TabularInline):
    """Parts of a version: editable on a draft, read-only on anything published."""

    extra = 0

    def _editable(self, obj: Any) -> bool:
        return obj is None or _is_draft(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class CaseInline(DraftChildInline):
    model = ProcedureCase
    fields = ["order", "code", "name", "processing_amount", "processing_unit", "note"]


class ComponentInline(DraftChildInline):
    model = Component
    fields = ["order", "case", "group", "name", "originals", "copies", "requirement", "form_name",
              "template", "electronic_form"]  # fmt: skip

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "case":
            version_id = request.resolver_match.kwargs.get("object_id")  # type: ignore[union-attr]
            kwargs["queryset"] = ProcedureCase.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FeeInline(ComponentInline):
    model = Fee
    fields = ["order", "case", "kind", "name", "amount_vnd", "collection", "note"]


class StepInline(DraftChildInline):
    model = ProcessStep
    fields = ["order", "name", "responsible_role", "responsible_agency", "duration_hours", "output"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(AgencyScopedAdmin):
    list_display = ["procedure", "number", "name", "status", "effective_date", "published_at"]
    list_filter = ["status", "field"]
    list_select_related = ["procedure"]
    search_fields = ["procedure__code", "name", "search_text"]
    readonly_fields = READ_ONLY_VERSION_FIELDS
    exclude = ["search_text"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [CaseInline, ComponentInline, FeeInline, StepInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProcedureVersion]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        ids = agency_ids_in_scope(request.user)  # type: ignore[arg-type]
        if ids is None:
            return queryset
        return queryset.filter(Q(processing_agency_id__in=ids) | Q(receiving_agency_id__in=ids))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafts are numbered and copied by catalog.services on the desk

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not _is_draft(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not _is_draft(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would delete published versions too
        return actions

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Through the service: it refuses non-drafts and recomputes the search text."""
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        version_update(actor=request.user, version=obj, **fields)  # type: ignore[arg-type]
