"""Form 06 exports: the .xlsx read back with openpyxl, the PDF with poppler-utils.

The report is the hand-computed province of `test_form06` (Q1 2026, refreshed 10/04/2026).
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from motcua.domain.deadlines import VN_TZ
from motcua.domain.reporting import DEFAULT_RULES, Period, Row
from motcua.reports.exports import FORM06_COLUMNS, form06_pdf, form06_xlsx
from motcua.reports.selectors import GroupBy, Line, Report, Scope, form06
from motcua.reports.tests.test_form06 import EXPECTED, TOTAL, province  # noqa: F401

pytestmark = pytest.mark.django_db
Q1 = Period.quarter(2026, 1)
TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
)
PNG_DIR = Path("/tmp/form06")


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _sheet(data: bytes) -> Worksheet:
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Biểu số 06"]
    return workbook.active


def _texts(ws: Worksheet) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _row_of(ws: Worksheet, label: str) -> int:
    """The one row whose label (column B, or A for the merged total) is `label`."""
    (row,) = {c.row for col in ("A", "B") for c in ws[col] if c.value == label}
    return row


def _assert_figures(ws: Worksheet, row: int, expected: Row) -> None:
    """Columns C… hold the figures of `expected` in FORM06_COLUMNS order, as numbers."""
    for offset, (key, _header) in enumerate(FORM06_COLUMNS):
        cell = ws.cell(row=row, column=3 + offset)
        value = getattr(expected, key)
        if key == "on_time_rate":
            assert cell.value is None if value is None else cell.value == pytest.approx(value)
            assert cell.number_format == "0.00%"
        else:
            assert type(cell.value) is int and cell.value == value, (key, cell.value, value)
    received, carried, online, direct = (ws.cell(row=row, column=c).value for c in (3, 4, 5, 6))
    assert received == carried + online + direct == expected.received
    resolved, early, on_time, late = (ws.cell(row=row, column=c).value for c in (7, 8, 9, 10))
    assert resolved == early + on_time + late == expected.resolved


def test_the_columns_are_row_attributes_in_form_order():
    keys = [key for key, _header in FORM06_COLUMNS]
    assert keys[:4] == ["received", "carried_over", "new_online", "new_direct"]
    assert keys[-1] == "on_time_rate" and len(keys) == 15
    row = Row(carried_over=2, new_online=1, resolved_early=1, resolved_late=1, paused=1)
    assert [getattr(row, key) for key in keys[:4]] == [3, 2, 1, 0]
    headers = dict(FORM06_COLUMNS)
    assert str(headers["received"]) == "Số hồ sơ nhận giải quyết: Tổng số"
    assert str(headers["paused"]) == (
        "Số hồ sơ tạm dừng, dừng giải quyết: Chờ bổ sung, thực hiện nghĩa vụ tài chính"
    )


@pytest.mark.usefixtures("province")
def test_xlsx_is_laid_out_like_form_06():
    report = form06(period=Q1)
    ws = _sheet(
        form06_xlsx(
            report, agency_name="Ủy ban nhân dân tỉnh Hưng Yên", prepared_by="Nguyễn Thị Hà"
        )
    )
    texts = _texts(ws)
    for expected in (
        "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        TITLE,
        "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026",
        "Theo cơ quan, đơn vị",
        "Đơn vị tính: Số hồ sơ TTHC",
        "Cơ quan, đơn vị",
        "Số hồ sơ nhận giải quyết",
        "Số mới tiếp nhận trực tiếp hoặc qua dịch vụ bưu chính",
        "Tỷ lệ giải quyết đúng hạn (%)",
        "(3) = (4) + (5) + (6)",
        "Số liệu tính đến 20:00 ngày 10/04/2026",
        "Người lập biểu",
        "Nguyễn Thị Hà",
    ):
        assert expected in texts, expected
    assert any(t.startswith("Biểu số 06/VPCP/KSTT") for t in texts)
    assert "Số liệu tạm tính: kỳ báo cáo chưa kết thúc." not in texts
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)

    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A9:A10", "B9:B10", "C9:F9", "G9:J9", "K9:M9", "N9:P9", "Q9:Q10"} <= merged
    assert [ws.cell(row=10, column=c).value for c in (3, 4, 8, 13, 16)] == [
        "Tổng số",
        "Số kỳ trước chuyển qua",
        "Trả trước hạn",
        "Quá hạn",
        "Dừng giải quyết, rút hồ sơ",
    ]
    assert [ws.cell(row=11, column=c).value for c in (1, 2, 4)] == ["(1)", "(2)", "(4)"]

    for line in report.lines:
        row = _row_of(ws, line.label)
        _assert_figures(ws, row, line.row)
        assert ws.cell(row=row, column=2).alignment.indent == 2 * line.depth
    assert {line.label: line.row for line in report.lines} == EXPECTED
    assert [ws.cell(row=r, column=1).value for r in range(12, 16)] == ["1", "1.1", "2", "3"]

    total = _row_of(ws, "Tổng cộng")
    assert total == 12 + len(report.lines)
    assert "A16:B16" in merged and ws.cell(row=total, column=1).font.bold
    _assert_figures(ws, total, report.total)
    assert report.total == TOTAL
    assert ws.cell(row=total, column=17).value == pytest.approx(0.4)

    assert ws.freeze_panes == "C12"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["B"].width > ws.column_dimensions["C"].width
    assert ws.cell(row=12, column=5).border.left.style == "thin"


@pytest.mark.usefixtures("province")
def test_xlsx_by_field_names_the_grouping():
    report = form06(period=Q1, group_by=GroupBy.FIELD)
    ws = _sheet(form06_xlsx(report))
    texts = _texts(ws)
    assert "ỦY BAN NHÂN DÂN TỈNH" in texts  # the default issuing body
    assert {"Theo lĩnh vực", "Lĩnh vực", "Hộ tịch", "Xây dựng"} <= set(texts)
    for line in report.lines:
        _assert_figures(ws, _row_of(ws, line.label), line.row)


def _empty(provisional: bool = True) -> Report:
    return Report(
        period=Period.month(2026, 4),
        group_by=GroupBy.AGENCY,
        scope=Scope(),
        rules=DEFAULT_RULES,
        lines=[],
        total=Row(),
        as_of=datetime(2026, 4, 10, 13, 5, tzinfo=VN_TZ),
        provisional=provisional,
    )


def test_an_empty_report_has_a_total_row_of_zeros(tmp_path):
    ws = _sheet(form06_xlsx(_empty()))
    total = _row_of(ws, "Tổng cộng")
    assert total == 12
    _assert_figures(ws, total, Row())
    assert ws.cell(row=total, column=17).value is None  # nothing resolved: no rate
    texts = _texts(ws)
    assert "Số liệu tạm tính: kỳ báo cáo chưa kết thúc." in texts
    assert "Số liệu tính đến 13:05 ngày 10/04/2026" in texts

    text = _pdf_text(form06_pdf(_empty()), tmp_path)
    assert "Tổng cộng 0 0 0 0 0 0 0 0 0 0 0 0 0 0" in text
    assert "Số liệu tạm tính: kỳ báo cáo chưa kết thúc." in text


# --- PDF ----------------------------------------------------------------------------------
def _run(*args: object) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, check=True, text=True).stdout


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text row by row (`pdftotext -raw`), NFC, whitespace collapsed."""
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "form06.pdf"
    path.write_bytes(pdf)
    text = _run("pdftotext", "-raw", path, "-")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


@pytest.mark.usefixtures("province")
def test_pdf_is_an_a4_landscape_form_in_vietnamese(tmp_path):
    report = form06(period=Q1)
    pdf = form06_pdf(report, agency_name="Sở Nội vụ tỉnh Hưng Yên", prepared_by="Trần Văn Bình")
    text = _pdf_text(pdf, tmp_path)
    for expected in (
        "Biểu số 06/VPCP/KSTT",
        "SỞ NỘI VỤ TỈNH HƯNG YÊN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026",
        "Đơn vị tính: Số hồ sơ TTHC",
        "Số hồ sơ tạm dừng, dừng giải quyết",
        "Chờ bổ sung, thực hiện nghĩa vụ tài chính",
        # one row per line: STT, label, the figures, the on-time rate
        "1 Sở A 5 1 1 3 5 1 1 3 0 0 0 0 0 0 40,00",
        "1.1 Phòng A1 1 0 0 1 1 0 1 0 0 0 0 0 0 0 100,00",
        "2 Sở B 6 1 2 3 0 0 0 0 3 2 1 3 2 1 3 UBND xã C",  # nothing resolved: no rate
        "3 UBND xã C 2 1 0 1 0 0 0 0 1 1 0 1 0 1",
        "Tổng cộng 13 3 3 7 5 1 1 3 4 3 1 4 2 2 40,00",
        "Số liệu tính đến 20:00 ngày 10/04/2026",
        "Người lập biểu",
        "Trần Văn Bình",
    ):
        assert expected in text, expected

    path = tmp_path / "form06.pdf"
    info = _run("pdfinfo", path)
    assert re.search(r"Page size:\s+841\.89 x 595\.276? pts \(A4\)", info), info
    fonts = _run("pdffonts", path)
    assert "Liberation-Serif" in fonts

    PNG_DIR.mkdir(parents=True, exist_ok=True)
    _run(
        "pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", path, PNG_DIR / "page1"
    )
    assert (PNG_DIR / "page1.png").read_bytes()[:4] == b"\x89PNG"


def test_pdf_repeats_the_table_header_on_every_page(tmp_path):
    report = _empty(provisional=False)
    report.lines = [
        Line(str(i), f"Đơn vị số {i}", Row(carried_over=i, resolved_on_time=i)) for i in range(60)
    ]
    report.lines[0].row = Row(carried_over=12345, resolved_late=12345)
    report.total = Row.total(line.row for line in report.lines)
    path = tmp_path / "long.pdf"
    path.write_bytes(form06_pdf(report))
    assert "1 Đơn vị số 0 12.345 12.345 0 0 12.345 0 0 12.345" in _pdf_text(
        path.read_bytes(), tmp_path
    )
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", path)).group(1))
    assert pages >= 2
    for page in range(1, pages + 1):
        text = _run("pdftotext", "-f", page, "-l", page, path, "-")
        assert "Số hồ sơ nhận giải quyết" in unicodedata.normalize("NFC", text), page
