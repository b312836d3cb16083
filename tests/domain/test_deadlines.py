"""Tests of `motcua.domain.deadlines` on the real 2023-2027 civil-servant calendar.

Table-driven in the style of Signalen's `test_deadlines.py`: one row per case, with a
comment saying which rule it pins down. Times are Asia/Ho_Chi_Minh wall-clock times.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from motcua.domain.deadlines import (
    FINANCIAL_OBLIGATION,
    SUPPLEMENT,
    VN_TZ,
    Deadline,
    DeadlinePolicy,
    DeadlineStatus,
    DurationUnit,
    Pause,
    Timeliness,
    TrailEntry,
    TrailKind,
    classify_resolution,
    compute_deadline,
    deadline_status,
)
from motcua.domain.errors import (
    DomainError,
    InvalidDuration,
    InvalidMoment,
    InvalidPause,
    InvalidReappointment,
)
from motcua.domain.workdays import WorkCalendar
from tests.domain.calendars import CIVIL_SERVICE, DAYS_OFF, EXTRA_WORKING_DAYS

CUTOFF_15 = WorkCalendar(days_off=DAYS_OFF, extra_working_days=EXTRA_WORKING_DAYS, cutoff=time(15))

A = DeadlinePolicy.HOUR_EXACT
B = DeadlinePolicy.END_OF_DAY
WD = DurationUnit.WORKING_DAYS
WH = DurationUnit.WORKING_HOURS
CD = DurationUnit.CALENDAR_DAYS


def vn(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """An aware Asia/Ho_Chi_Minh datetime."""
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


def pause(start: datetime, end: datetime | None, reason: str = SUPPLEMENT) -> Pause:
    return Pause(start, end, reason)


@dataclass(frozen=True)
class Case:
    received: datetime
    amount: int | Decimal
    unit: DurationUnit
    policy: DeadlinePolicy
    due: datetime
    pauses: tuple[Pause, ...] = ()
    reappointed: datetime | None = None
    legal_due: datetime | None = None  # defaults to `due`
    calendar: WorkCalendar = CIVIL_SERVICE


# fmt: off
CASES = {
    # SPEC §11.2: Fri 27/10/2023 09:32 + 5 working days -> Fri 03/11/2023, same clock time.
    "spec_thanh_hoa_hour_exact": Case(vn(2023, 10, 27, 9, 32), 5, WD, A, vn(2023, 11, 3, 9, 32)),
    # ... and under the civil-code policy the same day, at the close of work.
    "spec_thanh_hoa_end_of_day": Case(vn(2023, 10, 27, 9, 32), 5, WD, B, vn(2023, 11, 3, 17)),
    # The same receipt given in UTC (02:32Z) is converted to local time first.
    "utc_input": Case(datetime(2023, 10, 27, 2, 32, tzinfo=UTC), 5, WD, A, vn(2023, 11, 3, 9, 32)),
    # Tết 2025 (Mon 27/01-Fri 31/01 off): Fri 24/01 + 3 -> Mon 3, Tue 4, Wed 5/2.
    "tet_2025_hour_exact": Case(vn(2025, 1, 24, 10), 3, WD, A, vn(2025, 2, 5, 10)),
    # Tết 2025, policy B: day 1 Fri 24/01, day 2 Mon 03/02.
    "tet_2025_end_of_day": Case(vn(2025, 1, 23, 15), 2, WD, B, vn(2025, 2, 3, 17)),
    # Tết 2026 (Mon 16/02-Fri 20/02 off): Thu 12/02 + 5 -> Fri 13, Mon 23 ... Thu 26/02.
    "tet_2026_hour_exact": Case(vn(2026, 2, 12, 14), 5, WD, A, vn(2026, 2, 26, 14)),
    # Tết 2026, policy B: received Fri 13/02, day 1 is Mon 23/02.
    "tet_2026_end_of_day": Case(vn(2026, 2, 13, 9), 1, WD, B, vn(2026, 2, 23, 17)),
    # Make-up Saturday 26/4/2025 counts: Fri 25 (1), Sat 26 (2), Mon 28 (3).
    "make_up_saturday_2025": Case(vn(2025, 4, 24, 9), 3, WD, A, vn(2025, 4, 28, 9)),
    # 30/4, 1/5 and the swapped Fri 2/5/2025 are off, then the weekend.
    "swapped_friday_2025": Case(vn(2025, 4, 29, 16), 1, WD, A, vn(2025, 5, 5, 16)),
    # Giỗ Tổ 2026 falls on Sun 26/04 and is observed on Mon 27/04.
    "hung_kings_observed_2026": Case(vn(2026, 4, 24, 10), 1, WD, A, vn(2026, 4, 28, 10)),
    # ... then 30/4 and 1/5/2026 too: Tue 28 (1), Wed 29 (2), Mon 4/5 (3).
    "hung_kings_then_30_4_2026": Case(vn(2026, 4, 24, 10), 3, WD, A, vn(2026, 5, 4, 10)),
    # National Day 2026: Sat 22/8 is a working day (làm bù for Mon 31/8).
    "national_day_make_up_2026": Case(vn(2026, 8, 21, 10), 1, WD, B, vn(2026, 8, 22, 17)),
    # National Day 2026: Mon 31/8, Tue 1/9, Wed 2/9 off.
    "national_day_2026": Case(vn(2026, 8, 28, 10), 1, WD, A, vn(2026, 9, 3, 10)),
    # After 17:00 counting starts 07:00 next working day; 1 day later is Mon 07:00.
    "after_hours_hour_exact": Case(vn(2026, 2, 26, 17, 20), 1, WD, A, vn(2026, 3, 2, 7)),
    # Policy B ignores the hour of receipt when no cut-off is configured.
    "after_hours_end_of_day": Case(vn(2026, 2, 26, 17, 20), 1, WD, B, vn(2026, 2, 27, 17)),
    # Cut-off 15:00, policy A: 15:20 counts from Fri 07:00 -> Tue 03/03 07:00.
    "cutoff_hour_exact": Case(vn(2026, 2, 26, 15, 20), 2, WD, A, vn(2026, 3, 3, 7),
                              calendar=CUTOFF_15),
    # Cut-off 15:00, policy B: deemed received Fri 27/02, day 1 Mon 02/03, day 2 Tue 03/03.
    "cutoff_end_of_day": Case(vn(2026, 2, 26, 15, 20), 2, WD, B, vn(2026, 3, 3, 17),
                              calendar=CUTOFF_15),
    # Cut-off, policy B, received before it: the receipt day stays the receipt day.
    "before_cutoff_end_of_day": Case(vn(2026, 2, 26, 14, 50), 2, WD, B, vn(2026, 3, 2, 17),
                                     calendar=CUTOFF_15),
    # Same-day procedure (Hà Nội 2.000635): after the cut-off it is due the next working day.
    "same_day_after_cutoff": Case(vn(2026, 2, 26, 15, 20), 0, WD, A, vn(2026, 2, 27, 17),
                                  calendar=CUTOFF_15),
    # ... and before the cut-off, at the close of the same day.
    "same_day_before_cutoff": Case(vn(2026, 2, 26, 14, 50), 0, WD, B, vn(2026, 2, 26, 17),
                                   calendar=CUTOFF_15),
    # Same-day calendar-day procedure received on a Saturday.
    "same_day_calendar": Case(vn(2026, 2, 28, 9), 0, CD, B, vn(2026, 3, 2, 17)),
    # Before opening: 06:15 counts from 07:00; 4 working hours -> 11:00.
    "before_opening": Case(vn(2026, 3, 2, 6, 15), 4, WH, A, vn(2026, 3, 2, 11)),
    # During lunch: counts from 13:30; 3.5 hours end exactly at 17:00, not next day 07:00.
    "lunch": Case(vn(2026, 3, 2, 12, 5), Decimal("3.5"), WH, A, vn(2026, 3, 2, 17)),
    # ½ day = 4 working hours, carried over lunch: 09:00 -> 15:00.
    "half_day": Case(vn(2026, 3, 2, 9), Decimal("0.5"), WD, A, vn(2026, 3, 2, 15)),
    # 1½ days, policy A: Tue 09:00 + 4 hours -> Tue 15:00.
    "one_and_a_half_days_a": Case(vn(2026, 3, 2, 9), Decimal("1.5"), WD, A, vn(2026, 3, 3, 15)),
    # 1½ days, policy B: day 1 Tue ends 17:00, then half of Wed -> 11:00.
    "one_and_a_half_days_b": Case(vn(2026, 3, 2, 9), Decimal("1.5"), WD, B, vn(2026, 3, 4, 11)),
    # 12 working hours across Tết 2026: Fri 14-17 (3h), Mon 23 (8h), Tue 24 07-08 (1h).
    "hours_across_tet": Case(vn(2026, 2, 13, 14), 12, WH, B, vn(2026, 2, 24, 8)),
    # 2½ hours: 10:00-11:30 then 13:30-14:30.
    "hours_and_minutes": Case(vn(2026, 3, 2, 10), Decimal("2.5"), WH, A, vn(2026, 3, 2, 14, 30)),
    # 8 hours from the opening end at the close, the same day.
    "eight_hours": Case(vn(2026, 3, 2, 7), 8, WH, A, vn(2026, 3, 2, 17)),
    # ... while 1 working day from the opening keeps the clock: next day 07:00.
    "one_day_from_opening": Case(vn(2026, 3, 2, 7), 1, WD, A, vn(2026, 3, 3, 7)),
    # Calendar days: Mon 27/10/2025 + 5 = Sat 01/11 -> rolls to Mon 03/11.
    "calendar_days_roll_a": Case(vn(2025, 10, 27, 10), 5, CD, A, vn(2025, 11, 3, 10)),
    "calendar_days_roll_b": Case(vn(2025, 10, 27, 10), 5, CD, B, vn(2025, 11, 3, 17)),
    # Calendar days landing on a working day do not move.
    "calendar_days_plain": Case(vn(2025, 10, 27, 10), 3, CD, A, vn(2025, 10, 30, 10)),
    # Calendar days landing in Tết 2026 (Tue 17/02) roll to Mon 23/02.
    "calendar_days_into_tet": Case(vn(2026, 2, 10, 10), 7, CD, B, vn(2026, 2, 23, 17)),
    # Calendar days, receipt on Saturday, policy A: counting starts Mon 07:00.
    "calendar_days_from_saturday": Case(vn(2026, 2, 28, 9), 2, CD, A, vn(2026, 3, 4, 7)),
    # Calendar days with a cut-off, policy B: deemed received Fri 27/02, + 1 = Sat -> Mon.
    "calendar_days_cutoff_b": Case(vn(2026, 2, 26, 16), 1, CD, B, vn(2026, 3, 2, 17),
                                   calendar=CUTOFF_15),
    # Supplement pause across Tết 2026: Thu 12/02 09:00 -> Tue 24/02 09:00 is 3 working
    # days (6h + 8h + 8h + 2h), so the due Mon 23/02 09:00 moves to Thu 26/02 09:00.
    "pause_across_tet": Case(vn(2026, 2, 9, 9), 5, WD, A, vn(2026, 2, 26, 9),
                             pauses=(pause(vn(2026, 2, 12, 9), vn(2026, 2, 24, 9)),)),
    # Financial obligation, policy B: 2 working days paused -> Mon 09/03 becomes Wed 11/03.
    "financial_obligation": Case(vn(2026, 3, 2, 10), 5, WD, B, vn(2026, 3, 11, 17),
                                 pauses=(pause(vn(2026, 3, 4, 7), vn(2026, 3, 6, 7),
                                               FINANCIAL_OBLIGATION),)),
    # Two pauses add up: 1 day + 4 hours -> Mon 09/03 10:00 becomes Tue 10/03 16:00.
    "two_pauses": Case(vn(2026, 3, 2, 10), 5, WD, A, vn(2026, 3, 10, 16),
                       pauses=(pause(vn(2026, 3, 3, 7), vn(2026, 3, 4, 7)),
                               pause(vn(2026, 3, 5, 7), vn(2026, 3, 5, 11)))),
    # A pause on the receipt day, before day 1 of policy B, does not move the due.
    "pause_before_day_one": Case(vn(2026, 3, 2, 9), 1, WD, B, vn(2026, 3, 3, 17),
                                 pauses=(pause(vn(2026, 3, 2, 10), vn(2026, 3, 2, 15)),)),
    # A pause requested after the due moment cannot cure the lateness.
    "pause_after_due": Case(vn(2023, 10, 27, 9, 32), 5, WD, A, vn(2023, 11, 3, 9, 32),
                            pauses=(pause(vn(2023, 11, 6, 9), vn(2023, 11, 8, 9)),)),
    # Calendar days paused Wed 29/10 - Fri 31/10/2025: 2 days, Thu 06/11 -> Sat 08/11 -> Mon.
    "calendar_days_pause": Case(vn(2025, 10, 27, 10), 10, CD, B, vn(2025, 11, 10, 17),
                                pauses=(pause(vn(2025, 10, 29, 10), vn(2025, 10, 31, 10)),)),
    # Calendar days: a pause starting on the rolled-to day still moves it.
    "calendar_days_pause_on_due_day": Case(
        vn(2025, 10, 27, 10), 5, CD, B, vn(2025, 11, 4, 17),
        pauses=(pause(vn(2025, 11, 3, 10), vn(2025, 11, 4, 10)),)),
    # Calendar days: a pause over the rolled weekend ends on the rolled-to day.
    "calendar_days_pause_over_roll": Case(
        vn(2025, 10, 27, 10), 5, CD, B, vn(2025, 11, 4, 17),
        pauses=(pause(vn(2025, 11, 2, 10), vn(2025, 11, 4, 10)),)),
    # Calendar days: a pause after the due changes nothing.
    "calendar_days_pause_after_due": Case(
        vn(2025, 10, 27, 10), 3, CD, A, vn(2025, 10, 30, 10),
        pauses=(pause(vn(2025, 10, 30, 11), vn(2025, 11, 4, 10)),)),
    # Re-appointment after an apology moves `due`, never `legal_due`.
    "reappointment": Case(vn(2023, 10, 27, 9, 32), 5, WD, A, vn(2023, 11, 10, 17),
                          reappointed=vn(2023, 11, 10, 17), legal_due=vn(2023, 11, 3, 9, 32)),
    # Received online during Tết, policy A: counting starts Mon 23/02 07:00.
    "received_on_tet_a": Case(vn(2026, 2, 17, 20), 1, WD, A, vn(2026, 2, 24, 7)),
    # ... policy B: the receipt day is excluded, day 1 is the next working day, Mon 23/02.
    "received_on_tet_b": Case(vn(2026, 2, 17, 20), 1, WD, B, vn(2026, 2, 23, 17)),
}
# fmt: on


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_it_computes_the_due_moment(case: Case) -> None:
    deadline = compute_deadline(
        received_at=case.received,
        amount=case.amount,
        unit=case.unit,
        calendar=case.calendar,
        policy=case.policy,
        pauses=case.pauses,
        reappointed_due=case.reappointed,
    )
    assert deadline.due == case.due
    assert deadline.legal_due == (case.legal_due or case.due)
    assert deadline.due.tzinfo is VN_TZ
    assert not deadline.paused
    assert deadline.remaining is None


def texts(deadline: Deadline) -> list[str]:
    return [entry.text for entry in deadline.trail]


def compute(received: datetime, amount: int | Decimal, **kwargs: object) -> Deadline:
    options: dict[str, object] = {"unit": WD, "calendar": CIVIL_SERVICE, "policy": A}
    options.update(kwargs)
    return compute_deadline(received_at=received, amount=amount, **options)  # type: ignore[arg-type]


def test_it_explains_the_spec_example_day_by_day() -> None:
    assert texts(compute(vn(2023, 10, 27, 9, 32), 5)) == [
        "tiếp nhận hồ sơ: 09:32 27/10/2023",
        "bỏ qua 28/10/2023: Thứ Bảy",
        "bỏ qua 29/10/2023: Chủ nhật",
        "ngày làm việc thứ 1: 30/10/2023",
        "ngày làm việc thứ 2: 31/10/2023",
        "ngày làm việc thứ 3: 01/11/2023",
        "ngày làm việc thứ 4: 02/11/2023",
        "ngày làm việc thứ 5: 03/11/2023",
        "hạn trả kết quả: 09:32 03/11/2023",
    ]


def test_it_skips_tet_2026() -> None:
    deadline = compute(vn(2026, 2, 12, 14), 5)
    lines = texts(deadline)
    assert "bỏ qua 17/02/2026: Tết Nguyên Đán" in lines
    assert "bỏ qua 21/02/2026: Thứ Bảy" in lines
    assert "ngày làm việc thứ 1: 13/02/2026" in lines
    assert "ngày làm việc thứ 3: 24/02/2026" in lines
    skipped = [e.day for e in deadline.trail if e.kind is TrailKind.SKIP]
    assert skipped == [date(2026, 2, d) for d in range(14, 23)]


def test_it_skips_tet_2025() -> None:
    lines = texts(compute(vn(2025, 1, 24, 10), 3))
    assert lines[1:10] == [
        "bỏ qua 25/01/2025: Thứ Bảy",
        "bỏ qua 26/01/2025: Chủ nhật",
        *(f"bỏ qua {d}/01/2025: Tết Nguyên Đán" for d in (27, 28, 29, 30, 31)),
        "bỏ qua 01/02/2025: Thứ Bảy",
        "bỏ qua 02/02/2025: Chủ nhật",
    ]
    assert lines[10] == "ngày làm việc thứ 1: 03/02/2025"


def test_it_counts_a_make_up_saturday() -> None:
    lines = texts(compute(vn(2026, 8, 21, 10), 1, policy=B))
    assert lines == [
        "tiếp nhận hồ sơ: 10:00 21/08/2026",
        "ngày làm việc thứ 1: 22/08/2026",
        "hạn trả kết quả: 17:00 22/08/2026",
    ]


def test_it_explains_a_receipt_after_working_hours() -> None:
    lines = texts(compute(vn(2026, 2, 26, 17, 20), 1))
    assert lines == [
        "tiếp nhận hồ sơ: 17:20 26/02/2026",
        "tiếp nhận sau giờ làm việc (17:20): bắt đầu tính từ 07:00 27/02/2026",
        "bỏ qua 28/02/2026: Thứ Bảy",
        "bỏ qua 01/03/2026: Chủ nhật",
        "ngày làm việc thứ 1: 02/03/2026",
        "hạn trả kết quả: 07:00 02/03/2026",
    ]


# fmt: off
START_TEXTS = [
    # (calendar, policy, received, the line explaining the start)
    (CIVIL_SERVICE, A, vn(2026, 3, 2, 6, 15),
     "tiếp nhận trước giờ làm việc (06:15): bắt đầu tính từ 07:00 02/03/2026"),
    (CIVIL_SERVICE, A, vn(2026, 3, 2, 12, 5),
     "tiếp nhận trong giờ nghỉ trưa (12:05): bắt đầu tính từ 13:30 02/03/2026"),
    (CIVIL_SERVICE, A, vn(2026, 2, 28, 9),
     "tiếp nhận vào ngày nghỉ (Thứ Bảy): bắt đầu tính từ 07:00 02/03/2026"),
    (CUTOFF_15, A, vn(2026, 2, 26, 15, 20),
     "tiếp nhận sau giờ chốt 15:00 (15:20): bắt đầu tính từ 07:00 27/02/2026"),
    (CUTOFF_15, B, vn(2026, 2, 26, 15, 20),
     "tiếp nhận sau giờ chốt 15:00 (15:20): coi như tiếp nhận ngày 27/02/2026"),
    (CUTOFF_15, B, vn(2026, 2, 17, 9),
     "tiếp nhận vào ngày nghỉ (Tết Nguyên Đán): coi như tiếp nhận ngày 23/02/2026"),
]
# fmt: on


@pytest.mark.parametrize(("calendar", "policy", "received", "line"), START_TEXTS)
def test_it_explains_when_counting_starts(
    calendar: WorkCalendar, policy: DeadlinePolicy, received: datetime, line: str
) -> None:
    deadline = compute(received, 2, calendar=calendar, policy=policy)
    starts = [e for e in deadline.trail if e.kind in (TrailKind.START, TrailKind.DEEMED)]
    assert [e.text for e in starts] == [line]


def test_it_explains_a_pause_across_tet() -> None:
    deadline = compute(vn(2026, 2, 9, 9), 5, pauses=[pause(vn(2026, 2, 12, 9), vn(2026, 2, 24, 9))])
    lines = texts(deadline)
    assert "+3 ngày làm việc: chờ bổ sung hồ sơ (09:00 12/02/2026 – 09:00 24/02/2026)" in lines
    assert "tạm dừng 13/02/2026: chờ bổ sung hồ sơ" in lines
    assert "tạm dừng 23/02/2026: chờ bổ sung hồ sơ" in lines
    assert "bỏ qua 18/02/2026: Tết Nguyên Đán" in lines
    entry = next(e for e in deadline.trail if e.kind is TrailKind.PAUSE)
    assert entry.params["amount"] == timedelta(hours=24)
    assert entry.params["reason"] == SUPPLEMENT


# fmt: off
PAUSE_TEXTS = [
    # (pause start, end, unit, the pause line)
    (vn(2026, 3, 3, 9), vn(2026, 3, 4, 11), WD,
     "+1 ngày 2 giờ làm việc: chờ bổ sung hồ sơ (09:00 03/03/2026 – 11:00 04/03/2026)"),
    (vn(2026, 3, 3, 9), vn(2026, 3, 3, 11), WD,
     "+2 giờ làm việc: chờ bổ sung hồ sơ (09:00 03/03/2026 – 11:00 03/03/2026)"),
    (vn(2026, 3, 3, 9), vn(2026, 3, 3, 10, 30), WD,
     "+1 giờ 30 phút làm việc: chờ bổ sung hồ sơ (09:00 03/03/2026 – 10:30 03/03/2026)"),
    (vn(2026, 3, 3, 11), vn(2026, 3, 3, 13), WD,
     "+30 phút làm việc: chờ bổ sung hồ sơ (11:00 03/03/2026 – 13:00 03/03/2026)"),
    (vn(2026, 3, 3, 12), vn(2026, 3, 3, 13), WD,
     "+0 giờ làm việc: chờ bổ sung hồ sơ (12:00 03/03/2026 – 13:00 03/03/2026)"),
    (vn(2026, 3, 3, 9), vn(2026, 3, 5, 9), CD,
     "+2 ngày: chờ bổ sung hồ sơ (09:00 03/03/2026 – 09:00 05/03/2026)"),
]
# fmt: on


@pytest.mark.parametrize(("start", "end", "unit", "line"), PAUSE_TEXTS)
def test_it_renders_the_time_a_pause_added(
    start: datetime, end: datetime, unit: DurationUnit, line: str
) -> None:
    deadline = compute(vn(2026, 3, 2, 10), 10, unit=unit, pauses=[pause(start, end)])
    assert line in texts(deadline)


def test_it_reports_an_open_pause_as_paused() -> None:
    deadline = compute(vn(2026, 3, 2, 10), 2, pauses=[pause(vn(2026, 3, 3, 10), None)])
    assert deadline.paused
    assert deadline.due == deadline.legal_due == vn(2026, 3, 4, 10)  # as if resumed at once
    assert deadline.remaining == timedelta(hours=8)
    assert texts(deadline)[-3:] == [
        "đang tạm dừng từ 10:00 03/03/2026: chờ bổ sung hồ sơ (còn lại 1 ngày làm việc)",
        "tạm dừng 04/03/2026: chờ bổ sung hồ sơ",
        "hạn trả kết quả (tạm tính, đang tạm dừng): 10:00 04/03/2026",
    ]


def test_it_reports_an_open_pause_after_a_closed_one() -> None:
    pauses = [
        pause(vn(2026, 3, 2, 13, 30), vn(2026, 3, 3, 13, 30), FINANCIAL_OBLIGATION),
        pause(vn(2026, 3, 5, 9), None),
    ]
    deadline = compute(vn(2026, 3, 2, 10), 3, pauses=pauses)
    assert deadline.paused
    assert deadline.due == vn(2026, 3, 6, 10)  # 3 days + 1 day of financial obligation
    assert deadline.remaining == timedelta(hours=9)


def test_it_reports_an_open_pause_after_the_due_with_nothing_left() -> None:
    deadline = compute(vn(2026, 3, 2, 10), 1, pauses=[pause(vn(2026, 3, 5, 9), None)])
    assert deadline.paused
    assert deadline.remaining == timedelta(0)


def test_it_keeps_calendar_days_for_an_open_pause_of_a_calendar_procedure() -> None:
    deadline = compute(
        vn(2025, 10, 27, 10), 10, unit=CD, pauses=[pause(vn(2025, 10, 29, 10), None)]
    )
    assert deadline.paused
    assert deadline.remaining == timedelta(days=8)
    lines = texts(deadline)
    assert "đang tạm dừng từ 10:00 29/10/2025: chờ bổ sung hồ sơ (còn lại 8 ngày)" in lines
    assert "tạm dừng 05/11/2025: chờ bổ sung hồ sơ" in lines


def test_it_says_when_a_pause_came_too_late() -> None:
    deadline = compute(
        vn(2023, 10, 27, 9, 32), 5, pauses=[pause(vn(2023, 11, 6, 9), vn(2023, 11, 8, 9))]
    )
    assert "không gia hạn: chờ bổ sung hồ sơ từ 09:00 06/11/2023, sau hạn giải quyết" in texts(
        deadline
    )


def test_it_moves_due_but_not_legal_due_on_reappointment() -> None:
    deadline = compute(vn(2023, 10, 27, 9, 32), 5, reappointed_due=vn(2023, 11, 7, 17))
    assert deadline.legal_due == vn(2023, 11, 3, 9, 32)
    assert deadline.due == vn(2023, 11, 7, 17)
    assert texts(deadline)[-7:] == [
        "ngày làm việc thứ 5: 03/11/2023",
        "hẹn lại ngày trả kết quả: 17:00 07/11/2023 (hạn theo quy định: 09:32 03/11/2023)",
        "bỏ qua 04/11/2023: Thứ Bảy",
        "bỏ qua 05/11/2023: Chủ nhật",
        "ngày làm việc thêm theo phiếu hẹn lại: 06/11/2023",
        "ngày làm việc thêm theo phiếu hẹn lại: 07/11/2023",
        "hạn trả kết quả: 17:00 07/11/2023",
    ]
    resolved = vn(2023, 11, 6, 10)  # before the new appointment, after the legal due
    assert classify_resolution(resolved, deadline.legal_due) is Timeliness.LATE


def test_it_explains_calendar_days_rolling_past_a_weekend() -> None:
    assert texts(compute(vn(2025, 10, 27, 10), 5, unit=CD, policy=B)) == [
        "tiếp nhận hồ sơ: 10:00 27/10/2025",
        "ngày thứ 1: 28/10/2025",
        "ngày thứ 2: 29/10/2025",
        "ngày thứ 3: 30/10/2025",
        "ngày thứ 4: 31/10/2025",
        "ngày thứ 5: 01/11/2025 (Thứ Bảy)",
        "bỏ qua 02/11/2025: Chủ nhật",
        "ngày cuối thời hạn 01/11/2025 là ngày nghỉ (Thứ Bảy):"
        " chuyển sang ngày làm việc tiếp theo 03/11/2025",
        "hạn trả kết quả: 17:00 03/11/2025",
    ]


def test_it_explains_calendar_days_after_a_reappointment() -> None:
    deadline = compute(
        vn(2025, 10, 27, 10), 3, unit=CD, policy=B, reappointed_due=vn(2025, 11, 3, 17)
    )
    assert deadline.legal_due == vn(2025, 10, 30, 17)
    assert [(e.kind, e.day.day) for e in deadline.trail][-6:] == [
        (TrailKind.REAPPOINTMENT, 30),
        (TrailKind.EXTENDED_DAY, 31),
        (TrailKind.SKIP, 1),
        (TrailKind.SKIP, 2),
        (TrailKind.EXTENDED_DAY, 3),
        (TrailKind.DUE, 3),
    ]


def test_its_trail_entries_are_machine_readable_values() -> None:
    deadline = compute(vn(2023, 10, 27, 9, 32), 5)
    first = deadline.trail[0]
    assert first.kind == "received"
    assert first.params["at"] == vn(2023, 10, 27, 9, 32)
    count = deadline.trail[3]
    assert (count.kind, count.day, dict(count.params)) == (
        TrailKind.COUNT,
        date(2023, 10, 30),
        {"n": 1, "unit": "working_days"},
    )
    same = TrailEntry(TrailKind.COUNT, date(2023, 10, 30), {"unit": "working_days", "n": 1})
    assert same == count
    assert hash(same) == hash(count)
    assert deadline.trail is deadline.trail  # built once
    assert Deadline(vn(2026, 1, 5), vn(2026, 1, 5)).trail == ()


def test_it_pickles_a_deadline_with_its_calendar_and_trail() -> None:
    deadline = compute(vn(2026, 2, 12, 14), 5, calendar=CUTOFF_15)
    assert deadline.trail  # cached on the instance, pickled with it
    copy = pickle.loads(pickle.dumps(deadline))
    assert copy == deadline
    assert copy.trail == deadline.trail
    assert pickle.loads(pickle.dumps(CUTOFF_15)) == CUTOFF_15


# fmt: off
TIMELINESS_CASES = [
    # (resolved, due, result) — compared by LOCAL date (SPEC §11.3)
    (vn(2023, 11, 2, 16), vn(2023, 11, 3, 9, 32), Timeliness.EARLY),
    (vn(2023, 11, 3, 16), vn(2023, 11, 3, 9, 32), Timeliness.ON_TIME),   # same date, later hour
    (vn(2023, 11, 4, 8), vn(2023, 11, 3, 17), Timeliness.LATE),
    (datetime(2023, 11, 3, 16, 59, tzinfo=UTC), vn(2023, 11, 3, 9, 32), Timeliness.ON_TIME),
    (datetime(2023, 11, 3, 17, 1, tzinfo=UTC), vn(2023, 11, 3, 9, 32), Timeliness.LATE),
]
# fmt: on


@pytest.mark.parametrize(("resolved", "due", "expected"), TIMELINESS_CASES)
def test_it_classifies_a_resolution_by_local_date(
    resolved: datetime, due: datetime, expected: Timeliness
) -> None:
    assert classify_resolution(resolved, due) is expected


def test_it_labels_results_in_vietnamese() -> None:
    assert [t.label_vi for t in Timeliness] == ["trước hạn", "đúng hạn", "quá hạn"]
    assert [s.label_vi for s in DeadlineStatus] == ["trong hạn", "sắp đến hạn", "quá hạn"]
    assert DurationUnit("calendar_days") is CD
    assert DeadlinePolicy("end_of_day") is B


# fmt: off
STATUS_CASES = [
    # (now, due, status)
    (vn(2026, 3, 2, 9), vn(2026, 3, 5, 17), DeadlineStatus.ON_TRACK),
    (vn(2026, 3, 4, 9), vn(2026, 3, 5, 17), DeadlineStatus.DUE_SOON),   # due next working day
    (vn(2026, 3, 5, 16), vn(2026, 3, 5, 9), DeadlineStatus.DUE_SOON),   # due today, same date
    (vn(2026, 2, 13, 9), vn(2026, 2, 23, 17), DeadlineStatus.DUE_SOON),  # across Tết 2026
    (vn(2026, 2, 12, 9), vn(2026, 2, 23, 17), DeadlineStatus.ON_TRACK),
    (vn(2026, 3, 6, 7), vn(2026, 3, 5, 17), DeadlineStatus.OVERDUE),
]
# fmt: on


@pytest.mark.parametrize(("now", "due", "expected"), STATUS_CASES)
def test_it_tells_the_live_status(now: datetime, due: datetime, expected: DeadlineStatus) -> None:
    assert deadline_status(now, due, CIVIL_SERVICE) is expected


# fmt: off
INVALID = [
    # (keyword arguments, error)
    ({"received_at": datetime(2026, 3, 2, 9)}, InvalidMoment),              # naive
    ({"amount": -1}, InvalidDuration),
    ({"amount": Decimal("0.3")}, InvalidDuration),                          # not a ½ day
    ({"amount": Decimal("0.01"), "unit": WH}, InvalidDuration),             # 36 seconds
    ({"amount": Decimal("1.5"), "unit": CD}, InvalidDuration),
    ({"amount": 1.5}, InvalidDuration),                                     # float
    ({"amount": True}, InvalidDuration),                                    # bool
    ({"amount": Decimal("NaN")}, InvalidDuration),
    ({"amount": Decimal("-Infinity")}, InvalidDuration),
    ({"pauses": [pause(vn(2026, 3, 1, 9), vn(2026, 3, 3, 9))]}, InvalidPause),  # before receipt
    ({"pauses": [pause(vn(2026, 3, 3, 9), vn(2026, 3, 4, 9)),
                 pause(vn(2026, 3, 4, 8), vn(2026, 3, 5, 9))]}, InvalidPause),  # overlap
    ({"pauses": [pause(vn(2026, 3, 3, 9), None),
                 pause(vn(2026, 3, 4, 8), vn(2026, 3, 5, 9))]}, InvalidPause),  # open not last
    ({"pauses": [pause(vn(2026, 3, 3, 9), vn(2026, 3, 2, 11))]}, InvalidPause),  # backwards
    ({"pauses": [pause(datetime(2026, 3, 3, 9), None)]}, InvalidMoment),        # naive
    ({"reappointed_due": vn(2026, 3, 3, 17)}, InvalidReappointment),            # too early
    ({"reappointed_due": vn(2026, 3, 7, 17)}, InvalidReappointment),            # Saturday
]
# fmt: on


@pytest.mark.parametrize(("kwargs", "error"), INVALID)
def test_it_refuses_invalid_input(kwargs: dict[str, object], error: type[DomainError]) -> None:
    options: dict[str, object] = {
        "received_at": vn(2026, 3, 2, 9),
        "amount": 3,
        "unit": WD,
        "calendar": CIVIL_SERVICE,
        "policy": A,
    }
    with pytest.raises(error):
        compute_deadline(**(options | kwargs))  # type: ignore[arg-type]
