# SPDX-License-Identifier: MPL-2.0
"""The interchange format: its fields, how each is read, the parts and the workbook's sheets.

One ``Col`` per field gives its key (the JSON key, dotted for the nested ``channels`` and
``publication``), the label used in messages and as the Excel header, how the value is read
(``values.parse``) and the column width. docs/catalogue-import.md describes the same format.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from motcua.catalog.models import (
    Collection,
    DurationUnitChoice,
    FeeKind,
    LegacyOnlineLevel,
    OnlineLevel,
    Requirement,
)
from motcua.org.models import Role

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
    Col(
        "online_level_2018",
        gettext_lazy("mức độ dịch vụ công trực tuyến (trước 2022)"),
        "choice",
        default="",
        choices=LegacyOnlineLevel,
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
