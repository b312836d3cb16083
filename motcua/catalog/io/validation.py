# SPDX-License-Identifier: MPL-2.0
"""Reading and checking whole rows: one procedure with its cases, components, fees and steps.

``validate_rows`` reads a list of interchange dicts, checks the rules between fields and the
agency codes, and words each problem with the row it is in ("Dòng 3 (mã 1.001193), thành
phần hồ sơ 2: …"). The Excel reader reuses ``unflatten`` and ``cross_check`` row by row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.io.format import NESTED_LABELS, PART_LABELS, PARTS, PROCEDURE_COLS, Col, Row
from motcua.catalog.io.values import Problem, blank, read_fields
from motcua.org.models import Agency

AgencyUse = tuple[str | None, int | None, str, str]  # (part, index, key, agency code)


def unflatten(values: Row) -> Row:
    """``channels.counter`` → ``channels: {counter}``; an empty publication becomes None."""
    row: Row = {}
    for key, value in values.items():
        group, _dot, sub = key.partition(".")
        if sub:
            row.setdefault(group, {})[sub] = value
        else:
            row[key] = value
    publication = row["publication"]
    if all(blank(value) for value in publication.values()):
        row["publication"] = None
    elif blank(publication["effective_date"]):
        publication["effective_date"] = publication["decision_date"]
    return row


def cross_check(row: Row, out: list[Problem]) -> None:
    """Rules between fields: case codes, step numbers, the publication's dates."""
    case_codes = _check_case_codes(row, out)
    _check_case_refs(row, case_codes, out)
    _check_step_orders(row, out)
    _check_publication(row, out)


def _check_case_codes(row: Row, out: list[Problem]) -> set[str]:
    case_codes: set[str] = set()
    for index, case in enumerate(row["cases"], start=1):
        code = case.get("code")
        if isinstance(code, str) and code and code in case_codes:
            out.append(Problem("cases", index, "code", _("'%(v)s' bị trùng") % {"v": code}))
        if isinstance(code, str):  # other types are reported by the field check
            case_codes.add(code)
    return case_codes


def _check_case_refs(row: Row, case_codes: set[str], out: list[Problem]) -> None:
    for part in ("components", "fees"):
        for index, item in enumerate(row[part], start=1):
            ref = item.get("case_code")
            if isinstance(ref, str) and ref and ref not in case_codes:
                reason = _("'%(v)s' không có trong các trường hợp của thủ tục") % {"v": ref}
                out.append(Problem(part, index, "case_code", reason))


def _check_step_orders(row: Row, out: list[Problem]) -> None:
    """Step numbers are unique; a step without one gets its position."""
    orders: set[int] = set()
    for index, step in enumerate(row["process_steps"], start=1):
        if step.get("order") is None:
            step["order"] = index
        if isinstance(step["order"], int) and step["order"] in orders:
            reason = _("%(v)s bị trùng") % {"v": step["order"]}
            out.append(Problem("process_steps", index, "order", reason))
        if isinstance(step["order"], int):  # other types are reported by the field check
            orders.add(step["order"])


def _check_publication(row: Row, out: list[Problem]) -> None:
    publication = row.get("publication")
    if not publication:
        return
    for key in ("decision_number", "decision_date"):
        if blank(publication[key]):
            out.append(Problem(None, None, f"publication.{key}", None))
    decided, effective = publication["decision_date"], publication["effective_date"]
    if isinstance(decided, str) and isinstance(effective, str) and effective < decided:
        reason = _("không được trước ngày quyết định công bố")
        out.append(Problem(None, None, "publication.effective_date", reason))


def read_json_row(raw: Any, out: list[Problem]) -> Row:
    """One interchange dict read and normalised; problems are appended to ``out``."""
    if not isinstance(raw, Mapping):
        out.append(Problem(None, None, None, _("phải là một đối tượng JSON")))
        return {}
    flat = _flatten_procedure(raw, out)
    _unknown_keys(flat, PROCEDURE_COLS, None, None, out)
    row = unflatten(read_fields(flat, PROCEDURE_COLS, None, None, out))
    for part, cols in PARTS.items():
        row[part] = _read_json_part(raw.get(part) or [], part, cols, out)
    cross_check(row, out)
    return row


def _flatten_procedure(raw: Mapping[str, Any], out: list[Problem]) -> Row:
    """The procedure's own fields, the nested ``channels`` and ``publication`` dotted."""
    flat: Row = {}
    for key, value in raw.items():
        if key in NESTED_LABELS:
            if value is not None and not isinstance(value, Mapping):
                out.append(Problem(None, None, key, _("phải là một đối tượng JSON")))
                continue
            flat.update({f"{key}.{sub}": v for sub, v in (value or {}).items()})
        elif key not in PARTS:
            flat[key] = value
    return flat


def _read_json_part(items: Any, part: str, cols: list[Col], out: list[Problem]) -> list[Row]:
    if not isinstance(items, list):
        out.append(Problem(None, None, part, _("phải là một danh sách")))
        return []
    read = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            out.append(Problem(part, index, None, _("phải là một đối tượng JSON")))
            continue
        _unknown_keys(item, cols, part, index, out)
        read.append(read_fields(item, cols, part, index, out))
    return read


def _unknown_keys(
    raw: Mapping[str, Any],
    cols: list[Col],
    part: str | None,
    index: int | None,
    out: list[Problem],
) -> None:
    known = {col.key for col in cols}
    for key in raw:
        if key not in known:
            reason = _("khóa '%(key)s' không thuộc định dạng") % {"key": key}
            out.append(Problem(part, index, None, reason))


def _label(part: str | None, key: str) -> str:
    cols = PARTS[part] if part else PROCEDURE_COLS
    labels = {col.key: col.label for col in cols} | NESTED_LABELS | PART_LABELS
    return str(labels.get(key, key))


def _json_message(problem: Problem, number: int, code: str | None) -> str:
    where = _("Dòng %(n)s") % {"n": number}
    if code:
        where = _("Dòng %(n)s (mã %(code)s)") % {"n": number, "code": code}
    if problem.part:
        where += f", {PART_LABELS[problem.part]} {problem.index}"
    if problem.key is None:
        return f"{where}: {problem.reason}"
    what = _label(problem.part, problem.key)
    if problem.reason is None:
        return _("%(where)s: thiếu %(what)s") % {"where": where, "what": what}
    return f"{where}: {what} {problem.reason}"


def validate_rows(rows: Any) -> tuple[list[Row], dict[str, Agency], list[str]]:
    """Every row read and checked, agency codes included; the messages name row and item."""
    if not isinstance(rows, list):
        return [], {}, [_("Dữ liệu nhập phải là một danh sách thủ tục.")]
    if not rows:
        return [], {}, [_("Không có thủ tục nào để nhập.")]
    parsed, problems = _read_json_rows(rows)
    codes = {code for row in parsed for *_where, code in _agency_uses(row)}
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=codes)}
    messages = []
    for number, (row, found) in enumerate(zip(parsed, problems, strict=True), start=1):
        _check_agencies(row, agencies, found)
        code = row.get("code") if isinstance(row.get("code"), str) else None
        messages += [_json_message(problem, number, code) for problem in found]
    return parsed, agencies, messages


def _read_json_rows(rows: list[Any]) -> tuple[list[Row], list[list[Problem]]]:
    """Each row read, with its problems; a procedure code may appear only once."""
    parsed: list[Row] = []
    problems: list[list[Problem]] = []
    first_row: dict[str, int] = {}
    for number, raw in enumerate(rows, start=1):
        found: list[Problem] = []
        row = read_json_row(raw, found)
        code = row.get("code")
        if isinstance(code, str) and code in first_row:
            reason = _("trùng với dòng %(n)s") % {"n": first_row[code]}
            found.append(Problem(None, None, "code", reason))
        elif isinstance(code, str) and code:
            first_row[code] = number
        parsed.append(row)
        problems.append(found)
    return parsed, problems


def _check_agencies(row: Row, agencies: dict[str, Agency], found: list[Problem]) -> None:
    for part, index, key, code in _agency_uses(row):
        if code not in agencies:
            reason = _("'%(code)s' không có trong danh mục cơ quan") % {"code": code}
            found.append(Problem(part, index, key, reason))


def _agency_uses(row: Row) -> list[AgencyUse]:
    """Where the row names an agency by code: (part, index, key, code)."""
    uses = [(None, None, key, row.get(key)) for key in ("receiving_agency", "processing_agency")]
    for index, step in enumerate(row.get("process_steps", []), start=1):
        uses.append(("process_steps", index, "responsible_agency", step.get("responsible_agency")))
    return [use for use in uses if isinstance(use[3], str) and use[3]]
