# SPDX-License-Identifier: MPL-2.0
"""Validators and normalisers for Vietnamese identity data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE = re.compile(r"^0\d{9}$")
_IDENTITY = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def normalize_phone(raw: str) -> str:
    """Return the national 10-digit form: "+84 912 345 678" → "0912345678"."""
    digits = re.sub(r"[\s.\-()]", "", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not _PHONE.match(normalize_phone(value)):
        raise ValidationError(
            _("Số điện thoại phải gồm 10 chữ số và bắt đầu bằng 0, ví dụ 0912345678."),
            code="invalid_phone",
        )


def validate_identity_number(value: str) -> None:
    """Căn cước / CCCD number: 12 digits (Law on Identification 2023)."""
    if not _IDENTITY.match(value):
        raise ValidationError(
            _("Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số."), code="invalid_identity"
        )


def validate_tax_code(value: str) -> None:
    """Mã số thuế: 10 digits, or 13 as 10 digits + "-" + 3 for a branch (Circular 105/2020)."""
    if not _TAX_CODE.match(value):
        raise ValidationError(
            _(
                "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang "
                "và 3 chữ số của đơn vị phụ thuộc."
            ),
            code="invalid_tax_code",
        )
