"""Vocabulary of the deadline clock: the time zone, pause reasons, enums and `Pause`.

Also the two local-time helpers every other module of the package shares, and the
private records `compute` finds and `trail` explains. Depends on nothing else in
`motcua.domain.deadlines`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from motcua.domain.errors import InvalidMoment
from motcua.domain.workdays import WorkCalendar

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


def _local(dt: datetime, what: str) -> datetime:
    """`dt` in Asia/Ho_Chi_Minh; naive datetimes are refused."""
    if dt.tzinfo is VN_TZ:
        return dt
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise InvalidMoment(f"{what} must be timezone-aware, got {dt!r}")
    return dt.astimezone(VN_TZ)


def _on(o: int, tod: int) -> datetime:
    """The local moment on ordinal `o` at wall-clock µs `tod`."""
    d = date.fromordinal(o)
    seconds, micro = divmod(tod, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime(d.year, d.month, d.day, hour, minute, second, micro, VN_TZ)
