# SPDX-License-Identifier: MPL-2.0
"""The catalogue as an Excel workbook: five sheets (procedures, then one per part) keyed by code.

Sheet names are part of the file format (like JSON keys), so they are not translated; column
headers are matched in Vietnamese and in the active language, and found by their header, so
their order does not matter. Reading a workbook gives interchange rows, or a ``CatalogError``
naming every bad cell; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.catalog import services
from motcua.catalog.io.exporting import catalogue_export_json
from motcua.catalog.io.format import (
    NESTED_LABELS,
    PARTS,
    PROCEDURE_CODE_COL,
    PROCEDURE_COLS,
    SHEETS,
    WRAP_KINDS,
    Col,
    Level,
    Row,
)
from motcua.catalog.io.validation import cross_check, unflatten
from motcua.catalog.io.values import Problem, blank, read_fields
from motcua.catalog.models import ProcedureVersion
from motcua.core.text import fold

Table = list[tuple[int, Row]]  # (sheet row number, {column key: cell value})


def _header(col: Col) -> str:
    return capfirst(str(col.label))


def _header_names(col: Col) -> set[str]:
    names = {fold(_header(col))}
    with translation.override(None):
        names.add(fold(_header(col)))
    return names


def _sheet_cols(part: str | None) -> list[Col]:
    return PROCEDURE_COLS if part is None else [PROCEDURE_CODE_COL, *PARTS[part]]


# --- export -------------------------------------------------------------------------------


def catalogue_export_excel(versions: Iterable[ProcedureVersion]) -> bytes:
    """The versions as an .xlsx workbook: one sheet per part, keyed by procedure code.

    Headers and choice labels are always the format's own (Vietnamese) words, whatever the
    active language, so a workbook exported in one session imports in any other.
    """
    rows = catalogue_export_json(versions)
    with translation.override(None):
        return _workbook(rows)


def _workbook(rows: list[Row]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, part in SHEETS:
        _add_sheet(workbook, title, part, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_sheet(workbook: Workbook, title: str, part: str | None, rows: list[Row]) -> None:
    sheet = workbook.create_sheet(title)
    cols = _sheet_cols(part)
    sheet.append([_header(col) for col in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in _sheet_items(part, rows):
        sheet.append([_cell_value(col, item.get(col.key)) for col in cols])
        for col, cell in zip(cols, sheet[sheet.max_row], strict=True):
            _style(col, cell)
    for number, col in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = col.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _sheet_items(part: str | None, rows: list[Row]) -> list[Row]:
    """The sheet's lines: flattened procedures, or a part's items with their procedure code."""
    if part is None:
        return [_flat(row) for row in rows]
    return [{"procedure_code": row["code"], **item} for row in rows for item in row[part]]


def _flat(row: Row) -> Row:
    flat = {k: v for k, v in row.items() if k not in NESTED_LABELS and k not in PARTS}
    flat |= {f"channels.{k}": v for k, v in row["channels"].items()}
    flat |= {f"publication.{k}": v for k, v in (row["publication"] or {}).items()}
    return flat


def _cell_value(col: Col, value: Any) -> Any:
    try:
        value = _cell_text(col, value)
    except (ValueError, TypeError, KeyError):  # odd data kept as given by the export
        value = str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _cell_text(col: Col, value: Any) -> Any:
    if value is None or value == []:
        return None
    if col.kind == "bool":
        return _("Có") if value else _("Không")
    if col.kind == "date":
        return date.fromisoformat(value)
    if col.kind == "choice":
        return str(col.choices(value).label)  # type: ignore[misc]
    if col.kind == "levels":
        return "; ".join(str(Level(level).label) for level in value)
    if col.kind == "lines":
        return "\n".join(value)
    if col.kind == "legal":
        return "\n".join(f"{item['code']} | {item['name']}" for item in value)
    return value


def _style(col: Col, cell: Any) -> None:
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if col.kind == "code":
        cell.number_format = "@"
    elif col.kind == "date":
        cell.number_format = "DD/MM/YYYY"
    if col.kind in WRAP_KINDS:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- import -------------------------------------------------------------------------------


def catalogue_import_excel(file: str | Path | bytes | IO[bytes]) -> list[Row]:
    """Interchange rows read from a workbook made like ``catalogue_export_excel``'s.

    Raises ``CatalogError`` listing every bad cell ("Sheet 'Thành phần hồ sơ', dòng 4, cột
    'Số bản chính': …"), or the missing sheets and columns; it writes nothing.
    """
    workbook = _open_workbook(file)
    try:
        tables = _read_sheets(workbook)
    finally:
        workbook.close()
    found = _Gathered()
    for number, raw in tables[None]:
        found.add_procedure(number, raw)
    for part, cols in PARTS.items():
        for number, raw in tables[part]:
            found.add_item(part, cols, number, raw)
    found.cross_check()
    if found.messages:
        raise services.CatalogError(found.messages)
    return list(found.rows.values())


def _open_workbook(file: str | Path | bytes | IO[bytes]) -> Any:
    source = BytesIO(file) if isinstance(file, bytes) else file
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors for files that are not xlsx
        raise services.CatalogError(
            [_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")]
        ) from None


def _read_sheets(workbook: Any) -> dict[str | None, Table]:
    """Each sheet's non-empty data rows as {column key: cell value}, with the sheet row number."""
    tables: dict[str | None, Table] = {}
    errors: list[str] = []
    for title, part in SHEETS:
        if title not in workbook.sheetnames:
            errors.append(_("Thiếu sheet '%(sheet)s'.") % {"sheet": title})
            continue
        lines = workbook[title].iter_rows(values_only=True)
        header = [fold(str(h)) if h is not None else "" for h in next(lines, ())]
        positions = _column_positions(header, title, part, errors)
        tables[part] = _data_rows(lines, positions)
    if errors:
        raise services.CatalogError(errors)
    return tables


def _column_positions(
    header: list[str], title: str, part: str | None, errors: list[str]
) -> dict[str, int]:
    """Where each column of the sheet is, found by its header; missing ones go to ``errors``."""
    positions = {}
    for col in _sheet_cols(part):
        found = [i for i, name in enumerate(header) if name in _header_names(col)]
        if not found:
            errors.append(
                _("Sheet '%(sheet)s': thiếu cột '%(col)s'.") % {"sheet": title, "col": _header(col)}
            )
        else:
            positions[col.key] = found[0]
    return positions


def _data_rows(lines: Iterator[tuple[Any, ...]], positions: dict[str, int]) -> Table:
    rows = []
    for number, line in enumerate(lines, start=2):
        if all(blank(value) for value in line):
            continue
        rows.append((number, {k: line[i] if i < len(line) else None for k, i in positions.items()}))
    return rows


@dataclass
class _Gathered:
    """The workbook's procedures by code, where each line came from, and what is wrong."""

    rows: dict[str, Row] = field(default_factory=dict)
    places: dict[str, dict[str | None, list[int]]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def add_procedure(self, number: int, raw: Row) -> None:
        problems: list[Problem] = []
        values = read_fields(raw, PROCEDURE_COLS, None, number, problems)
        code = values["code"]
        if isinstance(code, str) and code in self.rows:
            first = self.places[code][None][0]
            reason = _("'%(v)s' trùng với dòng %(n)s") % {"v": code, "n": first}
            problems.append(Problem(None, number, "code", reason))
        elif isinstance(code, str) and code:
            self.rows[code] = {**unflatten(values), **{part: [] for part in PARTS}}
            self.places[code] = {None: [number], **{part: [] for part in PARTS}}
        self.messages += [_excel_message(p, number) for p in problems]

    def add_item(self, part: str, cols: list[Col], number: int, raw: Row) -> None:
        problems: list[Problem] = []
        code = read_fields(raw, [PROCEDURE_CODE_COL], part, number, problems)["procedure_code"]
        readable = not problems
        item = read_fields(raw, cols, part, number, problems)
        if readable and code not in self.rows:
            reason = _("không có thủ tục '%(v)s' trong sheet '%(sheet)s'") % {
                "v": code,
                "sheet": _TITLES[None],
            }
            problems.append(Problem(part, number, "procedure_code", reason))
        elif code in self.rows:
            self.rows[code][part].append(item)
            self.places[code][part].append(number)
        self.messages += [_excel_message(p, number) for p in problems]

    def cross_check(self) -> None:
        """The rules between fields, each problem placed on the sheet line it is about."""
        for code, row in self.rows.items():
            problems: list[Problem] = []
            cross_check(row, problems)
            places = self.places[code]
            for p in problems:
                number = places[p.part][p.index - 1] if p.part else places[None][0]
                self.messages.append(_excel_message(p, number))


_TITLES = {part: title for title, part in SHEETS}


def _excel_message(problem: Problem, row_number: int) -> str:
    sheet = _TITLES[problem.part]
    where = _("Sheet '%(sheet)s', dòng %(n)s") % {"sheet": sheet, "n": row_number}
    if problem.key is None:
        return f"{where}: {problem.reason}"
    cols = {col.key: col for col in _sheet_cols(problem.part)}
    header = _header(cols[problem.key]) if problem.key in cols else problem.key
    reason = problem.reason or _("không được để trống")
    return _("%(where)s, cột '%(col)s': %(reason)s") % {
        "where": where,
        "col": header,
        "reason": reason,
    }
