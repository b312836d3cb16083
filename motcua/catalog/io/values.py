# SPDX-License-Identifier: MPL-2.0
"""Reading one value of the format, from JSON or from an Excel cell, into its interchange form.

Each reader returns the normalised value or raises ``_Bad`` with the reason in Vietnamese;
``read_fields`` reads every field of a part and turns the reasons into ``Problem`` records
that the JSON and Excel readers word for their own kind of position (row or sheet cell).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.catalog.io.format import LIST_KINDS, Col, Level, Row
from motcua.core.text import fold


class _Bad(ValueError):
    """A value that cannot be read; the message says why, without naming the field."""


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field or item, and where; the readers word it as a message."""

    part: str | None  # None: the procedure itself
    index: int | None  # position in the part (JSON) or sheet row (Excel)
    key: str | None  # None: about the whole item
    reason: str | None  # None: the value is missing


def blank(value: Any) -> bool:
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
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # JSON may give level 3 as a number
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
    found = {_choice(item, Level) for item in items if not blank(item)}
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


def read_fields(
    raw: Mapping[str, Any],
    cols: list[Col],
    part: str | None,
    index: int | None,
    out: list[Problem],
) -> Row:
    """Every field of ``cols`` read from ``raw``; problems are appended to ``out``."""
    values: Row = {}
    for col in cols:
        value = raw.get(col.key)
        if blank(value):
            if col.required:
                out.append(Problem(part, index, col.key, None))
            values[col.key] = _default(col)
            continue
        try:
            values[col.key] = _parse(col, value)
        except _Bad as exc:
            out.append(Problem(part, index, col.key, str(exc)))
            values[col.key] = value  # kept as given: an export of odd data stays lossless
    return values
