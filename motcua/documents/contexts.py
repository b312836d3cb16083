# SPDX-License-Identifier: MPL-2.0
"""What each official one-stop form needs (SPEC §3), as plain frozen dataclasses.

The dossier engine builds these from its records; `forms_pdf.render_form` only reads them.
Datetimes should be timezone-aware (stored in UTC); the forms print them in local time
(Asia/Ho_Chi_Minh). A naive datetime is taken as already local. Strings may arrive in any
Unicode normal form: the renderer normalises everything to NFC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Issuer:
    """The body issuing the form: its superior and itself, printed in the header's left column.

    `parent` "UBND TỈNH HƯNG YÊN", `name` "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
    `place` the place name of the date line ("Hưng Yên").
    """

    parent: str
    name: str
    place: str


@dataclass(frozen=True, slots=True)
class Party:
    """A person or organisation named on a form (applicant, principal, owner)."""

    name: str
    id_number: str = ""  # số định danh cá nhân / mã số doanh nghiệp
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class ComponentLine:
    """A submitted (or missing) component with its counts by kind of copy (SPEC §3.1)."""

    name: str
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


@dataclass(frozen=True, slots=True)
class ReceiptContext:
    """Form 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả (SPEC §3.1)."""

    issuer: Issuer
    issued_on: date
    dossier_code: str
    status_url: str
    applicant: Party
    procedure_name: str
    components: tuple[ComponentLine, ...]
    processing_time: str  # "05 ngày làm việc"
    received_at: datetime
    appointment_at: datetime
    return_place: str  # where the result is handed over
    return_method: str  # "Nhận trực tiếp", "Dịch vụ bưu chính công ích", …
    officer_name: str
    number: str = ""  # document number, e.g. "0361/GTN"
    receiving_unit: str = ""  # defaults to the issuer's name
    sets: int = 1
    fee: str = ""  # "Lệ phí: 50.000 đồng (nộp trực tuyến)"
    principal: Party | None = None  # when the submitter is authorised
    authorisation: str = ""  # the authorisation document
    owner: Party | None = None  # the dossier owner, if not the submitter
    register_book: str = ""
    register_entry: str = ""
    lookup_secret: str = ""  # printed for the applicant: with the code, unlocks their view


@dataclass(frozen=True, slots=True)
class SupplementItem:
    """One thing to add or correct, referencing a published component (SPEC §3.2)."""

    component: str  # the published component's name
    requirement: str  # what is wrong or missing
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


@dataclass(frozen=True, slots=True)
class SupplementContext:
    """Form 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (SPEC §3.2)."""

    issuer: Issuer
    issued_on: date
    dossier_code: str
    status_url: str
    applicant: Party
    procedure_name: str
    received_at: datetime
    items: tuple[SupplementItem, ...]
    reason: str
    officer_name: str  # "Người hướng dẫn"
    contact_phone: str = ""
    lookup_website: str = ""
    number: str = ""  # e.g. "0361/HDHS"


@dataclass(frozen=True, slots=True)
class RefusalContext:
    """Form 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ (SPEC §3.3)."""

    issuer: Issuer
    issued_on: date
    applicant: Party
    procedure_name: str
    reasons: tuple[str, ...]
    officer_name: str
    dossier_code: str = ""  # empty if the dossier never got a code
    status_url: str = ""
    number: str = ""


@dataclass(frozen=True, slots=True)
class ApologyContext:
    """Form 04, the apology and new appointment (2018) / extension request (2025) (SPEC §3.4)."""

    issuer: Issuer
    issued_on: date
    dossier_code: str
    status_url: str
    addressee: str  # "Kính gửi: Ông Nguyễn Văn An"
    applicant: Party
    procedure_name: str
    processing_agency: str  # the agency that caused the delay
    received_at: datetime
    appointment_at: datetime  # the original appointment
    reason: str
    new_appointment_at: datetime
    signer_title: str  # "GIÁM ĐỐC"
    signer_name: str
    number: str = ""


@dataclass(frozen=True, slots=True)
class StopNoticeContext:
    """Form 05 of TT 03/2025, Thông báo dừng giải quyết hồ sơ (2025 only)."""

    issuer: Issuer
    issued_on: date
    dossier_code: str
    status_url: str
    applicant: Party
    procedure_name: str
    received_at: datetime
    reason: str
    signer_title: str
    signer_name: str
    number: str = ""


class HandoverResult(StrEnum):
    """How the holder did against its part of the deadline (SPEC §3.5)."""

    EARLY = "trước hạn"
    ON_TIME = "đúng hạn"
    LATE = "quá hạn"


@dataclass(frozen=True, slots=True)
class Handover:
    """One row of the control sheet: `giver` hands the dossier to `receiver` of `unit`."""

    unit: str
    giver: str
    receiver: str
    at: datetime
    result: HandoverResult | None = None  # recorded by the receiving party
    note: str = ""


@dataclass(frozen=True, slots=True)
class ControlSheetContext:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: form 05 (2018) / 06 (2025) (SPEC §3.5)."""

    issuer: Issuer
    issued_on: date
    dossier_code: str
    status_url: str
    applicant: Party
    procedure_name: str
    handling_agency: str
    received_at: datetime
    appointment_at: datetime
    handovers: tuple[Handover, ...]
    coordinating_agency: str = ""


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One dossier in the tracking register (SPEC §3.6)."""

    dossier_code: str
    procedure_name: str
    applicant_name: str
    address_phone: str
    lead_agency: str
    received_at: datetime
    appointment_at: datetime
    returned_at: datetime | None = None
    return_method: str = ""


@dataclass(frozen=True, slots=True)
class RegisterContext:
    """Sổ theo dõi hồ sơ: form 06 (2018) / 07 (2025) (SPEC §3.6); one register per field."""

    issuer: Issuer
    issued_on: date
    field_name: str  # the field or group of fields the register covers
    rows: tuple[RegisterRow, ...]
    period: str = ""  # "Tháng 10 năm 2023"


FormContext = (
    ReceiptContext
    | SupplementContext
    | RefusalContext
    | ApologyContext
    | StopNoticeContext
    | ControlSheetContext
    | RegisterContext
)
