"""Tests of `motcua.domain.workdays.WorkCalendar` on the real 2023-2027 calendar.

Table-driven: each row is one case, with a comment saying why it matters.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.domain.errors import CalendarRangeError, DomainError, InvalidCalendar
from motcua.domain.workdays import MAX_DATE, MIN_DATE, WorkCalendar
from tests.domain.calendars import (
    CIVIL_SERVICE,
    DAYS_OFF,
    EXTRA_WORKING_DAYS,
    HUNG_KINGS,
    OBSERVED,
    PENDING_CULTURE_DAY,
    SWAPPED,
    TET,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CUTOFF_15 = WorkCalendar(days_off=DAYS_OFF, extra_working_days=EXTRA_WORKING_DAYS, cutoff=time(15))

# fmt: off
REASON_OFF_CASES = [
    # (day, reason it is off; None = working day)
    (date(2023, 10, 30), None),                  # an ordinary Monday
    (date(2026, 2, 17), TET),                    # Tết 2026, lunar 1/1
    (date(2026, 2, 21), "Thứ Bảy"),              # Saturday after Tết 2026 is a plain weekend
    (date(2026, 2, 22), "Chủ nhật"),             # Sunday
    (date(2026, 4, 26), HUNG_KINGS),             # Giỗ Tổ 2026 on a Sunday keeps its name
    (date(2026, 4, 27), HUNG_KINGS + OBSERVED),  # ... and is observed on Monday
    (date(2026, 8, 22), None),                   # Saturday worked (làm bù) for Mon 31/8/2026
    (date(2026, 8, 31), SWAPPED),                # the swapped Monday off
    (date(2026, 1, 10), None),                   # Saturday worked for Fri 2/1/2026
    (date(2026, 1, 2), SWAPPED),                 # New Year 2026 bridge day
    (date(2025, 4, 26), None),                   # Saturday worked for Fri 2/5/2025
    (date(2025, 5, 2), SWAPPED),                 # Fri 2/5/2025 off
    (date(2026, 11, 24), None),                  # culture day: pending, not enabled
]
# fmt: on


@pytest.mark.parametrize(("day", "reason"), REASON_OFF_CASES)
def test_it_names_the_reason_a_day_is_off(day: date, reason: str | None) -> None:
    assert CIVIL_SERVICE.reason_off(day) == reason
    assert CIVIL_SERVICE.is_working_day(day) is (reason is None)


# fmt: off
ADD_CASES = [
    # (start, n working days, expected)
    (date(2023, 10, 27), 5, date(2023, 11, 3)),   # SPEC §11.2 Thanh Hóa example
    (date(2025, 1, 24), 1, date(2025, 2, 3)),     # skips Tết 2025 (27/01-31/01) and weekends
    (date(2026, 2, 13), 1, date(2026, 2, 23)),    # skips Tết 2026 (16/02-20/02)
    (date(2026, 2, 12), 3, date(2026, 2, 24)),    # Fri 13, Mon 23, Tue 24
    (date(2025, 4, 25), 1, date(2025, 4, 26)),    # make-up Saturday 26/4/2025 counts
    (date(2025, 4, 24), 3, date(2025, 4, 28)),    # Fri 25, Sat 26 (làm bù), Mon 28
    (date(2025, 4, 29), 1, date(2025, 5, 5)),     # 30/4, 1/5, 2/5 (swapped) and weekend
    (date(2026, 4, 24), 1, date(2026, 4, 28)),    # Giỗ Tổ observed Mon 27/4/2026
    (date(2026, 8, 21), 1, date(2026, 8, 22)),    # Sat 22/8/2026 is worked
    (date(2026, 8, 28), 1, date(2026, 9, 3)),     # National Day 2026: 31/8, 1/9, 2/9 off
    (date(2026, 2, 21), 0, date(2026, 2, 21)),    # adding nothing keeps the day, even if off
    (date(2026, 2, 23), -1, date(2026, 2, 13)),   # backwards across Tết 2026
    (date(2026, 2, 21), -1, date(2026, 2, 13)),   # backwards from a day off
    (date(2026, 2, 23), -2, date(2026, 2, 12)),
]
# fmt: on


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_it_adds_working_days(start: date, n: int, expected: date) -> None:
    assert CIVIL_SERVICE.add_working_days(start, n) == expected
    if n >= 0:
        assert CIVIL_SERVICE.working_days_between(start, expected) == n


# fmt: off
BETWEEN_CASES = [
    # (a, b, working days d with a < d <= b)
    (date(2026, 2, 13), date(2026, 2, 22), 0),    # all of Tết 2026 week and weekends
    (date(2026, 2, 12), date(2026, 2, 23), 2),    # Fri 13 and Mon 23
    (date(2026, 2, 23), date(2026, 2, 12), -2),   # reversed
    (date(2026, 8, 21), date(2026, 8, 23), 1),    # the make-up Saturday only
    (date(2023, 1, 1), date(2023, 12, 31), 249),  # 2023: 260 weekdays - 11 weekdays off
]
# fmt: on


@pytest.mark.parametrize(("a", "b", "expected"), BETWEEN_CASES)
def test_it_counts_working_days_between(a: date, b: date, expected: int) -> None:
    assert CIVIL_SERVICE.working_days_between(a, b) == expected


def test_it_moves_to_the_next_working_day() -> None:
    assert CIVIL_SERVICE.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert CIVIL_SERVICE.next_working_day(date(2026, 2, 23)) == date(2026, 2, 24)
    assert CIVIL_SERVICE.working_day_on_or_after(date(2026, 2, 17)) == date(2026, 2, 23)
    assert CIVIL_SERVICE.working_day_on_or_after(date(2026, 2, 23)) == date(2026, 2, 23)


# fmt: off
MOMENT_CASES = [
    # (calendar, received, counting starts)
    (CIVIL_SERVICE, datetime(2023, 10, 27, 9, 32), datetime(2023, 10, 27, 9, 32)),   # inside
    (CIVIL_SERVICE, datetime(2026, 2, 26, 17, 20), datetime(2026, 2, 27, 7, 0)),     # after 17:00
    (CIVIL_SERVICE, datetime(2026, 2, 26, 17, 0), datetime(2026, 2, 27, 7, 0)),      # at 17:00
    (CIVIL_SERVICE, datetime(2026, 2, 27, 17, 5), datetime(2026, 3, 2, 7, 0)),       # Fri eve
    (CIVIL_SERVICE, datetime(2026, 3, 2, 6, 15), datetime(2026, 3, 2, 7, 0)),        # early
    (CIVIL_SERVICE, datetime(2026, 3, 2, 11, 30), datetime(2026, 3, 2, 13, 30)),     # lunch
    (CIVIL_SERVICE, datetime(2026, 3, 2, 12, 5), datetime(2026, 3, 2, 13, 30)),      # lunch
    (CIVIL_SERVICE, datetime(2026, 2, 17, 10, 0), datetime(2026, 2, 23, 7, 0)),      # Tết
    (CIVIL_SERVICE, datetime(2026, 8, 22, 10, 0), datetime(2026, 8, 22, 10, 0)),     # làm bù
    (CUTOFF_15, datetime(2026, 2, 26, 15, 20), datetime(2026, 2, 27, 7, 0)),         # cut-off
    (CUTOFF_15, datetime(2026, 2, 26, 15, 0), datetime(2026, 2, 26, 15, 0)),         # at it
]
# fmt: on


@pytest.mark.parametrize(("calendar", "received", "expected"), MOMENT_CASES)
def test_it_normalises_the_receipt_moment(
    calendar: WorkCalendar, received: datetime, expected: datetime
) -> None:
    assert calendar.next_working_moment(received) == expected
    aware = calendar.next_working_moment(received.replace(tzinfo=VN))
    assert aware == expected.replace(tzinfo=VN)


# fmt: off
WORKING_TIME_CASES = [
    # (a, b, working time from a to b)
    (datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 15, 0), timedelta(hours=4)),  # lunch out
    (datetime(2026, 2, 12, 9, 0), datetime(2026, 2, 24, 9, 0), timedelta(hours=24)),  # Tết
    (datetime(2026, 2, 14, 9, 0), datetime(2026, 2, 22, 9, 0), timedelta(0)),  # all off
    (datetime(2026, 3, 2, 18, 0), datetime(2026, 3, 2, 6, 0), -timedelta(hours=8)),  # reversed
    (datetime(2026, 3, 3, 7, 0), datetime(2026, 3, 2, 7, 0), -timedelta(hours=8)),
]
# fmt: on


@pytest.mark.parametrize(("a", "b", "expected"), WORKING_TIME_CASES)
def test_it_measures_working_time(a: datetime, b: datetime, expected: timedelta) -> None:
    assert CIVIL_SERVICE.working_time_between(a, b) == expected


# fmt: off
ADD_TIME_CASES = [
    # (from, working time, result)
    (datetime(2026, 3, 2, 9, 0), timedelta(hours=4), datetime(2026, 3, 2, 15, 0)),
    (datetime(2026, 3, 2, 7, 0), timedelta(hours=4, minutes=30), datetime(2026, 3, 2, 11, 30)),
    (datetime(2026, 3, 2, 7, 0), timedelta(hours=8), datetime(2026, 3, 2, 17, 0)),  # not 07:00
    (datetime(2026, 2, 13, 14, 0), timedelta(hours=12), datetime(2026, 2, 24, 8, 0)),  # Tết
    (datetime(2026, 2, 14, 9, 0), timedelta(hours=1), datetime(2026, 2, 23, 8, 0)),  # from off
]
# fmt: on


@pytest.mark.parametrize(("start", "delta", "expected"), ADD_TIME_CASES)
def test_it_adds_working_time(start: datetime, delta: timedelta, expected: datetime) -> None:
    assert CIVIL_SERVICE.add_working_time(start, delta) == expected


def test_it_refuses_negative_working_time() -> None:
    with pytest.raises(InvalidCalendar):
        CIVIL_SERVICE.add_working_time(datetime(2026, 3, 2, 9), timedelta(hours=-1))


def test_it_has_an_eight_hour_day_by_default() -> None:
    assert CIVIL_SERVICE.day_length == timedelta(hours=8)
    assert WorkCalendar(periods=((time(8), time(12)),)).day_length == timedelta(hours=4)


def test_it_lets_an_admin_add_the_pending_culture_day() -> None:
    with_culture_day = WorkCalendar(
        days_off={**DAYS_OFF, **PENDING_CULTURE_DAY}, extra_working_days=EXTRA_WORKING_DAYS
    )
    assert with_culture_day.reason_off(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert with_culture_day.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)


def test_it_supports_another_weekend() -> None:
    sunday_only = WorkCalendar(weekend=frozenset({6}))
    assert sunday_only.is_working_day(date(2026, 2, 21))
    assert sunday_only.reason_off(date(2026, 2, 22)) == "Chủ nhật"
    assert sunday_only.add_working_days(date(2026, 2, 20), 2) == date(2026, 2, 23)


def test_it_is_a_value_object() -> None:
    source = dict(DAYS_OFF)
    one = WorkCalendar(days_off=source, extra_working_days=EXTRA_WORKING_DAYS)
    two = WorkCalendar(days_off=DAYS_OFF, extra_working_days=EXTRA_WORKING_DAYS)
    one.add_working_days(date(2026, 1, 1), 3)  # builds the cache of `one` only
    assert one == two == CIVIL_SERVICE
    assert hash(one) == hash(two)
    source[date(2026, 3, 2)] = "late edit"  # the calendar copied its input
    assert one.is_working_day(date(2026, 3, 2))
    with pytest.raises(TypeError):
        one.days_off[date(2026, 3, 3)] = "x"  # type: ignore[index]


def _day_loop(calendar: WorkCalendar, start: date, n: int) -> date:
    """Reference implementation: walk day by day."""
    day = start
    while n:
        day += timedelta(days=1)
        n -= calendar.is_working_day(day)
    return day


def test_it_grows_its_index_in_both_directions() -> None:
    calendar = WorkCalendar(days_off=DAYS_OFF)
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert calendar.add_working_days(date(1990, 1, 5), 1) == date(1990, 1, 8)  # Fri -> Mon
    assert calendar.add_working_days(date(2390, 1, 5), 1) == date(2390, 1, 8)  # Fri -> Mon
    assert calendar.add_working_days(date(2100, 1, 4), -1) == date(2100, 1, 1)  # Mon -> Fri
    far = calendar.add_working_days(date(2000, 1, 3), 50_000)
    assert far == _day_loop(calendar, date(2000, 1, 3), 50_000)


# fmt: off
RANGE_CASES = [
    # (call) -> CalendarRangeError
    lambda: CIVIL_SERVICE.add_working_days(date(1899, 12, 29), 1),     # before MIN_DATE
    lambda: CIVIL_SERVICE.add_working_days(MAX_DATE, 1),               # past MAX_DATE
    lambda: CIVIL_SERVICE.add_working_days(MIN_DATE, -1),              # before MIN_DATE
    lambda: CIVIL_SERVICE.add_working_days(date(2026, 1, 1), 10**7),   # absurdly far
]
# fmt: on


@pytest.mark.parametrize("call", RANGE_CASES)
def test_it_refuses_dates_out_of_range(call: object) -> None:
    with pytest.raises(CalendarRangeError):
        call()  # type: ignore[operator]


# fmt: off
INVALID_CALENDARS = [
    # (constructor arguments) -> InvalidCalendar
    {"periods": ()},                                                   # no working time
    {"periods": ((time(13), time(17)), (time(7), time(11)))},          # unsorted
    {"periods": ((time(7), time(12)), (time(11), time(17)))},          # overlapping
    {"periods": ((time(7), time(7)),)},                                # empty period
    {"periods": ((time(7, tzinfo=ZoneInfo("UTC")), time(11)),)},       # aware times
    {"weekend": frozenset(range(7))},                                  # nobody works
    {"weekend": frozenset({7})},                                       # not a weekday
    {"cutoff": time(18)},                                              # after closing
    {"cutoff": time(6)},                                               # before opening
    {"days_off": {datetime(2026, 1, 1): "x"}},                         # datetime key
    {"extra_working_days": {"2026-01-10": "x"}},                       # string key
]
# fmt: on


@pytest.mark.parametrize("kwargs", INVALID_CALENDARS)
def test_it_refuses_an_inconsistent_calendar(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidCalendar) as error:
        WorkCalendar(**kwargs)  # type: ignore[arg-type]
    assert isinstance(error.value, DomainError)
