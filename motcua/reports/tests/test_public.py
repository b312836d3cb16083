"""Public statistics (transparency page, open data) from the hand-computed province of
test_form06: Q1 2026 against Q4 2025, the default month (April 2026, provisional) against
March, and the validation of the period. Only counts leave the selector."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest

from motcua.domain.reporting import Period, Row
from motcua.dossiers.models import Dossier
from motcua.reports.public import (
    FIGURE_COLUMNS,
    OPEN_DATA_COLUMNS,
    PeriodError,
    PeriodKind,
    PublicPeriod,
    open_data_document,
    open_data_records,
    public_period,
    public_statistics,
)
from motcua.reports.selectors import form06_recount
from motcua.reports.tests.test_form06 import EXPECTED, TOTAL, province  # noqa: F401

pytestmark = pytest.mark.django_db
with_province = pytest.mark.usefixtures("province")
TODAY = date(2026, 4, 10)
SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "api" / "open-data.schema.json"

# Q4 2025 by hand: d5 (Sở A, online, resolved late 20/12), d4 (Sở A, received 15/12, due
# 22/12, open on 31/12: overdue), d15 (Sở B, paused since 12/12), d10 (xã C, due 25/12,
# open on 31/12: overdue).
Q4_2025 = {
    "Sở A": Row(new_online=1, new_direct=1, resolved_late=1, processing_overdue=1),
    "Sở B": Row(new_direct=1, paused=1),
    "UBND xã C": Row(new_direct=1, processing_overdue=1),
}
# April 2026 up to 10/04: carried over from March: d6, d7, d8, d14, d15 (Sở B), d11 (xã C);
# d11 resolved on time 02/04; on 10/04 d6, d7, d14 are overdue, d8 and d15 paused.
APRIL = {
    "Sở B": Row(carried_over=5, processing_overdue=3, paused=2),
    "UBND xã C": Row(carried_over=1, resolved_on_time=1),
}
MARCH = {
    "Sở A": Row(new_direct=1, resolved_late=1),  # d3
    "Sở B": Row(carried_over=1, new_online=1, new_direct=3, processing_within=2,
                processing_overdue=1, paused=2),  # d15; d7; d6, d8, d14
    "UBND xã C": Row(new_direct=1, processing_within=1),  # d11
}  # fmt: skip


def _rows(lines, which):
    return {line.name: getattr(line, which).row for line in lines}


@with_province
def test_a_quarter_beside_the_one_before():
    stats = public_statistics(period_kind="quarter", year=2026, number=1, today=TODAY)
    assert (stats.period.label, stats.previous_period.label) == ("Quý I/2026", "Quý IV/2025")
    # top-level agencies only: Phòng A1 is counted within Sở A
    assert [line.name for line in stats.agencies] == ["Sở A", "Sở B", "UBND xã C"]
    assert _rows(stats.agencies, "current") == {
        name: EXPECTED[name] for name in ("Sở A", "Sở B", "UBND xã C")
    }
    assert _rows(stats.agencies, "previous") == Q4_2025
    assert stats.total.current.row == TOTAL
    assert stats.total.previous.row == form06_recount(period=Period.quarter(2025, 4)).total
    assert stats.total.previous.row == Row.total(Q4_2025.values())
    b = next(line for line in stats.agencies if line.code == "so-b")
    assert (b.current.row.received, b.current.row.resolved, b.current.on_time_percent) == (
        6,
        0,
        None,
    )
    a = stats.agencies[0]
    assert (a.current.resolved_in_time, a.current.on_time_percent) == (2, pytest.approx(40.0))
    assert a.previous.on_time_percent == 0
    assert not stats.provisional and not stats.previous_provisional
    assert stats.as_of == datetime(2026, 4, 10, 13, 0, tzinfo=UTC)


@with_province
def test_by_default_this_month_beside_last_month():
    stats = public_statistics(period_kind=None, year=None, number=None, today=TODAY)
    assert (stats.period.label, stats.previous_period.label) == ("Tháng 4/2026", "Tháng 3/2026")
    assert _rows(stats.agencies, "current") == {"Sở A": Row(), **APRIL}
    assert _rows(stats.agencies, "previous") == {**MARCH}
    assert stats.total.current.on_time_percent == pytest.approx(100.0)
    assert stats.provisional and not stats.previous_provisional


@with_province
def test_a_year_beside_the_year_before():
    stats = public_statistics(period_kind="year", year=2026, number=None, today=TODAY)
    assert (stats.period.start, stats.period.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert stats.previous_period.label == "Năm 2025"
    assert _rows(stats.agencies, "previous") == Q4_2025  # nothing was received before Q4
    assert stats.provisional


@pytest.mark.parametrize(
    ("chosen", "previous"),
    [
        (PublicPeriod(PeriodKind.MONTH, 2026, 1), PublicPeriod(PeriodKind.MONTH, 2025, 12)),
        (PublicPeriod(PeriodKind.MONTH, 2026, 3), PublicPeriod(PeriodKind.MONTH, 2026, 2)),
        (PublicPeriod(PeriodKind.QUARTER, 2026, 1), PublicPeriod(PeriodKind.QUARTER, 2025, 4)),
        (PublicPeriod(PeriodKind.QUARTER, 2026, 3), PublicPeriod(PeriodKind.QUARTER, 2026, 2)),
        (PublicPeriod(PeriodKind.YEAR, 2026, None), PublicPeriod(PeriodKind.YEAR, 2025, None)),
    ],
)
def test_the_previous_period_is_the_calendar_one_of_the_same_kind(chosen, previous):
    assert chosen.previous() == previous
    # March's previous month is February (28 days), not the 31 days before 1 March
    assert previous.end == chosen.start.fromordinal(chosen.start.toordinal() - 1)


@pytest.mark.parametrize(
    ("kind", "year", "number", "expected"),
    [
        (None, None, None, ("month", 2026, 4)),
        ("quarter", None, None, ("quarter", 2026, 2)),  # Q2 has begun on 01/04
        ("quarter", 2025, None, ("quarter", 2025, 4)),
        ("month", 2025, None, ("month", 2025, 12)),
        ("year", 2024, 7, ("year", 2024, None)),  # the number means nothing for a year
        ("month", 2026, 4, ("month", 2026, 4)),  # the current month is allowed
    ],
)
def test_missing_parts_default_to_the_latest_period_begun(kind, year, number, expected):
    chosen = public_period(kind=kind, year=year, number=number, today=TODAY)
    assert (chosen.kind.value, chosen.year, chosen.number) == expected


@pytest.mark.parametrize(
    ("kind", "year", "number", "field", "words"),
    [
        ("month", 2026, 5, "number", "Tháng 5/2026 chưa bắt đầu"),
        ("quarter", 2026, 3, "number", "Quý III/2026 chưa bắt đầu"),
        ("year", 2027, None, "year", "Năm 2027 chưa bắt đầu"),
        ("month", 2026, 13, "number", "Tháng phải từ 1 đến 12"),
        ("quarter", 2025, 5, "number", "Quý phải từ 1 đến 4"),
        ("month", 2026, 0, "number", "Tháng phải từ 1 đến 12"),
        ("week", 2026, 1, "period", "Loại kỳ phải là tháng"),
        ("year", 1999, None, "year", "Năm phải từ 2000"),
    ],
)
def test_periods_that_do_not_exist_or_have_not_begun_are_refused(kind, year, number, field, words):
    with pytest.raises(PeriodError) as caught:
        public_period(kind=kind, year=year, number=number, today=TODAY)
    assert caught.value.field == field
    assert words in caught.value.message


@with_province
def test_the_records_add_up_and_carry_no_personal_data():
    stats = public_statistics(period_kind="quarter", year=2026, number=1, today=TODAY)
    records = open_data_records(stats)
    assert len(records) == 2 * len(stats.agencies)
    assert all(list(record) == list(OPEN_DATA_COLUMNS) for record in records)
    current = [r for r in records if r["period_start"] == "2026-01-01"]
    previous = [r for r in records if r["period_start"] == "2025-10-01"]
    assert len(current) == len(previous) == 3
    for column in FIGURE_COLUMNS:
        if column != "on_time_rate":
            assert sum(r[column] for r in current) == stats.total.current.values()[column]
            assert sum(r[column] for r in previous) == stats.total.previous.values()[column]
    b = next(r for r in current if r["agency_code"] == "so-b")
    assert (b["agency_name"], b["received"], b["resolved"], b["on_time_rate"]) == (
        "Sở B", 6, 0, None,
    )  # fmt: skip
    assert b["processing_overdue"] == 1 and b["suspended"] == 3 and b["provisional"] is False
    a = next(r for r in current if r["agency_code"] == "so-a")
    assert (a["received"], a["resolved_in_time"], a["on_time_rate"]) == (5, 2, 0.4)

    document = open_data_document(
        stats,
        generated_at=datetime(2026, 4, 10, 13, 5, tzinfo=UTC),
        schema_url="http://testserver/thong-ke/du-lieu.schema.json",
        publisher="Cổng dịch vụ công tỉnh Hưng Yên",
    )
    text = json.dumps(document, ensure_ascii=False)
    for dossier in Dossier.objects.all():
        assert dossier.code not in text
        assert dossier.applicant_name not in text
        assert dossier.lookup_secret not in text
    assert "Phòng A1" not in text  # sub-units are inside their agency's line


@with_province
def test_the_json_document_follows_its_published_schema():
    stats = public_statistics(period_kind="quarter", year=2026, number=1, today=TODAY)
    document = open_data_document(
        stats,
        generated_at=datetime(2026, 4, 10, 13, 5, tzinfo=UTC),
        schema_url="http://testserver/thong-ke/du-lieu.schema.json",
        publisher="Cổng dịch vụ công tỉnh Hưng Yên",
    )
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    jsonschema.Draft202012Validator(schema, format_checker=checker).validate(document)
    assert document["fields"] == list(OPEN_DATA_COLUMNS)
    assert document["licence"]["name"] == "CC BY 4.0"
    assert [t["received"] for t in document["totals"]] == [13, 4]
    # the schema is strict: an unknown key in a record is an error
    document["records"][0]["applicant_name"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(document)


def test_no_figures_before_the_first_refresh(db):
    stats = public_statistics(period_kind="month", year=2026, number=3, today=TODAY)
    assert stats.agencies == [] and stats.as_of is None
    assert stats.total.current.row == Row() and stats.total.current.on_time_percent is None
