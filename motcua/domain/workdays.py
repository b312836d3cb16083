"""The working-day calendar: which days count, and working time inside a day.

A `WorkCalendar` is a value object built from the province's days off (holidays, observed
and swapped days), its make-up working Saturdays ("làm bù"), the weekly rest days and the
working periods of a day. It never reads a database: the service layer loads the rows and
passes plain mappings in.

Speed: the calendar keeps a sorted tuple of the ordinals of its working days over a window
that grows on demand, so adding N working days is one `bisect` plus one index, O(log n).
Working time is handled as a single integer coordinate (microseconds of working time since
the window's first working day), which turns "add 12 working hours across lunch, a weekend
and Tết" into integer addition.

Datetimes are read and built as wall-clock time; the caller (see `deadlines/`) converts
to Asia/Ho_Chi_Minh first. Vietnam has no daylight saving time, so wall-clock arithmetic
is exact.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Final, TypeVar

from motcua.domain.errors import CalendarRangeError, InvalidCalendar

_T = TypeVar("_T")

US_PER_MINUTE: Final = 60_000_000
US_PER_HOUR: Final = 60 * US_PER_MINUTE

#: The range of dates the calendar computes over (inclusive).
MIN_DATE: Final = date(1900, 1, 1)
MAX_DATE: Final = date(2399, 12, 31)

#: Vietnamese weekday names, Monday first (`date.weekday()` order).
WEEKDAY_NAMES_VI: Final = (
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ nhật",
)

#: Default working periods of a civil-servant day: 07:00-11:30 and 13:30-17:00 (8 hours).
DEFAULT_PERIODS: Final = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))

_MIN_ORD: Final = MIN_DATE.toordinal()
_MAX_ORD: Final = MAX_DATE.toordinal() + 1  # exclusive
_MARGIN_DAYS: Final = 3 * 366


class _OutOfRange(Exception):
    """Internal signal: the index window must grow to cover `ordinal`, then retry."""

    def __init__(self, ordinal: int) -> None:
        super().__init__(ordinal)
        self.ordinal = ordinal


@dataclass(frozen=True, slots=True)
class _Index:
    """Sorted ordinals of the working days in the window [lo, hi)."""

    lo: int
    hi: int
    ords: tuple[int, ...]

    def at_or_after(self, ordinal: int) -> int:
        """Position of the first working day on or after `ordinal`."""
        if not self.lo <= ordinal < self.hi:
            raise _OutOfRange(ordinal)
        return bisect_left(self.ords, ordinal)

    def after(self, ordinal: int) -> int:
        """Position of the first working day strictly after `ordinal`."""
        if not self.lo <= ordinal < self.hi:
            raise _OutOfRange(ordinal)
        return bisect_right(self.ords, ordinal)

    def ordinal(self, position: int) -> int:
        """The ordinal of the working day at `position`; grow the window when outside."""
        if 0 <= position < len(self.ords):
            return self.ords[position]
        if position < 0:
            raise _OutOfRange(self.lo + 7 * position)
        raise _OutOfRange(self.hi + 7 * (position - len(self.ords) + 1))


_EMPTY_INDEX: Final = _Index(0, 0, ())


def _us_of(t: time) -> int:
    """Microseconds since midnight of a wall-clock time."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _time_of(us: int) -> time:
    """The wall-clock time `us` microseconds after midnight (inverse of `_us_of`)."""
    seconds, micro = divmod(us, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


def _as_date(value: object, what: str) -> date:
    """Check that a mapping key is a plain `date` (a `datetime` would silently mismatch)."""
    if type(value) is not date:
        raise InvalidCalendar(f"{what} keys must be datetime.date, got {value!r}")
    return value


def _spans(periods: tuple[tuple[time, time], ...]) -> tuple[tuple[int, int, int], ...]:
    """Validate working periods; return (start_us, end_us, working_us_before) triples."""
    if not periods:
        raise InvalidCalendar("a working day needs at least one working period")
    spans: list[tuple[int, int, int]] = []
    previous_end, before = -1, 0
    for start, end in periods:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise InvalidCalendar("working periods are wall-clock times without tzinfo")
        s, e = _us_of(start), _us_of(end)
        if not previous_end <= s < e:
            raise InvalidCalendar(f"working periods must be sorted and disjoint: {periods!r}")
        spans.append((s, e, before))
        previous_end, before = e, before + e - s
    return tuple(spans)


@dataclass(frozen=True)
class WorkCalendar:
    """A province's working calendar: days off, make-up working days, weekend and hours.

    A day is a working day when it is a make-up working day ("làm bù"); otherwise when it
    is neither a weekly rest day nor a day off (SPEC §11.3; Labour Code 2019 Arts. 111-112
    for weekly rest, public holidays and compensatory days; the Government's yearly
    notices for swapped days). Working time inside a day is the union of `periods`
    (default 07:00-11:30 and 13:30-17:00, i.e. 8 hours, the normal day of Labour Code 2019
    Art. 105, as configured by Thanh Hóa). `cutoff` is the optional reception cut-off:
    a dossier received after it counts from the next working day (SPEC §11.2). Invariant:
    the value is immutable; the internal index is a cache that never changes the answers.
    """

    days_off: Mapping[date, str] = field(default_factory=dict)
    extra_working_days: Mapping[date, str] = field(default_factory=dict)
    weekend: frozenset[int] = frozenset({5, 6})
    periods: tuple[tuple[time, time], ...] = DEFAULT_PERIODS
    cutoff: time | None = None
    _ix: _Index = field(default=_EMPTY_INDEX, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Freeze the mappings, validate the rules and precompute the integer forms."""
        off = {_as_date(d, "days_off"): str(r) for d, r in self.days_off.items()}
        extra = {
            _as_date(d, "extra_working_days"): str(r) for d, r in self.extra_working_days.items()
        }
        weekend = frozenset(self.weekend)
        if not weekend <= frozenset(range(7)) or len(weekend) == 7:
            raise InvalidCalendar(f"weekend must be a proper subset of 0..6, got {weekend!r}")
        spans = _spans(tuple(self.periods))
        cutoff = None if self.cutoff is None else _us_of(self.cutoff)
        if cutoff is not None and not spans[0][0] <= cutoff <= spans[-1][1]:
            raise InvalidCalendar("the cut-off must lie inside the working day")
        _set = object.__setattr__
        _set(self, "days_off", MappingProxyType(off))
        _set(self, "extra_working_days", MappingProxyType(extra))
        _set(self, "weekend", weekend)
        _set(self, "periods", tuple(self.periods))
        _set(self, "_spans", spans)
        _set(self, "_day_us", spans[-1][2] + spans[-1][1] - spans[-1][0])
        _set(self, "_cutoff_us", cutoff)
        _set(self, "_off_ords", frozenset(d.toordinal() for d in off))
        _set(self, "_extra_ords", frozenset(d.toordinal() for d in extra))

    # The attributes set above, declared for type checkers.
    _spans: tuple[tuple[int, int, int], ...] = field(init=False, repr=False, compare=False)
    _day_us: int = field(init=False, repr=False, compare=False)
    _cutoff_us: int | None = field(init=False, repr=False, compare=False)
    _off_ords: frozenset[int] = field(init=False, repr=False, compare=False)
    _extra_ords: frozenset[int] = field(init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        """Hash by value, like the generated `__eq__` compares."""
        return hash(
            (
                frozenset(self.days_off.items()),
                frozenset(self.extra_working_days.items()),
                self.weekend,
                self.periods,
                self.cutoff,
            )
        )

    def __reduce__(self) -> tuple[type[WorkCalendar], tuple[object, ...]]:
        """Pickle by value (mapping proxies are not picklable; the index is rebuilt)."""
        args = (dict(self.days_off), dict(self.extra_working_days), self.weekend)
        return (WorkCalendar, (*args, self.periods, self.cutoff))

    # ----------------------------------------------------------------- days

    @property
    def day_length(self) -> timedelta:
        """Working time in one working day (8 hours with the default periods)."""
        return timedelta(microseconds=self._day_us)

    def is_working_day(self, d: date) -> bool:
        """True when `d` counts as a working day.

        Order of rules (SPEC §11.3): a make-up working day always works; otherwise a weekly
        rest day (Labour Code 2019 Art. 111) or a listed day off (Art. 112 holidays,
        compensatory and swapped days) does not. Pure dictionary look-ups, O(1).
        """
        if d in self.extra_working_days:
            return True
        return d.weekday() not in self.weekend and d not in self.days_off

    def reason_off(self, d: date) -> str | None:
        """Why `d` is not a working day, in Vietnamese; None when it is a working day.

        A listed day off gives its name (for example "Tết Nguyên Đán"), even on a weekend,
        so the trail names the holiday; otherwise the weekday name ("Thứ Bảy", "Chủ nhật").
        """
        if self.is_working_day(d):
            return None
        return self.days_off.get(d) or WEEKDAY_NAMES_VI[d.weekday()]

    def add_working_days(self, d: date, n: int) -> date:
        """The `n`-th working day after `d` (before `d` when `n` is negative).

        Civil Code 2015 Art. 147: a period in days excludes its starting day, so day 1 is
        the first working day strictly after `d`; `n == 0` returns `d` unchanged. For
        n, m >= 0: add(add(d, n), m) == add(d, n + m). O(log n) via the index.
        """
        if n == 0:
            return d
        o = d.toordinal()
        if n > 0:
            found = self._run(lambda ix: ix.ordinal(ix.after(o) + n - 1))
        else:
            found = self._run(lambda ix: ix.ordinal(ix.at_or_after(o) + n))
        return date.fromordinal(found)

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days d with a < d <= b (negative when b < a).

        The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n))
        == n for n >= 0 (Civil Code 2015 Art. 147, starting day excluded).
        """
        oa, ob = a.toordinal(), b.toordinal()
        return self._run(lambda ix: ix.after(ob) - ix.after(oa))

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d` (same as `add_working_days(d, 1)`)."""
        return self.add_working_days(d, 1)

    def working_day_on_or_after(self, d: date) -> date:
        """`d` itself when it is a working day, otherwise the next working day.

        This is the roll-forward of Civil Code 2015 Art. 148: a period whose last day is a
        weekend or holiday ends on the next working day.
        """
        return d if self.is_working_day(d) else self.next_working_day(d)

    # ----------------------------------------------------------------- moments

    def next_working_moment(self, dt: datetime) -> datetime:
        """The moment from which working time starts to run for something received at `dt`.

        Thanh Hóa normalisation (SPEC §11.2 step 3): on a non-working day, at or after the
        close of the last period, or after the cut-off, counting starts at the opening of
        the next working day; before the opening it starts at the opening; during a break
        (lunch) at the start of the next period; inside a period it is `dt` itself. The
        result keeps `dt`'s tzinfo (wall-clock arithmetic, no DST in Vietnam).
        """
        tod = _us_of(dt.time())
        o, us = self._run(
            lambda ix: self._at(ix, self._start(ix, dt.toordinal(), tod)[0], prefer_end=False)
        )
        return _combine(o, us, dt)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time elapsed from `a` to `b` (negative when b < a).

        Only time inside working periods of working days counts; this measures the pause
        of SPEC §11.5 (supplement, financial obligation). Both must share a time zone.
        """
        w = self._run(lambda ix: self._coord(ix, b) - self._coord(ix, a))
        return timedelta(microseconds=w)

    def add_working_time(self, dt: datetime, delta: timedelta) -> datetime:
        """The moment when `delta` of working time has run from `dt` (delta >= 0).

        Civil Code 2015 Art. 147: a period in hours runs from the stated moment. Time runs
        only inside working periods; a result that lands on a boundary is the end of the
        earlier period (11:30, 17:00), never the start of the next one.
        """
        us = delta // timedelta(microseconds=1)
        if us < 0:
            raise InvalidCalendar("add_working_time needs a non-negative delta")
        o, tod = self._run(lambda ix: self._at(ix, self._coord(ix, dt) + us, prefer_end=True))
        return _combine(o, tod, dt)

    # ------------------------------------------------ working-time coordinates
    # Used by `deadlines/compute.py` in the same package; everything takes an index snapshot `ix`
    # so that a computation either runs entirely on one window or is retried.

    def _run(self, fn: Callable[[_Index], _T]) -> _T:
        """Run `fn` on the current index; on `_OutOfRange`, grow the window and retry."""
        while True:
            ix = self._ix
            try:
                return fn(ix)
            except _OutOfRange as exc:
                self._grow(ix, exc.ordinal)

    def _grow(self, ix: _Index, ordinal: int) -> None:
        """Replace the index by one covering `ordinal` (doubling, clamped to the range)."""
        target = min(max(ordinal, _MIN_ORD), _MAX_ORD - 1)
        if ix.hi == 0:
            lo, hi = target - _MARGIN_DAYS, target + 2 * _MARGIN_DAYS
        else:
            span = ix.hi - ix.lo
            lo = min(target - _MARGIN_DAYS, ix.lo - span) if target < ix.lo else ix.lo
            hi = max(target + _MARGIN_DAYS, ix.hi + span) if target >= ix.hi else ix.hi
        lo, hi = max(lo, _MIN_ORD), min(hi, _MAX_ORD)
        if (lo, hi) == (ix.lo, ix.hi):
            raise CalendarRangeError(f"dates must lie between {MIN_DATE} and {MAX_DATE}")
        object.__setattr__(self, "_ix", _Index(lo, hi, self._working_ordinals(lo, hi)))

    def _working_ordinals(self, lo: int, hi: int) -> tuple[int, ...]:
        """Ordinals of the working days in [lo, hi); ordinal 1 (0001-01-01) is a Monday."""
        extra, off, weekend = self._extra_ords, self._off_ords, self.weekend
        return tuple(
            o for o in range(lo, hi) if o in extra or ((o + 6) % 7 not in weekend and o not in off)
        )

    def _offset(self, tod: int) -> int:
        """Working time elapsed in a working day by wall-clock `tod` (µs), in [0, day]."""
        elapsed = 0
        for start, end, before in self._spans:
            if tod <= start:
                return elapsed
            if tod < end:
                return before + tod - start
            elapsed = before + end - start
        return elapsed

    def _clock(self, offset: int, prefer_end: bool) -> int:
        """Wall-clock µs at which `offset` of the day's working time has elapsed."""
        for start, end, before in self._spans:  # falls back to the last period
            length = end - start
            if offset < before + length or (prefer_end and offset == before + length):
                break
        return start + offset - before

    def _coord(self, ix: _Index, dt: datetime) -> int:
        """Working-time coordinate of a moment: µs of working time since ords[0] opened."""
        o = dt.toordinal()
        i = ix.at_or_after(o)
        if i < len(ix.ords) and ix.ords[i] == o:
            return i * self._day_us + self._offset(_us_of(dt.time()))
        return i * self._day_us

    def _at(self, ix: _Index, w: int, prefer_end: bool) -> tuple[int, int]:
        """(ordinal, wall-clock µs) of coordinate `w`.

        With `prefer_end`, a boundary resolves to the end of the earlier period or day
        (periods in hours); otherwise to the start of the later one (same clock time).
        """
        if prefer_end:
            day, offset = divmod(w - 1, self._day_us)
            offset += 1
        else:
            day, offset = divmod(w, self._day_us)
        return ix.ordinal(day), self._clock(offset, prefer_end)

    def _start(self, ix: _Index, o: int, tod: int) -> tuple[int, str | None]:
        """Normalise a receipt (SPEC §11.2 step 3): (coordinate, reason code or None).

        Reason codes: "day_off", "after_hours", "after_cutoff", "before_opening", "lunch".
        The coordinate always lies at a period start or inside a period.
        """
        spans, day = self._spans, self._day_us
        i = ix.at_or_after(o)
        if i >= len(ix.ords) or ix.ords[i] != o:
            return i * day, "day_off"
        if tod >= spans[-1][1]:
            return (i + 1) * day, "after_hours"
        if self._cutoff_us is not None and tod > self._cutoff_us:
            return (i + 1) * day, "after_cutoff"
        w = i * day + self._offset(tod)
        if tod < spans[0][0]:
            return w, "before_opening"
        for start, end, _ in spans:
            if start <= tod < end:
                return w, None
        return w, "lunch"


def _combine(o: int, tod: int, like: datetime) -> datetime:
    """A datetime on ordinal `o` at wall-clock µs `tod`, with `like`'s tzinfo."""
    return datetime.combine(date.fromordinal(o), _time_of(tod), like.tzinfo)
