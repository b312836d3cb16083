"""`manage.py due_date`: officers and auditors check a printed appointment."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_due_moment_and_the_trail():
    holidays_seed(actor=None, years=range(2023, 2024))
    out = _run("--received", "2023-10-27 09:32", "--amount", "5", "--unit", "working_days")
    assert out.splitlines()[0] == "Hẹn trả kết quả: 09:32 03/11/2023"
    assert "  – bỏ qua 28/10/2023: Thứ Bảy" in out.splitlines()


def test_json_output_has_an_iso_due_with_vietnam_offset_and_the_trail():
    holidays_seed(actor=None, years=range(2026, 2027))
    data = json.loads(
        _run("--received", "2026-02-13 16:00", "--amount", "3", "--unit", "working_days", "--json")
    )
    assert data["due"] == "2026-02-25T16:00:00+07:00"
    assert data["legal_due"] == data["due"]
    assert "bỏ qua 16/02/2026: Giao thừa Tết Nguyên Đán" in data["trail"]
    assert data["trail"][-1] == "hạn trả kết quả: 16:00 25/02/2026"


def test_calendar_days_roll_to_the_next_working_day():
    holidays_seed(actor=None, years=range(2026, 2027))
    data = json.loads(
        _run(
            "--received", "2026-08-19 10:00", "--amount", "12", "--unit", "calendar_days", "--json"
        )
    )
    # 19/08 + 12 days = Mon 31/08, a day off (swapped), then 01-02/09 National Day: Thu 03/09.
    assert data["due"].startswith("2026-09-03")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "27/13/2023 09:32", "--amount", "5"], "YYYY-MM-DD HH:MM"),
        (["--received", "2023-10-27 09:32", "--amount", "năm"], "phải là một số"),
    ],
)
def test_bad_input_gets_a_clear_vietnamese_error(args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args, "--unit", "working_days")
