# SPDX-License-Identifier: MPL-2.0
"""Import and export of the procedure catalogue: a JSON interchange format and an Excel workbook.

The format (docs/catalogue-import.md) is a list of procedure versions, one dict per procedure,
with its cases, dossier components, fees and internal process steps nested inside. The Excel
workbook holds the same data in five sheets keyed by procedure code.

An import checks every row before it writes anything and imports nothing when any row is wrong.
Each error names the row (and the case, component, fee or step) and says what to fix, in
Vietnamese. Writes go through the catalogue services: a new code gets ``procedure_create``; an
existing code gets a new draft (a published version is never changed, NĐ 63/2010 Art. 8 and the
versioning rule in ``catalog.models``), and with ``publish`` a row with publication data is
published through ``version_publish``, whose completeness errors also undo the whole import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.accounts.models import User
from motcua.catalog import services
from motcua.catalog.models import (
    Collection,
    Component,
    DurationUnitChoice,
    Fee,
    FeeKind,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    Requirement,
    VersionStatus,
)
from motcua.core.text import fold
from motcua.org.models import Agency, Role

Row = dict[str, Any]


class Level(models.TextChoices):
    """The levels a procedure is carried out at (cấp thực hiện)."""

    CENTRAL = "central", gettext_lazy("Trung ương")
    PROVINCE = "province", gettext_lazy("Cấp tỉnh")
    DISTRICT = "district", gettext_lazy("Cấp huyện")
    COMMUNE = "commune", gettext_lazy("Cấp xã")


LEVEL_FIELDS = {
    Level.CENTRAL: "level_central",
    Level.PROVINCE: "level_province",
    Level.DISTRICT: "level_district",
    Level.COMMUNE: "level_commune",
}
LIST_KINDS = {"lines", "legal", "levels"}
WRAP_KINDS = {"wrap", "lines", "legal"}


@dataclass(frozen=True)
class Col:
    """One field of the format: its key, label (message and Excel header) and how to read it."""

    key: str
    label: Any
    kind: str = "text"
    required: bool = False
    default: Any = ""
    max_length: int | None = None
    minimum: Decimal = Decimal(0)
    choices: type[models.TextChoices] | None = None
    width: int = 18


PROCEDURE_COLS = [
    Col("code", gettext_lazy("mã thủ tục"), "code", True, max_length=30, width=14),
    Col("name", gettext_lazy("tên thủ tục"), "wrap", True, max_length=500, width=50),
    Col("field", gettext_lazy("lĩnh vực"), required=True, max_length=200, width=24),
    Col("levels", gettext_lazy("cấp thực hiện"), "levels", width=18),
    Col("receiving_agency", gettext_lazy("cơ quan tiếp nhận (mã)"), "agency", default=None),
    Col("processing_agency", gettext_lazy("cơ quan giải quyết (mã)"), "agency", default=None),
    Col(
        "processing_agency_text",
        gettext_lazy("cơ quan thực hiện (theo quyết định công bố)"),
        "wrap",
        max_length=500,
        width=36,
    ),
    Col(
        "deciding_authority",
        gettext_lazy("cơ quan có thẩm quyền quyết định"),
        max_length=300,
        width=30,
    ),
    Col("coordinating_agencies", gettext_lazy("cơ quan phối hợp"), "lines", width=30),
    Col("subjects", gettext_lazy("đối tượng thực hiện"), "lines", True, width=30),
    Col("steps", gettext_lazy("trình tự thực hiện"), "wrap", width=50),
    Col("requirements", gettext_lazy("yêu cầu, điều kiện"), "lines", width=40),
    Col("result", gettext_lazy("kết quả thực hiện"), "lines", True, width=30),
    Col("legal_basis", gettext_lazy("căn cứ pháp lý"), "legal", width=50),
    Col("channels.counter", gettext_lazy("nộp trực tiếp"), "bool", default=True, width=12),
    Col("channels.post", gettext_lazy("nộp qua bưu chính"), "bool", default=False, width=12),
    Col("channels.online", gettext_lazy("nộp trực tuyến"), "bool", default=False, width=12),
    Col(
        "online_level",
        gettext_lazy("mức độ dịch vụ công trực tuyến"),
        "choice",
        default=OnlineLevel.NONE.value,
        choices=OnlineLevel,
    ),
    Col("one_stop", gettext_lazy("tiếp nhận qua Bộ phận Một cửa"), "bool", default=True),
    Col("inter_agency", gettext_lazy("liên thông"), "bool", default=False, width=12),
    Col("inter_agency_note", gettext_lazy("ghi chú liên thông"), "wrap", width=40),
    Col("fee_note", gettext_lazy("ghi chú phí, lệ phí"), "wrap", width=40),
    Col(
        "publication.decision_number",
        gettext_lazy("số quyết định công bố"),
        max_length=100,
        default=None,
    ),
    Col("publication.decision_date", gettext_lazy("ngày quyết định công bố"), "date", default=None),
    Col("publication.effective_date", gettext_lazy("ngày có hiệu lực"), "date", default=None),
    Col("source_url", gettext_lazy("nguồn"), "url", max_length=500, width=40),
]
CASE_COLS = [
    Col("code", gettext_lazy("mã trường hợp"), "code", max_length=40, width=16),
    Col("name", gettext_lazy("tên trường hợp"), "wrap", True, max_length=500, width=50),
    Col("processing_amount", gettext_lazy("thời hạn giải quyết"), "number", True, width=12),
    Col(
        "processing_unit",
        gettext_lazy("đơn vị thời hạn"),
        "choice",
        True,
        choices=DurationUnitChoice,
        width=16,
    ),
    Col("note", gettext_lazy("ghi chú thời hạn"), "wrap", max_length=500, width=40),
]
COMPONENT_COLS = [
    Col("case_code", gettext_lazy("mã trường hợp"), "code", default=None, max_length=40),
    Col("group", gettext_lazy("nhóm"), "wrap", max_length=300, width=30),
    Col("name", gettext_lazy("tên giấy tờ"), "wrap", True, width=60),
    Col("originals", gettext_lazy("số bản chính"), "int", default=0, width=12),
    Col("copies", gettext_lazy("số bản sao"), "int", default=0, width=12),
    Col(
        "requirement",
        gettext_lazy("yêu cầu"),
        "choice",
        default=Requirement.REQUIRED.value,
        choices=Requirement,
    ),
    Col("form_name", gettext_lazy("mẫu đơn, tờ khai"), max_length=300, width=30),
    Col(
        "accepted_types",
        gettext_lazy("định dạng tệp chấp nhận"),
        "types",
        default="pdf,jpg,jpeg,png",
    ),
    Col("max_files", gettext_lazy("số tệp tối đa"), "int", default=5, width=12),
    Col("electronic_form", gettext_lazy("có biểu mẫu điện tử"), "bool", default=False),
]
FEE_COLS = [
    Col("case_code", gettext_lazy("mã trường hợp"), "code", default=None, max_length=40),
    Col("kind", gettext_lazy("loại"), "choice", default=FeeKind.FEE.value, choices=FeeKind),
    Col("name", gettext_lazy("tên khoản thu"), max_length=300, width=24),
    Col("amount_vnd", gettext_lazy("mức thu (đồng)"), "money", default=None, width=14),
    Col("note", gettext_lazy("ghi chú"), "wrap", max_length=500, width=50),
    Col(
        "collection",
        gettext_lazy("thời điểm thu"),
        "choice",
        default=Collection.BEFORE.value,
        choices=Collection,
    ),
    Col("exempt_groups", gettext_lazy("đối tượng miễn, giảm"), "wrap", width=30),
]
STEP_COLS = [
    Col("order", gettext_lazy("bước"), "int", default=None, minimum=Decimal(1), width=8),
    Col("name", gettext_lazy("nội dung công việc"), "wrap", True, max_length=300, width=50),
    Col("responsible_role", gettext_lazy("vai trò thực hiện"), "choice", True, choices=Role),
    Col("responsible_agency", gettext_lazy("đơn vị thực hiện (mã)"), "agency", default=None),
    Col(
        "duration_hours",
        gettext_lazy("thời gian (giờ làm việc)"),
        "number",
        True,
        minimum=Decimal("0.5"),
        width=12,
    ),
    Col("output", gettext_lazy("kết quả của bước"), max_length=300, width=30),
]
PARTS = {
    "cases": CASE_COLS,
    "components": COMPONENT_COLS,
    "fees": FEE_COLS,
    "process_steps": STEP_COLS,
}
PART_LABELS = {
    "cases": gettext_lazy("trường hợp"),
    "components": gettext_lazy("thành phần hồ sơ"),
    "fees": gettext_lazy("phí, lệ phí"),
    "process_steps": gettext_lazy("bước quy trình"),
}
NESTED_LABELS = {
    "channels": gettext_lazy("cách thức thực hiện"),
    "publication": gettext_lazy("thông tin công bố"),
}
# Sheet names are part of the file format (like JSON keys), so they are not translated;
# column headers are matched in Vietnamese and in the active language.
SHEETS: list[tuple[str, str | None]] = [
    ("Thủ tục", None),
    ("Trường hợp", "cases"),
    ("Thành phần hồ sơ", "components"),
    ("Phí lệ phí", "fees"),
    ("Quy trình", "process_steps"),
]
PROCEDURE_CODE_COL = Col(
    "procedure_code", gettext_lazy("mã thủ tục"), "code", True, max_length=30, width=14
)


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do); nothing is written when errors."""

    created: int = 0
    updated: int = 0
    published: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading one value ---------------------------------------------------------------------


class _Bad(ValueError):
    """A value that cannot be read; the message says why, without naming the field."""


@dataclass(frozen=True)
class _Problem:
    part: str | None  # None: the procedure itself
    index: int | None  # position in the part (JSON) or sheet row (Excel)
    key: str | None  # None: about the whole item
    reason: str | None  # None: the value is missing


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _default(col: Col) -> Any:
    return [] if col.kind in LIST_KINDS else col.default


def _text(value: Any, max_length: int | None) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise _Bad(_("phải là chuỗi ký tự"))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if max_length and len(text) > max_length:
        raise _Bad(_("dài %(n)s ký tự, tối đa %(max)s") % {"n": len(text), "max": max_length})
    return text


def _code(value: Any, max_length: int) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Bad(_("phải nhập dạng văn bản (trong Excel: ô định dạng Text), ví dụ 1.001193"))
    code = value.strip()
    if len(code) > max_length or any(ch.isspace() for ch in code):
        raise _Bad(
            _("'%(value)s' không hợp lệ (tối đa %(max)s ký tự, không có dấu cách)")
            % {"value": code, "max": max_length}
        )
    return code


def _lines(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise _Bad(_("phải là danh sách chuỗi ký tự (mỗi mục một dòng)"))
    return [line.strip() for item in items for line in item.splitlines() if line.strip()]


def _legal(value: Any) -> list[dict[str, str]]:
    items = value.splitlines() if isinstance(value, str) else value
    bad = _Bad(_("phải là danh sách {mã, tên} hoặc các dòng “mã | tên”"))
    if not isinstance(items, list):
        raise bad
    basis = []
    for item in items:
        if isinstance(item, str):
            code, sep, name = item.partition("|")
            item = {"code": code, "name": name} if sep else {"code": "", "name": code}
        if not isinstance(item, Mapping) or set(item) - {"code", "name"}:
            raise bad
        if not all(isinstance(v, str) for v in item.values()):
            raise bad
        code, name = item.get("code", "").strip(), item.get("name", "").strip()
        if code or name:
            basis.append({"code": code, "name": name})
    return basis


def _choice_names(member: models.TextChoices) -> set[str]:
    labels = {str(member.label)}
    with translation.override(None):  # the source (Vietnamese) label, whatever the language
        labels.add(str(member.label))
    names = {fold(member.value)} | {fold(label) for label in labels}
    return names | {name.removeprefix("cap ") for name in names}


def _choice(value: Any, choices: type[models.TextChoices]) -> str:
    if isinstance(value, str):
        wanted = fold(value)
        for member in choices:
            if wanted in _choice_names(member):
                return str(member.value)
    shown = ", ".join(str(member.label) for member in choices)
    raise _Bad(
        _("'%(value)s' không hợp lệ (chọn: %(choices)s)") % {"value": value, "choices": shown}
    )


def _levels(value: Any) -> list[str]:
    items = re.split(r"[;,\n]", value) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise _Bad(_("phải là danh sách cấp thực hiện"))
    found = {_choice(item, Level) for item in items if not _blank(item)}
    return [level.value for level in Level if level.value in found]


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _json_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def _integer(value: Any, minimum: Decimal) -> int:
    number = _decimal(value)
    if number is None or number != number.to_integral_value() or number < minimum:
        if minimum > 0:
            raise _Bad(_("phải là số nguyên dương"))
        raise _Bad(_("phải là số nguyên không âm"))
    if number > 32767:
        raise _Bad(_("không được lớn hơn 32767"))
    return int(number)


def _number(value: Any, minimum: Decimal) -> int | float:
    """Up to one decimal place (the model stores days and hours as ``decimal_places=1``)."""
    number = _decimal(value)
    if number is None or number < minimum or number >= 100_000 or number != round(number, 1):
        raise _Bad(
            _("phải là số từ %(min)s trở lên, tối đa một chữ số thập phân")
            % {"min": str(minimum).replace(".", ",")}
        )
    return _json_number(number)


def _money(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}([. ]\d{3})+", value.strip()):
        value = re.sub(r"[. ]", "", value)  # "1.500.000" as typed in Vietnamese
    number = _decimal(value)
    if number is None or number < 0 or number != number.to_integral_value():
        raise _Bad(_("phải là số tiền (đồng) nguyên không âm, hoặc để trống nếu chưa có mức thu"))
    return int(number)


TRUE_WORDS = {"co", "x", "true", "1", "yes", "dung"}
FALSE_WORDS = {"khong", "false", "0", "no", "sai"}


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and fold(value) in TRUE_WORDS | FALSE_WORDS:
        return fold(value) in TRUE_WORDS
    raise _Bad(_("phải là “Có” hoặc “Không”"))


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        try:
            if match:
                return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise _Bad(_("phải là ngày dạng dd/mm/yyyy"))


def _url(value: Any) -> str:
    text = _text(value, 500)
    try:
        URLValidator()(text)
    except ValidationError:
        raise _Bad(_("không phải địa chỉ web hợp lệ")) from None
    return text


def _agency(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[-a-zA-Z0-9_]{1,40}", value.strip()):
        raise _Bad(_("'%(value)s' không phải mã cơ quan hợp lệ") % {"value": value})
    return value.strip()


def _types(value: Any) -> str:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise _Bad(_("phải là danh sách đuôi tệp, ví dụ pdf,jpg,png"))
    types = [item.strip().lower().lstrip(".") for item in items if item.strip()]
    text = ",".join(types)
    if not all(re.fullmatch(r"[a-z0-9]+", t) for t in types) or len(text) > 100:
        raise _Bad(_("phải là danh sách đuôi tệp, ví dụ pdf,jpg,png"))
    return text


def _parse(col: Col, value: Any) -> Any:
    """The value in its interchange form, or ``_Bad`` saying what is wrong with it."""
    readers = {
        "text": lambda v: _text(v, col.max_length),
        "wrap": lambda v: _text(v, col.max_length),
        "code": lambda v: _code(v, col.max_length or 40),
        "lines": _lines,
        "legal": _legal,
        "levels": _levels,
        "choice": lambda v: _choice(v, col.choices),  # type: ignore[arg-type]
        "int": lambda v: _integer(v, col.minimum),
        "number": lambda v: _number(v, col.minimum),
        "money": _money,
        "bool": _boolean,
        "date": _day,
        "url": _url,
        "agency": _agency,
        "types": _types,
    }
    return readers[col.kind](value)


def _read_fields(
    raw: Mapping[str, Any],
    cols: list[Col],
    part: str | None,
    index: int | None,
    out: list[_Problem],
) -> Row:
    """Every field of ``cols`` read from ``raw``; problems are appended to ``out``."""
    values: Row = {}
    for col in cols:
        value = raw.get(col.key)
        if _blank(value):
            if col.required:
                out.append(_Problem(part, index, col.key, None))
            values[col.key] = _default(col)
            continue
        try:
            values[col.key] = _parse(col, value)
        except _Bad as exc:
            out.append(_Problem(part, index, col.key, str(exc)))
            values[col.key] = value  # kept as given: an export of odd data stays lossless
    return values


# --- reading a whole row ------------------------------------------------------------------


def _unflatten(values: Row) -> Row:
    """``channels.counter`` → ``channels: {counter}``; an empty publication becomes None."""
    row: Row = {}
    for key, value in values.items():
        group, _dot, sub = key.partition(".")
        if sub:
            row.setdefault(group, {})[sub] = value
        else:
            row[key] = value
    publication = row["publication"]
    if all(_blank(value) for value in publication.values()):
        row["publication"] = None
    elif _blank(publication["effective_date"]):
        publication["effective_date"] = publication["decision_date"]
    return row


def _cross_check(row: Row, out: list[_Problem]) -> None:
    """Rules between fields: case codes, step numbers, the publication's dates."""
    case_codes: set[str] = set()
    for index, case in enumerate(row["cases"], start=1):
        code = case.get("code")
        if isinstance(code, str) and code and code in case_codes:
            out.append(_Problem("cases", index, "code", _("'%(v)s' bị trùng") % {"v": code}))
        case_codes.add(code)
    for part in ("components", "fees"):
        for index, item in enumerate(row[part], start=1):
            ref = item.get("case_code")
            if isinstance(ref, str) and ref and ref not in case_codes:
                reason = _("'%(v)s' không có trong các trường hợp của thủ tục") % {"v": ref}
                out.append(_Problem(part, index, "case_code", reason))
    orders: set[int] = set()
    for index, step in enumerate(row["process_steps"], start=1):
        if step.get("order") is None:
            step["order"] = index
        if isinstance(step["order"], int) and step["order"] in orders:
            reason = _("%(v)s bị trùng") % {"v": step["order"]}
            out.append(_Problem("process_steps", index, "order", reason))
        orders.add(step["order"])
    publication = row.get("publication")
    if publication:
        for key in ("decision_number", "decision_date"):
            if _blank(publication[key]):
                out.append(_Problem(None, None, f"publication.{key}", None))
        decided, effective = publication["decision_date"], publication["effective_date"]
        if isinstance(decided, str) and isinstance(effective, str) and effective < decided:
            reason = _("không được trước ngày quyết định công bố")
            out.append(_Problem(None, None, "publication.effective_date", reason))


def _read_json_row(raw: Any, out: list[_Problem]) -> Row:
    """One interchange dict read and normalised; problems are appended to ``out``."""
    if not isinstance(raw, Mapping):
        out.append(_Problem(None, None, None, _("phải là một đối tượng JSON")))
        return {}
    flat: Row = {}
    for key, value in raw.items():
        if key in NESTED_LABELS:
            if value is not None and not isinstance(value, Mapping):
                out.append(_Problem(None, None, key, _("phải là một đối tượng JSON")))
                continue
            flat.update({f"{key}.{sub}": v for sub, v in (value or {}).items()})
        elif key not in PARTS:
            flat[key] = value
    _unknown_keys(flat, PROCEDURE_COLS, None, None, out)
    row = _unflatten(_read_fields(flat, PROCEDURE_COLS, None, None, out))
    for part, cols in PARTS.items():
        items = raw.get(part) or []
        row[part] = []
        if not isinstance(items, list):
            out.append(_Problem(None, None, part, _("phải là một danh sách")))
            continue
        for index, item in enumerate(items, start=1):
            if not isinstance(item, Mapping):
                out.append(_Problem(part, index, None, _("phải là một đối tượng JSON")))
                continue
            _unknown_keys(item, cols, part, index, out)
            row[part].append(_read_fields(item, cols, part, index, out))
    _cross_check(row, out)
    return row


def _unknown_keys(
    raw: Mapping[str, Any],
    cols: list[Col],
    part: str | None,
    index: int | None,
    out: list[_Problem],
) -> None:
    known = {col.key for col in cols}
    for key in raw:
        if key not in known:
            reason = _("khóa '%(key)s' không thuộc định dạng") % {"key": key}
            out.append(_Problem(part, index, None, reason))


def _label(part: str | None, key: str) -> str:
    cols = PARTS[part] if part else PROCEDURE_COLS
    labels = {col.key: col.label for col in cols} | NESTED_LABELS | PART_LABELS
    return str(labels.get(key, key))


def _json_message(problem: _Problem, number: int, code: str | None) -> str:
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


def _validate(rows: Any) -> tuple[list[Row], dict[str, Agency], list[str]]:
    """Every row read and checked, agency codes included; the messages name row and item."""
    if not isinstance(rows, list):
        return [], {}, [_("Dữ liệu nhập phải là một danh sách thủ tục.")]
    if not rows:
        return [], {}, [_("Không có thủ tục nào để nhập.")]
    parsed: list[Row] = []
    problems: list[list[_Problem]] = []
    first_row: dict[str, int] = {}
    for number, raw in enumerate(rows, start=1):
        found: list[_Problem] = []
        row = _read_json_row(raw, found)
        code = row.get("code")
        if isinstance(code, str) and code in first_row:
            reason = _("trùng với dòng %(n)s") % {"n": first_row[code]}
            found.append(_Problem(None, None, "code", reason))
        elif isinstance(code, str) and code:
            first_row[code] = number
        parsed.append(row)
        problems.append(found)
    codes = {code for row in parsed for *_where, code in _agency_uses(row)}
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=codes)}
    messages = []
    for number, (row, found) in enumerate(zip(parsed, problems, strict=True), start=1):
        for part, index, key, code in _agency_uses(row):
            if code not in agencies:
                reason = _("'%(code)s' không có trong danh mục cơ quan") % {"code": code}
                found.append(_Problem(part, index, key, reason))
        code = row.get("code") if isinstance(row.get("code"), str) else None
        messages += [_json_message(problem, number, code) for problem in found]
    return parsed, agencies, messages


def _agency_uses(row: Row) -> list[tuple[str | None, int | None, str, str]]:
    """Where the row names an agency by code: (part, index, key, code)."""
    uses = [(None, None, key, row.get(key)) for key in ("receiving_agency", "processing_agency")]
    for index, step in enumerate(row.get("process_steps", []), start=1):
        uses.append(("process_steps", index, "responsible_agency", step.get("responsible_agency")))
    return [use for use in uses if isinstance(use[3], str) and use[3]]


# --- import -------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def catalogue_import(
    *, actor: User | None, rows: list[Row], publish: bool, dry_run: bool = False
) -> ImportResult:
    """Create or refresh procedures from interchange rows, all or nothing.

    Every row is checked first; any error means nothing is written. A new code gets a first
    draft; an existing code gets a new draft when its content differs from the newest version
    (published versions stay untouched); a row equal to the newest version is left alone, so
    importing the same file twice creates nothing. With ``publish``, rows carrying publication
    data are published (the version in force becomes superseded); a completeness error from
    ``version_publish`` is a row error and undoes the whole import. ``dry_run`` does all of it
    and rolls back.
    """
    result = ImportResult(dry_run=dry_run)
    parsed, agencies, result.errors = _validate(rows)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, row in enumerate(parsed, start=1):
                _import_row(
                    row, number, actor=actor, publish=publish, agencies=agencies, result=result
                )
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if result.errors:
        result.created = result.updated = result.published = result.unchanged = 0
    return result


def _import_row(
    row: Row,
    number: int,
    *,
    actor: User | None,
    publish: bool,
    agencies: dict[str, Agency],
    result: ImportResult,
) -> None:
    where = _("Dòng %(n)s (mã %(code)s)") % {"n": number, "code": row["code"]}
    try:
        with transaction.atomic():  # a savepoint: later rows are still checked after a failure
            procedure = Procedure.objects.filter(code=row["code"]).first()
            if procedure is not None and _unchanged(procedure, row, publish):
                result.unchanged += 1
                return
            fields = _version_fields(row, agencies)
            if procedure is None:
                version = services.procedure_create(actor=actor, code=row["code"], **fields)
                result.created += 1
            else:
                draft = services.version_create_draft(actor=actor, procedure=procedure)
                version = services.version_update(actor=actor, version=draft, **fields)
                result.updated += 1
            _replace_children(version, row, agencies, new=procedure is None)
            if publish and row["publication"]:
                services.version_publish(
                    actor=actor, version=version, publication=_publication(row["publication"])
                )
                result.published += 1
    except services.CatalogError as exc:
        result.errors += [
            _("%(where)s: không nhập được: %(msg)s") % {"where": where, "msg": m}
            for m in exc.messages
        ]
    except ValidationError as exc:
        result.errors += [f"{where}: {m}" for m in exc.messages]


def _publication(data: Mapping[str, str]) -> services.Publication:
    return services.Publication(
        decision_number=data["decision_number"],
        decision_date=date.fromisoformat(data["decision_date"]),
        effective_date=date.fromisoformat(data["effective_date"]),
    )


def _unchanged(procedure: Procedure, row: Row, publish: bool) -> bool:
    """The newest version already says what the row says (and is published if it must be)."""
    newest = procedure.versions.order_by("-number").first()
    if newest is None:
        return False
    current = catalogue_export_json([newest])[0]
    if {**current, "publication": None} != {**row, "publication": None}:
        return False
    if not (publish and row["publication"]):
        return True
    return newest.status == VersionStatus.PUBLISHED and current["publication"] == row["publication"]


def _version_fields(row: Row, agencies: dict[str, Agency]) -> dict[str, Any]:
    levels = set(row["levels"])
    channels = row["channels"]
    return {
        "name": row["name"],
        "field": services.field_get_or_create(name=row["field"]),
        **{attr: level in levels for level, attr in LEVEL_FIELDS.items()},
        "receiving_agency": agencies.get(row["receiving_agency"] or ""),
        "processing_agency": agencies.get(row["processing_agency"] or ""),
        "processing_agency_text": row["processing_agency_text"],
        "deciding_authority": row["deciding_authority"],
        "coordinating_agencies": "\n".join(row["coordinating_agencies"]),
        "subjects": "\n".join(row["subjects"]),
        "steps": row["steps"],
        "requirements": "\n".join(row["requirements"]),
        "result": "\n".join(row["result"]),
        "legal_basis": row["legal_basis"],
        "channel_counter": channels["counter"],
        "channel_post": channels["post"],
        "channel_online": channels["online"],
        "online_level": row["online_level"],
        "one_stop": row["one_stop"],
        "inter_agency": row["inter_agency"],
        "inter_agency_note": row["inter_agency_note"],
        "fee_note": row["fee_note"],
        "source_url": row["source_url"],
    }


def _replace_children(
    version: ProcedureVersion, row: Row, agencies: dict[str, Agency], *, new: bool
) -> None:
    """The draft's cases, components, fees and steps become the row's (templates are kept)."""
    templates = {}
    if not new:  # a draft copied from the previous version: clear what was copied
        components = version.components.exclude(template="")
        templates = {(c.group, c.name): c.template.name for c in components}
        for model in (Component, Fee, ProcessStep, ProcedureCase):
            model.objects.filter(version=version).delete()  # type: ignore[attr-defined]
    cases = [
        ProcedureCase(
            version=version,
            order=order,
            code=case["code"],
            name=case["name"],
            processing_amount=Decimal(str(case["processing_amount"])),
            processing_unit=case["processing_unit"],
            note=case["note"],
        )
        for order, case in enumerate(row["cases"], start=1)
    ]
    by_code = {case.code: case for case in _bulk(ProcedureCase, cases) if case.code}
    _bulk(
        Component,
        [
            Component(
                version=version,
                order=order,
                case=by_code.get(item["case_code"] or ""),
                template=templates.get((item["group"], item["name"]), ""),
                **{k: v for k, v in item.items() if k != "case_code"},
            )
            for order, item in enumerate(row["components"], start=1)
        ],
    )
    _bulk(
        Fee,
        [
            Fee(
                version=version,
                order=order,
                case=by_code.get(item["case_code"] or ""),
                **{k: v for k, v in item.items() if k != "case_code"},
            )
            for order, item in enumerate(row["fees"], start=1)
        ],
    )
    _bulk(
        ProcessStep,
        [
            ProcessStep(
                version=version,
                order=step["order"],
                name=step["name"],
                responsible_role=step["responsible_role"],
                responsible_agency=agencies.get(step["responsible_agency"] or ""),
                duration_hours=Decimal(str(step["duration_hours"])),
                output=step["output"],
            )
            for step in row["process_steps"]
        ],
    )


def _bulk(model: type[models.Model], objects: list) -> list:
    """Field checks without the per-row foreign-key queries of ``full_clean``, then one insert."""
    for obj in objects:
        obj.clean_fields(exclude=["version", "case", "responsible_agency"])
    return model.objects.bulk_create(objects)  # type: ignore[attr-defined]


# --- export -------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _raw_row(version: ProcedureVersion) -> Row:
    """The version as an interchange dict, before normalisation."""

    def by_order(items: Iterable[Any]) -> list[Any]:
        return sorted(items, key=lambda item: (item.order, item.pk))

    def case_code(item: Component | Fee) -> str | None:
        return item.case.code if item.case_id else None  # type: ignore[union-attr]

    return {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.field.name,
        "levels": [level.value for level, attr in LEVEL_FIELDS.items() if getattr(version, attr)],
        "receiving_agency": version.receiving_agency.code if version.receiving_agency else None,
        "processing_agency": version.processing_agency.code if version.processing_agency else None,
        "processing_agency_text": version.processing_agency_text,
        "deciding_authority": version.deciding_authority,
        "coordinating_agencies": version.lines("coordinating_agencies"),
        "subjects": version.lines("subjects"),
        "steps": version.steps,
        "requirements": version.lines("requirements"),
        "result": version.lines("result"),
        "legal_basis": version.legal_basis,
        "channels": {
            "counter": version.channel_counter,
            "post": version.channel_post,
            "online": version.channel_online,
        },
        "online_level": version.online_level,
        "one_stop": version.one_stop,
        "inter_agency": version.inter_agency,
        "inter_agency_note": version.inter_agency_note,
        "fee_note": version.fee_note,
        "publication": {
            "decision_number": version.decision_number,
            "decision_date": _iso(version.decision_date),
            "effective_date": _iso(version.effective_date),
        },
        "source_url": version.source_url,
        "cases": [
            {
                "code": c.code,
                "name": c.name,
                "processing_amount": c.processing_amount,
                "processing_unit": c.processing_unit,
                "note": c.note,
            }
            for c in by_order(version.cases.all())
        ],
        "components": [
            {"case_code": case_code(c)}
            | {col.key: getattr(c, col.key) for col in COMPONENT_COLS[1:]}
            for c in by_order(version.components.all())
        ],
        "fees": [
            {"case_code": case_code(f)} | {col.key: getattr(f, col.key) for col in FEE_COLS[1:]}
            for f in by_order(version.fees.all())
        ],
        "process_steps": [
            {
                "order": s.order,
                "name": s.name,
                "responsible_role": s.responsible_role,
                "responsible_agency": s.responsible_agency.code if s.responsible_agency else None,
                "duration_hours": s.duration_hours,
                "output": s.output,
            }
            for s in sorted(version.process_steps.all(), key=lambda s: s.order)
        ],
    }


def catalogue_export_json(versions: Iterable[ProcedureVersion]) -> list[Row]:
    """The versions in the interchange format (normalised exactly as an import reads it)."""
    versions = list(versions)
    prefetch_related_objects(
        versions,
        "procedure",
        "field",
        "receiving_agency",
        "processing_agency",
        "cases",
        Prefetch("components", queryset=Component.objects.select_related("case")),
        Prefetch("fees", queryset=Fee.objects.select_related("case")),
        Prefetch(
            "process_steps", queryset=ProcessStep.objects.select_related("responsible_agency")
        ),
    )
    return [_read_json_row(_raw_row(version), []) for version in versions]


# --- Excel --------------------------------------------------------------------------------


def _header(col: Col) -> str:
    return capfirst(str(col.label))


def _header_names(col: Col) -> set[str]:
    names = {fold(_header(col))}
    with translation.override(None):
        names.add(fold(_header(col)))
    return names


def _sheet_cols(part: str | None) -> list[Col]:
    return PROCEDURE_COLS if part is None else [PROCEDURE_CODE_COL, *PARTS[part]]


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


def _flat(row: Row) -> Row:
    flat = {k: v for k, v in row.items() if k not in NESTED_LABELS and k not in PARTS}
    flat |= {f"channels.{k}": v for k, v in row["channels"].items()}
    flat |= {f"publication.{k}": v for k, v in (row["publication"] or {}).items()}
    return flat


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
        sheet = workbook.create_sheet(title)
        cols = _sheet_cols(part)
        sheet.append([_header(col) for col in cols])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE4EE")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        items = (
            [_flat(row) for row in rows]
            if part is None
            else [{"procedure_code": row["code"], **item} for row in rows for item in row[part]]
        )
        for item in items:
            sheet.append([_cell_value(col, item.get(col.key)) for col in cols])
            for col, cell in zip(cols, sheet[sheet.max_row], strict=True):
                _style(col, cell)
        for number, col in enumerate(cols, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = col.width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_message(problem: _Problem, sheet: str, row_number: int) -> str:
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


def _read_sheets(workbook: Any) -> dict[str | None, list[tuple[int, Row]]]:
    """Each sheet's non-empty data rows as {column key: cell value}, with the sheet row number."""
    tables: dict[str | None, list[tuple[int, Row]]] = {}
    errors: list[str] = []
    for title, part in SHEETS:
        if title not in workbook.sheetnames:
            errors.append(_("Thiếu sheet '%(sheet)s'.") % {"sheet": title})
            continue
        lines = workbook[title].iter_rows(values_only=True)
        header = [fold(str(h)) if h is not None else "" for h in next(lines, ())]
        positions = {}
        for col in _sheet_cols(part):
            found = [i for i, name in enumerate(header) if name in _header_names(col)]
            if not found:
                errors.append(
                    _("Sheet '%(sheet)s': thiếu cột '%(col)s'.")
                    % {"sheet": title, "col": _header(col)}
                )
            else:
                positions[col.key] = found[0]
        rows = []
        for number, line in enumerate(lines, start=2):
            if all(_blank(value) for value in line):
                continue
            rows.append(
                (number, {k: line[i] if i < len(line) else None for k, i in positions.items()})
            )
        tables[part] = rows
    if errors:
        raise services.CatalogError(errors)
    return tables


def _open_workbook(file: str | Path | bytes | IO[bytes]) -> Any:
    source = BytesIO(file) if isinstance(file, bytes) else file
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors for files that are not xlsx
        raise services.CatalogError(
            [_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")]
        ) from None


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
    titles = {part: title for title, part in SHEETS}
    messages: list[str] = []
    rows: dict[str, Row] = {}
    places: dict[str, dict[str | None, list[int]]] = {}
    for number, raw in tables[None]:
        problems: list[_Problem] = []
        values = _read_fields(raw, PROCEDURE_COLS, None, number, problems)
        code = values["code"]
        if isinstance(code, str) and code in rows:
            reason = _("'%(v)s' trùng với dòng %(n)s") % {"v": code, "n": places[code][None][0]}
            problems.append(_Problem(None, number, "code", reason))
        elif isinstance(code, str) and code:
            rows[code] = {**_unflatten(values), **{part: [] for part in PARTS}}
            places[code] = {None: [number], **{part: [] for part in PARTS}}
        messages += [_excel_message(p, titles[None], number) for p in problems]
    for part, cols in PARTS.items():
        for number, raw in tables[part]:
            problems = []
            code = _read_fields(raw, [PROCEDURE_CODE_COL], part, number, problems)
            code = code["procedure_code"]
            readable = not problems
            item = _read_fields(raw, cols, part, number, problems)
            if readable and code not in rows:
                reason = _("không có thủ tục '%(v)s' trong sheet '%(sheet)s'") % {
                    "v": code,
                    "sheet": titles[None],
                }
                problems.append(_Problem(part, number, "procedure_code", reason))
            elif code in rows:
                rows[code][part].append(item)
                places[code][part].append(number)
            messages += [_excel_message(p, titles[part], number) for p in problems]
    for code, row in rows.items():
        problems = []
        _cross_check(row, problems)
        for p in problems:
            number = places[code][p.part][p.index - 1] if p.part else places[code][None][0]
            messages.append(_excel_message(p, titles[p.part], number))
    if messages:
        raise services.CatalogError(messages)
    return list(rows.values())


def catalogue_read_file(path: str | Path) -> list[Row]:
    """Rows from a .json (a list of interchange dicts) or .xlsx file; ``CatalogError`` if bad."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return catalogue_import_excel(path)
    if suffix != ".json":
        raise services.CatalogError([_("Chỉ nhập được tệp .json hoặc .xlsx.")])
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise services.CatalogError([_("Tệp JSON phải được mã hóa UTF-8.")]) from None
    except json.JSONDecodeError as exc:
        raise services.CatalogError(
            [
                _("Tệp JSON không hợp lệ (dòng %(line)s, cột %(col)s): %(msg)s")
                % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
            ]
        ) from None
    if not isinstance(rows, list):
        raise services.CatalogError([_("Tệp JSON phải chứa một danh sách thủ tục.")])
    return rows
