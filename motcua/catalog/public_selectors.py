# SPDX-License-Identifier: MPL-2.0
"""Reads for the public procedure pages of the portal (list, filters, browse by field).

They build on ``selectors.procedure_search`` and ``selectors.published_versions`` and add
what a page of results needs so that the page costs the same number of queries whatever
the size of the catalogue: one aggregate for the field counts, one query for the agency
choices, and the cases of the visible rows prefetched in one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.catalog.models import Field, ProcedureCase, ProcedureVersion, VersionStatus
from motcua.catalog.selectors import procedure_search, published_versions
from motcua.core.text import fold
from motcua.org.models import Agency


@dataclass(frozen=True)
class FieldCount:
    code: str
    name: str
    count: int


def field_counts_public() -> list[FieldCount]:
    """Fields (lĩnh vực) that have at least one procedure in force, with how many: one query.

    Sorted on the folded name, so "Đất đai" sits with the D's rather than after "Y" as a
    binary collation would put it.
    """
    rows = (
        Field.objects.filter(versions__status=VersionStatus.PUBLISHED)
        .annotate(count=Count("versions"))
        .values_list("code", "name", "count")
    )
    counts = [FieldCount(code=code, name=name, count=count) for code, name, count in rows]
    return sorted(counts, key=lambda row: (fold(row.name), row.name))


def agency_choices_public() -> QuerySet[Agency]:
    """Agencies that receive or handle at least one procedure in force: one query."""
    versions = published_versions()
    return (
        Agency.objects.filter(
            Q(id__in=versions.values("processing_agency_id"))
            | Q(id__in=versions.values("receiving_agency_id"))
        )
        .only("code", "name")
        .order_by("name")
    )


def procedure_list_public(
    *,
    query: str = "",
    field: str | None = None,
    agency: str | None = None,
    level: str | None = None,
    online: bool = False,
) -> QuerySet[ProcedureVersion]:
    """``procedure_search`` with the cases prefetched (in order) into ``ordered_cases``, so a
    list row can show the processing time of the main (first) case without a query per row.
    """
    return procedure_search(
        query=query, field=field, agency=agency, level=level, online=online
    ).prefetch_related(
        Prefetch(
            "cases",
            queryset=ProcedureCase.objects.order_by("order", "id"),
            to_attr="ordered_cases",
        )
    )
