"""Counting rules of the periodic report on dossier handling (form 06/06a, SPEC §12).

Pure and table-driven: a dossier is described by a `History` of local dates, a report
period is a `Period` of local dates (both ends included), and `classify` puts one history
into the cells of one report row. Every figure of the report is a sum of such rows, so the
identities of the form hold by construction and are checked by property tests:

    carried over + new (online + in person/post)
        = resolved (early + on time + late) + in process (within time + overdue) + suspended

where *suspended* is the SPEC's "reported separately" group: dossiers whose clock is stopped
at the end of the period (supplement, financial obligation) and dossiers that ended in the
period without a result (stopped, withdrawn unless counted as resolved).

The same rules are written as day-by-day *flows* (what happened on a day) and end-of-day
*states* (where an open dossier stands), which is how the summary tables store them; the
report of a period is then the flows summed over the period plus the state on the day before
it starts and on its last day (`row_from_aggregates`). `classify` and the aggregates are
tested against each other.

Dates are compared as local dates, like `classify_resolution`: resolved before the due date
is *early*, on it *on time*, after it *late*; an open dossier is *overdue* at the end of day d
when its legal due date is before d. Re-appointed dossiers count against their legal due date.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import Enum, StrEnum
from typing import Final


class Ending(StrEnum):
    """How a received dossier left the handling, if it has."""

    EARLY = "early"  # resolved before the due date (trước hạn)
    ON_TIME = "on_time"  # resolved on the due date (đúng hạn)
    LATE = "late"  # resolved after the due date (quá hạn)
    WITHDRAWN = "withdrawn"  # the applicant withdrew it (rút hồ sơ, status 7)
    STOPPED = "stopped"  # handling stopped without a result (dừng xử lý, status 8)


RESOLVED_ENDINGS: Final = frozenset({Ending.EARLY, Ending.ON_TIME, Ending.LATE})


class OpenState(Enum):
    """Where a received, open dossier stands at the end of a day."""

    WITHIN = "within"  # in process, within time
    OVERDUE = "overdue"  # in process, past its legal due date
    PAUSED = "paused"  # clock stopped: supplement or financial obligation


@dataclass(frozen=True, slots=True)
class History:
    """What the report needs to know of one received dossier, in local dates.

    `ended_on` is the resolution date (hand-back of the result, NgayKetThucXuLy) for the
    resolved endings, or the day it was withdrawn or stopped. `pauses` are half-open
    [start, end) day intervals: a dossier is paused at the end of day d when a pause started
    on or before d and had not ended by d (an open pause has end None).
    """

    received_on: date
    online: bool
    due_on: date | None = None
    ended_on: date | None = None
    ending: Ending | None = None
    pauses: tuple[tuple[date, date | None], ...] = ()

    def __post_init__(self) -> None:
        if (self.ended_on is None) != (self.ending is None):
            raise ValueError("ended_on and ending go together")
        if self.ended_on is not None and self.ended_on < self.received_on:
            raise ValueError("a dossier cannot end before it is received")
        for start, end in self.pauses:
            if start < self.received_on or (end is not None and end < start):
                raise ValueError("a pause must lie within the dossier's life")

    def is_open_at_end_of(self, day: date) -> bool:
        return self.received_on <= day and (self.ended_on is None or self.ended_on > day)

    def state_at_end_of(self, day: date) -> OpenState | None:
        """The state at the end of `day`, or None when not yet received or already ended."""
        if not self.is_open_at_end_of(day):
            return None
        if any(start <= day and (end is None or end > day) for start, end in self.pauses):
            return OpenState.PAUSED
        if self.due_on is not None and self.due_on < day:
            return OpenState.OVERDUE
        return OpenState.WITHIN

    def state_changes(self) -> Iterator[tuple[date, OpenState | None]]:
        """The days on which the end-of-day state changes, with the new state (None: gone).

        Starts with the day of receipt; the state of any day is the last change on or before
        it. Days come out in increasing order with no repetition.
        """
        candidates = {self.received_on}
        if self.ended_on is not None:
            candidates.add(self.ended_on)
        if self.due_on is not None:
            candidates.add(self.due_on + timedelta(days=1))
        for start, end in self.pauses:
            candidates.add(start)
            if end is not None:
                candidates.add(end)
        previous: OpenState | str | None = "unset"
        for day in sorted(candidates):
            if day < self.received_on or (self.ended_on is not None and day > self.ended_on):
                continue
            state = self.state_at_end_of(day)
            if state != previous:
                yield day, state
                previous = state


@dataclass(frozen=True, slots=True)
class Period:
    """A report period: local dates, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (for 'previous period')."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    # --- calendar periods -----------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def months(cls, year: int, first: int, last: int) -> Period:
        return cls(cls.month(year, first).start, cls.month(year, last).end)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_range(quarter, 1, 4, "quarter")
        return cls.months(year, 3 * quarter - 2, 3 * quarter)

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        _check_range(half, 1, 2, "half")
        return cls.months(year, 6 * half - 5, 6 * half)

    @classmethod
    def nine_months(cls, year: int) -> Period:
        return cls.months(year, 1, 9)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls.months(year, 1, 12)

    # --- legal reporting periods (cut-off 15th of the month before → 14th) ---------------
    @classmethod
    def reporting(cls, year: int, last_month: int, months: int) -> Period:
        """The government reporting period ending on the 14th of `last_month`, spanning
        `months` months: it starts on the 15th of the month before its first month
        (NĐ 09/2019/NĐ-CP; SPEC §12.1). Q1 of 2026 runs from 15/12/2025 to 14/03/2026."""
        _check_range(last_month, 1, 12, "month")
        first = _add_months(year, last_month, -months)
        return cls(date(first[0], first[1], 15), date(year, last_month, 14))

    @classmethod
    def reporting_month(cls, year: int, month: int) -> Period:
        return cls.reporting(year, month, 1)

    @classmethod
    def reporting_quarter(cls, year: int, quarter: int) -> Period:
        _check_range(quarter, 1, 4, "quarter")
        return cls.reporting(year, 3 * quarter, 3)

    @classmethod
    def reporting_half(cls, year: int, half: int) -> Period:
        _check_range(half, 1, 2, "half")
        return cls.reporting(year, 6 * half, 6)

    @classmethod
    def reporting_nine_months(cls, year: int) -> Period:
        return cls.reporting(year, 9, 9)

    @classmethod
    def reporting_year(cls, year: int) -> Period:
        return cls.reporting(year, 12, 12)


def _check_range(value: int, low: int, high: int, what: str) -> None:
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low} and {high}")


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(slots=True)
class Row:
    """One row of form 06: the counts of its cells. Rows add up."""

    carried_over: int = 0  # từ kỳ trước chuyển sang
    new_online: int = 0  # mới tiếp nhận trực tuyến
    new_direct: int = 0  # mới tiếp nhận trực tiếp hoặc qua bưu chính
    resolved_early: int = 0  # giải quyết trước hạn
    resolved_on_time: int = 0  # giải quyết đúng hạn
    resolved_late: int = 0  # giải quyết quá hạn
    processing_within: int = 0  # đang giải quyết trong hạn
    processing_overdue: int = 0  # đang giải quyết quá hạn
    paused: int = 0  # tạm dừng (bổ sung, nghĩa vụ tài chính) ở cuối kỳ
    ended: int = 0  # dừng giải quyết / rút trong kỳ, không có kết quả

    @property
    def new(self) -> int:
        return self.new_online + self.new_direct

    @property
    def received(self) -> int:
        return self.carried_over + self.new

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def processing(self) -> int:
        return self.processing_within + self.processing_overdue

    @property
    def suspended(self) -> int:
        return self.paused + self.ended

    @property
    def on_time_rate(self) -> float | None:
        """(before time + on time) / resolved; None when nothing was resolved."""
        if not self.resolved:
            return None
        return (self.resolved_early + self.resolved_on_time) / self.resolved

    @property
    def online_rate(self) -> float | None:
        """Online share of the newly received dossiers; None when none were received."""
        return self.new_online / self.new if self.new else None

    def identities_hold(self) -> bool:
        return self.received == self.resolved + self.processing + self.suspended

    def __add__(self, other: Row) -> Row:
        return Row(*(getattr(self, f) + getattr(other, f) for f in ROW_FIELDS))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in ROW_FIELDS}

    @classmethod
    def total(cls, rows: Iterable[Row]) -> Row:
        result = cls()
        for row in rows:
            result = result + row
        return result


ROW_FIELDS: Final = tuple(f.name for f in fields(Row))


@dataclass(frozen=True, slots=True)
class CountingRules:
    """The configurable choices of SPEC §12.2.

    `withdrawn_as_resolved`: Thanh Hóa counts withdrawn dossiers (status 7) among the
    resolved ones, by the day of withdrawal against the due date; the default keeps them
    out of the resolved figures, among the suspended ones, so they do not flatter the
    on-time rate.
    """

    withdrawn_as_resolved: bool = False


DEFAULT_RULES: Final = CountingRules()


class Flow(StrEnum):
    """The columns of the daily flow table: what can happen to a dossier on a day.

    Withdrawals keep their timeliness so that the choice of `CountingRules` is made when
    the report is read, not when the flows are stored.
    """

    NEW_ONLINE = "new_online"
    NEW_DIRECT = "new_direct"
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    WITHDRAWN_EARLY = "withdrawn_early"
    WITHDRAWN_ON_TIME = "withdrawn_on_time"
    WITHDRAWN_LATE = "withdrawn_late"
    STOPPED = "stopped"


def _by_date(ended_on: date, due_on: date | None) -> str:
    if due_on is None or ended_on < due_on:
        return "early"
    return "on_time" if ended_on == due_on else "late"


def ending_flow(history: History) -> Flow:
    """The flow column of a dossier's ending (on `history.ended_on`)."""
    ending, ended_on = history.ending, history.ended_on
    assert ending is not None and ended_on is not None
    if ending is Ending.WITHDRAWN:
        return Flow("withdrawn_" + _by_date(ended_on, history.due_on))
    if ending is Ending.STOPPED:
        return Flow.STOPPED
    return Flow(ending.value)


def receipt_flow(history: History) -> Flow:
    return Flow.NEW_ONLINE if history.online else Flow.NEW_DIRECT


def flow_cell(flow: Flow, rules: CountingRules) -> str:
    """The form 06 cell a flow column adds to, under `rules`."""
    if flow.startswith("withdrawn_"):
        if not rules.withdrawn_as_resolved:
            return "ended"
        flow = Flow(flow.removeprefix("withdrawn_"))
    return _FLOW_CELL[flow]


_FLOW_CELL: Final = {
    Flow.NEW_ONLINE: "new_online",
    Flow.NEW_DIRECT: "new_direct",
    Flow.EARLY: "resolved_early",
    Flow.ON_TIME: "resolved_on_time",
    Flow.LATE: "resolved_late",
    Flow.STOPPED: "ended",
}

STATE_CELL: Final = {
    OpenState.WITHIN: "processing_within",
    OpenState.OVERDUE: "processing_overdue",
    OpenState.PAUSED: "paused",
}


def classify(history: History, period: Period, rules: CountingRules = DEFAULT_RULES) -> Row:
    """The row one dossier contributes to the report of `period` (all zeros if none)."""
    row = Row()
    if history.received_on > period.end:
        return row
    if history.received_on < period.start:
        if not history.is_open_at_end_of(period.start - timedelta(days=1)):
            return row  # ended before the period
        row.carried_over = 1
    else:
        setattr(row, flow_cell(receipt_flow(history), rules), 1)
    if history.ended_on is not None and history.ended_on <= period.end:
        setattr(row, flow_cell(ending_flow(history), rules), 1)
        return row
    state = history.state_at_end_of(period.end)
    assert state is not None
    setattr(row, STATE_CELL[state], 1)
    return row


# --- the summary-table form of the same rules ---------------------------------------------
@dataclass(slots=True)
class OpenCounts:
    """Open dossiers at the end of one day, by state."""

    within: int = 0
    overdue: int = 0
    paused: int = 0

    @property
    def total(self) -> int:
        return self.within + self.overdue + self.paused

    def add(self, state: OpenState, count: int = 1) -> None:
        name = state.value
        setattr(self, name, getattr(self, name) + count)


def row_from_aggregates(
    *,
    before: OpenCounts,
    flows: dict[Flow, int],
    after: OpenCounts,
    rules: CountingRules = DEFAULT_RULES,
) -> Row:
    """Form 06 cells from the open counts at the end of the day before the period (`before`),
    the flow columns summed over the period, and the open counts at its last day (`after`)."""
    row = Row(
        carried_over=before.total,
        processing_within=after.within,
        processing_overdue=after.overdue,
        paused=after.paused,
    )
    for flow, count in flows.items():
        cell = flow_cell(flow, rules)
        setattr(row, cell, getattr(row, cell) + count)
    return row
