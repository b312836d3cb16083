"""Dashboard selectors and charts, on the hand-computed province of test_form06 (10/04/2026).

The monthly trend must equal form 06 month by month; the ranking puts representative rates
first; the overdue list holds what the report calls "in process, overdue" today.
"""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from motcua.domain.reporting import CountingRules, Period, Row
from motcua.org.models import UnitLevel
from motcua.reports import charts
from motcua.reports.dashboards import (
    agencies_in,
    agency_ranking,
    days_overdue,
    last_months,
    monthly_trend,
    overdue_dossiers,
    ranking_lines,
    root_agency_name,
)
from motcua.reports.selectors import Scope, form06
from motcua.reports.tests.test_form06 import EXPECTED, Q1, province  # noqa: F401
from motcua.testing.report_world import past_dossier

TODAY = date(2026, 4, 10)
SVG = "{http://www.w3.org/2000/svg}"
FLOW_CELLS = (
    "new_online",
    "new_direct",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "ended",
)


def flow_cells(row: Row) -> tuple[int, ...]:
    return tuple(getattr(row, cell) for cell in FLOW_CELLS)


# --- trend -------------------------------------------------------------------------------
def test_last_months_cross_the_year():
    assert last_months(date(2026, 2, 17), 4) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert len(last_months(date(2026, 4, 10))) == 12


@pytest.mark.django_db
@pytest.mark.parametrize("rules", [CountingRules(), CountingRules(withdrawn_as_resolved=True)])
def test_the_trend_equals_form06_month_by_month(province, rules):  # noqa: F811
    months = last_months(TODAY)
    trend = monthly_trend(months=months, rules=rules)
    assert [p.month for p in trend] == months
    for point in trend:
        month = form06(period=Period.month(point.month.year, point.month.month), rules=rules)
        assert flow_cells(point.row) == flow_cells(month.total), point.label
        assert point.row.on_time_rate == month.total.on_time_rate
        assert point.row.online_rate == month.total.online_rate
    # the quarter is the sum of its months
    q1 = sum((p.row for p in trend if p.month.year == 2026 and p.month.month <= 3), Row())
    assert flow_cells(q1) == flow_cells(form06(period=Q1, rules=rules).total)


@pytest.mark.django_db
def test_the_trend_follows_the_scope(province):  # noqa: F811
    scope = Scope(agency_ids=frozenset({province["a"].pk, province["a1"].pk}))
    trend = monthly_trend(months=last_months(date(2026, 3, 1), 3), scope=scope)
    assert sum((p.row for p in trend), Row()).resolved == EXPECTED["Sở A"].resolved
    commune = monthly_trend(months=[date(2026, 3, 1)], scope=Scope(level=UnitLevel.COMMUNE))
    assert flow_cells(commune[0].row) == (0, 1, 0, 0, 0, 0)  # d11 received 28/03


@pytest.mark.django_db
def test_the_trend_is_one_query(province, django_assert_num_queries):  # noqa: F811
    with django_assert_num_queries(1):
        monthly_trend(months=last_months(TODAY))


# --- ranking -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_ranking_puts_representative_rates_first(province):  # noqa: F811
    report = form06(period=Q1, rules=CountingRules(withdrawn_as_resolved=True))
    # Sở B: 1 of 1 (the withdrawal, before time) = 100 %; Sở A: 2 of 5 = 40 %; xã C: none
    by_rate = agency_ranking(report, min_resolved=1)
    assert [(r.label, r.rate) for r in by_rate] == [
        ("Sở B", 1.0),
        ("Sở A", 0.4),
        ("UBND xã C", None),
    ]
    careful = agency_ranking(report, min_resolved=2)
    assert [(r.label, r.few) for r in careful] == [
        ("Sở A", False),
        ("Sở B", True),
        ("UBND xã C", True),
    ]


@pytest.mark.django_db
def test_a_single_agency_ranks_its_divisions(province):  # noqa: F811
    scope = Scope(agency_ids=frozenset({province["a"].pk, province["a1"].pk}))
    report = form06(period=Q1, scope=scope)
    assert [line.label for line in ranking_lines(report)] == ["Phòng A1"]
    assert root_agency_name(scope) == "Sở A"
    assert root_agency_name(Scope()) == ""
    assert list(agencies_in(scope)) == [province["a1"], province["a"]]


# --- overdue now -------------------------------------------------------------------------
@pytest.mark.django_db
def test_overdue_now_is_what_the_report_counts_overdue_today(province):  # noqa: F811
    overdue = list(overdue_dossiers(today=TODAY))
    # d7 (due 20/03), d14 (31/03, resumed), d6 (05/04); d8 and d15 are paused
    assert [(d.legal_due_at.date(), days_overdue(d, TODAY)) for d in overdue] == [
        (date(2026, 3, 20), 21),
        (date(2026, 3, 31), 10),
        (date(2026, 4, 5), 5),
    ]
    assert form06(period=Period(TODAY, TODAY)).total.processing_overdue == len(overdue)
    # on 31/03 only d7 was: d14 fell due that day (overdue from the next day), as in form 06
    assert [d.legal_due_at.date() for d in overdue_dossiers(today=date(2026, 3, 31))] == [
        date(2026, 3, 20)
    ]
    assert form06(period=Q1).total.processing_overdue == 1


@pytest.mark.django_db
def test_overdue_dossiers_follow_the_scope(province):  # noqa: F811
    def count(**scope):
        return overdue_dossiers(scope=Scope(**scope), today=TODAY).count()

    assert count(agency_ids=frozenset({province["b"].pk})) == 3
    assert count(agency_ids=frozenset({province["a"].pk, province["a1"].pk})) == 0
    assert count(level=UnitLevel.COMMUNE) == 0
    assert count(level=UnitLevel.PROVINCE) == 3
    assert count(field_id=province["build"].field_id) == 1
    assert count(procedure_id=province["civil"].procedure_id) == 2


@pytest.mark.django_db
def test_a_dossier_without_a_lead_agency_counts_for_the_receiving_one(province):  # noqa: F811
    dossier = past_dossier(
        agency=province["c"], version=province["civil"], received="01/04/2026", due="03/04/2026"
    )
    type(dossier).objects.filter(pk=dossier.pk).update(lead_agency=None)
    found = overdue_dossiers(scope=Scope(agency_ids=frozenset({province["c"].pk})), today=TODAY)
    assert [d.pk for d in found] == [dossier.pk]
    assert overdue_dossiers(scope=Scope(level=UnitLevel.COMMUNE), today=TODAY).count() == 1


# --- charts ------------------------------------------------------------------------------
def parse(svg):
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-describedby") == desc.get("id")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    return root, title.text, desc.text, texts


def test_a_bar_chart_is_well_formed_labelled_and_escaped():
    svg = charts.bar_chart(
        [("Sở A & <B>", 0.4), ("Phòng A1", 1.0), ("UBND xã C", None)],
        chart_id="ranking",
        title="Xếp hạng",
        description="Tỷ lệ đúng hạn.",
        fmt=charts.percent,
        max_value=1.0,
        flagged=[True, False, False],
    )
    _root, title, desc, texts = parse(svg)
    assert title == "Xếp hạng"
    assert "Sở A & <B>" in texts and "40,0% *" in texts and "100,0%" in texts and "—" in texts
    assert "Sở A & <B>: 40,0% *" in desc and "UBND xã C: —" in desc
    assert "style=" not in svg


def test_a_line_chart_breaks_at_months_without_a_rate():
    svg = charts.line_chart(
        [("01/2026", 0.5), ("02/2026", 0.25), ("03/2026", None), ("04/2026", 1 / 3)],
        chart_id="trend",
        title="Tỷ lệ đúng hạn theo tháng",
    )
    root, _title, desc, texts = parse(svg)
    assert {"01/2026", "02/2026", "03/2026", "04/2026", "50,0%", "25,0%", "33,3%"} <= set(texts)
    assert len(list(root.iter(f"{SVG}polyline"))) == 1  # 01–02; 04 stands alone
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    assert "03/2026: —" in desc


def test_a_stacked_bar_chart_totals_each_column_and_has_a_legend():
    svg = charts.stacked_bar_chart(
        [("01/2026", (3, 1234)), ("02/2026", (0, 0))],
        chart_id="received",
        title="Hồ sơ mới tiếp nhận",
        series=["Trực tuyến", "Trực tiếp"],
    )
    root, _title, desc, texts = parse(svg)
    assert {"Trực tuyến", "Trực tiếp", "1.237", "0", "01/2026"} <= set(texts)
    assert "01/2026: Trực tuyến 3, Trực tiếp 1.234" in desc
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert {charts.PRIMARY, charts.SECONDARY} <= fills


def test_an_empty_chart_says_there_is_no_data():
    _root, _title, desc, _texts = parse(charts.bar_chart([], chart_id="x", title="Trống"))
    assert "Không có số liệu." in desc


def test_percentages_round_half_up_in_vietnamese():
    assert [charts.percent(v) for v in (1 / 6, 0.4, 1, None)] == ["16,7%", "40,0%", "100,0%", "—"]
    assert charts.count(1234567) == "1.234.567"
