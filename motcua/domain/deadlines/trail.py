"""The result of `compute_deadline` (`Deadline`) and the trail that explains it.

`Deadline` lives here, not beside the enums, because its `trail` is built by this
module's `_build_trail`; keeping both together avoids an import cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Final, cast

from motcua.domain.deadlines.render import TrailEntry
from motcua.domain.deadlines.types import VN_TZ, DurationUnit, Param, TrailKind, _Core, _on


@dataclass(frozen=True)
class Deadline:
    """Result of `compute_deadline`.

    `legal_due` is the due moment under the law, moved only by lawful pauses (SPEC §11.5);
    `due` is the appointment shown to the applicant, equal to `legal_due` unless the
    agency re-appointed once after apologising (NĐ 61/2018, NĐ 118/2025; SPEC §2.3 step 9).
    `paused` is True while an open pause stops the clock; then `due` is provisional (as if
    work resumed at the pause start) and `remaining` is the time left on the clock.
    `trail` explains every calendar day from receipt to `due`, built on first access.
    """

    due: datetime
    legal_due: datetime
    paused: bool = False
    remaining: timedelta | None = None
    _core: _Core | None = field(default=None, repr=False, compare=False)

    @cached_property
    def trail(self) -> tuple[TrailEntry, ...]:
        """The explanation, sorted by day (see `TrailEntry`)."""
        return () if self._core is None else _build_trail(self, self._core)


def _build_trail(deadline: Deadline, core: _Core) -> tuple[TrailEntry, ...]:
    """All trail entries of a computed deadline, sorted by day then by kind."""
    entries = [
        TrailEntry(TrailKind.RECEIVED, core.received.date(), {"at": core.received}),
        *_start_entries(core),
        *_pause_entries(core),
        *_day_entries(core, deadline.due.date()),
        *_end_entries(core, deadline),
    ]
    return tuple(sorted(entries, key=lambda e: (e.day, _RANK[e.kind])))


_RANK: Final = {
    TrailKind.RECEIVED: 0,
    TrailKind.START: 1,
    TrailKind.DEEMED: 1,
    TrailKind.SKIP: 2,
    TrailKind.COUNT: 2,
    TrailKind.PAUSED_DAY: 2,
    TrailKind.EXTENDED_DAY: 2,
    TrailKind.ROLL: 3,
    TrailKind.PAUSE: 4,
    TrailKind.PAUSE_OPEN: 4,
    TrailKind.PAUSE_IGNORED: 4,
    TrailKind.REAPPOINTMENT: 5,
    TrailKind.DUE: 6,
}


def _start_entries(core: _Core) -> Iterator[TrailEntry]:
    """Why counting starts later than the receipt moment (policy A) or day (policy B)."""
    received = core.received
    params: dict[str, Param] = {"received": received}
    if core.calendar._cutoff_us is not None:
        params["cutoff"] = cast(time, core.calendar.cutoff)
    off = core.calendar.reason_off(received.date())
    if off is not None:
        params["off"] = off
    if core.start is not None and core.start_reason is not None:
        start = _on(*core.start)
        params |= {"reason": core.start_reason, "start": start}
        yield TrailEntry(TrailKind.START, start.date(), params)
    if core.deemed_reason is not None:
        deemed = date.fromordinal(core.count_from)
        params |= {"reason": core.deemed_reason, "deemed": deemed}
        yield TrailEntry(TrailKind.DEEMED, deemed, params)


def _pause_entries(core: _Core) -> Iterator[TrailEntry]:
    """One entry per pause: applied (with the time added), open, or ignored."""
    unit = "calendar" if core.unit == DurationUnit.CALENDAR_DAYS else "working"
    day_length = core.calendar.day_length
    for p, status, amount in core.pauses:
        base: dict[str, Param] = {"reason": p.reason, "start": p.start}
        if status == "ignored":
            yield TrailEntry(TrailKind.PAUSE_IGNORED, p.start.date(), base)
            continue
        extra: dict[str, Param] = {"unit": unit, "day_length": day_length}
        if status == "open":
            extra["remaining"] = cast(timedelta, core.remaining)
            yield TrailEntry(TrailKind.PAUSE_OPEN, p.start.date(), base | extra)
            continue
        span = timedelta(days=amount) if unit == "calendar" else timedelta(microseconds=amount)
        extra |= {"end": cast(datetime, p.end), "amount": span}
        yield TrailEntry(TrailKind.PAUSE, p.start.date(), base | extra)


def _day_entries(core: _Core, due_day: date) -> Iterator[TrailEntry]:
    """Classify every day after receipt up to the due day: counted, skipped or paused."""
    classify = _calendar_day if core.unit == DurationUnit.CALENDAR_DAYS else _working_day
    covered = {core.received.date()}
    if core.start is not None:
        covered.add(date.fromordinal(core.start[0]))
    if core.deemed_reason is not None:
        covered.add(date.fromordinal(core.count_from))
    counter = [0]
    for o in range(core.received.toordinal() + 1, due_day.toordinal() + 1):
        d = date.fromordinal(o)
        if d not in covered:
            yield classify(core, d, counter)


def _working_day(core: _Core, d: date, counter: list[int]) -> TrailEntry:
    """A day of a working-time count: skipped, paused, counted, or added by re-appointment."""
    off = core.calendar.reason_off(d)
    if off is not None:
        return TrailEntry(TrailKind.SKIP, d, {"reason": off})
    if d > core.due.date():
        return TrailEntry(TrailKind.EXTENDED_DAY, d)
    reason = _fully_paused(core, d)
    if reason is not None:
        return TrailEntry(TrailKind.PAUSED_DAY, d, {"reason": reason})
    counter[0] += 1
    return TrailEntry(TrailKind.COUNT, d, {"n": counter[0], "unit": "working_days"})


def _fully_paused(core: _Core, d: date) -> str | None:
    """The reason of an applied or open pause covering all working periods of `d`."""
    periods = core.calendar.periods
    opening = datetime.combine(d, periods[0][0], VN_TZ)
    closing = datetime.combine(d, periods[-1][1], VN_TZ)
    for p, status, _ in core.pauses:
        covers = p.start <= opening and (p.end is None or p.end >= closing)
        if status != "ignored" and covers:
            return p.reason
    return None


def _calendar_day(core: _Core, d: date, counter: list[int]) -> TrailEntry:
    """A day of a calendar-day count: paused, counted (even when off), skipped or rolled to."""
    o, off = d.toordinal(), core.calendar.reason_off(d)
    reason = _paused_calendar_day(core, o)
    if reason is not None:
        return TrailEntry(TrailKind.PAUSED_DAY, d, {"reason": reason})
    if core.count_from < o <= core.nominal_end:
        counter[0] += 1
        params: dict[str, Param] = {"n": counter[0], "unit": "calendar_days"}
        return TrailEntry(TrailKind.COUNT, d, params | ({"off": off} if off else {}))
    if off is not None:
        return TrailEntry(TrailKind.SKIP, d, {"reason": off})
    if d > core.due.date():
        return TrailEntry(TrailKind.EXTENDED_DAY, d)
    nominal = date.fromordinal(core.nominal_end)
    reason = cast(str, core.calendar.reason_off(nominal))
    return TrailEntry(TrailKind.ROLL, d, {"nominal": nominal, "off": reason})


def _paused_calendar_day(core: _Core, o: int) -> str | None:
    """The reason of an applied or open pause whose paused days include ordinal `o`."""
    for p, status, _ in core.pauses:
        first = max(p.start.toordinal(), core.count_from + 1)
        last = o + 1 if p.end is None else p.end.toordinal()
        if status != "ignored" and first <= o < last:
            return p.reason
    return None


def _end_entries(core: _Core, deadline: Deadline) -> Iterator[TrailEntry]:
    """The re-appointment, if any, and the due moment."""
    if deadline.due != deadline.legal_due:
        params: dict[str, Param] = {"due": deadline.due, "legal_due": deadline.legal_due}
        yield TrailEntry(TrailKind.REAPPOINTMENT, deadline.legal_due.date(), params)
    due: dict[str, Param] = {"at": deadline.due, "provisional": int(deadline.paused)}
    yield TrailEntry(TrailKind.DUE, deadline.due.date(), due)
