# SPDX-License-Identifier: MPL-2.0
"""Form 06 (tình hình, kết quả giải quyết TTHC) from the summary tables, and its recount.

`form06()` reads three small slices of the summary tables (open counts on the day before the
period and on its last day, flows summed over it), summed by the database per agency, field
or procedure version as the grouping needs (`_aggregate`), and groups them into report lines
by agency (with sub-units), level, field or procedure: Python sees one row per line (or per
agency), not one per (agency, procedure version).
`form06_recount()` builds the same report by classifying every dossier one by one and adding
up its rows the same way (`_fold`): the brute-force reference of the tests and the benchmark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Field, ProcedureVersion
from motcua.domain.reporting import (
    DEFAULT_RULES,
    CountingRules,
    Flow,
    OpenCounts,
    Period,
    Row,
    classify,
    row_from_aggregates,
)
from motcua.org.models import Agency, UnitLevel
from motcua.reports.models import FLOW_COLUMNS, STATE_COLUMNS, FlowDay, OpenDay, RefreshMark
from motcua.reports.sources import Key, facts, received


class GroupBy(StrEnum):
    AGENCY = "agency"
    LEVEL = "level"
    FIELD = "field"
    PROCEDURE = "procedure"

    @property
    def label(self) -> str:
        return str(_GROUP_LABELS[self])


_GROUP_LABELS = {
    GroupBy.AGENCY: _("Theo cơ quan, đơn vị"),
    GroupBy.LEVEL: _("Theo cấp"),
    GroupBy.FIELD: _("Theo lĩnh vực"),
    GroupBy.PROCEDURE: _("Theo thủ tục"),
}


@dataclass(frozen=True)
class Scope:
    """Which dossiers a report covers. `agency_ids` None: the whole province."""

    agency_ids: frozenset[int] | None = None
    level: str = ""
    field_id: int | None = None
    procedure_id: int | None = None


@dataclass
class Line:
    key: str
    label: str
    row: Row
    depth: int = 0
    code: str = ""  # agency code, field code or procedure code, for links and exports


@dataclass
class Report:
    period: Period
    group_by: GroupBy
    scope: Scope
    rules: CountingRules
    lines: list[Line]
    total: Row
    as_of: datetime | None = None  # when the summary tables were last refreshed
    provisional: bool = False  # the period reaches days not yet final
    notes: list[str] = field(default_factory=list)


# --- reading the summary tables ------------------------------------------------------------
#: What `_aggregate` groups by, per grouping: the agency for the agency tree and the levels
#: (both need the agency's place, looked up in Python for the few agencies in the slice), the
#: field through the procedure version, and the version for the procedures (its procedure
#: and name come from `_versions`).
_GROUP_COLUMN = {
    GroupBy.AGENCY: "agency_id",
    GroupBy.LEVEL: "agency_id",
    GroupBy.FIELD: "procedure_version__field_id",
    GroupBy.PROCEDURE: "procedure_version_id",
}


def slice_filter(scope: Scope) -> Q:
    q = Q()
    if scope.agency_ids is not None:
        q &= Q(agency_id__in=scope.agency_ids)
    if scope.level:
        q &= Q(agency__administrative_unit__level=scope.level)
    if scope.field_id is not None:
        q &= Q(procedure_version__field_id=scope.field_id)
    if scope.procedure_id is not None:
        q &= Q(procedure_version__procedure_id=scope.procedure_id)
    return q


def dossier_filter(scope: Scope) -> Q:
    """The dossiers `scope` covers, attributed as the report attributes them: to the lead
    agency, or to the receiving agency when there is none (`sources.facts`)."""

    def attributed(lookup: str, value: object) -> Q:
        return Q(**{f"lead_agency{lookup}": value}) | Q(
            lead_agency__isnull=True, **{f"receiving_agency{lookup}": value}
        )

    q = Q()
    if scope.agency_ids is not None:
        q &= attributed("_id__in", scope.agency_ids)
    if scope.level:
        q &= attributed("__administrative_unit__level", scope.level)
    if scope.field_id is not None:
        q &= Q(procedure_version__field_id=scope.field_id)
    if scope.procedure_id is not None:
        q &= Q(procedure_version__procedure_id=scope.procedure_id)
    return q


def _open_on(
    day: date, scope: Scope, columns: tuple[str, ...]
) -> dict[tuple[Any, ...], OpenCounts]:
    rows = (
        OpenDay.objects.filter(slice_filter(scope), day=day)
        .order_by()
        .values_list(*columns)
        .annotate(*(Sum(c) for c in STATE_COLUMNS))
    )
    n = len(columns)
    return {tuple(r[:n]): OpenCounts(*r[n:]) for r in rows}


def _flows_in(
    start: date, end: date, scope: Scope, columns: tuple[str, ...]
) -> dict[tuple[Any, ...], dict[Flow, int]]:
    rows = (
        FlowDay.objects.filter(slice_filter(scope), day__gte=start, day__lte=end)
        .order_by()
        .values_list(*columns)
        .annotate(*(Sum(c) for c in FLOW_COLUMNS))
    )
    n = len(columns)
    return {
        tuple(r[:n]): {flow: count for flow, count in zip(_FLOWS, r[n:], strict=True) if count}
        for r in rows
    }


_FLOWS = tuple(Flow(c) for c in FLOW_COLUMNS)


def _aggregate(
    period: Period, scope: Scope, rules: CountingRules, columns: tuple[str, ...]
) -> tuple[dict[tuple[Any, ...], Row], bool]:
    """Form 06 rows from the summary tables, grouped by `columns`, and whether the figures
    are provisional (the period reaches today or the refresh is behind).

    `row_from_aggregates` is linear (each cell is a sum of counts), so the rows of a group
    are the rows of its keys added up: the database sums the keys of each group and Python
    builds one row per group, whatever the number of keys."""
    mark = RefreshMark.objects.filter(pk=1).first()
    through = mark.through if mark and mark.through else None
    if through is None or period.start > through:
        return {}, True
    end = min(period.end, through)
    before = _open_on(period.start - timedelta(days=1), scope, columns)
    after = _open_on(end, scope, columns)
    flows = _flows_in(period.start, end, scope, columns)
    empty = OpenCounts()
    rows = {
        key: row_from_aggregates(
            before=before.get(key, empty),
            flows=flows.get(key, {}),
            after=after.get(key, empty),
            rules=rules,
        )
        for key in before.keys() | after.keys() | flows.keys()
    }
    complete_before = mark.complete_before if mark else None
    provisional = complete_before is None or period.end >= complete_before
    return rows, provisional


def per_key(period: Period, scope: Scope, rules: CountingRules) -> tuple[dict[Key, Row], bool]:
    """Form 06 rows per (agency, procedure version) from the summary tables, and whether the
    figures are provisional (the period reaches today or the refresh is behind)."""
    rows, provisional = _aggregate(period, scope, rules, ("agency_id", "procedure_version_id"))
    return {(a, v): row for (a, v), row in rows.items()}, provisional


def per_key_recount(period: Period, scope: Scope, rules: CountingRules) -> dict[Key, Row]:
    """The same rows by classifying every received dossier: the brute-force reference.

    Like the summary tables, a period that reaches beyond today is counted up to today."""
    today = timezone.localdate()
    if period.start > today:
        return {}
    period = Period(period.start, min(period.end, today))
    rows: dict[Key, Row] = defaultdict(Row)
    for fact in facts(received().filter(dossier_filter(scope))):
        row = classify(fact.history, period, rules)
        if any(row.as_dict().values()):
            rows[fact.key] = rows[fact.key] + row
    return dict(rows)


# --- grouping into lines -------------------------------------------------------------------
# Each grouping turns rows keyed by its `_GROUP_COLUMN` value into lines; the summary tables
# give such rows directly (`_aggregate`), the recount by adding up its rows per key (`_fold`).
@dataclass(frozen=True)
class _Version:
    procedure_id: int
    code: str  # the procedure's code
    field_id: int
    name: str
    number: int


def _versions(ids: Iterable[int]) -> dict[int, _Version]:
    return {
        pk: _Version(*values)
        for pk, *values in ProcedureVersion.objects.filter(pk__in=set(ids)).values_list(
            "id", "procedure_id", "procedure__code", "field_id", "name", "number"
        )
    }


def _fold(rows: dict[Key, Row], group_by: GroupBy) -> dict[int, Row]:
    """Rows per key added up per `_GROUP_COLUMN` value of `group_by`."""
    if group_by is GroupBy.FIELD:
        versions = _versions(v for _a, v in rows)
        group_of: Callable[[Key], int] = lambda key: versions[key[1]].field_id  # noqa: E731
    elif group_by is GroupBy.PROCEDURE:
        group_of = lambda key: key[1]  # noqa: E731
    else:
        group_of = lambda key: key[0]  # noqa: E731
    grouped: dict[int, Row] = defaultdict(Row)
    for key, row in rows.items():
        group = group_of(key)
        grouped[group] = grouped[group] + row
    return dict(grouped)


def _by(rows: dict[int, Row], label_of: Callable[[int], tuple[str, str, str]]) -> list[Line]:
    grouped: dict[str, Line] = {}
    for value, row in rows.items():
        group, label, code = label_of(value)
        line = grouped.setdefault(group, Line(group, label, Row(), code=code))
        line.row = line.row + row
    return sorted(grouped.values(), key=lambda line: (line.code, line.label))


def _agency_tree(own: dict[int, Row], scope: Scope) -> list[Line]:
    """One line per agency with dossiers, under its ancestors within the scope; each line
    counts the agency and all its sub-units."""
    agencies = {
        pk: (parent_id, name, code)
        for pk, parent_id, name, code in Agency.objects.values_list(
            "id", "parent_id", "name", "code"
        )
    }

    def in_scope(agency_id: int | None) -> bool:
        return agency_id is not None and (scope.agency_ids is None or agency_id in scope.agency_ids)

    def parent(agency_id: int) -> int | None:
        return agencies[agency_id][0] if agency_id in agencies else None

    subtree: dict[int, Row] = defaultdict(Row)
    for agency_id, row in own.items():
        node: int | None = agency_id
        while in_scope(node):
            assert node is not None
            subtree[node] = subtree[node] + row
            node = parent(node)
    children: dict[int | None, list[int]] = defaultdict(list)
    for agency_id in subtree:
        up = parent(agency_id)
        children[up if up in subtree else None].append(agency_id)
    lines: list[Line] = []

    def walk(agency_id: int, depth: int) -> None:
        _parent, name, code = agencies[agency_id]
        lines.append(Line(str(agency_id), name, subtree[agency_id], depth, code))
        for child in sorted(children[agency_id], key=lambda a: agencies[a][1]):
            walk(child, depth + 1)

    for root in sorted(children[None], key=lambda a: agencies[a][1]):
        walk(root, 0)
    return lines


def _lines(rows: dict[int, Row], group_by: GroupBy, scope: Scope) -> list[Line]:
    """Report lines from rows keyed by the `_GROUP_COLUMN` value of `group_by`."""
    if group_by is GroupBy.AGENCY:
        return _agency_tree(rows, scope)
    if group_by is GroupBy.LEVEL:
        names = dict(UnitLevel.choices)
        levels = dict(
            Agency.objects.filter(pk__in=list(rows)).values_list("id", "administrative_unit__level")
        )

        def level(agency_id: int) -> tuple[str, str, str]:
            value = levels.get(agency_id) or ""
            return value, str(names.get(value, value)), str(_LEVEL_ORDER.get(value, 9))

        return _by(rows, level)
    if group_by is GroupBy.FIELD:
        fields = {f.pk: f for f in Field.objects.filter(pk__in=list(rows))}

        def field_of(field_id: int) -> tuple[str, str, str]:
            field_obj = fields[field_id]
            return str(field_obj.pk), field_obj.name, field_obj.code

        return _by(rows, field_of)
    versions = _versions(rows)
    # A procedure's line bears the name of its latest version among those counted.
    latest: dict[int, _Version] = {}
    for version in versions.values():
        known = latest.get(version.procedure_id)
        if known is None or version.number > known.number:
            latest[version.procedure_id] = version

    def procedure(version_id: int) -> tuple[str, str, str]:
        procedure_id = versions[version_id].procedure_id
        return str(procedure_id), latest[procedure_id].name, latest[procedure_id].code

    return _by(rows, procedure)


_LEVEL_ORDER = {UnitLevel.PROVINCE: 1, UnitLevel.DISTRICT: 2, UnitLevel.COMMUNE: 3}


def form06(
    *,
    period: Period,
    group_by: GroupBy = GroupBy.AGENCY,
    scope: Scope | None = None,
    rules: CountingRules = DEFAULT_RULES,
) -> Report:
    """Form 06 for `period`, from the summary tables."""
    scope = scope or Scope()
    grouped, provisional = _aggregate(period, scope, rules, (_GROUP_COLUMN[group_by],))
    rows = {value: row for (value,), row in grouped.items()}
    mark = RefreshMark.objects.filter(pk=1).first()
    return Report(
        period,
        group_by,
        scope,
        rules,
        _lines(rows, group_by, scope),
        Row.total(rows.values()),
        as_of=mark.refreshed_at if mark else None,
        provisional=provisional,
    )


def form06_recount(
    *,
    period: Period,
    group_by: GroupBy = GroupBy.AGENCY,
    scope: Scope | None = None,
    rules: CountingRules = DEFAULT_RULES,
) -> Report:
    """Form 06 by classifying every dossier (slow; the reference for tests and benchmarks)."""
    scope = scope or Scope()
    rows = _fold(per_key_recount(period, scope, rules), group_by)
    return Report(
        period, group_by, scope, rules, _lines(rows, group_by, scope), Row.total(rows.values())
    )
