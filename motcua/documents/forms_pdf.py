# SPDX-License-Identifier: MPL-2.0
"""Render the official one-stop forms (SPEC §3) to PDF with WeasyPrint.

`render_form(kind, rule_set, context)` picks the template for `kind`, prints the form number
and circular of `rule_set` (TT 01/2018 or TT 03/2025), and lays the page out as Decree
30/2020 prescribes for administrative documents: A4, margins 20/20/20/30 mm, a Times-metric
serif (Liberation Serif), the national header as a two-column table. Every string is
normalised to NFC first, so decomposed input prints the same as precomposed.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import re
import unicodedata
from enum import Enum
from typing import Any, Final, TypeVar

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from weasyprint import HTML

from motcua.documents import contexts as c
from motcua.documents.formatting import place_date
from motcua.domain.workflow.rulesets import Form, RuleSet
from motcua.domain.workflow.vocabulary import FormKind

_TEMPLATES: Final[dict[FormKind, tuple[str, type]]] = {
    FormKind.RECEIPT: ("receipt.html", c.ReceiptContext),
    FormKind.SUPPLEMENT_REQUEST: ("supplement_request.html", c.SupplementContext),
    FormKind.REFUSAL: ("refusal.html", c.RefusalContext),
    FormKind.APOLOGY: ("apology.html", c.ApologyContext),
    FormKind.STOP_NOTICE: ("stop_notice.html", c.StopNoticeContext),
    FormKind.CONTROL_SHEET: ("control_sheet.html", c.ControlSheetContext),
    FormKind.REGISTER: ("register.html", c.RegisterContext),
}
_CIRCULAR: Final = re.compile(r"\bTT (\d{2}/\d{4}/TT-VPCP)\b")
T = TypeVar("T")


class FormNotInRuleSet(LookupError):
    """The rule set has no such form (e.g. the stop notice under TT 01/2018)."""


def render_form(kind: FormKind, rule_set: RuleSet, context: c.FormContext) -> bytes:
    """The PDF of form `kind` as numbered by `rule_set`, filled from `context`.

    Raises `TypeError` if `context` is not the dataclass `kind` needs and
    `FormNotInRuleSet` if the regime has no such form.
    """
    return HTML(string=render_html(kind, rule_set, context)).write_pdf()


def render_html(kind: FormKind, rule_set: RuleSet, context: c.FormContext) -> str:
    """The HTML `render_form` lays out (NFC); useful to debug a template."""
    template, expected = _TEMPLATES[kind]
    if not isinstance(context, expected):
        raise TypeError(f"{kind} needs a {expected.__name__}, not {type(context).__name__}")
    form = rule_set.form_for(kind)
    if form is None:
        raise FormNotInRuleSet(f"Bộ quy tắc {rule_set.code} không có mẫu “{kind}”.")
    html = render_to_string(
        f"documents/forms/{template}", _template_data(form, rule_set, nfc(context))
    )
    return unicodedata.normalize("NFC", html)


def _template_data(form: Form, rule_set: RuleSet, ctx: c.FormContext) -> dict[str, Any]:
    status_url = getattr(ctx, "status_url", "")
    return {
        "form": form,
        "title": form.name.upper(),
        "circular": circular_of(rule_set),
        "rule_set": rule_set,
        "ctx": ctx,
        "place_date": place_date(ctx.issuer.place, ctx.issued_on),
        "qr": qr_data_uri(status_url) if status_url else "",
    }


def circular_of(rule_set: RuleSet) -> str:
    """The circular that issued the regime's forms: "01/2018/TT-VPCP", "03/2025/TT-VPCP"."""
    match = _CIRCULAR.search(rule_set.name)
    if match is None:
        raise ValueError(f"rule set {rule_set.code} names no TT …/TT-VPCP circular")
    return match.group(1)


def qr_data_uri(payload: str) -> str:
    """An SVG QR code of `payload` (error correction M, 4-module quiet zone) as a data URI."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(payload)
    buffer = io.BytesIO()
    qr.make_image(image_factory=qrcode.image.svg.SvgPathFillImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def nfc(value: T) -> T:
    """`value` with every string in it (through dataclasses and tuples) in NFC."""
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return type(value)(nfc(v) for v in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: nfc(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value
