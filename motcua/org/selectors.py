# SPDX-License-Identifier: MPL-2.0
"""Read-side queries for organisation data (portal home, desk dashboard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from motcua.accounts.models import User
from motcua.org.access import agencies_for_staff
from motcua.org.models import AdministrativeUnit, Agency, AgencyKind, Counter, UnitLevel


@dataclass(frozen=True)
class ProvinceSummary:
    province: AdministrativeUnit | None
    communes: int
    agencies: int
    counters: int


def province_summary(*, on: date) -> ProvinceSummary:
    units = AdministrativeUnit.objects.in_force(on)
    return ProvinceSummary(
        province=units.filter(level=UnitLevel.PROVINCE).first(),
        communes=units.filter(level=UnitLevel.COMMUNE).count(),
        agencies=Agency.objects.in_force(on).filter(is_active=True).count(),
        counters=Counter.objects.filter(is_active=True).count(),
    )


def agency_list_public(*, on: date) -> QuerySet[Agency]:
    """Provincial agencies that receive or handle dossiers, for the portal."""
    return (
        Agency.objects.in_force(on)
        .filter(
            is_active=True,
            kind__in=[
                AgencyKind.DEPARTMENT,
                AgencyKind.SERVICE_CENTER,
                AgencyKind.VERTICAL,
                AgencyKind.OFFICE,
            ],
        )
        .select_related("administrative_unit")
        .order_by("kind", "name")
    )


def agency_get_public(*, code: str, on: date) -> Agency | None:
    return (
        Agency.objects.in_force(on)
        .filter(is_active=True, code=code)
        .select_related("administrative_unit", "parent")
        .first()
    )


def agency_list_for_staff(*, user: User, on: date) -> QuerySet[Agency]:
    """The agencies in the officer's scope, with their staff and counter counts."""
    return (
        agencies_for_staff(user)
        .in_force(on)
        .select_related("administrative_unit", "parent")
        .annotate(
            staff_count=Count(
                "positions__user", filter=Q(positions__is_active=True), distinct=True
            ),
            counter_count=Count("served_at_counters", distinct=True),
        )
        .order_by("kind", "name")
    )


def agency_detail_for_staff(*, agency: Agency) -> dict[str, object]:
    return {
        "positions": agency.positions.filter(is_active=True)
        .select_related("user", "counter")
        .order_by("role", "user__full_name"),
        "counters": agency.served_at_counters.select_related("service_center").order_by("number"),
        "children": agency.children.order_by("name"),
    }
