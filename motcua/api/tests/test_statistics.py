"""GET /api/v1/statistics/form06: form 06 of the province, public and throttled like the
other public endpoints, on the hand-computed province of reports/tests/test_form06."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.domain.reporting import ROW_FIELDS
from motcua.dossiers.models import Dossier
from motcua.org.models import Agency
from motcua.reports.tests.test_form06 import EXPECTED, TOTAL, province  # noqa: F401

pytestmark = pytest.mark.django_db
with_province = pytest.mark.usefixtures("province")
URL = "/api/v1/statistics/form06"
PROBLEM = "application/problem+json"
Q1 = {"period": "quarter", "year": 2026, "number": 1}
DERIVED = ("new", "received", "resolved", "processing", "suspended")


def _problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["instance"] == URL
    return body


def _cells(row) -> dict[str, int]:
    return {**row.as_dict(), **{name: getattr(row, name) for name in DERIVED}}


def test_the_address_is_the_documented_one():
    assert reverse("api:statistics_form06") == URL


@with_province
def test_form06_by_agency_with_every_cell(client):
    response = client.get(URL, Q1)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["period"] == {
        "kind": "quarter", "year": 2026, "number": 1, "start": "2026-01-01",
        "end": "2026-03-31", "label": "Quý I/2026",
    }  # fmt: skip
    assert body["group_by"] == "agency"
    assert body["rules"] == {"withdrawn_as_resolved": False}
    assert body["as_of"] == "2026-04-10T20:00:00+07:00"
    assert body["provisional"] is False
    lines = body["lines"]
    assert [(line["label"], line["depth"], line["code"]) for line in lines] == [
        ("Sở A", 0, "so-a"), ("Phòng A1", 1, "phong-a1"), ("Sở B", 0, "so-b"),
        ("UBND xã C", 0, "xa-c"),
    ]  # fmt: skip
    for line in lines:
        assert line["cells"] == _cells(EXPECTED[line["label"]])
        assert line["key"] == str(Agency.objects.get(code=line["code"]).pk)
    b = lines[2]
    assert (b["cells"]["received"], b["cells"]["resolved"], b["on_time_rate"]) == (6, 0, None)
    assert lines[0]["on_time_rate"] == pytest.approx(0.4)
    assert body["total"] == {"cells": _cells(TOTAL), "on_time_rate": pytest.approx(0.4)}
    assert set(body["total"]["cells"]) == set(ROW_FIELDS) | set(DERIVED)


@with_province
@pytest.mark.parametrize("group_by", ["level", "field", "procedure"])
def test_other_groupings_add_up_to_the_same_total(client, group_by):
    body = client.get(URL, {**Q1, "group_by": group_by}).json()
    assert body["group_by"] == group_by
    assert body["total"]["cells"] == _cells(TOTAL)
    assert sum(line["cells"]["received"] for line in body["lines"]) == TOTAL.received
    if group_by == "field":
        assert {line["label"] for line in body["lines"]} == {"Hộ tịch", "Xây dựng"}
    if group_by == "level":
        assert [line["label"] for line in body["lines"]] == ["Cấp tỉnh", "Cấp xã"]


@with_province
def test_the_previous_quarter_and_the_default_month(client):
    q4 = client.get(URL, {"period": "quarter", "year": 2025, "number": 4}).json()
    assert q4["total"]["cells"]["received"] == 4
    assert q4["total"]["cells"]["resolved_late"] == 1 and q4["total"]["on_time_rate"] == 0.0
    month = client.get(URL).json()  # this month (April 2026), provisional
    assert month["period"]["label"] == "Tháng 4/2026" and month["provisional"] is True
    assert month["total"]["cells"]["carried_over"] == 6
    year = client.get(URL, {"period": "year", "year": 2025}).json()
    assert year["period"]["number"] is None and year["period"]["end"] == "2025-12-31"


@with_province
def test_no_personal_data_in_the_answer(client):
    text = client.get(URL, {**Q1, "group_by": "procedure"}).content.decode()
    for dossier in Dossier.objects.all():
        assert dossier.code not in text and dossier.applicant_name not in text


@with_province
def test_answers_are_cacheable_for_five_minutes(client):
    response = client.get(URL, Q1)
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]


@with_province
@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"period": "week"}, "period", "không phải loại kỳ hợp lệ"),
        ({"group_by": "officer"}, "group_by", "không phải cách nhóm hợp lệ"),
        ({"period": "month", "year": 2026, "number": 5}, "number", "Tháng 5/2026 chưa bắt đầu"),
        ({"period": "quarter", "year": 2026, "number": 3}, "number", "Quý III/2026 chưa bắt đầu"),
        ({"period": "year", "year": 2027}, "year", "Năm 2027 chưa bắt đầu"),
        ({"period": "quarter", "number": 5}, "number", "Quý phải từ 1 đến 4"),
        ({"number": 13}, "number", "Tháng phải từ 1 đến 12"),
        ({"year": "abc"}, "year", "Năm phải là một số nguyên"),
        ({"year": 1999}, "year", "Năm phải từ 2000"),
        ({"year": "9" * 5000}, "year", "Năm không hợp lệ"),
        ({"number": "1" * 2000}, "number", "Tháng hoặc quý không hợp lệ"),
    ],
)
def test_bad_parameters_are_vietnamese_problems(client, params, field, words):
    body = _problem(client.get(URL, params), 400)
    assert body["title"] == "Yêu cầu không hợp lệ"
    assert [error["field"] for error in body["errors"]] == [field]
    assert words in body["errors"][0]["detail"]


@with_province
def test_anonymous_clients_are_throttled_like_the_other_endpoints(client, settings):
    settings.API_ANON_RATE = "2/minute"
    assert client.get(URL, Q1).status_code == 200
    assert client.get("/api/v1/agencies").status_code == 200
    response = client.get(URL, Q1)
    body = _problem(response, 429)
    assert body["title"] == "Quá nhiều yêu cầu" and int(response["Retry-After"]) >= 1
    assert "public" not in response.get("Cache-Control", "")  # a 429 is never cached
    assert client.get(URL, Q1, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_schema_describes_the_endpoint(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/statistics/form06"]["get"]
    assert operation["operationId"] == "statistics_form06_retrieve"
    assert {p["name"] for p in operation["parameters"]} == {"period", "year", "number", "group_by"}
    assert set(operation["responses"]) == {"200", "400", "429"}
    form06 = schema["components"]["schemas"]["Form06"]
    assert set(form06["required"]) == {
        "period", "group_by", "rules", "as_of", "provisional", "lines", "total",
    }  # fmt: skip
