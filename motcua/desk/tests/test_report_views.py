"""Desk statistics pages: form 06 with its downloads, the dashboard and the overdue list.

Figures come from the hand-computed province of `reports/tests/test_form06.py` (Q1 2026,
seen on 10/04/2026). Readers: provincial supervisors see the province, agency leaders,
unit heads and focal points their subtree; everybody else gets 403, anonymous the login.
"""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.domain.reporting import Period
from motcua.org.models import Role
from motcua.reports.selectors import form06
from motcua.reports.tests.test_form06 import EXPECTED, TOTAL, province  # noqa: F401
from motcua.testing.factories import AgencyFactory, PositionFactory
from motcua.testing.report_world import past_dossier

pytestmark = pytest.mark.django_db

FORM06 = reverse("desk:report_form06")
DASHBOARD = reverse("desk:report_dashboard")
OVERDUE = reverse("desk:report_overdue")
Q1 = {"period": "quarter", "year": "2026", "number": "1"}
PAGES = [FORM06, f"{FORM06}?format=xlsx", f"{FORM06}?format=pdf", DASHBOARD, OVERDUE]


@pytest.fixture
def readers(province):  # noqa: F811
    """Report readers of the province fixture's agencies (its province unit is the personas'
    one, so the two fixtures do not mix: authorization-only tests use the personas)."""
    office = AgencyFactory(
        name="Văn phòng UBND tỉnh",
        code="vp-ubnd",
        administrative_unit=province["a"].administrative_unit,
    )
    return {
        "supervisor": PositionFactory(agency=office, role=Role.PROVINCIAL_SUPERVISOR).user,
        "leader_a": PositionFactory(agency=province["a"], role=Role.AGENCY_LEADER).user,
        "head_a1": PositionFactory(agency=province["a1"], role=Role.UNIT_HEAD).user,
        "focal_b": PositionFactory(agency=province["b"], role=Role.PROCEDURE_CONTROLLER).user,
        "counter_b": PositionFactory(agency=province["b"], role=Role.COUNTER_OFFICER).user,
        "sysadmin": PositionFactory(agency=province["c"], role=Role.SYSTEM_ADMIN).user,
    }


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def cells(fragment):
    """The text of the numeric cells of an HTML fragment, tags stripped."""
    found = re.findall(r'<td class="mc-table__num">(.*?)</td>', fragment, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in found]


def row_of(page, label):
    match = re.search(rf"<tr>(?:(?!</tr>).)*?>{label}<(?:(?!</tr>).)*</tr>", page, re.S)
    assert match, label
    return cells(match.group(0))


def figures(row, rate):
    return [
        str(v)
        for v in (
            row.received,
            row.carried_over,
            row.new_online,
            row.new_direct,
            row.resolved,
            row.resolved_early,
            row.resolved_on_time,
            row.resolved_late,
            row.processing,
            row.processing_within,
            row.processing_overdue,
            row.suspended,
            row.paused,
            row.ended,
        )
    ] + [rate]


# --- who may read ------------------------------------------------------------------------
@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_staff_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:login") + "?next=")


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["citizen_a", "officer_x", "officer_y"])
def test_citizens_and_staff_without_a_report_role_get_403(client, personas, who, url):
    client.force_login(getattr(personas, who))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_a_counter_officer_gets_403(client, readers, url):
    client.force_login(readers["counter_b"])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", ["supervisor", "leader_x", "admin_x"])
def test_supervisors_leaders_and_focal_points_read_reports(client, personas, who):
    client.force_login(getattr(personas, who))
    for url in (FORM06, DASHBOARD, OVERDUE):
        assert client.get(url).status_code == 200, url


def test_the_menu_shows_statistics_only_to_report_readers(client, personas):
    client.force_login(personas.supervisor)
    assert "Thống kê, báo cáo" in html(client.get(reverse("desk:dashboard")))
    assert FORM06 in html(client.get(reverse("desk:dashboard")))
    client.force_login(personas.officer_x)
    assert "Thống kê, báo cáo" not in html(client.get(reverse("desk:dashboard")))


# --- form 06 -----------------------------------------------------------------------------
def test_the_supervisor_sees_every_cell_of_the_hand_computed_quarter(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    page = html(client.get(FORM06, Q1))
    assert "Quý I năm 2026 (từ 01/01/2026 đến 31/03/2026)" in page
    assert row_of(page, "Sở A") == figures(EXPECTED["Sở A"], "40,0%")
    assert row_of(page, "Phòng A1") == figures(EXPECTED["Phòng A1"], "100,0%")
    assert row_of(page, "Sở B") == figures(EXPECTED["Sở B"], "—")
    assert row_of(page, "UBND xã C") == figures(EXPECTED["UBND xã C"], "—")
    total = re.search(r"<tfoot>.*?</tfoot>", page, re.S).group(0)
    assert cells(total) == figures(TOTAL, "40,0%")
    assert "Số liệu tính đến 20:00 ngày 10/04/2026." in page
    assert "Số liệu tạm tính" not in page
    # the sub-unit is indented under its agency
    assert re.search(r'<span aria-hidden="true">↳ </span><a [^>]*>Phòng A1</a>', page)


def test_a_bare_url_shows_the_current_quarter_as_provisional(client, personas, time_machine):
    time_machine.move_to("2026-04-10 20:00 +07:00", tick=False)
    client.force_login(personas.supervisor)
    response = client.get(FORM06)
    page = html(response)
    assert "Quý II năm 2026 (từ 01/04/2026 đến 30/06/2026)" in page
    assert "Số liệu tạm tính" in page
    assert response.context["report"].period == Period.quarter(2026, 2)


def test_the_legal_reporting_quarter_runs_from_the_15th_to_the_14th(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    query = {"period": "reporting_quarter", "year": "2026", "number": "1"}
    response = client.get(FORM06, query)
    page = html(response)
    assert "Kỳ báo cáo quý I năm 2026 (từ 15/12/2025 đến 14/03/2026)" in page
    assert (
        response.context["report"].total == form06(period=Period.reporting_quarter(2026, 1)).total
    )
    assert response.context["report"].total.carried_over == 2


@pytest.mark.parametrize(
    ("query", "period"),
    [
        ({"period": "month", "year": "2026", "number": "3"}, Period.month(2026, 3)),
        ({"period": "half", "year": "2026", "number": "1"}, Period.half(2026, 1)),
        ({"period": "nine_months", "year": "2025"}, Period.nine_months(2025)),
        ({"period": "year", "year": "2025"}, Period.year(2025)),
        (
            {"period": "reporting_month", "year": "2026", "number": "2"},
            Period.reporting_month(2026, 2),
        ),
        (
            {"period": "reporting_half", "year": "2026", "number": "1"},
            Period.reporting_half(2026, 1),
        ),
        ({"period": "reporting_nine_months", "year": "2026"}, Period.reporting_nine_months(2026)),
        ({"period": "reporting_year", "year": "2025"}, Period.reporting_year(2025)),
        (
            {"period": "custom", "start": "15/01/2026", "end": "20/03/2026"},
            Period(date(2026, 1, 15), date(2026, 3, 20)),
        ),
    ],
)
def test_every_period_kind_gives_its_period(client, readers, province, query, period):  # noqa: F811
    client.force_login(readers["supervisor"])
    report = client.get(FORM06, query).context["report"]
    assert report.period == period
    assert report.total == form06(period=period).total


def test_grouping_by_level_field_and_procedure(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    by_level = html(client.get(FORM06, {**Q1, "group_by": "level"}))
    assert row_of(by_level, "Cấp xã") == figures(EXPECTED["UBND xã C"], "—")
    by_field = html(client.get(FORM06, {**Q1, "group_by": "field"}))
    assert row_of(by_field, "Xây dựng")[:4] == ["2", "0", "0", "2"]
    by_procedure = html(client.get(FORM06, {**Q1, "group_by": "procedure"}))
    assert province["build"].procedure.code in by_procedure


def test_withdrawn_dossiers_can_count_as_resolved(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    report = client.get(FORM06, {**Q1, "withdrawn_as_resolved": "on"}).context["report"]
    b = next(line.row for line in report.lines if line.label == "Sở B")
    assert (b.resolved_early, b.ended) == (1, 0)
    page = html(client.get(FORM06, {**Q1, "withdrawn_as_resolved": "on"}))
    assert "hồ sơ rút được tính như đã giải quyết" in page


def test_agency_lines_narrow_the_report_and_overdue_counts_open_the_list(
    client,
    readers,
    province,  # noqa: F811
):
    client.force_login(readers["supervisor"])
    page = html(client.get(FORM06, Q1))
    a, b = province["a"].pk, province["b"].pk
    narrow = re.search(rf'href="(\?[^"]*agency={a}[^"]*)">Sở A</a>', page).group(1)
    narrowed = client.get(FORM06 + narrow.replace("&amp;", "&")).context["report"]
    assert [line.label for line in narrowed.lines] == ["Sở A", "Phòng A1"]
    assert narrowed.total == EXPECTED["Sở A"]
    overdue = re.search(rf'href="({OVERDUE}\?agency={b})"', page)
    assert overdue, "Sở B's overdue count links to its overdue list"
    listed = client.get(overdue.group(1)).context["rows"]
    assert {d.lead_agency for d, _days in listed} == {province["b"]}


def test_the_agency_leader_sees_only_the_agency_and_its_divisions(client, readers, province):  # noqa: F811
    client.force_login(readers["leader_a"])
    response = client.get(FORM06, Q1)
    page = html(response)
    assert [line.label for line in response.context["report"].lines] == ["Sở A", "Phòng A1"]
    assert response.context["report"].total == EXPECTED["Sở A"]
    assert "Sở B" not in page and "UBND xã C" not in page
    options = re.search(r'<select name="agency".*?</select>', page, re.S).group(0)
    assert "Sở A" in options and "Phòng A1" in options and "Sở B" not in options


@pytest.mark.parametrize("url", [FORM06, DASHBOARD, OVERDUE])
def test_asking_for_another_agency_is_a_form_error_not_a_leak(client, readers, province, url):  # noqa: F811
    client.force_login(readers["leader_a"])
    response = client.get(url, {**Q1, "agency": province["b"].pk})
    page = html(response)
    assert "Cơ quan này không thuộc phạm vi xem." in page
    assert "report" not in response.context or response.context["report"] is None
    assert "Sở B" not in page
    xlsx = client.get(url, {**Q1, "agency": province["b"].pk, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("text/html")


def test_a_unit_head_reads_the_division_only(client, readers):
    client.force_login(readers["head_a1"])
    report = client.get(FORM06, Q1).context["report"]
    assert [line.label for line in report.lines] == ["Phòng A1"]
    assert report.total == EXPECTED["Phòng A1"]


def test_the_system_administrator_reads_the_province(client, readers):
    client.force_login(readers["sysadmin"])
    assert client.get(FORM06, Q1).context["report"].total == TOTAL


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"period": "custom", "start": "20/03/2026", "end": "01/03/2026"},
            "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
        ),
        (
            {"period": "custom", "start": "01/01/2020", "end": "01/01/2025"},
            "Kỳ tùy chọn dài tối đa 5 năm.",
        ),
        (
            {"period": "custom", "start": "01/01/2026"},
            "Kỳ tùy chọn cần ngày bắt đầu và ngày kết thúc.",
        ),
        (
            {"period": "custom", "start": "31/02/2026", "end": "01/03/2026"},
            "Nhập ngày theo dạng dd/mm/yyyy.",
        ),
        ({**Q1, "procedure": "9.999999"}, "Không có thủ tục hành chính mã “9.999999”."),
        ({**Q1, "number": "5"}, "Quý phải từ 1 đến 4."),
        ({"period": "month", "year": "2026", "number": "13"}, "Tháng phải từ 1 đến 12."),
        (
            {"period": "half", "year": "2026", "number": ""},
            "Nhập 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm).",
        ),
        ({**Q1, "year": "abc"}, "Năm phải là một số, ví dụ 2026."),
        ({**Q1, "year": "1990"}, "Năm báo cáo từ 2015 đến 2027."),
        ({**Q1, "period": "decade"}, "Loại kỳ không hợp lệ."),
        ({**Q1, "group_by": "colour"}, "Cách tổng hợp không hợp lệ."),
        ({**Q1, "level": "planet"}, "Cấp không hợp lệ."),
        ({**Q1, "field": "999999"}, "Lĩnh vực không hợp lệ."),
        ({**Q1, "agency": "abc"}, "Cơ quan này không thuộc phạm vi xem."),
    ],
)
def test_bad_filters_are_explained_in_vietnamese_never_a_500(client, personas, query, message):
    client.force_login(personas.supervisor)
    for url in (FORM06, f"{FORM06}?format=pdf"):
        page = html(client.get(url, query))
        assert message in page
        assert "lỗi cần sửa" in page


def test_a_procedure_code_filters_the_report(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    code = province["build"].procedure.code
    report = client.get(FORM06, {**Q1, "procedure": code}).context["report"]
    assert report.total.new == 2


# --- downloads ---------------------------------------------------------------------------
def test_form06_downloads_as_xlsx(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    response = client.get(FORM06, {**Q1, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-06-2026-q1.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert {"Sở A", "Phòng A1", "Sở B", "UBND xã C", "Tổng cộng"} <= set(values)
    assert TOTAL.received in values


def test_form06_downloads_as_pdf(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    response = client.get(FORM06, {**Q1, "format": "pdf", "period": "reporting_year"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-06-ky-2026.pdf"'
    assert response.content.startswith(b"%PDF") and len(response.content) > 1000


def test_a_leaders_download_holds_only_the_agency(client, readers, province):  # noqa: F811
    client.force_login(readers["leader_a"])
    response = client.get(FORM06, {**Q1, "format": "xlsx", "period": "month", "number": "3"})
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-06-2026-t03.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {c for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert "Sở A" in values and "Sở B" not in values and "UBND xã C" not in values
    assert "SỞ A" in values  # the issuer: the leader's agency


def test_an_unknown_format_is_404(client, personas):
    client.force_login(personas.supervisor)
    assert client.get(FORM06, {"format": "docx"}).status_code == 404


# --- dashboard ---------------------------------------------------------------------------
def test_the_dashboard_tiles_trend_ranking_and_overdue_list(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    response = client.get(DASHBOARD, Q1)
    page = html(response)
    tiles = re.findall(r'<span class="mc-stat__value">(.*?)</span>', page)
    assert tiles == ["13", "5", "40,0%", "30,0%", "1"]
    assert "Hồ sơ tiếp nhận (mới: 10)" in page
    # trend: April 2025 … March 2026 (the quarter ends in March)
    trend = [point for point, _rate, _online in response.context["trend"]]
    assert len(trend) == 12 and trend[0].label == "04/2025" and trend[-1].label == "03/2026"
    march = form06(period=Period.month(2026, 3)).total
    assert (trend[-1].row.new_online, trend[-1].row.new_direct) == (
        march.new_online,
        march.new_direct,
    )
    # ranking: Sở A (40 %, few) before those that resolved nothing
    ranking = [item.label for item, _rate in response.context["ranking"]]
    assert ranking == ["Sở A", "Sở B", "UBND xã C"]
    assert "ít hồ sơ" in page
    # overdue now (10/04/2026): d7, d14, d6 of Sở B, most overdue first
    assert [days for _d, days in response.context["rows"]] == [21, 10, 5]
    for dossier, _days in response.context["rows"]:
        assert reverse("desk:dossier_detail", args=[dossier.code]) in page


def test_the_dashboard_charts_are_accessible_well_formed_svg(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])
    page = html(client.get(DASHBOARD, Q1))
    svgs = re.findall(r"<svg .*?</svg>", page, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-label")
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
        assert "style=" not in svg  # the CSP forbids inline styles
    on_time, received, ranking = svgs
    assert "03/2026" in on_time and "40,0%" in ranking and "Sở A" in ranking
    assert "Trực tuyến" in received
    assert '<table class="mc-table mc-visually-hidden">' in page


def test_the_dashboard_of_an_agency_leader_ranks_its_divisions(client, readers, province):  # noqa: F811
    client.force_login(readers["leader_a"])
    response = client.get(DASHBOARD, Q1)
    page = html(response)
    assert [item.label for item, _rate in response.context["ranking"]] == ["Phòng A1"]
    assert response.context["total"] == EXPECTED["Sở A"]
    assert response.context["rows"] == []  # Sở B's overdue dossiers are not theirs
    assert "Sở B" not in page


def test_the_dashboard_reports_bad_filters(client, personas):
    client.force_login(personas.supervisor)
    page = html(
        client.get(DASHBOARD, {"period": "custom", "start": "02/02/2026", "end": "01/02/2026"})
    )
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in page
    assert "mc-stat__value" not in page


# --- overdue list ------------------------------------------------------------------------
def test_the_overdue_list_shows_code_procedure_agency_holder_due_date_and_days(
    client,
    readers,
    province,  # noqa: F811
):
    client.force_login(readers["supervisor"])
    response = client.get(OVERDUE)
    page = html(response)
    rows = response.context["rows"]
    assert [(d.legal_due_at.strftime("%d/%m"), days) for d, days in rows] == [
        ("20/03", 21),
        ("31/03", 10),
        ("05/04", 5),
    ]
    assert "20/03/2026" in page and "Sở B" in page and "Chưa phân công" in page
    assert province["build"].procedure.code in page
    for dossier, _days in rows:
        assert reverse("desk:dossier_detail", args=[dossier.code]) in page


def test_the_overdue_list_follows_the_scope_and_filters(client, readers, province):  # noqa: F811
    client.force_login(readers["focal_b"])
    assert len(client.get(OVERDUE).context["rows"]) == 3
    field = province["build"].field_id
    assert len(client.get(OVERDUE, {"field": field}).context["rows"]) == 1
    assert client.get(OVERDUE, {"level": "commune"}).context["rows"] == []
    client.force_login(readers["leader_a"])
    assert client.get(OVERDUE).context["rows"] == []


def test_the_overdue_list_pages_by_25_with_constant_queries(client, readers, province):  # noqa: F811
    client.force_login(readers["supervisor"])

    def queries(page=1):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(OVERDUE, {"trang": page})
        return len(ctx.captured_queries), response

    few, _ = queries()
    for i in range(24):
        past_dossier(
            agency=province["c"],
            version=province["civil"],
            received="01/03/2026",
            due=f"{1 + i % 28:02d}/04/2026".replace("/04", "/03"),
        )
    many, first = queries()
    assert many == few
    assert len(first.context["rows"]) == 25 and first.context["page"].paginator.count == 27
    _, second = queries(2)
    assert len(second.context["rows"]) == 2
    assert "Trang 2/2" in html(second)


@pytest.mark.parametrize("export", ["xlsx", "pdf"])
def test_a_period_without_figures_still_downloads(client, personas, export):
    client.force_login(personas.leader_x)
    response = client.get(FORM06, {**Q1, "format": export})
    assert response.status_code == 200 and len(response.content) > 1000
    assert response["Content-Disposition"].endswith(f'.{export}"')
