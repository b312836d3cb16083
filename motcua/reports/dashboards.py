# SPDX-License-Identifier: MPL-2.0
"""Reads behind the statistics dashboard of the Provincial Office (Directive 01 clause 2a).

- `monthly_trend`: received (online / direct) and resolved dossiers per month, in one query
  over `FlowDay` grouped by month; each month equals the flow cells of `form06` for it.
- `agency_ranking`: agencies of a form 06 report by on-time rate, those with too few
  resolved dossiers for a meaningful rate flagged and listed after the others.
- `overdue_dossiers`: open dossiers past their legal due date now, from the dossier table,
  with the same attribution and the same "overdue" rule as the report.
- small helpers for the filter forms: the agencies and the procedure a scope allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth

from motcua.catalog.models import Procedure
from motcua.domain.reporting import (
    DEFAULT_RULES,
    CountingRules,
    Flow,
    OpenCounts,
    Period,
    Row,
    row_from_aggregates,
)
from motcua.dossiers.models import Dossier
from motcua.org.models import Agency
from motcua.reports.models import FLOW_COLUMNS, FlowDay
from motcua.reports.selectors import (
    Line,
    Report,
    Scope,
    dossier_filter,
    slice_filter,  # one scope rule for both
)
from motcua.reports.sources import local_day, received, start_of

#: Below this many resolved dossiers an on-time rate says little: the ranking flags it.
MIN_RESOLVED = 10


# --- trend ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthPoint:
    """One month of the trend: the flow cells of form 06 (received new, resolved, ended)."""

    month: date  # first day of the month
    row: Row

    @property
    def label(self) -> str:
        return f"{self.month:%m/%Y}"


def last_months(until: date, count: int = 12) -> list[date]:
    """First days of the `count` months ending with the month of `until`, oldest first."""
    index = until.year * 12 + until.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def monthly_trend(
    *, months: list[date], scope: Scope | None = None, rules: CountingRules = DEFAULT_RULES
) -> list[MonthPoint]:
    """Per month in `months` (first days, consecutive), the received and resolved cells.

    One query: FlowDay rows of the whole span summed per month (`TruncMonth` on a date
    column gives a date on SQLite and PostgreSQL alike). Months without rows are zeros.
    """
    if not months:
        return []
    first, last = months[0], Period.month(months[-1].year, months[-1].month).end
    rows = (
        FlowDay.objects.filter(slice_filter(scope or Scope()), day__gte=first, day__lte=last)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**{f"s_{c}": Sum(c) for c in FLOW_COLUMNS})
        .order_by("month")
    )
    flows = {
        _as_date(r["month"]): {Flow(c): r[f"s_{c}"] for c in FLOW_COLUMNS if r[f"s_{c}"]}
        for r in rows
    }
    empty = OpenCounts()
    return [
        MonthPoint(
            month,
            row_from_aggregates(before=empty, flows=flows.get(month, {}), after=empty, rules=rules),
        )
        for month in months
    ]


def _as_date(value: object) -> date:
    """TruncMonth of a DateField is a date; be lenient with backends returning datetimes."""
    if isinstance(value, date):
        return date(value.year, value.month, 1)
    raise TypeError(f"unexpected month value {value!r}")


# --- ranking -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RankedAgency:
    """One agency (with its sub-units) in the on-time ranking."""

    key: str  # agency id, as in the report line
    label: str
    code: str
    row: Row
    few: bool  # fewer than MIN_RESOLVED resolved: the rate is not representative

    @property
    def rate(self) -> float | None:
        return self.row.on_time_rate


def ranking_lines(report: Report) -> list[Line]:
    """The lines a ranking compares: the top-level agencies of the report, or the direct
    sub-units when the scope holds a single top-level agency (an agency leader's view)."""
    top = [line for line in report.lines if line.depth == 0]
    if len(top) == 1:
        children = [line for line in report.lines if line.depth == 1]
        if children:
            return children
    return top


def agency_ranking(report: Report, *, min_resolved: int = MIN_RESOLVED) -> list[RankedAgency]:
    """`ranking_lines` by on-time rate, best first; agencies with fewer than `min_resolved`
    resolved dossiers come after the others (a 1-of-1 100 % must not top the table), and
    those that resolved nothing come last. Ties: more resolved first, then by name."""
    ranked = [
        RankedAgency(line.key, line.label, line.code, line.row, line.row.resolved < min_resolved)
        for line in ranking_lines(report)
    ]

    def order(item: RankedAgency) -> tuple[bool, bool, float, int, str]:
        rate = item.rate
        return (rate is None, item.few, -(rate or 0.0), -item.row.resolved, item.label)

    return sorted(ranked, key=order)


# --- overdue now ---------------------------------------------------------------------------
def overdue_dossiers(*, scope: Scope | None = None, today: date) -> QuerySet[Dossier]:
    """Open received dossiers past their legal due date at the end of `today`, most overdue
    first. Same rules as the report's "in process, overdue": not ended, not paused (clock
    stopped), legal due date (re-appointment does not move it) before `today`; attributed to
    the lead agency, or the receiving agency when there is none."""
    scope = scope or Scope()
    dossiers = (
        received()
        .filter(
            resolved_at__isnull=True,
            closed_at__isnull=True,
            paused_since__isnull=True,
            legal_due_at__lt=start_of(today),
        )
        .filter(dossier_filter(scope))
    )
    return dossiers.select_related(
        "procedure_version__procedure", "lead_agency", "receiving_agency", "holder"
    ).order_by("legal_due_at", "id")


def days_overdue(dossier: Dossier, today: date) -> int:
    """Calendar days since the legal due date (1 on the day after it)."""
    assert dossier.legal_due_at is not None
    return (today - local_day(dossier.legal_due_at)).days


# --- filter helpers ------------------------------------------------------------------------
def agencies_in(scope: Scope) -> QuerySet[Agency]:
    """The agencies a scope allows, by name (for the agency filter)."""
    agencies = Agency.objects.order_by("name")
    return agencies if scope.agency_ids is None else agencies.filter(pk__in=scope.agency_ids)


def root_agency_name(scope: Scope) -> str:
    """The name of the single top agency of a restricted scope ("" for the province or
    several roots): the issuer printed on the exported form."""
    if scope.agency_ids is None:
        return ""
    rows = Agency.objects.filter(pk__in=scope.agency_ids).values_list("name", "parent_id")
    roots = [name for name, parent in rows if parent not in scope.agency_ids]
    return roots[0] if len(roots) == 1 else ""


def procedure_by_code(code: str) -> Procedure | None:
    return Procedure.objects.filter(code=code.strip()).first()
