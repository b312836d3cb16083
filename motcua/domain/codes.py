"""The dossier code (mã hồ sơ): `{unit identifier}-{yymmdd}-{NNNN}`, e.g. 000.00.06.H31-231027-0361.

SPEC §4.1. Every dossier gets one code when it is received: the electronic identifier
code of the receiving unit (mã định danh điện tử, QCVN 102:2016/BTTTT), the receipt date
in local time as `yymmdd`, and a four-digit sequence number per unit and day that restarts
at 0001 each day. TT 01/2018/TT-VPCP Art. 1 puts "mã số hồ sơ" in its scope [V-law]; the
exact article text was not retrieved, so the structure is the one seen in real systems
[V-impl: Thanh Hóa `GenerateMaHoSo.cs`, printed example `000.00.06.H56-231027-0361`].

This module only formats, parses and validates. The sequence itself is not pure: the
`dossiers` app reserves it in its own table under a lock and passes it in (STYLE.md,
example 6); `next_sequence` is the pure step it applies. Nothing here reads meaning from
the unit identifier beyond its shape (SPEC §4.2: codes are re-issued after mergers).

Not supported: the 6-7 digit sequences of ministry-level systems (SPEC §4.1, third-party
notes). Such codes are refused by `parse_code`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from motcua.domain.errors import InvalidDossierCode, InvalidUnitIdentifier, SequenceExhausted

#: Largest sequence number a unit can give in one day (four digits, SPEC §4.1).
MAX_SEQUENCE: Final = 9999

#: QCVN 102:2016/BTTTT: four dot-separated levels ending in a province code, 000.00.06.H31.
#: The same shape as `org.models.IDENTIFIER_CODE_RE` (which the domain may not import).
_UNIT: Final = r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}"
UNIT_IDENTIFIER_RE: Final = re.compile(_UNIT)
DOSSIER_CODE_RE: Final = re.compile(rf"(?P<unit>{_UNIT})-(?P<day>[0-9]{{6}})-(?P<seq>[0-9]{{4}})")

_EXAMPLE: Final = "000.00.06.H31-231027-0361"


@dataclass(frozen=True, slots=True)
class DossierCode:
    """The three parts of a dossier code; `str()` gives the code itself."""

    unit_identifier: str
    day: date
    sequence: int

    def __str__(self) -> str:
        """The formatted code, for example "000.00.06.H31-231027-0361"."""
        return format_code(self.unit_identifier, self.day, self.sequence)


def validate_unit_identifier(value: str) -> str:
    """Return `value` if it is an electronic identifier code of the form 000.00.06.H31.

    Only the shape is checked (QCVN 102:2016/BTTTT, SPEC §4.2): upper-case letters and
    digits in four dot-separated levels, the last a letter and two digits. Whether the
    code is in the official catalogue is the `org` app's business. Raises
    `InvalidUnitIdentifier` with a Vietnamese message.
    """
    if not isinstance(value, str) or not UNIT_IDENTIFIER_RE.fullmatch(value):
        raise InvalidUnitIdentifier(
            f"Mã định danh điện tử “{value}” phải có dạng 000.00.06.H31 (theo QCVN 102:2016/BTTTT)."
        )
    return value


def _check_sequence(sequence: int) -> None:
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        raise InvalidDossierCode(f"Số thứ tự hồ sơ phải là số nguyên, không phải “{sequence}”.")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise InvalidDossierCode(
            f"Số thứ tự hồ sơ trong ngày phải từ 0001 đến {MAX_SEQUENCE}, không phải {sequence}."
        )


def format_code(unit_identifier: str, day: date, sequence: int) -> str:
    """Build the dossier code `{unit}-{yymmdd}-{NNNN}` (SPEC §4.1).

    `day` is the local receipt date (Asia/Ho_Chi_Minh), not a datetime, and must lie in
    2000-2099 so that the two-digit year reads back unambiguously. `sequence` is 1..9999.
    Raises `InvalidUnitIdentifier` or `InvalidDossierCode` with a Vietnamese message.
    """
    validate_unit_identifier(unit_identifier)
    if isinstance(day, datetime) or not isinstance(day, date):
        raise InvalidDossierCode(
            "Ngày trong mã hồ sơ là ngày tiếp nhận (giờ Việt Nam), không kèm giờ."
        )
    if not 2000 <= day.year <= 2099:
        raise InvalidDossierCode(
            f"Ngày tiếp nhận {day:%d/%m/%Y} nằm ngoài khoảng 2000-2099 của mã hồ sơ (yymmdd)."
        )
    _check_sequence(sequence)
    return f"{unit_identifier}-{day:%y%m%d}-{sequence:04d}"


def parse_code(code: str) -> DossierCode:
    """Split a dossier code into unit identifier, receipt date and sequence (SPEC §4.1).

    Surrounding spaces are ignored and ASCII letters are upper-cased, since applicants
    type codes into the tracking page; anything else must match the format exactly. The
    two-digit year is read as 20yy. Raises `InvalidDossierCode` with a Vietnamese message
    for any malformed code, including an impossible date and the sequence 0000.
    """
    text = code.strip() if isinstance(code, str) else ""
    match = DOSSIER_CODE_RE.fullmatch(text.upper()) if text.isascii() else None
    if match is None:
        raise InvalidDossierCode(
            f"Mã hồ sơ “{code}” không đúng định dạng: cần mã định danh đơn vị, ngày tiếp nhận "
            f"(yymmdd) và số thứ tự 4 chữ số, ví dụ {_EXAMPLE}."
        )
    digits = match["day"]
    try:
        day = date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        raise InvalidDossierCode(
            f"Mã hồ sơ “{code}” có ngày tiếp nhận không hợp lệ ({digits}, dạng yymmdd)."
        ) from None
    sequence = int(match["seq"])
    if sequence == 0:
        raise InvalidDossierCode(f"Mã hồ sơ “{code}” có số thứ tự 0000; số thứ tự bắt đầu từ 0001.")
    return DossierCode(match["unit"], day, sequence)


def next_sequence(last: int | None) -> int:
    """The sequence number after `last`, the last one given today by the unit (None: first).

    The pure step of the reservation the `dossiers` app runs under a per-unit lock; the
    counter restarts each day (SPEC §4.1), so "no number yet today" is `None` → 1. After
    9999 raises `SequenceExhausted`: the code has four digits and the law gives no fifth,
    so the service decides (refuse, or a provincial rule). A `last` outside 1..9999 means
    corrupt data and raises `InvalidDossierCode`.
    """
    if last is None:
        return 1
    _check_sequence(last)
    if last == MAX_SEQUENCE:
        raise SequenceExhausted(
            f"Đơn vị đã dùng hết {MAX_SEQUENCE} số thứ tự hồ sơ trong ngày; mã hồ sơ chỉ có "
            "4 chữ số cho số thứ tự."
        )
    return last + 1
