"""`compute_deadline`: policy A / B, working hours, calendar days, pauses, re-appointment.

The policies and the legal frame (NĐ 61/2018, NĐ 118/2025, Civil Code 2015 Arts. 144-148,
SPEC §11.3) are described in the package docstring (`motcua.domain.deadlines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from motcua.domain.deadlines.trail import Deadline
from motcua.domain.deadlines.types import (
    VN_TZ,
    DeadlinePolicy,
    DurationUnit,
    Pause,
    _Core,
    _local,
    _on,
    _PauseRecord,
)
from motcua.domain.errors import InvalidDuration, InvalidPause, InvalidReappointment
from motcua.domain.workdays import US_PER_HOUR, US_PER_MINUTE, WorkCalendar, _Index, _us_of


def compute_deadline(
    *,
    received_at: datetime,
    amount: int | Decimal,
    unit: DurationUnit,
    calendar: WorkCalendar,
    policy: DeadlinePolicy,
    pauses: Sequence[Pause] = (),
    reappointed_due: datetime | None = None,
) -> Deadline:
    """Compute the due moment of a dossier received at `received_at`.

    Working days and hours follow the package's policy A or B; calendar days add N days
    to the receipt day and roll a non-working last day forward (Civil Code 2015 Art. 148).
    An amount of 0 means "the same day": the end of the first working day on which the
    dossier counts as received (with the cut-off, that is the next working day). Closed
    pauses move the due moment by the working time (calendar days for calendar-day
    procedures) they took after the clock started; a pause beginning at or after the due
    moment cannot move it. Invariants: due >= legal_due >= received_at; legal_due lies on
    a working day; the computation is O(log n) in the calendar size.
    """
    received = _local(received_at, "received_at")
    ordered = _ordered_pauses(pauses, received)
    if unit == DurationUnit.CALENDAR_DAYS and amount != 0:
        days = _calendar_days(amount)
        core = calendar._run(
            lambda ix: _calendar_core(calendar, ix, received, days, policy, ordered)
        )
    else:
        us = 0 if amount == 0 else _working_us(amount, unit, calendar._day_us)
        kind = DurationUnit.WORKING_DAYS if unit == DurationUnit.CALENDAR_DAYS else unit
        core = calendar._run(
            lambda ix: _working_core(calendar, ix, received, us, kind, policy, ordered)
        )
    due = _reappointed(calendar, core.due, reappointed_due)
    paused = core.remaining is not None
    return Deadline(due, core.due, paused, core.remaining, core)


def _working_us(amount: int | Decimal, unit: DurationUnit, day_us: int) -> int:
    """Processing time in µs of working time: days in ½ steps, hours in whole minutes."""
    if type(amount) is int and amount > 0:
        return amount * (day_us if unit == DurationUnit.WORKING_DAYS else US_PER_HOUR)
    value = _finite(amount)
    if unit == DurationUnit.WORKING_DAYS:
        return _steps(value * 2, "working days go in steps of ½ day") * day_us // 2
    return _steps(value * 60, "working hours must be whole minutes") * US_PER_MINUTE


def _calendar_days(amount: int | Decimal) -> int:
    """Calendar days must be a whole, non-negative number (Civil Code 2015 Art. 147)."""
    return _steps(_finite(amount), "calendar days must be whole days")


def _finite(amount: object) -> Decimal:
    """`amount` as a finite, non-negative Decimal; ints and Decimals only."""
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise InvalidDuration(f"amount must be int or Decimal, got {amount!r}")
    value = Decimal(amount)
    if not value.is_finite() or value < 0:
        raise InvalidDuration(f"amount must be finite and non-negative, got {amount!r}")
    return value


def _steps(value: Decimal, message: str) -> int:
    """`value` as an int when it is integral, else InvalidDuration(message)."""
    if value != value.to_integral_value():
        raise InvalidDuration(message)
    return int(value)


def _ordered_pauses(pauses: Sequence[Pause], received: datetime) -> tuple[Pause, ...]:
    """Pauses in local time, sorted, checked: after receipt, disjoint, only the last open."""
    if not pauses:
        return ()
    local = sorted(
        (
            Pause(
                _local(p.start, "pause start"),
                None if p.end is None else _local(p.end, "pause end"),
                p.reason,
            )
            for p in pauses
        ),
        key=lambda p: p.start,
    )
    previous_end = received
    for p in local:
        if p.start < previous_end:
            raise InvalidPause("pauses must start after receipt, not overlap, open one last")
        if p.end is not None and p.end < p.start:
            raise InvalidPause(f"pause ends before it starts: {p!r}")
        previous_end = p.end or datetime.max.replace(tzinfo=VN_TZ)
    return tuple(local)


def _reappointed(calendar: WorkCalendar, legal_due: datetime, new: datetime | None) -> datetime:
    """The one re-appointed due moment, checked: not before the legal due, on a working day."""
    if new is None:
        return legal_due
    local = _local(new, "reappointed_due")
    if local < legal_due:
        raise InvalidReappointment("a re-appointment cannot be earlier than the legal due")
    if not calendar.is_working_day(local.date()):
        raise InvalidReappointment(f"re-appointed due falls on a day off: {local.date()}")
    return local


def _working_core(
    cal: WorkCalendar,
    ix: _Index,
    received: datetime,
    us: int,
    unit: DurationUnit,
    policy: DeadlinePolicy,
    pauses: tuple[Pause, ...],
) -> _Core:
    """Policy A / B / hours / same day on the working-time coordinate (see package doc)."""
    day = cal._day_us
    w_start, reason = cal._start(ix, received.toordinal(), _us_of(received.time()))
    start_o = ix.ordinal(w_start // day)
    count_from, deemed = start_o, None
    by_day_end = policy == DeadlinePolicy.END_OF_DAY and unit == DurationUnit.WORKING_DAYS
    if us == 0:
        w_clock, w_due, prefer_end = w_start, (w_start // day + 1) * day, True
    elif by_day_end:
        count_from, deemed = _deemed_receipt(cal, received, start_o, reason)
        w_clock = ix.after(count_from) * day
        w_due, prefer_end, reason = w_clock + us, True, None
    else:
        w_clock, w_due = w_start, w_start + us
        prefer_end = unit == DurationUnit.WORKING_HOURS or us % day != 0
    w_due, records, remaining = _working_pauses(cal, ix, pauses, w_clock, w_due)
    o, tod = cal._at(ix, w_due, prefer_end)
    start = None if reason is None else cal._at(ix, w_start, prefer_end=False)
    return _Core(
        cal, unit, received, _on(o, tod), count_from, start, reason, deemed, o, records, remaining
    )


def _deemed_receipt(
    cal: WorkCalendar, received: datetime, start_o: int, reason: str | None
) -> tuple[int, str | None]:
    """Policy B: the receipt day, or the next working day when the cut-off applies."""
    if cal._cutoff_us is not None and reason in ("day_off", "after_hours", "after_cutoff"):
        return start_o, reason
    return received.toordinal(), None


def _working_pauses(
    cal: WorkCalendar, ix: _Index, pauses: tuple[Pause, ...], w_clock: int, w_due: int
) -> tuple[int, tuple[_PauseRecord, ...], timedelta | None]:
    """Move the due coordinate by each closed pause's working time after the clock started."""
    records: list[_PauseRecord] = []
    remaining = None
    for p in pauses:
        w_from = max(cal._coord(ix, p.start), w_clock)
        if p.end is None:
            left = max(w_due - w_from, 0)
            remaining = timedelta(microseconds=left)
            records.append(_PauseRecord(p, "open", left))
        elif w_from >= w_due:
            records.append(_PauseRecord(p, "ignored", 0))
        else:
            shift = max(cal._coord(ix, p.end) - w_from, 0)
            w_due += shift
            records.append(_PauseRecord(p, "applied", shift))
    return w_due, tuple(records), remaining


def _calendar_core(
    cal: WorkCalendar,
    ix: _Index,
    received: datetime,
    days: int,
    policy: DeadlinePolicy,
    pauses: tuple[Pause, ...],
) -> _Core:
    """Calendar days: receipt day + N free days, rolled to a working day (Art. 148)."""
    day = cal._day_us
    w_start, reason = cal._start(ix, received.toordinal(), _us_of(received.time()))
    start_o = ix.ordinal(w_start // day)
    if policy == DeadlinePolicy.HOUR_EXACT:
        count_from, deemed = start_o, None
        tod = cal._clock(w_start % day, prefer_end=False)
    else:
        count_from, deemed = _deemed_receipt(cal, received, start_o, reason)
        tod, reason = cal._spans[-1][1], None
    nominal, due_o, records, remaining = _calendar_pauses(ix, pauses, count_from, days, tod)
    start = None if reason is None else cal._at(ix, w_start, prefer_end=False)
    unit = DurationUnit.CALENDAR_DAYS
    due = _on(due_o, tod)
    return _Core(
        cal, unit, received, due, count_from, start, reason, deemed, nominal, records, remaining
    )


def _calendar_pauses(
    ix: _Index, pauses: tuple[Pause, ...], count_from: int, days: int, tod: int
) -> tuple[int, int, tuple[_PauseRecord, ...], timedelta | None]:
    """Apply pauses as paused days [start day, end day) after the count start, in order.

    Returns (nominal last day, due day, pause records, remaining time of an open pause).
    """
    ranges: list[tuple[int, int]] = []
    records: list[_PauseRecord] = []
    remaining = None
    nominal, due_o = _calendar_due(ix, count_from + days, ranges)
    for p in pauses:
        due = _on(due_o, tod)
        first = max(p.start.toordinal(), count_from + 1)
        if p.end is None:
            remaining = max(due - p.start, timedelta(0))
            records.append(_PauseRecord(p, "open", remaining.days))
        elif p.start >= due:
            records.append(_PauseRecord(p, "ignored", 0))
        else:
            last = max(p.end.toordinal(), first)
            ranges.append((first, last))
            records.append(_PauseRecord(p, "applied", last - first))
            nominal, due_o = _calendar_due(ix, count_from + days, ranges)
    return nominal, due_o, tuple(records), remaining


def _calendar_due(ix: _Index, nominal: int, ranges: list[tuple[int, int]]) -> tuple[int, int]:
    """(N-th unpaused day, first working unpaused day on or after it); ranges sorted."""
    for first, last in ranges:
        if first <= nominal:
            nominal += last - first
    due = ix.ordinal(ix.at_or_after(nominal))
    for first, last in ranges:
        if first <= due < last:
            due = ix.ordinal(ix.at_or_after(last))
    return nominal, due
