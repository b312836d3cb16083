# SPDX-License-Identifier: MPL-2.0
"""Realistic contexts for every form: a Hưng Yên dossier received on 27/10/2023."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from motcua.documents import contexts as c

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.00.06.H31-231027-0361"
STATUS_URL = f"https://dichvucong.example/tra-cuu/{CODE}"
ISSUER = c.Issuer(
    parent="UBND tỉnh Hưng Yên", name="Trung tâm Phục vụ hành chính công", place="Hưng Yên"
)
APPLICANT = c.Party(
    name="Nguyễn Thị Hương Giang",
    id_number="033185004217",
    address="Số 12 đường Nguyễn Văn Linh, phường Hiến Nam, thành phố Hưng Yên, tỉnh Hưng Yên",
    phone="0912 345 678",
    email="huonggiang.nguyen@example.vn",
)
PROCEDURE = "Cấp Giấy chứng nhận đăng ký hộ kinh doanh (thủ tục 2.000720.000.00.00.H31)"
RECEIVED = datetime(2023, 10, 27, 9, 15, tzinfo=VN)
APPOINTMENT = datetime(2023, 11, 3, 16, 30, tzinfo=VN)
NEW_APPOINTMENT = datetime(2023, 11, 10, 16, 30, tzinfo=VN)
ISSUED = date(2023, 10, 27)


def receipt() -> c.ReceiptContext:
    return c.ReceiptContext(
        issuer=ISSUER,
        issued_on=ISSUED,
        number="0361/GTN",
        dossier_code=CODE,
        status_url=STATUS_URL,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        components=(
            c.ComponentLine("Giấy đề nghị đăng ký hộ kinh doanh", originals=1),
            c.ComponentLine(
                "Bản sao giấy tờ pháp lý của cá nhân đối với chủ hộ kinh doanh", certified_copies=1
            ),
            c.ComponentLine(
                "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
                originals=1,
                photocopies=2,
            ),
        ),
        processing_time="03 ngày làm việc",
        received_at=RECEIVED,
        appointment_at=APPOINTMENT,
        return_place="Quầy số 5, Trung tâm Phục vụ hành chính công tỉnh Hưng Yên",
        return_method="Nhận trực tiếp tại Trung tâm",
        officer_name="Trần Văn Đức",
        fee="100.000 đồng (đã nộp trực tuyến)",
        register_book="04/2023",
        register_entry="0361",
    )


def supplement() -> c.SupplementContext:
    return c.SupplementContext(
        issuer=ISSUER,
        issued_on=date(2023, 10, 30),
        number="0361/HDHS",
        dossier_code=CODE,
        status_url=STATUS_URL,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        items=(
            c.SupplementItem(
                "Giấy đề nghị đăng ký hộ kinh doanh",
                "Ghi đầy đủ ngành, nghề kinh doanh và chữ ký của chủ hộ",
                originals=1,
            ),
            c.SupplementItem(
                "Bản sao giấy tờ pháp lý của cá nhân đối với chủ hộ kinh doanh",
                "Bản sao chưa được chứng thực",
                certified_copies=1,
            ),
        ),
        reason="Hồ sơ chưa đầy đủ, chưa hợp lệ theo quy định tại Điều 87 Nghị định số "
        "01/2021/NĐ-CP.",
        officer_name="Trần Văn Đức",
        contact_phone="0221 3 862 789",
        lookup_website="https://dichvucong.hungyen.gov.vn",
    )


def refusal() -> c.RefusalContext:
    return c.RefusalContext(
        issuer=ISSUER,
        issued_on=ISSUED,
        number="0361/TCHS",
        dossier_code=CODE,
        status_url=STATUS_URL,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        reasons=(
            "Ngành, nghề đăng ký thuộc danh mục ngành, nghề cấm đầu tư kinh doanh.",
            "Tên hộ kinh doanh trùng với tên hộ kinh doanh đã đăng ký trên địa bàn huyện.",
        ),
        officer_name="Trần Văn Đức",
    )


def apology() -> c.ApologyContext:
    return c.ApologyContext(
        issuer=ISSUER,
        issued_on=date(2023, 11, 3),
        number="12/XL-TTPVHCC",
        dossier_code=CODE,
        status_url=STATUS_URL,
        addressee="Bà Nguyễn Thị Hương Giang",
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        processing_agency="Phòng Tài chính - Kế hoạch thành phố Hưng Yên",
        received_at=RECEIVED,
        appointment_at=APPOINTMENT,
        reason="Cần xác minh thông tin về địa điểm kinh doanh với Ủy ban nhân dân phường Hiến Nam.",
        new_appointment_at=NEW_APPOINTMENT,
        signer_title="Giám đốc",
        signer_name="Phạm Quốc Khánh",
    )


def stop_notice() -> c.StopNoticeContext:
    return c.StopNoticeContext(
        issuer=ISSUER,
        issued_on=date(2025, 8, 4),
        number="05/TB-TTPVHCC",
        dossier_code="000.00.06.H31-250801-0042",
        status_url="https://dichvucong.example/tra-cuu/000.00.06.H31-250801-0042",
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=datetime(2025, 8, 1, 8, 40, tzinfo=VN),
        reason="Tổ chức, cá nhân đề nghị dừng giải quyết hồ sơ bằng văn bản ngày 04/8/2025.",
        signer_title="Giám đốc",
        signer_name="Phạm Quốc Khánh",
    )


def control_sheet() -> c.ControlSheetContext:
    h = c.HandoverResult
    return c.ControlSheetContext(
        issuer=ISSUER,
        issued_on=ISSUED,
        dossier_code=CODE,
        status_url=STATUS_URL,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        handling_agency="Phòng Tài chính - Kế hoạch thành phố Hưng Yên",
        coordinating_agency="Ủy ban nhân dân phường Hiến Nam",
        received_at=RECEIVED,
        appointment_at=APPOINTMENT,
        handovers=(
            c.Handover(
                "Trung tâm Phục vụ hành chính công",
                "Trần Văn Đức",
                "Lê Thị Mai",
                datetime(2023, 10, 27, 10, 0, tzinfo=VN),
                h.EARLY,
            ),
            c.Handover(
                "Phòng Tài chính - Kế hoạch",
                "Lê Thị Mai",
                "Đỗ Minh Tuấn",
                datetime(2023, 10, 30, 14, 20, tzinfo=VN),
                h.ON_TIME,
            ),
            c.Handover(
                "Lãnh đạo Phòng Tài chính - Kế hoạch",
                "Đỗ Minh Tuấn",
                "Vũ Hoàng Yến",
                datetime(2023, 11, 2, 8, 5, tzinfo=VN),
                h.LATE,
                "Chờ xác minh địa điểm",
            ),
        ),
    )


def register() -> c.RegisterContext:
    names = ["Nguyễn Thị Hương Giang", "Phạm Văn Khải", "Đặng Thu Hằng", "Lưu Quang Vũ"]
    rows = tuple(
        c.RegisterRow(
            dossier_code=f"000.00.06.H31-231027-{361 + i:04d}",
            procedure_name=PROCEDURE,
            applicant_name=name,
            address_phone="Phường Hiến Nam, TP Hưng Yên; 0912 345 678",
            lead_agency="Phòng Tài chính - Kế hoạch",
            received_at=RECEIVED,
            appointment_at=APPOINTMENT,
            returned_at=datetime(2023, 11, 2, 15, 0, tzinfo=VN) if i % 2 == 0 else None,
            return_method="Trực tiếp" if i % 2 == 0 else "",
        )
        for i, name in enumerate(names)
    )
    return c.RegisterContext(
        issuer=ISSUER,
        issued_on=date(2023, 10, 31),
        field_name="Thành lập và hoạt động của hộ kinh doanh",
        period="Tháng 10 năm 2023",
        rows=rows,
    )
