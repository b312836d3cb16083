"""The province calendar as a WorkCalendar, due dates from the database, year grids."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from motcua.domain.deadlines import DurationUnit
from motcua.workcal.models import DayKind, WorkingPolicy
from motcua.workcal.selectors import calendar_year, deadline_compute, work_calendar
from motcua.workcal.services import calendar_day_set, holidays_seed

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def seeded():
    holidays_seed(actor=None, years=range(2023, 2028))


def test_the_spec_case_received_friday_27_10_2023_is_due_friday_3_11(seeded):
    deadline = deadline_compute(
        received_at=datetime(2023, 10, 27, 9, 32, tzinfo=VN),
        amount=5,
        unit=DurationUnit.WORKING_DAYS,
    )
    assert deadline.due == datetime(2023, 11, 3, 9, 32, tzinfo=VN)


def test_tet_2026_is_skipped(seeded):
    deadline = deadline_compute(
        received_at=datetime(2026, 2, 13, 16, 0, tzinfo=VN),
        amount=3,
        unit=DurationUnit.WORKING_DAYS,
    )
    assert deadline.due.date() == date(2026, 2, 25)
    assert "bỏ qua 17/02/2026: Tết Nguyên Đán" in [e.text for e in deadline.trail]


def test_the_make_up_saturday_counts_as_a_working_day(seeded):
    cal = work_calendar()
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))


def test_an_administrator_correction_is_seen_at_once(seeded, personas):
    assert work_calendar().is_working_day(date(2026, 12, 31))
    calendar_day_set(
        actor=personas.supervisor,
        day=date(2026, 12, 31),
        kind=DayKind.OFF,
        reason="Nghỉ cuối năm",
        notice="Thông báo 99/TB-UBND",
    )
    assert not work_calendar().is_working_day(date(2026, 12, 31))
    assert work_calendar().reason_off(date(2026, 12, 31)) == "Nghỉ cuối năm"


def test_the_policy_in_force_on_the_receipt_day_applies():
    WorkingPolicy.objects.create(valid_from=date(2019, 1, 1))
    WorkingPolicy.objects.create(
        valid_from=date(2026, 1, 1), cutoff=time(15, 0), deadline_policy="end_of_day"
    )
    early = deadline_compute(
        received_at=datetime(2025, 12, 30, 16, 0, tzinfo=VN),
        amount=1,
        unit=DurationUnit.WORKING_DAYS,
    )
    late = deadline_compute(
        received_at=datetime(2026, 1, 6, 16, 0, tzinfo=VN), amount=1, unit=DurationUnit.WORKING_DAYS
    )
    assert early.due == datetime(2025, 12, 31, 16, 0, tzinfo=VN)  # hour-exact
    # After the 15:00 cut-off, deemed received on Wed 07/01; day 1 is Thu 08/01, end of day.
    assert late.due == datetime(2026, 1, 8, 17, 0, tzinfo=VN)


def test_the_year_grid_explains_each_day_off(seeded):
    months = calendar_year(year=2026)
    assert len(months) == 12
    february = months[1]
    reasons = {c.day: c.reason for c in february.notable}
    assert reasons[date(2026, 2, 17)] == "Tết Nguyên Đán"
    cells = {c.day: c for week in february.weeks for c in week if c}
    assert len(cells) == 28 and not cells[date(2026, 2, 17)].working
    assert cells[date(2026, 2, 21)].reason == "Thứ Bảy" and cells[date(2026, 2, 21)].kind is None
    august = {c.day: c for c in months[7].notable}
    assert august[date(2026, 8, 22)].working and august[date(2026, 8, 22)].kind == DayKind.WORK
