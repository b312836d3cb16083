# SPDX-License-Identifier: MPL-2.0
"""Reads of the working calendar: build the pure WorkCalendar, compute due dates, year grids."""

from __future__ import annotations

import calendar as stdlib_calendar
import threading
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Max
from django.utils import timezone

from motcua.domain.deadlines import (
    Deadline,
    DeadlinePolicy,
    DurationUnit,
    Pause,
    compute_deadline,
)
from motcua.domain.workdays import WorkCalendar
from motcua.workcal.models import CalendarDay, DayKind, WorkingPolicy

DEFAULT_POLICY = WorkingPolicy(valid_from=date(1900, 1, 1))  # unsaved: the model defaults

_cache: dict[tuple[object, ...], WorkCalendar] = {}
_cache_lock = threading.Lock()


def policy_in_force(*, on: date) -> WorkingPolicy:
    """The working-hours policy that applied on ``on`` (model defaults if none is stored)."""
    return WorkingPolicy.objects.filter(valid_from__lte=on).order_by("-valid_from").first() or (
        DEFAULT_POLICY
    )


def _calendar_version() -> tuple[object, ...]:
    stats = CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (stats["n"], stats["last"])


def work_calendar(*, on: date | None = None) -> WorkCalendar:
    """The province calendar with the policy in force on ``on`` (today by default).

    ⚡️ Built once per calendar version and policy, then shared: building the index is the
    expensive part, and a calendar is an immutable value.
    """
    policy = policy_in_force(on=on or timezone.localdate())
    key = (*_calendar_version(), policy.pk, policy.updated_at)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    rows = list(CalendarDay.objects.values_list("day", "kind", "reason"))
    built = WorkCalendar(
        days_off={day: reason for day, kind, reason in rows if kind == DayKind.OFF},
        extra_working_days={day: reason for day, kind, reason in rows if kind == DayKind.WORK},
        periods=(
            (policy.morning_start, policy.morning_end),
            (policy.afternoon_start, policy.afternoon_end),
        ),
        cutoff=policy.cutoff,
    )
    with _cache_lock:
        _cache.clear()  # one live version is enough
        _cache[key] = built
    return built


def deadline_compute(
    *,
    received_at: datetime,
    amount: int | Decimal,
    unit: DurationUnit,
    pauses: tuple[Pause, ...] = (),
    reappointed_due: datetime | None = None,
) -> Deadline:
    """The due moment for a receipt, with the calendar and policy in force on the receipt day."""
    day = timezone.localtime(received_at).date()
    policy = policy_in_force(on=day)
    return compute_deadline(
        received_at=received_at,
        amount=amount,
        unit=unit,
        calendar=work_calendar(on=day),
        policy=DeadlinePolicy(policy.deadline_policy),
        pauses=pauses,
        reappointed_due=reappointed_due,
    )


@dataclass(frozen=True)
class DayCell:
    day: date
    working: bool
    reason: str | None
    kind: str | None  # the CalendarDay kind when the date has a row
    verified: bool
    today: bool


@dataclass(frozen=True)
class MonthGrid:
    month: int
    weeks: list[list[DayCell | None]]
    notable: list[DayCell]  # days that differ from the weekly rule, with their reason


def calendar_year(*, year: int) -> list[MonthGrid]:
    """Twelve month grids (weeks Monday first) with each non-working day's reason."""
    cal = work_calendar(on=date(year, 12, 31))
    rows = {row.day: row for row in CalendarDay.objects.filter(day__year=year)}
    today = timezone.localdate()
    weeks_of = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar
    months = []
    for month in range(1, 13):
        cells = [
            [_cell(d, cal, rows, today) if d.month == month else None for d in week]
            for week in weeks_of(year, month)
        ]
        notable = [c for week in cells for c in week if c is not None and c.kind is not None]
        months.append(MonthGrid(month=month, weeks=cells, notable=notable))
    return months


def _cell(d: date, cal: WorkCalendar, rows: dict[date, CalendarDay], today: date) -> DayCell:
    row = rows.get(d)
    return DayCell(
        day=d,
        working=cal.is_working_day(d),
        reason=cal.reason_off(d) or (row.reason if row else None),
        kind=row.kind if row else None,
        verified=bool(row and row.verified),
        today=d == today,
    )


def calendar_days_list(*, year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(day__year=year).order_by("day"))


def local_moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))
