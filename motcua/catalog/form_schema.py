# SPDX-License-Identifier: MPL-2.0
"""The online declaration (tờ khai) a procedure version asks for, and its validation.

`ProcedureVersion.form_schema` is a JSON list of fields, each
``{"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": true}``; types
are text, textarea, date, number and choice (with ``choices``: strings, or
``[value, label]`` pairs). A published version never changes, so a draft and the dossier
made from it are read against the same schema.

Stored values are canonical so that they read back the same way: dates as ISO
``yyyy-mm-dd`` (typed and shown as dd/mm/yyyy), numbers as decimal strings with a dot
(``"12.5"``; JSON has no decimal type and a float would round), text trimmed. Messages are
Vietnamese and name the field, since they are also listed in the page's error summary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from django.utils.translation import gettext as _

FIELD_TYPES: Final = ("text", "textarea", "date", "number", "choice")
#: Longest value accepted per type (characters).
MAX_LENGTH: Final = {"text": 300, "textarea": 3000, "number": 30, "date": 10, "choice": 200}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass(frozen=True)
class FormField:
    """One field of the declaration."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


def _choices(raw: Any) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, list | tuple) and len(item) == 2:
            pairs.append((str(item[0]), str(item[1])))
        elif isinstance(item, dict) and "value" in item:
            pairs.append((str(item["value"]), str(item.get("label", item["value"]))))
        elif isinstance(item, str | int):
            pairs.append((str(item), str(item)))
    return tuple(pairs)


def schema_fields(schema: Any) -> list[FormField]:
    """The fields of `schema`, in order. Entries without a name are skipped and an unknown
    type reads as text, so a slip in the catalogue never breaks the citizen's page."""
    fields = []
    for entry in schema if isinstance(schema, list) else []:
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            continue
        kind = str(entry.get("type") or "text")
        name = str(entry["name"]).strip()
        fields.append(
            FormField(
                name=name,
                label=str(entry.get("label") or name),
                type=kind if kind in FIELD_TYPES else "text",
                required=bool(entry.get("required")),
                choices=_choices(entry.get("choices")),
                help=str(entry.get("help") or ""),
            )
        )
    return fields


def _parse_date(text: str) -> date | None:
    match = _DAY_MONTH_YEAR.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _ISO.match(text)):
        parts = iso.groups()
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _clean(field: FormField, text: str) -> str:
    """The canonical value of `text` for `field`; ValueError with the message if unfit."""
    label = field.label
    if len(text) > MAX_LENGTH[field.type]:
        raise ValueError(
            _("“%(label)s” dài tối đa %(n)d ký tự.") % {"label": label, "n": MAX_LENGTH[field.type]}
        )
    if field.type == "date":
        day = _parse_date(text)
        if day is None or day.year < 1800:
            raise ValueError(
                _(
                    "“%(label)s” phải là ngày có thật, viết theo dạng ngày/tháng/năm, "
                    "ví dụ 15/08/1990."
                )
                % {"label": label}
            )
        return day.isoformat()
    if field.type == "number":
        if not _NUMBER.match(text.replace(" ", "")):
            raise ValueError(
                _(
                    "“%(label)s” phải là số, không có dấu phân cách hàng nghìn, "
                    "ví dụ 1250 hoặc 12,5."
                )
                % {"label": label}
            )
        return format(Decimal(text.replace(" ", "").replace(",", ".")).normalize(), "f")
    if field.type == "choice" and text not in {value for value, _label in field.choices}:
        raise ValueError(_("Vui lòng chọn “%(label)s” trong danh sách.") % {"label": label})
    return text


def _missing(field: FormField) -> str:
    if field.type == "choice":
        return _("Vui lòng chọn “%(label)s”.") % {"label": field.label}
    return _("Vui lòng nhập “%(label)s”.") % {"label": field.label}


def validate_form_data(
    schema: Any, data: Mapping[str, Any], *, partial: bool = False
) -> tuple[dict[str, str], dict[str, str]]:
    """(cleaned, errors) for `data` against `schema`, both keyed by field name.

    `cleaned` holds the canonical value of every valid, non-empty field; keys the schema
    does not know are dropped. With `partial` (a saved draft), a missing required field is
    not an error: only what is given is checked.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in schema_fields(schema):
        raw = data.get(field.name)
        text = "" if raw is None else str(raw).strip()
        if not text:
            if field.required and not partial:
                errors[field.name] = _missing(field)
            continue
        try:
            cleaned[field.name] = _clean(field, text)
        except ValueError as exc:
            errors[field.name] = str(exc)
    return cleaned, errors


def display_value(field: FormField, value: Any) -> str:
    """A stored value as the citizen typed it: dd/mm/yyyy, a decimal comma, a choice label."""
    text = "" if value is None else str(value)
    if field.type == "date" and (iso := _ISO.match(text)):
        return f"{iso.group(3)}/{iso.group(2)}/{iso.group(1)}"
    if field.type == "number":
        return text.replace(".", ",")
    if field.type == "choice":
        return dict(field.choices).get(text, text)
    return text
