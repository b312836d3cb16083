# SPDX-License-Identifier: MPL-2.0
"""Reads of the catalogue for the desk: the procedure list with statuses, one procedure's
versions, and the late-publication report (Directive 01/CT-UBND, clause 1c).

The caller passes procedures already scoped by ``catalog.access``; nothing here widens scope.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.selectors import LatePublication, late_publications
from motcua.catalog.services import HOURS_PER_DAY, process_errors
from motcua.core.text import fold


def _versions(status: str | None = None) -> QuerySet[ProcedureVersion]:
    versions = ProcedureVersion.objects.filter(procedure=OuterRef("pk"))
    return versions.filter(status=status) if status else versions.order_by("-number")


def procedure_list_for_staff(
    *, procedures: QuerySet[Procedure], query: str = "", status: str = ""
) -> QuerySet[Procedure]:
    """Procedures with their newest name, field and agency, the number of the version in
    force and of the draft, and whether they were abolished: one query, no N+1.

    ``status`` keeps procedures that have a version in that status; ``query`` matches every
    folded word against the versions' ``search_text`` (diacritics and case ignored).
    """
    newest = _versions()
    procedures = procedures.annotate(
        head_name=Subquery(newest.values("name")[:1]),
        head_field=Subquery(newest.values("field__name")[:1]),
        head_agency=Subquery(newest.values("processing_agency__name")[:1]),
        head_agency_text=Subquery(newest.values("processing_agency_text")[:1]),
        in_force_number=Subquery(_versions(VersionStatus.PUBLISHED).values("number")[:1]),
        draft_number=Subquery(_versions(VersionStatus.DRAFT).values("number")[:1]),
        is_abolished=Exists(_versions(VersionStatus.ABOLISHED)),
    )
    for word in fold(query).split():
        procedures = procedures.filter(Exists(_versions().filter(search_text__contains=word)))
    if status in VersionStatus.values:
        procedures = procedures.filter(Exists(_versions(status)))
    return procedures.order_by("code")


def version_list_for_procedure(*, procedure: Procedure) -> QuerySet[ProcedureVersion]:
    """Every version of a procedure, newest first, with who published it."""
    return procedure.versions.select_related("published_by").order_by("-number")


def version_in_force(*, procedure: Procedure) -> ProcedureVersion | None:
    return procedure.versions.filter(status=VersionStatus.PUBLISHED).first()


def version_get_for_staff(*, procedure: Procedure, number: int | None) -> ProcedureVersion | None:
    """Version ``number`` (by default the draft, else the newest) with all its parts."""
    versions = procedure.versions.select_related(
        "field", "processing_agency", "receiving_agency", "published_by"
    ).prefetch_related(
        Prefetch("cases", queryset=ProcedureCase.objects.order_by("order", "id")),
        Prefetch("components", queryset=Component.objects.select_related("case").order_by("order")),
        Prefetch("fees", queryset=Fee.objects.select_related("case").order_by("order", "id")),
        Prefetch(
            "process_steps",
            queryset=ProcessStep.objects.select_related("responsible_agency").order_by("order"),
        ),
    )
    if number is not None:
        return versions.filter(number=number).first()
    return (
        versions.filter(status=VersionStatus.DRAFT).first() or versions.order_by("-number").first()
    )


@dataclass(frozen=True)
class AgencyCount:
    name: str
    count: int
    max_days: int


@dataclass(frozen=True)
class LateReport:
    rows: list[LatePublication]
    per_agency: list[AgencyCount]


def _agency_name(row: LatePublication) -> str:
    version = row.version
    if version.processing_agency_id:
        return version.processing_agency.name  # type: ignore[union-attr]
    return version.processing_agency_text or ""


def late_publication_report(*, agency_ids: set[int] | None, ascending: bool = False) -> LateReport:
    """Late publications in scope, sorted by days late, with a count per processing agency."""
    rows = late_publications(agency_ids=agency_ids)
    rows.sort(key=lambda row: row.days_late if ascending else -row.days_late)
    counts = Counter(_agency_name(row) for row in rows)
    worst: dict[str, int] = {}
    for row in rows:
        name = _agency_name(row)
        worst[name] = max(worst.get(name, 0), row.days_late)
    per_agency = [AgencyCount(name, n, worst[name]) for name, n in counts.items()]
    per_agency.sort(key=lambda item: (-item.count, -item.max_days, item.name))
    return LateReport(rows=rows, per_agency=per_agency)


@dataclass(frozen=True)
class ProcessSummary:
    total_hours: Decimal
    total_days: Decimal
    errors: list[str]


def process_summary(version: ProcedureVersion) -> ProcessSummary:
    """The internal process total, in hours and working days, and what does not add up."""
    total = sum((step.duration_hours for step in version.process_steps.all()), Decimal(0))
    return ProcessSummary(
        total_hours=total,
        total_days=Decimal(f"{(total / HOURS_PER_DAY).normalize():f}"),  # 4.5, 10, 0.0625
        errors=process_errors(version),
    )
