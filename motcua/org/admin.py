# SPDX-License-Identifier: MPL-2.0
"""Admin for organisation reference data, scoped to the staff member's agencies.

A procedure-control officer of agency X edits X's contact details, counters and staff
positions; rows of other agencies do not exist for them (the change view answers as for a
missing object). Province-wide roles and superusers see everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from motcua.org.access import agency_ids_in_scope
from motcua.org.models import (
    PROVINCE_WIDE_ROLES,
    AdministrativeUnit,
    Agency,
    Counter,
    Role,
    StaffPosition,
)


class AgencyScopedAdmin(admin.ModelAdmin):
    """Limit rows and agency choices to the agencies in the user's scope."""

    agency_lookup = "agency"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        ids = agency_ids_in_scope(request.user)  # type: ignore[arg-type]
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.agency_lookup}__in": ids}).distinct()

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        ids = agency_ids_in_scope(request.user)  # type: ignore[arg-type]
        if db_field.related_model is Agency and ids is not None:
            kwargs["queryset"] = Agency.objects.filter(id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind", "valid_from"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    agency_lookup = "id"
    list_display = ["name", "code", "kind", "identifier_code", "identifier_verified", "is_active"]
    list_filter = ["kind", "is_active", "identifier_verified"]
    search_fields = ["name", "name_folded", "code", "identifier_code"]
    list_select_related = ["administrative_unit"]
    autocomplete_fields = ["administrative_unit"]


@admin.register(Counter)
class CounterAdmin(AgencyScopedAdmin):
    agency_lookup = "service_center"
    list_display = ["number", "name", "service_center", "is_active"]
    list_filter = ["service_center", "is_active"]
    filter_horizontal = ["agencies"]


@admin.register(StaffPosition)
class StaffPositionAdmin(AgencyScopedAdmin):
    """Staff positions; only a province-wide user may grant a province-wide role."""

    list_display = ["user", "agency", "role", "counter", "is_active", "valid_from", "valid_to"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__full_name", "user__username", "agency__name"]
    list_select_related = ["user", "agency", "counter"]
    autocomplete_fields = ["user", "agency"]

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and agency_ids_in_scope(request.user) is not None:  # type: ignore[arg-type]
            kwargs["choices"] = [
                (value, label) for value, label in Role.choices if value not in PROVINCE_WIDE_ROLES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
