# SPDX-License-Identifier: MPL-2.0
"""Form 06 (tình hình, kết quả giải quyết TTHC) from the summary tables, and its recount.

`form06()` reads three small slices of the summary tables (open counts on the day before the
period and on its last day, flows summed over it), keyed by (agency, procedure version), and
groups them into report lines by agency (with sub-units), level, field or procedure.
`form06_recount()` builds the same report by classifying every dossier one by one: the
brute-force reference of the tests and the benchmark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

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


# --- dimensions ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Dims:
    """What the report needs to know of each agency and procedure version in the slices."""

    agencies: dict[int, Agency]
    levels: dict[int, str]
    versions: dict[int, tuple[int, str, int, str]]  # id → procedure id, code, field id, name
    fields: dict[int, Field]

    @classmethod
    def load(cls, keys: Iterable[Key]) -> _Dims:
        keys = list(keys)
        agencies = {a.pk: a for a in Agency.objects.all()}
        levels = dict(Agency.objects.values_list("id", "administrative_unit__level"))
        version_ids = {v for _, v in keys}
        versions = {
            v["id"]: (v["procedure_id"], v["procedure__code"], v["field_id"], v["name"])
            for v in ProcedureVersion.objects.filter(pk__in=version_ids).values(
                "id", "procedure_id", "procedure__code", "field_id", "name"
            )
        }
        fields = {f.pk: f for f in Field.objects.filter(pk__in={v[2] for v in versions.values()})}
        return cls(agencies, levels, versions, fields)


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


def _open_on(day: date, scope: Scope) -> dict[Key, OpenCounts]:
    rows = (
        OpenDay.objects.filter(slice_filter(scope), day=day)
        .values("agency_id", "procedure_version_id")
        .annotate(**{f"s_{c}": Sum(c) for c in STATE_COLUMNS})
    )
    return {
        (r["agency_id"], r["procedure_version_id"]): OpenCounts(
            *(r[f"s_{c}"] for c in STATE_COLUMNS)
        )
        for r in rows
    }


def _flows_in(start: date, end: date, scope: Scope) -> dict[Key, dict[Flow, int]]:
    rows = (
        FlowDay.objects.filter(slice_filter(scope), day__gte=start, day__lte=end)
        .values("agency_id", "procedure_version_id")
        .annotate(**{f"s_{c}": Sum(c) for c in FLOW_COLUMNS})
    )
    return {
        (r["agency_id"], r["procedure_version_id"]): {
            Flow(c): r[f"s_{c}"] for c in FLOW_COLUMNS if r[f"s_{c}"]
        }
        for r in rows
    }


def per_key(period: Period, scope: Scope, rules: CountingRules) -> tuple[dict[Key, Row], bool]:
    """Form 06 rows per (agency, procedure version) from the summary tables, and whether the
    figures are provisional (the period reaches today or the refresh is behind)."""
    mark = RefreshMark.objects.filter(pk=1).first()
    through = mark.through if mark and mark.through else None
    if through is None or period.start > through:
        return {}, True
    end = min(period.end, through)
    before = _open_on(period.start - timedelta(days=1), scope)
    after = _open_on(end, scope)
    flows = _flows_in(period.start, end, scope)
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
def _by(
    rows: dict[Key, Row], dims: _Dims, label_of: Callable[[Key], tuple[str, str, str]]
) -> list[Line]:
    grouped: dict[str, Line] = {}
    for key, row in rows.items():
        group, label, code = label_of(key)
        line = grouped.setdefault(group, Line(group, label, Row(), code=code))
        line.row = line.row + row
    return sorted(grouped.values(), key=lambda line: (line.code, line.label))


def _agency_tree(rows: dict[Key, Row], dims: _Dims, scope: Scope) -> list[Line]:
    """One line per agency with dossiers, under its ancestors within the scope; each line
    counts the agency and all its sub-units."""
    own: dict[int, Row] = defaultdict(Row)
    for (agency_id, _version), row in rows.items():
        own[agency_id] = own[agency_id] + row
    parent = {a.pk: a.parent_id for a in dims.agencies.values()}

    def in_scope(agency_id: int | None) -> bool:
        return agency_id is not None and (scope.agency_ids is None or agency_id in scope.agency_ids)

    subtree: dict[int, Row] = defaultdict(Row)
    for agency_id, row in own.items():
        node: int | None = agency_id
        while in_scope(node):
            assert node is not None
            subtree[node] = subtree[node] + row
            node = parent.get(node)
    children: dict[int | None, list[int]] = defaultdict(list)
    for agency_id in subtree:
        up = parent.get(agency_id)
        children[up if up in subtree else None].append(agency_id)
    lines: list[Line] = []

    def walk(agency_id: int, depth: int) -> None:
        agency = dims.agencies[agency_id]
        lines.append(Line(str(agency_id), agency.name, subtree[agency_id], depth, agency.code))
        for child in sorted(children[agency_id], key=lambda a: dims.agencies[a].name):
            walk(child, depth + 1)

    for root in sorted(children[None], key=lambda a: dims.agencies[a].name):
        walk(root, 0)
    return lines


def _lines(rows: dict[Key, Row], group_by: GroupBy, scope: Scope) -> list[Line]:
    dims = _Dims.load(rows)
    if group_by is GroupBy.AGENCY:
        return _agency_tree(rows, dims, scope)
    if group_by is GroupBy.LEVEL:
        names = dict(UnitLevel.choices)

        def level(key: Key) -> tuple[str, str, str]:
            value = dims.levels.get(key[0]) or ""
            return value, str(names.get(value, value)), str(_LEVEL_ORDER.get(value, 9))

        return _by(rows, dims, level)
    if group_by is GroupBy.FIELD:

        def field_of(key: Key) -> tuple[str, str, str]:
            field_obj = dims.fields[dims.versions[key[1]][2]]
            return str(field_obj.pk), field_obj.name, field_obj.code

        return _by(rows, dims, field_of)

    def procedure(key: Key) -> tuple[str, str, str]:
        procedure_id, code, _field, name = dims.versions[key[1]]
        return str(procedure_id), name, code

    return _by(rows, dims, procedure)


_LEVEL_ORDER = {UnitLevel.PROVINCE: 1, UnitLevel.DISTRICT: 2, UnitLevel.COMMUNE: 3}


def _total(lines: list[Line], rows: dict[Key, Row]) -> Row:
    return Row.total(rows.values())


def form06(
    *,
    period: Period,
    group_by: GroupBy = GroupBy.AGENCY,
    scope: Scope | None = None,
    rules: CountingRules = DEFAULT_RULES,
) -> Report:
    """Form 06 for `period`, from the summary tables."""
    scope = scope or Scope()
    rows, provisional = per_key(period, scope, rules)
    mark = RefreshMark.objects.filter(pk=1).first()
    lines = _lines(rows, group_by, scope)
    return Report(
        period,
        group_by,
        scope,
        rules,
        lines,
        _total(lines, rows),
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
    rows = per_key_recount(period, scope, rules)
    lines = _lines(rows, group_by, scope)
    return Report(period, group_by, scope, rules, lines, _total(lines, rows))
