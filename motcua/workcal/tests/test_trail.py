"""The explanation trail reads the same as the domain in Vietnamese, and reads in English."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from motcua.domain.deadlines import (
    FINANCIAL_OBLIGATION,
    SUPPLEMENT,
    DeadlinePolicy,
    DurationUnit,
    Pause,
    compute_deadline,
)
from motcua.domain.workdays import WorkCalendar
from motcua.workcal.trail import trail_text

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar(
    days_off={datetime(2026, 2, d).date(): "Tết Nguyên Đán" for d in range(16, 21)},
    extra_working_days={datetime(2026, 8, 22).date(): "Làm bù cho ngày nghỉ 31/08/2026"},
    cutoff=time(16, 0),
)


def _at(*args):
    return datetime(*args, tzinfo=VN)


CASES = [
    # received during lunch, hour-exact, across Tết
    dict(
        received_at=_at(2026, 2, 13, 12, 0),
        amount=3,
        unit=DurationUnit.WORKING_DAYS,
        policy=DeadlinePolicy.HOUR_EXACT,
    ),
    # after the cut-off, civil-code end of day
    dict(
        received_at=_at(2026, 2, 12, 16, 30),
        amount=2,
        unit=DurationUnit.WORKING_DAYS,
        policy=DeadlinePolicy.END_OF_DAY,
    ),
    # working hours with a closed supplement pause and an open financial-obligation pause
    dict(
        received_at=_at(2026, 3, 2, 8, 0),
        amount=12,
        unit=DurationUnit.WORKING_HOURS,
        policy=DeadlinePolicy.HOUR_EXACT,
        pauses=(
            Pause(_at(2026, 3, 2, 9, 0), _at(2026, 3, 4, 9, 0), SUPPLEMENT),
            Pause(_at(2026, 3, 5, 8, 0), None, FINANCIAL_OBLIGATION),
        ),
    ),
    # calendar days rolling off a weekend, with a re-appointment
    dict(
        received_at=_at(2026, 3, 2, 8, 0),
        amount=5,
        unit=DurationUnit.CALENDAR_DAYS,
        policy=DeadlinePolicy.HOUR_EXACT,
        reappointed_due=_at(2026, 3, 13, 10, 0),
    ),
    # received on a Sunday
    dict(
        received_at=_at(2026, 3, 8, 10, 0),
        amount=1,
        unit=DurationUnit.WORKING_DAYS,
        policy=DeadlinePolicy.HOUR_EXACT,
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_vietnamese_lines_equal_the_domain_text(case):
    deadline = compute_deadline(calendar=CAL, **case)
    with translation.override("vi"):
        assert [trail_text(e) for e in deadline.trail] == [e.text for e in deadline.trail]


@pytest.mark.parametrize("case", CASES)
def test_english_lines_have_no_vietnamese_frame(case):
    deadline = compute_deadline(calendar=CAL, **case)
    with translation.override("en"):
        lines = [trail_text(e) for e in deadline.trail]
    # Only holiday names (data) may stay Vietnamese; strip them and check the rest.
    frame = [re.sub(r"Tết Nguyên Đán|Làm bù cho ngày nghỉ 31/08/2026", "", line) for line in lines]
    assert not [
        line for line in frame if re.search(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", line)
    ]
    assert len(lines) == len(deadline.trail)
