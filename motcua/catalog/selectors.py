# SPDX-License-Identifier: MPL-2.0
"""Reads of the catalogue: public listing and search, the version a dossier pins to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from motcua.catalog.models import (
    Component,
    Fee,
    OnlineLevel,
    ProcedureCase,
    ProcedureVersion,
    VersionStatus,
)
from motcua.core.text import fold

LEVEL_FILTERS = {
    "province": Q(level_province=True),
    "commune": Q(level_commune=True),
    "district": Q(level_district=True),
    "central": Q(level_central=True),
}


def published_versions() -> QuerySet[ProcedureVersion]:
    """Versions in force, with what a list row shows (one query, no N+1)."""
    return ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
        "procedure", "field", "processing_agency", "receiving_agency"
    )


def procedure_search(
    *,
    query: str = "",
    field: str | None = None,
    agency: str | None = None,
    level: str | None = None,
    online: bool = False,
) -> QuerySet[ProcedureVersion]:
    """Published procedures matching every word of ``query``, in any order, ignoring
    diacritics and case ("giay phep xay dung" finds "Cấp giấy phép xây dựng…").

    Ranking: the whole phrase before scattered words, then the code, then the name.
    """
    versions = published_versions()
    words = fold(query).split()
    for word in words:
        versions = versions.filter(search_text__contains=word)
    if field:
        versions = versions.filter(field__code=field)
    if agency:
        versions = versions.filter(
            Q(processing_agency__code=agency) | Q(receiving_agency__code=agency)
        )
    if level in LEVEL_FILTERS:
        versions = versions.filter(LEVEL_FILTERS[level])
    if online:
        versions = versions.filter(channel_online=True).exclude(online_level=OnlineLevel.NONE)
    phrase = " ".join(words)
    rank = (
        Case(
            When(search_text__contains=phrase, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if phrase
        else Value(0)
    )
    return versions.annotate(rank=rank).order_by("rank", "procedure__code")


def procedure_get_public(*, code: str) -> ProcedureVersion | None:
    """The version in force of procedure ``code``, with everything its page shows."""
    return (
        published_versions()
        .filter(procedure__code=code)
        .prefetch_related(
            Prefetch("cases", queryset=ProcedureCase.objects.order_by("order", "id")),
            Prefetch(
                "components",
                queryset=Component.objects.select_related("case").order_by("order", "id"),
            ),
            Prefetch("fees", queryset=Fee.objects.select_related("case").order_by("order", "id")),
            "process_steps",
        )
        .first()
    )


class NotSubmittable(Exception):
    """The procedure has no version in force that accepts this submission."""


def version_for_submission(*, code: str, online: bool = False) -> ProcedureVersion:
    """The published version a new dossier is pinned to. Drafts and old versions never are."""
    version = published_versions().filter(procedure__code=code).first()
    if version is None:
        raise NotSubmittable(code)
    if online and not (version.channel_online and version.online_level != OnlineLevel.NONE):
        raise NotSubmittable(code)
    return version


@dataclass(frozen=True)
class LatePublication:
    version: ProcedureVersion
    days_late: int


def late_publications(*, agency_ids: set[int] | None = None) -> list[LatePublication]:
    """Versions published in the system after their legal effective date (Directive 01, 1c)."""
    versions = ProcedureVersion.objects.filter(
        published_at__isnull=False, effective_date__isnull=False
    ).select_related("procedure", "field", "processing_agency")
    if agency_ids is not None:
        versions = versions.filter(processing_agency_id__in=agency_ids)
    rows = []
    for version in versions:
        published_day = (
            timezone.localdate(version.published_at) if version.published_at else date.min
        )
        late = (published_day - version.effective_date).days  # type: ignore[operator]
        if late > 0:
            rows.append(LatePublication(version=version, days_late=late))
    return sorted(rows, key=lambda row: -row.days_late)
