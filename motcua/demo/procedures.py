# SPDX-License-Identifier: MPL-2.0
"""The demo catalogue: 39 real procedures from the national TTHC database, published.

``data/procedures.json`` is a copy of the project's compiled portal records (see
/work/shared/data/README.md for their sources and limits). Each record is converted into the
catalogue interchange format (docs/catalogue-import.md) and imported published through
``catalogue_import``, which leaves a procedure alone when its newest version already says the
same, so loading twice creates no version. Portal errors are kept as published; the caveats
the data file records are shown where they matter (fee note, case note), labelled as such.
A few procedures get an internal process (quy trình nội bộ) whose steps add up exactly to
the legal processing time; the step split is illustrative, not a Hưng Yên decision.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from motcua.catalog.io import catalogue_import
from motcua.catalog.services import CatalogError
from motcua.core.text import fold
from motcua.org.models import Agency, Role

DATA = Path(__file__).resolve().parent / "data" / "procedures.json"
SOURCE_CAVEAT = "Lưu ý về dữ liệu nguồn (Cổng Dịch vụ công quốc gia): "

# Left out, with the reason: a published version needs a processing time in days or hours.
SKIPPED = {
    "1.011606": "the portal gives every processing time with the unit OTHER (no number of days)",
}
LEVELS = {"xã": "commune", "tỉnh": "province", "trung ương": "central"}
UNITS = {"ngày làm việc": "working_days", "giờ làm việc": "working_hours", "ngày": "calendar_days"}
CHANNELS = {"trực tiếp": "counter", "bưu chính": "post", "trực tuyến": "online"}
CHANNEL_WORDS = {"trực tiếp": "trực tiếp", "bưu chính": "qua bưu chính", "trực tuyến": "trực tuyến"}
ONLINE_LEVELS = {"toàn trình": "full", "một phần": "partial", None: "none"}
KIND_COPIES = {
    "bản chính": {"original": 1, "copy": 0},
    "bản sao": {"original": 0, "copy": 1},
    "bản chính và bản sao": {"original": 1, "copy": 1},
}
# Published processing agency (folded, matched at the start) → demo agency code. Only for
# procedures carried out at provincial level; commune procedures keep the text only, since
# every commune handles its own dossiers.
PROVINCIAL_AGENCIES = [
    ("so tu phap", "so-tu-phap"),
    ("bo phan mot cua so xay dung", "so-xay-dung"),
    ("so xay dung", "so-xay-dung"),
    ("so y te", "so-y-te"),
    ("so cong thuong", "so-cong-thuong"),
    ("so van hoa, the thao va du lich", "so-van-hoa-the-thao-du-lich"),
    ("so tai chinh", "so-tai-chinh"),
    ("so noi vu", "so-noi-vu"),
    ("co quan chuyen mon ve noi vu thuoc uy ban nhan dan cap tinh", "so-noi-vu"),
    ("bao hiem xa hoi tinh", "bhxh-tinh"),
    ("thue tinh", "thue-tinh"),
    ("van phong dang ky dat dai", "so-nong-nghiep-moi-truong"),  # under the department
    ("uy ban nhan dan cap tinh", "ubnd-tinh"),
]
RECEPTION = "ttpvhcc"  # provincial dossiers are received at the Public Administration Center

# Internal processes: (task, role, working hours, output, "reception"/"processing"/None).
# Hours add up to the legal time of every case counted in working time (8 h = 1 day).
C, S, U, L, R = (
    Role.COUNTER_OFFICER,
    Role.SPECIALIST,
    Role.UNIT_HEAD,
    Role.AGENCY_LEADER,
    Role.RECORDS_CLERK,
)
INTERNAL_PROCESSES: dict[str, list[tuple[str, Role, float, str, str | None]]] = {
    "1.001193": [  # khai sinh: 1 working day
        ("Tiếp nhận, kiểm tra hồ sơ, lập phiếu hẹn", C, 1, "Phiếu tiếp nhận và hẹn trả", None),
        (
            "Công chức tư pháp - hộ tịch kiểm tra, ghi Sổ hộ tịch, dự thảo Giấy khai sinh",
            S,
            4,
            "Dự thảo Giấy khai sinh",
            None,
        ),
        ("Chủ tịch UBND cấp xã ký Giấy khai sinh", L, 2, "Giấy khai sinh đã ký", None),
        ("Đóng dấu, vào sổ, chuyển Bộ phận Một cửa trả kết quả", R, 1, "Kết quả chờ trả", None),
    ],
    "1.000894": [  # kết hôn: 1 working day (the other case is in calendar days)
        ("Tiếp nhận, kiểm tra hồ sơ, lập phiếu hẹn", C, 1, "Phiếu tiếp nhận và hẹn trả", None),
        (
            "Công chức tư pháp - hộ tịch kiểm tra điều kiện kết hôn, ghi Sổ hộ tịch",
            S,
            4,
            "Dự thảo Giấy chứng nhận kết hôn",
            None,
        ),
        ("Chủ tịch UBND cấp xã ký Giấy chứng nhận kết hôn", L, 2, "Giấy chứng nhận đã ký", None),
        ("Đóng dấu, vào sổ, chuyển trả kết quả", R, 1, "Kết quả chờ trả", None),
    ],
    "1.004873": [  # xác nhận tình trạng hôn nhân: 3 working days
        ("Tiếp nhận, kiểm tra hồ sơ, lập phiếu hẹn", C, 2, "Phiếu tiếp nhận và hẹn trả", None),
        (
            "Công chức tư pháp - hộ tịch tra cứu Cơ sở dữ liệu hộ tịch, xác minh khi cần",
            S,
            14,
            "Dự thảo Giấy xác nhận tình trạng hôn nhân",
            None,
        ),
        ("Chủ tịch UBND cấp xã ký Giấy xác nhận", L, 6, "Giấy xác nhận đã ký", None),
        ("Đóng dấu, vào sổ, chuyển trả kết quả", R, 2, "Kết quả chờ trả", None),
    ],
    "1.001731": [  # hỗ trợ chi phí mai táng: 3 working days
        ("Tiếp nhận, kiểm tra hồ sơ, lập phiếu hẹn", C, 2, "Phiếu tiếp nhận và hẹn trả", None),
        ("Công chức văn hóa - xã hội thẩm định hồ sơ", S, 14, "Tờ trình, dự thảo quyết định", None),
        ("Chủ tịch UBND cấp xã quyết định hỗ trợ", L, 6, "Quyết định hỗ trợ", None),
        ("Đóng dấu, vào sổ, chuyển trả kết quả", R, 2, "Kết quả chờ trả", None),
    ],
    "1.013225": [  # giấy phép xây dựng: the 10-working-day case (the other is in calendar days)
        ("Tiếp nhận, kiểm tra hồ sơ, chuyển phòng chuyên môn", C, 4, "Phiếu tiếp nhận", None),
        (
            "Thẩm định hồ sơ, kiểm tra thực địa, dự thảo giấy phép xây dựng",
            S,
            56,
            "Báo cáo thẩm định, dự thảo giấy phép",
            None,
        ),
        ("Lãnh đạo phòng chuyên môn xem xét, trình ký", U, 8, "Hồ sơ trình ký", None),
        ("Chủ tịch UBND cấp xã ký giấy phép xây dựng", L, 12, "Giấy phép xây dựng", None),
    ],
    "2.001583": [  # thành lập công ty TNHH một thành viên: 3 working days
        (
            "Tiếp nhận hồ sơ, chuyển Phòng Đăng ký kinh doanh",
            C,
            2,
            "Phiếu tiếp nhận",
            "reception",
        ),
        (
            "Chuyên viên xem xét tính hợp lệ, nhập Hệ thống thông tin quốc gia về đăng ký "
            "doanh nghiệp",
            S,
            14,
            "Hồ sơ đã thẩm định",
            "processing",
        ),
        (
            "Trưởng phòng Đăng ký kinh doanh cấp Giấy chứng nhận đăng ký doanh nghiệp",
            U,
            6,
            "Giấy chứng nhận đăng ký doanh nghiệp",
            "processing",
        ),
        ("Chuyển trả kết quả", R, 2, "Kết quả chờ trả", "processing"),
    ],
    "2.000591": [  # an toàn thực phẩm: 25 working days, split as the steps publish it (5+15+5)
        ("Kiểm tra tính hợp lệ của hồ sơ", S, 40, "Thông báo hồ sơ hợp lệ", None),
        ("Thẩm định thực tế tại cơ sở", S, 120, "Biên bản thẩm định", None),
        (
            "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            L,
            40,
            "Giấy chứng nhận",
            None,
        ),
    ],
}


def load_procedures(agencies: dict[str, Agency]) -> int:
    """Import the demo procedures published; returns how many are in the demo catalogue.

    ``agencies`` are the demo agencies by code (``loader.load_agencies``). Safe to run again:
    a procedure whose newest version already matches the data file is left alone; one whose
    content changed (in the file, or edited in the desk) gets a new published version.
    """
    records = json.loads(DATA.read_text(encoding="utf-8"))["procedures"]
    rows = [procedure_row(r, agencies) for r in records if r["code"] not in SKIPPED]
    result = catalogue_import(actor=None, rows=rows, publish=True)
    if result.errors:
        raise CatalogError(result.errors)
    return len(rows)


def procedure_row(record: dict[str, Any], agencies: dict[str, Agency]) -> dict[str, Any]:
    """One portal record in the catalogue interchange format."""
    levels = [LEVELS[part.strip()] for part in record["level"].split(",")]
    channels = {CHANNELS[channel] for channel in record["channels"]}
    decision = record["source_version"]
    processing = _processing_agency(record, levels, agencies)
    return {
        "code": record["code"],
        "name": record["name"],
        "field": record["field"],
        "levels": levels,
        "processing_agency": processing,
        "processing_agency_text": "; ".join(record["agency"]),
        "deciding_authority": "; ".join(record["authority"] or []),
        "coordinating_agencies": record["coordinating_agencies"] or [],
        "subjects": record["subjects"],
        "steps": _steps(record),
        "requirements": record["requirements"] or [],
        "result": record["result"],
        "legal_basis": record["legal_basis"],
        "channels": {key: key in channels for key in ("counter", "post", "online")},
        "online_level": ONLINE_LEVELS[record["online_level"]],
        "inter_agency": record["inter_agency"],
        "inter_agency_note": record["inter_agency_note"] or "",
        "fee_note": _caveats(record, lambda note: "phí" in note.lower()),
        "publication": {
            "decision_number": decision["decision"],
            "decision_date": decision["decision_date"],
            "effective_date": decision["decision_date"],
        },
        "source_url": record["source_url"],
        "cases": _cases(record),
        "components": [_component(item) for item in record["components"]],
        "fees": [_fee(item, set(record["channels"])) for item in record["fees"]],
        "process_steps": _process(record["code"], processing, agencies),
    }


def _processing_agency(
    record: dict[str, Any], levels: list[str], agencies: dict[str, Agency]
) -> str | None:
    if "province" not in levels:
        return None
    for published in record["agency"]:
        for pattern, code in PROVINCIAL_AGENCIES:
            if re.match(re.escape(pattern) + r"\b", fold(published)):
                return code if code in agencies else None
    return None


def _steps(record: dict[str, Any]) -> str:
    """The portal records carry no step text; point to the decision and the portal page."""
    decision = record["source_version"]
    day = date.fromisoformat(decision["decision_date"]).strftime("%d/%m/%Y")
    parts = []
    note = record["processing_note"] or ""
    if note.startswith("Theo trình tự"):
        parts.append(note)
    parts.append(
        f"Trình tự thực hiện đầy đủ: xem Quyết định công bố số {decision['decision']} ngày "
        f"{day} và trang thủ tục trên Cổng Dịch vụ công quốc gia: {record['source_url']}"
    )
    return "\n".join(parts)


def _caveats(record: dict[str, Any], relevant: Any) -> str:
    notes = [note for note in record["quality_notes"] or [] if relevant(note)]
    return SOURCE_CAVEAT + " ".join(notes) if notes else ""


def _time_key(time: dict[str, Any]) -> tuple[Decimal, str]:
    return Decimal(str(time["amount"])), UNITS[time["unit"]]


def _cases(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Sub-cases (rows with a case code), plus "Cách thức thực hiện" rows whose time differs.

    A time with the unit OTHER (null) cannot be a case: a coded case without a unit takes the
    first channel row that has one (2.001023); channel rows without a unit are dropped.
    """
    timed = [c for c in record["cases"] if not c.get("case_code") and c["processing_time"]["unit"]]
    cases: list[dict[str, Any]] = []
    for row in record["cases"]:
        code = row.get("case_code")
        if not code or any(case["code"] == code for case in cases):
            continue
        time = row["processing_time"]
        if time["unit"] is None:
            if not timed:
                continue
            time = timed[0]["processing_time"]
        cases.append(_case(code, row["name"] or record["name"], time))
    for row in timed:
        time = row["processing_time"]
        same = [c for c in cases if _time_key(c["_time"]) == _time_key(time)]
        for case in same:
            case["note"] = case["note"] or (time["note"] or "")
        if not same:
            name = "Cách thức thực hiện: " + ", ".join(row["channels"]) if cases else record["name"]
            cases.append(_case("", name, time))
    caveat = _caveats(record, lambda note: note.startswith("Thời hạn"))
    if caveat and cases:
        cases[0]["note"] = " ".join(filter(None, [cases[0]["note"], caveat]))
    return [{k: v for k, v in case.items() if k != "_time"} for case in cases]


def _case(code: str, name: str, time: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "processing_amount": time["amount"],
        "processing_unit": UNITS[time["unit"]],
        "note": time["note"] or "",
        "_time": time,
    }


def _component(item: dict[str, Any]) -> dict[str, Any]:
    copies = item.get("copies") or KIND_COPIES[item["kind"]]
    return {
        "group": item["group"] or "",
        "name": item["name"],
        "originals": copies["original"],
        "copies": copies["copy"],
        "requirement": item["required"],
        "form_name": item["form"] or "",
        "electronic_form": item["has_electronic_form"],
    }


def _fee(item: dict[str, Any], procedure_channels: set[str]) -> dict[str, Any]:
    """A portal fee row. ``not_stated``: the amount is set elsewhere, so none is recorded."""
    note = (item["note"] or "").strip()
    amount = item["amount_vnd"]
    if item["currency"] != "VND" and item.get("amount") is not None:
        note = f"{item['amount']} {item['currency']}{'' if note.startswith('/') else ' '}{note}"
    if item["interpretation"] == "not_stated":
        amount, note = None, note or "Mức thu do HĐND tỉnh quy định"
    if set(item["channels"]) != procedure_channels:
        where = "Nộp " + ", ".join(CHANNEL_WORDS[c] for c in item["channels"])
        note = f"{where}: {note}" if note else where
    return {
        "kind": "charge" if item["name"] == "Phí" else "fee",
        "name": item["name"] or "",
        "amount_vnd": amount,
        "note": note,
        "collection": "none" if amount == 0 else "before",
    }


def _process(
    code: str, processing: str | None, agencies: dict[str, Agency]
) -> list[dict[str, Any]]:
    steps = []
    for order, (name, role, hours, output, where) in enumerate(
        INTERNAL_PROCESSES.get(code, []), start=1
    ):
        agency = {"reception": RECEPTION, "processing": processing}.get(where or "")
        steps.append(
            {
                "order": order,
                "name": name,
                "responsible_role": role.value,
                "responsible_agency": agency if agency in agencies else None,
                "duration_hours": hours,
                "output": output,
            }
        )
    return steps
