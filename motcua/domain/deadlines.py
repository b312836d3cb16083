"""Due dates of dossiers: receipt + processing time on a working calendar, with pauses.

Functional core (STYLE.md "Where the pure domain logic lives"): the service gathers the
receipt moment, the procedure's processing time, the province calendar, the pause
intervals and the re-appointment from the dossier's timeline, calls `compute_deadline`,
and stores `due` / `legal_due`. Nothing here reads a clock or a database.

Legal frame. Time limits run "from receipt of a complete, valid dossier" (NĐ 61/2018 on the
one-stop mechanism, replaced by NĐ 118/2025), mostly in working days, sometimes in
working hours or calendar days. Civil Code 2015 Arts. 144-148 give the counting rules:
hours run from the stated moment, days exclude the starting day and end with the last
day, and a last day that is a weekend or holiday moves to the next working day. Two
policies are configurable per province (SPEC §11.3):

* `HOUR_EXACT` (policy A, Thanh Hóa `CaculateTime.TinhNgayHenTra`): normalise the receipt
  moment, then the due moment is the same clock time N working days later; a ½ day
  adds 4 working hours inside the working periods.
* `END_OF_DAY` (policy B, Civil Code): day 1 is the first working day after the receipt
  day, and the due moment is the end of the last working period of day N (17:00).

Everything is computed in Asia/Ho_Chi_Minh local time; inputs must be timezone-aware and
outputs are aware datetimes in that zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Final, NamedTuple, cast
from zoneinfo import ZoneInfo

from motcua.domain.errors import (
    InvalidDuration,
    InvalidMoment,
    InvalidPause,
    InvalidReappointment,
)
from motcua.domain.workdays import US_PER_HOUR, US_PER_MINUTE, WorkCalendar, _Index, _us_of

#: The only time zone the one-stop system counts in.
VN_TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

#: Pause reason: the applicant was asked to supplement the dossier (status 5, SPEC §2.3 step 7).
SUPPLEMENT: Final = "chờ bổ sung hồ sơ"
#: Pause reason: waiting for the financial obligation to be paid (status 6, SPEC §2.3 step 8).
FINANCIAL_OBLIGATION: Final = "chờ thực hiện nghĩa vụ tài chính"


class DurationUnit(StrEnum):
    """Unit of a procedure's processing time (SPEC §11.1: ngày làm việc, giờ, ngày)."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"


class DeadlinePolicy(StrEnum):
    """How the due moment is placed (SPEC §11.3): policy A or policy B."""

    HOUR_EXACT = "hour_exact"
    END_OF_DAY = "end_of_day"


class Timeliness(StrEnum):
    """Result of a resolved dossier against its due date, compared by local date."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label_vi(self) -> str:
        """Vietnamese statistics label: "trước hạn", "đúng hạn" or "quá hạn"."""
        return {"early": "trước hạn", "on_time": "đúng hạn", "late": "quá hạn"}[self.value]


class DeadlineStatus(StrEnum):
    """Live status of an open dossier (feeds the T−1 apology alert of SPEC §2.3 step 9)."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label_vi(self) -> str:
        """Vietnamese label: "trong hạn", "sắp đến hạn" or "quá hạn"."""
        labels = {"on_track": "trong hạn", "due_soon": "sắp đến hạn", "overdue": "quá hạn"}
        return labels[self.value]


class TrailKind(StrEnum):
    """Machine-readable code of a trail line; the Django layer translates by this code."""

    RECEIVED = "received"
    START = "start"
    DEEMED = "deemed"
    SKIP = "skip"
    COUNT = "count"
    PAUSED_DAY = "paused_day"
    PAUSE = "pause"
    PAUSE_OPEN = "pause_open"
    PAUSE_IGNORED = "pause_ignored"
    ROLL = "roll"
    EXTENDED_DAY = "extended_day"
    REAPPOINTMENT = "reappointment"
    DUE = "due"


#: Types a trail parameter may take.
Param = str | int | date | time | timedelta


@dataclass(frozen=True)
class Pause:
    """A stop of the clock: [start, end), or open when `end` is None.

    SPEC §11.5 and §2.3 steps 7-8: while the applicant supplements the dossier
    (`SUPPLEMENT`) or pays a financial obligation (`FINANCIAL_OBLIGATION`) the time limit
    does not run; the time already used before the request still counts.
    """

    start: datetime
    end: datetime | None
    reason: str


@dataclass(frozen=True)
class TrailEntry:
    """One line of the explanation of a due date: `kind`, the calendar `day`, `params`.

    `params` keys by kind: received {"at"}; start/deemed {"reason", "received", "start"
    or "deemed", optional "cutoff", "off"}; skip/paused_day {"reason"}; count {"n", "unit",
    optional "off"}, where n numbers the days on which the clock ran, if only in part;
    pause {"reason", "start", "end", "amount", "unit", "day_length"}; pause_open
    {"reason", "start", "remaining", "unit", "day_length"}; pause_ignored {"reason",
    "start"}; roll {"nominal", "off"}; extended_day {}; reappointment {"due",
    "legal_due"}; due {"at", "provisional"}. `text` renders Vietnamese, dd/mm/yyyy dates.
    """

    kind: TrailKind
    day: date
    params: Mapping[str, Param] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze the parameters."""
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        """Hash by value (the parameters are all hashable)."""
        return hash((self.kind, self.day, frozenset(self.params.items())))

    def __reduce__(self) -> tuple[type[TrailEntry], tuple[object, ...]]:
        """Pickle by value (a mapping proxy is not picklable)."""
        return (TrailEntry, (self.kind, self.day, dict(self.params)))

    @property
    def text(self) -> str:
        """The line in Vietnamese, for example "bỏ qua 17/02/2026: Tết Nguyên Đán"."""
        return _RENDER[self.kind](self)


class _PauseRecord(NamedTuple):
    pause: Pause
    status: str  # "applied", "ignored" or "open"
    amount: int  # µs of working time, or calendar days


class _Core(NamedTuple):
    """What the computation found, kept to build the trail on demand."""

    calendar: WorkCalendar
    unit: DurationUnit
    received: datetime
    due: datetime
    count_from: int  # ordinal of the day after which days are counted
    start: tuple[int, int] | None  # (ordinal, µs) of a start later than receipt (policy A)
    start_reason: str | None
    deemed_reason: str | None  # policy B with cut-off: receipt deemed on `count_from`
    nominal_end: int  # calendar days: last day before the roll-forward
    pauses: tuple[_PauseRecord, ...]
    remaining: timedelta | None


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


# ----------------------------------------------------------------------- compute


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

    Working days and hours follow the module's policy A or B; calendar days add N days
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


def _local(dt: datetime, what: str) -> datetime:
    """`dt` in Asia/Ho_Chi_Minh; naive datetimes are refused."""
    if dt.tzinfo is VN_TZ:
        return dt
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise InvalidMoment(f"{what} must be timezone-aware, got {dt!r}")
    return dt.astimezone(VN_TZ)


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
    """Policy A / B / hours / same day on the working-time coordinate (see module doc)."""
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


def _on(o: int, tod: int) -> datetime:
    """The local moment on ordinal `o` at wall-clock µs `tod`."""
    d = date.fromordinal(o)
    seconds, micro = divmod(tod, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime(d.year, d.month, d.day, hour, minute, second, micro, VN_TZ)


# ----------------------------------------------------------------------- classify


def classify_resolution(resolved_at: datetime, due: datetime) -> Timeliness:
    """Before time / on time / late, comparing LOCAL DATES (SPEC §11.3, Thanh Hóa).

    Resolution date < due date → EARLY ("trước hạn"); equal → ON_TIME ("đúng hạn");
    later → LATE ("quá hạn"). The resolution moment is the hand-back of the result to the
    one-stop unit (SPEC §2.3 step 10). For the statistics, pass `Deadline.legal_due`.
    """
    resolved = _local(resolved_at, "resolved_at").date()
    due_day = _local(due, "due").date()
    if resolved < due_day:
        return Timeliness.EARLY
    return Timeliness.ON_TIME if resolved == due_day else Timeliness.LATE


def deadline_status(now: datetime, due: datetime, calendar: WorkCalendar) -> DeadlineStatus:
    """Status of an open dossier at `now`, by local date like `classify_resolution`.

    OVERDUE once today's date is after the due date; DUE_SOON when the due date is today
    or the next working day, the last moment to send the apology and re-appointment
    "at the latest one day before the due date" (NĐ 61/2018, NĐ 118/2025; SPEC §2.3
    step 9); otherwise ON_TRACK.
    """
    today = _local(now, "now").date()
    due_day = _local(due, "due").date()
    if today > due_day:
        return DeadlineStatus.OVERDUE
    if due_day <= calendar.add_working_days(today, 1):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK


# ----------------------------------------------------------------------- trail


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


# ----------------------------------------------------------------------- render


def fmt_day(value: Param) -> str:
    """dd/mm/yyyy."""
    d = cast(date, value)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def fmt_clock(value: Param) -> str:
    """HH:MM of a time or datetime."""
    t = cast(time, value)
    return f"{t.hour:02d}:{t.minute:02d}"


def fmt_moment(value: Param) -> str:
    """HH:MM dd/mm/yyyy."""
    return f"{fmt_clock(value)} {fmt_day(value)}"


def _span(e: TrailEntry, key: str) -> str:
    """A paused or remaining duration: "3 ngày làm việc", "1 ngày 2 giờ làm việc", "2 ngày"."""
    amount = cast(timedelta, e.params[key])
    if e.params["unit"] == "calendar":
        return f"{amount.days} ngày"
    days, rest = divmod(amount, cast(timedelta, e.params["day_length"]))
    minutes = rest // timedelta(minutes=1)
    parts = [f"{days} ngày"] if days else []
    parts += [f"{minutes // 60} giờ"] if minutes // 60 or not (days or minutes % 60) else []
    parts += [f"{minutes % 60} phút"] if minutes % 60 else []
    return " ".join(parts) + " làm việc"


_START_VI: Final = {
    "day_off": "tiếp nhận vào ngày nghỉ ({off})",
    "after_hours": "tiếp nhận sau giờ làm việc ({at})",
    "after_cutoff": "tiếp nhận sau giờ chốt {cutoff} ({at})",
    "before_opening": "tiếp nhận trước giờ làm việc ({at})",
    "lunch": "tiếp nhận trong giờ nghỉ trưa ({at})",
}


def _why_later(e: TrailEntry) -> str:
    """The first half of a start/deemed line, e.g. "tiếp nhận sau giờ làm việc (17:20)"."""
    p = e.params
    cutoff = fmt_clock(p["cutoff"]) if "cutoff" in p else ""
    return _START_VI[cast(str, p["reason"])].format(
        off=p.get("off", ""), at=fmt_clock(p["received"]), cutoff=cutoff
    )


def _count(e: TrailEntry) -> str:
    """ "ngày làm việc thứ 3: 19/02/2026" or "ngày thứ 2: 28/10/2023 (Thứ Bảy)"."""
    if e.params["unit"] == "working_days":
        return f"ngày làm việc thứ {e.params['n']}: {fmt_day(e.day)}"
    off = f" ({e.params['off']})" if "off" in e.params else ""
    return f"ngày thứ {e.params['n']}: {fmt_day(e.day)}{off}"


def _due(e: TrailEntry) -> str:
    """ "hạn trả kết quả: 09:32 03/11/2023", marked provisional while paused."""
    label = "hạn trả kết quả (tạm tính, đang tạm dừng)" if e.params["provisional"] else ""
    return f"{label or 'hạn trả kết quả'}: {fmt_moment(e.params['at'])}"


_RENDER: Final[dict[TrailKind, Callable[[TrailEntry], str]]] = {
    TrailKind.RECEIVED: lambda e: f"tiếp nhận hồ sơ: {fmt_moment(e.params['at'])}",
    TrailKind.START: lambda e: f"{_why_later(e)}: bắt đầu tính từ {fmt_moment(e.params['start'])}",
    TrailKind.DEEMED: lambda e: f"{_why_later(e)}: coi như tiếp nhận ngày {fmt_day(e.day)}",
    TrailKind.SKIP: lambda e: f"bỏ qua {fmt_day(e.day)}: {e.params['reason']}",
    TrailKind.COUNT: _count,
    TrailKind.PAUSED_DAY: lambda e: f"tạm dừng {fmt_day(e.day)}: {e.params['reason']}",
    TrailKind.PAUSE: lambda e: (
        f"+{_span(e, 'amount')}: {e.params['reason']}"
        f" ({fmt_moment(e.params['start'])} – {fmt_moment(e.params['end'])})"
    ),
    TrailKind.PAUSE_OPEN: lambda e: (
        f"đang tạm dừng từ {fmt_moment(e.params['start'])}: {e.params['reason']}"
        f" (còn lại {_span(e, 'remaining')})"
    ),
    TrailKind.PAUSE_IGNORED: lambda e: (
        f"không gia hạn: {e.params['reason']} từ {fmt_moment(e.params['start'])},"
        " sau hạn giải quyết"
    ),
    TrailKind.ROLL: lambda e: (
        f"ngày cuối thời hạn {fmt_day(e.params['nominal'])} là ngày nghỉ ({e.params['off']}):"
        f" chuyển sang ngày làm việc tiếp theo {fmt_day(e.day)}"
    ),
    TrailKind.EXTENDED_DAY: lambda e: f"ngày làm việc thêm theo phiếu hẹn lại: {fmt_day(e.day)}",
    TrailKind.REAPPOINTMENT: lambda e: (
        f"hẹn lại ngày trả kết quả: {fmt_moment(e.params['due'])}"
        f" (hạn theo quy định: {fmt_moment(e.params['legal_due'])})"
    ),
    TrailKind.DUE: _due,
}
