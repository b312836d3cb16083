"""The public statistics page (/thong-ke/) and its open data (CSV, JSON), on the
hand-computed province of reports/tests/test_form06 (refreshed on 10/04/2026)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.reports.public import OPEN_DATA_COLUMNS
from motcua.reports.tests.test_form06 import province  # noqa: F401

pytestmark = pytest.mark.django_db
with_province = pytest.mark.usefixtures("province")
PAGE = "/thong-ke/"
CSV = "/thong-ke/du-lieu.csv"
JSON = "/thong-ke/du-lieu.json"
Q1 = {"period": "quarter", "year": "2026", "number": "1"}
SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "api" / "open-data.schema.json"


def _text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _private(text: str) -> None:
    for dossier in Dossier.objects.all():
        assert dossier.code not in text
        assert dossier.applicant_name not in text
        assert dossier.lookup_secret not in text


# --- the page --------------------------------------------------------------------------


def test_the_urls_are_the_documented_ones():
    assert reverse("portal:statistics") == PAGE
    assert reverse("portal:statistics_csv") == CSV
    assert reverse("portal:statistics_json") == JSON


@with_province
def test_the_page_shows_a_quarter_beside_the_one_before(client):
    response = client.get(PAGE, Q1)
    assert response.status_code == 200
    text = _text(response)
    assert "Thống kê giải quyết hồ sơ" in text
    assert "Toàn tỉnh – Quý I/2026" in text
    assert "Từ ngày 01/01/2026 đến ngày 31/03/2026, so với Quý IV/2025." in text
    assert "Số liệu tự động, cập nhật lúc 20:00 10/04/2026." in text
    assert "Số liệu tạm tính" not in text  # Q1 is closed on 10/04
    html = response.content.decode()
    assert "<caption" in html and "Quý I/2026 so với Quý IV/2025" in text
    assert 'role="region"' in html and 'tabindex="0"' in html
    # Sở B: received 6 (1 carried over + 2 online + 3 direct), resolved 0 (no rate),
    # in process 3 of which 1 overdue; Q4 2025: 1 received (paused), nothing else.
    assert "Sở B Quý I/2026 6 2 0 0 – 3 1 Quý IV/2025 1 0 0 0 – 0 0" in text
    assert "Dấu – ở cột tỷ lệ đúng hạn: chưa có hồ sơ nào được giải quyết" in text
    # Sở A (with Phòng A1): 5 received, 5 resolved, 2 before or on time: 40,0 %;
    # Q4 2025: 2 received, 1 resolved late (0,0 %), 1 overdue.
    assert "Sở A Quý I/2026 5 1 5 2 40,0 % 0 0 Quý IV/2025 2 1 1 0 0,0 % 1 1" in text
    assert "UBND xã C Quý I/2026 2 0 0 0" in text
    assert "Toàn tỉnh Quý I/2026 13 3 5 2 40,0 % 4 1 Quý IV/2025 4 1 1 0 0,0 % 2 2" in text
    assert "Phòng A1" not in text  # counted within Sở A
    _private(html)


@with_province
def test_the_province_figures_come_first(client):
    response = client.get(PAGE, Q1)
    stats = response.context["stats"]
    assert stats.total.current.row.received == 13
    kpis = _text(response).split("Toàn tỉnh – Quý I/2026", 1)[1].split("Theo cơ quan", 1)[0]
    assert "13 hồ sơ tiếp nhận Kỳ trước: 4" in kpis
    assert "5 hồ sơ đã giải quyết Kỳ trước: 1" in kpis
    assert "40,0 % giải quyết trước hạn và đúng hạn Kỳ trước: 0,0 %" in kpis
    assert "4 hồ sơ đang giải quyết Kỳ trước: 2" in kpis
    assert "1 hồ sơ đang giải quyết quá hạn Kỳ trước: 2" in kpis


@with_province
def test_by_default_the_current_month_with_a_provisional_note(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    text = _text(response)
    assert "Toàn tỉnh – Tháng 4/2026" in text and "so với Tháng 3/2026" in text
    assert "Số liệu tạm tính" in text
    # April (to 10/04): 6 carried over, 1 resolved on time (100,0 %), 3 overdue
    assert "Toàn tỉnh Tháng 4/2026 6 0 1 1 100,0 % 3 3 Tháng 3/2026 7 1 1 0 0,0 % 4 1" in text
    form = response.context["form"]
    assert (form["period"].value(), form["year"].value(), form["number"].value()) == (
        "month", 2026, 4,
    )  # fmt: skip


@with_province
def test_the_selector_shows_the_chosen_period(client):
    html = client.get(PAGE, {"period": "year", "year": "2025"}).content.decode()
    assert re.search(r'<option value="year" selected>', html)
    assert re.search(r'<option value="2025" selected>2025</option>', html)
    assert "Toàn tỉnh – Năm 2025" in html
    assert 'name="number"' in html and "Tháng 1 / Quý I" in html


@with_province
def test_the_downloads_carry_the_same_period(client):
    html = client.get(PAGE, Q1).content.decode()
    assert 'href="/thong-ke/du-lieu.csv?period=quarter&amp;year=2026&amp;number=1"' in html
    assert 'href="/thong-ke/du-lieu.json?period=quarter&amp;year=2026&amp;number=1"' in html
    assert 'href="/thong-ke/du-lieu.schema.json"' in html
    assert "/api/v1/statistics/form06?period=quarter&amp;year=2026&amp;number=1" in html
    assert 'rel="license"' in html and "CC BY 4.0" in html


@with_province
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"period": "month", "year": "2026", "number": "5"}, "number", "Tháng 5/2026 chưa bắt đầu"),
        ({"period": "year", "year": "2027"}, "year", "Năm 2027 chưa bắt đầu"),
        ({"period": "quarter", "year": "2026", "number": "7"}, "number", "Quý phải từ 1 đến 4"),
        ({"period": "week"}, "period", "Chọn xem theo tháng, quý hoặc năm."),
        ({"year": "hai nghìn"}, "year", "Năm phải là một số, ví dụ 2026."),
        ({"number": "x"}, "number", "Chọn tháng (1–12) hoặc quý (I–IV)."),
        ({"year": "9" * 5000}, "year", "Năm phải là một số, ví dụ 2026."),
        ({"year": "²⁰²⁶"}, "year", "Năm phải là một số, ví dụ 2026."),
        ({"year": "1850"}, "year", "Năm phải từ 2000 trở về sau."),
    ],
)
def test_a_bad_period_is_a_form_error_not_a_500(client, params, field, message):
    response = client.get(PAGE, params)
    assert response.status_code == 400
    assert response.context["stats"] is None
    assert message in response.context["form"].errors[field][0]
    html = response.content.decode()
    assert 'class="mc-error-summary"' in html and f'href="#id_{field}"' in html
    assert "Toàn tỉnh" not in html


def test_the_footer_links_to_the_page(client, db):
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{PAGE}"' in html and "Thống kê giải quyết hồ sơ" in html


def test_no_figures_yet_is_said_plainly(client, db):
    response = client.get(PAGE)
    assert response.status_code == 200
    text = _text(response)
    assert "chưa có lần cập nhật nào" in text
    assert "Chưa có hồ sơ nào trong Tháng" in text


@with_province
def test_anyone_may_read_the_page_and_it_stays_cheap(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        assert client.get(PAGE, Q1).status_code == 200
    assert client.post(PAGE, Q1).status_code == 405


# --- open data -------------------------------------------------------------------------


@with_province
def test_csv_is_utf8_with_bom_and_stable_english_columns(client):
    response = client.get(CSV, Q1)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "thong-ke-giai-quyet-ho-so-2026-q1.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == OPEN_DATA_COLUMNS
    assert [(r["period_start"], r["agency_name"]) for r in rows] == [
        ("2026-01-01", "Sở A"), ("2026-01-01", "Sở B"), ("2026-01-01", "UBND xã C"),
        ("2025-10-01", "Sở A"), ("2025-10-01", "Sở B"), ("2025-10-01", "UBND xã C"),
    ]  # fmt: skip
    b = rows[1]
    assert (b["agency_code"], b["received"], b["resolved"], b["on_time_rate"]) == (
        "so-b", "6", "0", "",
    )  # fmt: skip
    assert (b["carried_over"], b["new_online"], b["new_direct"]) == ("1", "2", "3")
    assert (b["processing"], b["processing_overdue"], b["suspended"]) == ("3", "1", "3")
    assert (b["period_kind"], b["period_end"], b["provisional"]) == (
        "quarter", "2026-03-31", "false",
    )  # fmt: skip
    a_before = rows[3]
    assert (a_before["received"], a_before["resolved_late"], a_before["on_time_rate"]) == (
        "2", "1", "0.0",
    )  # fmt: skip
    assert rows[0]["on_time_rate"] == "0.4"
    _private(text)


@with_province
def test_json_has_metadata_and_follows_the_schema(client):
    response = client.get(JSON, Q1)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content.decode("utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    validator.validate(body)
    assert body["title"] == "Thống kê giải quyết hồ sơ thủ tục hành chính"
    assert body["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert body["schema"] == "http://testserver/thong-ke/du-lieu.schema.json"
    assert body["period"] == {
        "kind": "quarter", "year": 2026, "number": 1, "start": "2026-01-01",
        "end": "2026-03-31", "label": "Quý I/2026",
    }  # fmt: skip
    assert body["previous_period"]["label"] == "Quý IV/2025"
    assert body["as_of"].startswith("2026-04-10T20:00:00+07:00")
    assert body["generated_at"].startswith("2026-04-10T20:00:00+07:00")
    assert body["counting_rules"]["withdrawn_as_resolved"] is False
    totals = body["totals"]
    assert [(t["received"], t["resolved"], t["on_time_rate"]) for t in totals] == [
        (13, 5, 0.4), (4, 1, 0.0),
    ]  # fmt: skip
    b = next(r for r in body["records"] if r["agency_code"] == "so-b")
    assert (b["agency_name"], b["received"], b["resolved"]) == ("Sở B", 6, 0)
    assert "Sở B" in response.content.decode()  # not escaped as \u1edf
    _private(response.content.decode())


def test_the_schema_is_served(client, db):
    response = client.get(reverse("portal:statistics_schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/schema+json")
    assert json.loads(response.content)["$schema"].endswith("2020-12/schema")


@with_province
@pytest.mark.parametrize("url", [CSV, JSON])
def test_downloads_are_cacheable_and_open_to_any_origin(client, url):
    response = client.get(url, Q1)
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    assert etag.startswith('W/"')
    again = client.get(url, Q1, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert "max-age=300" in again["Cache-Control"]
    other = client.get(url, {"period": "quarter", "year": "2025", "number": "4"})
    assert other["ETag"] != etag


@with_province
@pytest.mark.parametrize("url", [CSV, JSON])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "quarter", "year": "2026", "number": "3"}, "number"),
        ({"period": "decade"}, "period"),
        ({"year": "1999"}, "year"),
        ({"year": "abc"}, "year"),
        ({"year": "9" * 5000}, "year"),
    ],
)
def test_bad_download_parameters_are_a_400_problem(client, url, params, field):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Yêu cầu không hợp lệ"
    assert body["instance"] == url
    assert [e["field"] for e in body["errors"]] == [field]


@with_province
def test_the_data_set_speaks_vietnamese_whatever_the_page_language(client):
    client.cookies["django_language"] = "en"
    body = client.get(JSON, Q1).json()
    assert body["period"]["label"] == "Quý I/2026"
    assert body["title"] == "Thống kê giải quyết hồ sơ thủ tục hành chính"


def test_numbers_are_written_the_vietnamese_way():
    from django.template.loader import render_to_string

    from motcua.domain.reporting import Row
    from motcua.reports.public import Figures

    row = Row(carried_over=1200, new_direct=34, resolved_early=7, resolved_late=1)
    cells = " ".join(
        render_to_string("portal/stats/_cells.html", {"figures": Figures(row)}).split()
    )
    assert ">1.234<" in cells  # received, with the "." thousands separator
    assert ">87,5 %<" in cells  # on-time rate: 7 of 8, one decimal with a comma
