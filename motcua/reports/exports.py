# SPDX-License-Identifier: MPL-2.0
"""Form 06 (Biểu số 06/VPCP/KSTT, TT 01/2020/TT-VPCP) as an .xlsx workbook and a PDF.

Both files are laid out from one `_Form` built out of a `Report`: the national header, the
form tag, the title and period, a two-row table header with the column numbers below it
("(3) = (4) + (5) + (6)" as the official forms write the identities), one row per report
line (indented by depth) and the "Tổng cộng" row, then the footer (as-of time, provisional
note, signatures). Texts are translated in the active language, which callers set to
Vietnamese for an official form; every string is normalised to NFC.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint import HTML

from motcua.documents.formatting import day, local
from motcua.domain.reporting import Row
from motcua.reports.selectors import GroupBy, Report

# (group header, ((Row attribute, sub-header), ...)): the counted columns, in form order.
_GROUPS: tuple[tuple[Promise, tuple[tuple[str, Promise], ...]], ...] = (
    (
        gettext_lazy("Số hồ sơ nhận giải quyết"),
        (
            ("received", gettext_lazy("Tổng số")),
            ("carried_over", gettext_lazy("Số kỳ trước chuyển qua")),
            ("new_online", gettext_lazy("Số mới tiếp nhận trực tuyến")),
            ("new_direct", gettext_lazy("Số mới tiếp nhận trực tiếp hoặc qua dịch vụ bưu chính")),
        ),
    ),
    (
        gettext_lazy("Số hồ sơ đã giải quyết"),
        (
            ("resolved", gettext_lazy("Tổng số")),
            ("resolved_early", gettext_lazy("Trả trước hạn")),
            ("resolved_on_time", gettext_lazy("Trả đúng hạn")),
            ("resolved_late", gettext_lazy("Trả quá hạn")),
        ),
    ),
    (
        gettext_lazy("Số hồ sơ đang giải quyết"),
        (
            ("processing", gettext_lazy("Tổng số")),
            ("processing_within", gettext_lazy("Chưa đến hạn")),
            ("processing_overdue", gettext_lazy("Quá hạn")),
        ),
    ),
    (
        gettext_lazy("Số hồ sơ tạm dừng, dừng giải quyết"),
        (
            ("suspended", gettext_lazy("Tổng số")),
            ("paused", gettext_lazy("Chờ bổ sung, thực hiện nghĩa vụ tài chính")),
            ("ended", gettext_lazy("Dừng giải quyết, rút hồ sơ")),
        ),
    ),
)
_RATE_KEY = "on_time_rate"
_RATE_HEADER = gettext_lazy("Tỷ lệ giải quyết đúng hạn (%)")

FORM06_COLUMNS: tuple[tuple[str, Promise], ...] = (
    *(
        (key, format_lazy("{}: {}", group, sub))
        for group, columns in _GROUPS
        for key, sub in columns
    ),
    (_RATE_KEY, _RATE_HEADER),
)
"""The figures of form 06 in form order: (Row attribute, full header, lazily translated).

`getattr(row, key)` gives the value; "on_time_rate" is a fraction (0.4 for 40 %) or None
when nothing was resolved.
"""

_LABEL_HEADERS: dict[GroupBy, Promise] = {
    GroupBy.AGENCY: gettext_lazy("Cơ quan, đơn vị"),
    GroupBy.LEVEL: gettext_lazy("Cấp"),
    GroupBy.FIELD: gettext_lazy("Lĩnh vực"),
    GroupBy.PROCEDURE: gettext_lazy("Thủ tục hành chính"),
}
_KEYS = tuple(key for key, _header in FORM06_COLUMNS)
_WIDTH = 2 + len(_KEYS)  # STT, label, the figures


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text))


@dataclass(frozen=True)
class _Line:
    """One body row: its number (STT), label, depth and the figures in `_KEYS` order."""

    number: str
    label: str
    depth: int
    values: tuple[int | float | None, ...]


@dataclass(frozen=True)
class _Form:
    """Everything both files print, translated and in NFC."""

    issuer: str
    nation: str
    motto: str
    tag: str
    circular: str
    title: str
    period: str
    grouping: str
    unit: str
    stt: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (group header, sub-headers)
    label_header: str
    rate_header: str
    numbers: tuple[str, ...]  # "(1)", "(2)", "(3) = (4) + (5) + (6)", …
    lines: tuple[_Line, ...]
    total_label: str
    total: _Line
    notes: tuple[str, ...]
    preparer_title: str
    preparer_hint: str
    preparer: str
    head_title: str
    head_hint: str


def _values(row: Row) -> tuple[int | float | None, ...]:
    return tuple(getattr(row, key) for key in _KEYS)


def _numbers() -> tuple[str, ...]:
    """The column-number row: totals and the rate written as their identities."""
    labels = ["(1)", "(2)"]
    column = 3
    for _group, columns in _GROUPS:
        parts = " + ".join(f"({column + i})" for i in range(1, len(columns)))
        labels.append(f"({column}) = {parts}")
        labels += [f"({column + i})" for i in range(1, len(columns))]
        column += len(columns)
    resolved = 3 + len(_GROUPS[0][1])  # the resolved total; early and on time follow
    labels.append(f"({column}) = [({resolved + 1}) + ({resolved + 2})] / ({resolved})")
    return tuple(labels)


def _stt(lines: Iterable[int]) -> list[str]:
    """Row numbers by depth: 1, 1.1, 1.2, 2, …"""
    counters: list[int] = []
    numbers = []
    for depth in lines:
        counters = counters[: depth + 1]
        counters += [0] * (depth + 1 - len(counters))
        counters[depth] += 1
        numbers.append(".".join(str(n) for n in counters))
    return numbers


def _as_of(value: datetime | None) -> str:
    if value is None:
        return ""
    moment = local(value)
    text: str = _("Số liệu tính đến %(time)s ngày %(day)s") % {
        "time": f"{moment:%H:%M}",
        "day": day(moment),
    }
    return text


def _form(report: Report, agency_name: str, prepared_by: str) -> _Form:
    stt = _stt(line.depth for line in report.lines)
    notes = [_as_of(report.as_of)]
    if report.provisional:
        notes.append(_("Số liệu tạm tính: kỳ báo cáo chưa kết thúc."))
    if any(line.depth for line in report.lines):
        notes.append(_("Số liệu của cơ quan, đơn vị đã gồm số liệu của các đơn vị trực thuộc."))
    notes += report.notes
    period = _("Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s") % {
        "start": day(report.period.start),
        "end": day(report.period.end),
    }
    return _Form(
        issuer=_nfc(agency_name.strip()).upper() or _("ỦY BAN NHÂN DÂN TỈNH"),
        nation=_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        motto=_("Độc lập - Tự do - Hạnh phúc"),
        tag=_("Biểu số 06/VPCP/KSTT"),
        circular=_("Ban hành kèm theo Thông tư số 01/2020/TT-VPCP"),
        title=_(
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, "
            "ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
        ),
        period=period,
        grouping=_nfc(report.group_by.label),
        unit=_("Đơn vị tính: Số hồ sơ TTHC"),
        stt=_("STT"),
        groups=tuple(
            (_nfc(group), tuple(_nfc(sub) for _key, sub in columns)) for group, columns in _GROUPS
        ),
        label_header=_nfc(_LABEL_HEADERS[report.group_by]),
        rate_header=_nfc(_RATE_HEADER),
        numbers=_numbers(),
        lines=tuple(
            _Line(number, _nfc(line.label), line.depth, _values(line.row))
            for number, line in zip(stt, report.lines, strict=True)
        ),
        total_label=_("Tổng cộng"),
        total=_Line("", "", 0, _values(report.total)),
        notes=tuple(_nfc(note) for note in notes if note),
        preparer_title=_("Người lập biểu"),
        preparer_hint=_("(Ký, ghi rõ họ tên)"),
        preparer=_nfc(prepared_by.strip()),
        head_title=_("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"),
        head_hint=_("(Ký, đóng dấu, ghi rõ họ tên)"),
    )


# --- xlsx ---------------------------------------------------------------------------------
_FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ISSUER_COLS = (1, 4)  # A:D
_NATION_COLS = (8, _WIDTH)  # H:Q
_FIRST_FIGURE = 3  # column C


def _put(
    ws: Worksheet,
    row: int,
    cols: tuple[int, int],
    value: object,
    *,
    size: float = 12,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Alignment = _CENTER,
) -> Cell:
    """Write `value` into row `row`, columns `cols` merged, with the form's font."""
    if cols[1] > cols[0]:
        ws.merge_cells(start_row=row, start_column=cols[0], end_row=row, end_column=cols[1])
    cell: Cell = ws.cell(row=row, column=cols[0], value=value)
    cell.font = Font(
        name=_FONT, size=size, bold=bold, italic=italic, underline="single" if underline else None
    )
    cell.alignment = align
    return cell


def _figure_row(ws: Worksheet, row: int, line: _Line, *, bold: bool = False) -> None:
    for offset, value in enumerate(line.values):
        cell = ws.cell(row=row, column=_FIRST_FIGURE + offset, value=value)
        cell.font = Font(name=_FONT, size=12, bold=bold)
        cell.alignment = _CENTER
        cell.number_format = "0.00%" if _KEYS[offset] == _RATE_KEY else "#,##0"


def _table_header(ws: Worksheet, form: _Form, top: int) -> None:
    """The two header rows (group headers merged across their columns) and the numbers."""
    _put(ws, top, (1, 1), form.stt, bold=True)
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    _put(ws, top, (2, 2), form.label_header, bold=True)
    ws.merge_cells(start_row=top, start_column=2, end_row=top + 1, end_column=2)
    column = _FIRST_FIGURE
    for group, subs in form.groups:
        _put(ws, top, (column, column + len(subs) - 1), group, bold=True)
        for offset, sub in enumerate(subs):
            _put(ws, top + 1, (column + offset, column + offset), sub, size=11, bold=True)
        column += len(subs)
    _put(ws, top, (column, column), form.rate_header, bold=True)
    ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    for offset, number in enumerate(form.numbers):
        _put(ws, top + 2, (offset + 1, offset + 1), number, size=9, italic=True)
    ws.row_dimensions[top].height = 33
    ws.row_dimensions[top + 1].height = 96
    ws.row_dimensions[top + 2].height = 26


def _signatures(ws: Worksheet, form: _Form, row: int) -> None:
    for cols, title, hint, name in (
        (_ISSUER_COLS, form.preparer_title, form.preparer_hint, form.preparer),
        (_NATION_COLS, form.head_title, form.head_hint, ""),
    ):
        _put(ws, row, cols, title, size=13, bold=True)
        _put(ws, row + 1, cols, hint, italic=True)
        if name:
            _put(ws, row + 5, cols, name, size=13, bold=True)


def form06_xlsx(report: Report, *, agency_name: str = "", prepared_by: str = "") -> bytes:
    """Form 06 as an .xlsx workbook: one A4-landscape sheet laid out like the official form."""
    form = _form(report, agency_name, prepared_by)
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = _("Biểu số 06")
    last = (1, _WIDTH)
    _put(
        ws,
        1,
        last,
        f"{form.tag} — {form.circular}",
        size=11,
        italic=True,
        align=Alignment(horizontal="right"),
    )
    _put(ws, 2, _ISSUER_COLS, form.issuer, size=12.5, bold=True)
    _put(ws, 2, _NATION_COLS, form.nation, size=12.5, bold=True)
    _put(ws, 3, _NATION_COLS, form.motto, size=13, bold=True, underline=True)
    ws.row_dimensions[2].height = 33
    _put(ws, 5, last, form.title, size=14, bold=True)
    ws.row_dimensions[5].height = 36
    _put(ws, 6, last, form.period, size=13, italic=True)
    _put(ws, 7, last, form.grouping, size=13, italic=True)
    _put(ws, 8, last, form.unit, italic=True, align=Alignment(horizontal="right"))
    top = 9
    _table_header(ws, form, top)
    row = top + 3
    for line in form.lines:
        _put(ws, row, (1, 1), line.number)
        _put(
            ws,
            row,
            (2, 2),
            line.label,
            align=Alignment(vertical="center", wrap_text=True, indent=2 * line.depth),
        )
        _figure_row(ws, row, line)
        row += 1
    _put(ws, row, (1, 2), form.total_label, bold=True)
    _figure_row(ws, row, form.total, bold=True)
    for cells in ws.iter_rows(min_row=top, max_row=row, max_col=_WIDTH):
        for cell in cells:
            cell.border = _BOX
    row += 2
    for note in form.notes:
        _put(ws, row, last, note, italic=True, align=Alignment(horizontal="left"))
        row += 1
    _signatures(ws, form, row + 1)

    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 34
    for column in range(_FIRST_FIGURE, _WIDTH + 1):
        ws.column_dimensions[get_column_letter(column)].width = 12
    ws.freeze_panes = ws.cell(row=top + 3, column=_FIRST_FIGURE)
    ws.print_title_rows = f"{top}:{top + 2}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&P/&N"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- pdf ----------------------------------------------------------------------------------
def form06_html(report: Report, *, agency_name: str = "", prepared_by: str = "") -> str:
    """The HTML `form06_pdf` lays out (NFC); useful to debug the template."""
    form = _form(report, agency_name, prepared_by)
    html = render_to_string(
        "reports/form06.html",
        {
            "form": form,
            "lines": [_pdf_line(line) for line in form.lines],
            "total": _pdf_line(form.total),
        },
    )
    return unicodedata.normalize("NFC", html)


def _pdf_line(line: _Line) -> dict[str, object]:
    """A body row for the template: counts, the rate in percent, the label's indent."""
    *counts, rate = line.values
    return {
        "line": line,
        "counts": counts,
        "rate": None if rate is None else 100 * rate,
        "indent": f"{2 + 12 * line.depth}pt",
    }


def form06_pdf(report: Report, *, agency_name: str = "", prepared_by: str = "") -> bytes:
    """Form 06 as a PDF: A4 landscape, Liberation Serif, the table header on every page."""
    html = form06_html(report, agency_name=agency_name, prepared_by=prepared_by)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
