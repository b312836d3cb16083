"""Desk pages of the working calendar, with personas."""

import pytest
from django.urls import reverse
from django.utils import translation

from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    holidays_seed(actor=None, years=range(2026, 2027))


def test_any_officer_sees_the_year_with_reasons(client, personas, seeded):
    client.force_login(personas.officer_y)
    body = client.get(reverse("desk:calendar_year", args=[2026])).content.decode()
    assert "Lịch làm việc năm 2026" in body  # no thousands separator in a year
    assert "Giao thừa Tết Nguyên Đán" in body and "Làm bù cho ngày nghỉ 31/08/2026" in body


def test_the_calendar_link_goes_to_this_year(client, personas, time_machine):
    time_machine.move_to("2027-03-01 10:00 +07:00")
    client.force_login(personas.officer_x)
    response = client.get(reverse("desk:calendar"))
    assert response["Location"] == reverse("desk:calendar_year", args=[2027])


@pytest.mark.parametrize("year", [1999, 2101])
def test_years_out_of_range_are_404(client, personas, year):
    client.force_login(personas.officer_x)
    assert client.get(reverse("desk:calendar_year", args=[year])).status_code == 404


def test_citizens_and_anonymous_visitors_get_no_calendar_page(client, personas):
    url = reverse("desk:calendar_year", args=[2026])
    assert client.get(url)["Location"].startswith(reverse("desk:login"))
    client.force_login(personas.citizen_a)
    assert client.get(url).status_code == 404
    assert client.get(reverse("desk:deadline_check")).status_code == 404


def test_only_calendar_editors_get_the_edit_link(client, personas, seeded):
    client.force_login(personas.officer_x)
    body = client.get(reverse("desk:calendar_year", args=[2026])).content.decode()
    assert "Sửa ngày nghỉ" not in body


def test_the_deadline_checker_explains_the_due_date(client, personas, seeded):
    client.force_login(personas.officer_x)
    response = client.get(
        reverse("desk:deadline_check"),
        {
            "received_date": "13/02/2026",
            "received_time": "16:00",
            "amount": "3",
            "unit": "working_days",
        },
    )
    body = response.content.decode()
    assert "Hẹn trả kết quả: 16:00 25/02/2026" in body
    assert "bỏ qua 17/02/2026: Tết Nguyên Đán" in body


def test_the_deadline_checker_accepts_a_half_day_with_a_comma(client, personas, seeded):
    client.force_login(personas.officer_x)
    body = client.get(
        reverse("desk:deadline_check"),
        {
            "received_date": "02/03/2026",
            "received_time": "08:00",
            "amount": "0,5",
            "unit": "working_days",
        },
    ).content.decode()
    # 08:00 + 4 working hours: 3.5 h until 11:30, then 0.5 h from 13:30.
    assert "Hẹn trả kết quả: 14:00 02/03/2026" in body


def test_bad_input_gets_field_errors_in_vietnamese(client, personas):
    client.force_login(personas.officer_x)
    body = client.get(
        reverse("desk:deadline_check"),
        {
            "received_date": "32/02/2026",
            "received_time": "16h",
            "amount": "abc",
            "unit": "working_days",
        },
    ).content.decode()
    assert "Có 3 lỗi cần sửa" in body
    assert "Nhập ngày theo dạng ngày/tháng/năm" in body
    assert "Thời hạn phải là một số" in body


def test_the_trail_reads_in_english_when_chosen(client, personas, seeded):
    client.force_login(personas.officer_x)
    client.cookies["django_language"] = "en"
    body = client.get(
        reverse("desk:deadline_check"),
        {
            "received_date": "13/02/2026",
            "received_time": "16:00",
            "amount": "3",
            "unit": "working_days",
        },
    ).content.decode()
    with translation.override("en"):
        assert "Due: 16:00 25/02/2026" in body
    assert "skipped 17/02/2026: Tết Nguyên Đán" in body
