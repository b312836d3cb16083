"""The official papers built from stored dossiers (forms 02–07): each dossier goes through
the real services, the PDF is read back with pdftotext and page 1 rasterised with pdftoppm.

Set MOTCUA_FORM_PNGS to a directory to keep every form there, as PDF and as an 80 dpi
PNG of page 1, for a human look (e.g. MOTCUA_FORM_PNGS=test-artifacts/forms).
"""

import os
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import Field
from motcua.documents.formatting import moment
from motcua.documents.forms_pdf import FormNotInRuleSet
from motcua.documents.tests.test_forms_pdf import _run
from motcua.dossiers.models import Dossier, Handover
from motcua.dossiers.papers import (
    apology_pdf,
    control_sheet_pdf,
    guidance_pdf,
    receipt_pdf,
    refusal_pdf,
    register_pdf,
    stop_notice_pdf,
    supplement_request_pdf,
)
from motcua.dossiers.services import (
    Applicant,
    ComponentInput,
    RequestItem,
    ResultDocument,
    dossier_apologise,
    dossier_assign,
    dossier_complete_step,
    dossier_forward,
    dossier_issue_result,
    dossier_receive_at_counter,
    dossier_receive_interagency,
    dossier_receive_supplement,
    dossier_refuse_walk_in,
    dossier_request_completion,
    dossier_request_supplement,
    dossier_return_result,
    dossier_send_interagency,
    dossier_stop,
    dossier_submit_online,
    guidance_issue,
)
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import World, build_world, pdf_upload, receive_walk_in
from motcua.testing.factories import UnitFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FORM_2025 = "Mẫu số {} — ban hành kèm theo Thông tư số 03/2025/TT-VPCP"
FORM_2018 = "Mẫu số {} — ban hành kèm theo Thông tư số 01/2018/TT-VPCP"


def _world() -> World:
    """The dossier world, its agencies placed in Hưng Yên province for a real header."""
    world = build_world()
    province = UnitFactory(province=True, valid_from=date(2018, 1, 1))
    for agency in (world.center, world.stp, world.division, world.sxd):
        agency.administrative_unit = province
        agency.save()
    world.stp.phone = "0221 3 862 789"
    world.stp.address = "Số 2 đường Chùa Chuông, phường Phố Hiến, tỉnh Hưng Yên"
    world.stp.save()
    return world


@pytest.fixture
def world(time_machine):
    """Monday 02/03/2026 08:30, the 2025 rule set; holidays of 2026 seeded."""
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)
    holidays_seed(actor=None, years=range(2026, 2027))
    return _world()


@pytest.fixture
def world_2018(time_machine):
    """Monday 03/03/2025 08:30, still under the 2018 rule set (until 30/06/2025)."""
    time_machine.move_to("2025-03-03 08:30 +07:00", tick=False)
    holidays_seed(actor=None, years=range(2025, 2026))
    return _world()


def _text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text in drawing order (`pdftotext -raw`: table cells row by row, wrapped
    cells kept whole), NFC, whitespace collapsed."""
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = _run("pdftotext", "-raw", path, "-")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _check(pdf: bytes, tmp_path: Path, name: str, *expected: str) -> str:
    """The PDF's flattened text, after asserting every `expected` string and the national
    header are in it and page 1 rasterises to a PNG."""
    text = _text(pdf, tmp_path)
    for snippet in (*NATIONAL, *expected):
        assert snippet in text, snippet
    _run(
        "pdftoppm",
        "-r",
        "60",
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        tmp_path / "form.pdf",
        tmp_path / "page",
    )
    assert (tmp_path / "page.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    keep = os.environ.get("MOTCUA_FORM_PNGS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{name}.pdf").write_bytes(pdf)
        _run(
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            tmp_path / "form.pdf",
            Path(keep) / name,
        )
    return text


def _to_specialist(world: World, dossier: Dossier) -> Dossier:
    """Forward at 10:00, the leader takes and hands the dossier to the specialist."""
    dossier = dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    dossier = dossier_assign(actor=world.leader, dossier_id=dossier.pk, to_user=world.leader)
    return dossier_complete_step(
        actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist
    )


# --- form 02 --------------------------------------------------------------------------------


def test_form_02_lists_the_latest_supplement_request(world, time_machine, tmp_path):
    dossier = _to_specialist(world, receive_walk_in(world, fees_paid=True))
    time_machine.move_to("2026-03-03 14:15 +07:00", tick=False)
    dossier = dossier_request_supplement(
        actor=world.specialist,
        dossier_id=dossier.pk,
        items=[RequestItem(world.proof.pk, "Bổ sung bản sao giấy xác nhận thông tin cư trú")],
        reason="Hồ sơ chưa chứng minh được nơi cư trú của người yêu cầu.",
    )
    text = _check(
        supplement_request_pdf(dossier=dossier, officer_name="Hoàng Văn Chuyên Viên"),
        tmp_path,
        "02-supplement",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        FORM_2025.format("02"),
        f"Mã hồ sơ: {dossier.code}",
        "Hưng Yên, ngày 03 tháng 3 năm 2026",
        "đã tiếp nhận hồ sơ lúc 08 giờ 30 phút, ngày 02/03/2026",
        "Nguyễn Văn An",
        "Giấy tờ chứng minh nơi cư trú",
        "Bổ sung bản sao giấy xác nhận thông tin cư trú",
        "Lý do: Hồ sơ chưa chứng minh được nơi cư trú của người yêu cầu.",
        "số điện thoại 0221 3 862 789",
        "NGƯỜI HƯỚNG DẪN",
        "Hoàng Văn Chuyên Viên",
    )
    assert "Tờ khai theo mẫu" not in text  # only what was asked for


def test_form_02_asks_to_complete_an_online_dossier_before_receipt(world, time_machine, tmp_path):
    dossier = dossier_submit_online(
        actor=world.citizen,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=world.applicant,
        components=world.components(),
    )
    time_machine.move_to("2026-03-02 09:10 +07:00", tick=False)
    dossier = dossier_request_completion(
        actor=world.counter_officer,
        dossier_id=dossier.pk,
        items=[RequestItem(world.proof.pk, "Tải lên bản chụp giấy xác nhận cư trú")],
        reason="Thiếu giấy tờ chứng minh nơi cư trú.",
    )
    assert dossier.received_at is None
    _check(
        supplement_request_pdf(dossier=dossier, officer_name="Lê Thị Tiếp Nhận"),
        tmp_path,
        "02-completion",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {dossier.code}",
        "đã tiếp nhận hồ sơ lúc 08 giờ 30 phút, ngày 02/03/2026",  # the submission
        "Tải lên bản chụp giấy xác nhận cư trú",
        "Lý do: Thiếu giấy tờ chứng minh nơi cư trú.",
    )


def test_form_02_guides_a_walk_in_without_a_dossier_code(world, tmp_path):
    guidance = guidance_issue(
        actor=world.counter_officer,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=Applicant(name="  Trần Thị Bình ", phone="0987654321"),
        items=[
            RequestItem(world.form.pk, "Ghi đầy đủ họ tên, ngày sinh và ký tên"),
            RequestItem(world.proof.pk, "Mang theo bản sao có chứng thực"),
        ],
        reason="Tờ khai chưa ký, thiếu giấy tờ chứng minh nơi cư trú.",
    )
    text = _check(
        guidance_pdf(guidance=guidance, officer_name="Lê Thị Tiếp Nhận"),
        tmp_path,
        "02-guidance",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        FORM_2025.format("02"),
        "Hưng Yên, ngày 02 tháng 3 năm 2026",
        "Ông/Bà: Trần Thị Bình",
        "Số điện thoại: 0987654321",
        "Tờ khai theo mẫu",
        "Ghi đầy đủ họ tên, ngày sinh và ký tên",
        "Giấy tờ chứng minh nơi cư trú",
        "Lý do: Tờ khai chưa ký",
        "Lê Thị Tiếp Nhận",
    )
    assert "Mã hồ sơ" not in text
    assert not Dossier.objects.exists()


# --- form 03 --------------------------------------------------------------------------------


def test_form_03_prints_the_reasons_of_the_refusal(world, tmp_path):
    dossier = dossier_refuse_walk_in(
        actor=world.counter_officer,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=world.applicant,
        reasons=[
            "Yêu cầu không thuộc thẩm quyền giải quyết của Sở Tư pháp.",
            "  ",
            "Người nộp không xuất trình được giấy tờ tùy thân.",
        ],
    )
    text = _check(
        refusal_pdf(dossier=dossier, officer_name="Lê Thị Tiếp Nhận"),
        tmp_path,
        "03-refusal",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        FORM_2025.format("03"),
        f"Mã hồ sơ: {dossier.code}",
        "Hưng Yên, ngày 02 tháng 3 năm 2026",
        "Số định danh cá nhân/Mã số doanh nghiệp: 034090001234",
        "Yêu cầu không thuộc thẩm quyền giải quyết của Sở Tư pháp.",
        "Người nộp không xuất trình được giấy tờ tùy thân.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Thị Tiếp Nhận",
    )
    assert text.count("Yêu cầu không thuộc") == 1


def test_papers_need_the_event_they_print(world):
    dossier = receive_walk_in(world)
    with pytest.raises(ValueError, match="refusal"):
        refusal_pdf(dossier=dossier, officer_name="x")
    with pytest.raises(ValueError, match="supplement"):
        supplement_request_pdf(dossier=dossier, officer_name="x")
    with pytest.raises(ValueError, match="apology"):
        apology_pdf(dossier=dossier, signer_name="x", signer_title="x")
    with pytest.raises(ValueError, match="stop"):
        stop_notice_pdf(dossier=dossier, signer_name="x", signer_title="x")


# --- form 04 --------------------------------------------------------------------------------


def test_form_04_2025_asks_for_an_extension_with_the_old_and_new_appointment(
    world, time_machine, tmp_path
):
    dossier = _to_specialist(world, receive_walk_in(world, fees_paid=True))
    assert dossier.due_at == datetime(2026, 3, 9, 8, 30, tzinfo=VN)
    time_machine.move_to("2026-03-06 15:00 +07:00", tick=False)
    dossier = dossier_apologise(
        actor=world.leader,
        dossier_id=dossier.pk,
        reason="Cần xác minh thông tin cư trú với Công an phường Phố Hiến.",
        new_due=datetime(2026, 3, 12, 16, 30, tzinfo=VN),
    )
    _check(
        apology_pdf(dossier=dossier, signer_name="Phạm Văn Lãnh Đạo", signer_title="Giám đốc"),
        tmp_path,
        "04-apology-2025",
        "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        FORM_2025.format("04"),
        f"Mã hồ sơ: {dossier.code}",
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        "Hưng Yên, ngày 06 tháng 3 năm 2026",
        "Ngày 02/03/2026",
        "hẹn trả kết quả: 08 giờ 30 phút, ngày 09/03/2026",
        "đến nay Sở Tư pháp chưa trả kết quả",
        "Lý do: Cần xác minh thông tin cư trú với Công an phường Phố Hiến.",
        "đề nghị gia hạn thời gian giải quyết đến: 16 giờ 30 phút, ngày 12/03/2026",
        "GIÁM ĐỐC",
        "Phạm Văn Lãnh Đạo",
    )


def test_form_04_2018_apologises_and_reappoints(world_2018, time_machine, tmp_path):
    world = world_2018
    dossier = _to_specialist(world, receive_walk_in(world, fees_paid=True))
    assert dossier.rule_set == "2018"
    time_machine.move_to("2025-03-06 09:00 +07:00", tick=False)
    dossier = dossier_apologise(
        actor=world.leader,
        dossier_id=dossier.pk,
        reason="Chờ ý kiến của Sở Xây dựng.",
        new_due=datetime(2025, 3, 14, 8, 0, tzinfo=VN),
    )
    _check(
        apology_pdf(dossier=dossier, signer_name="Phạm Văn Lãnh Đạo", signer_title="Giám đốc"),
        tmp_path,
        "04-apology-2018",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        FORM_2018.format("04"),
        "hẹn trả kết quả: 08 giờ 30 phút, ngày 10/03/2025",
        "xin hẹn lại thời gian trả kết quả: 08 giờ 00 phút, ngày 14/03/2025",
        "Lý do: Chờ ý kiến của Sở Xây dựng.",
    )


# --- form 05 (2025): stop notice -------------------------------------------------------------


def test_the_2025_stop_notice_gives_the_reason(world, time_machine, tmp_path):
    dossier = dossier_forward(actor=world.counter_officer, dossier_id=receive_walk_in(world).pk)
    time_machine.move_to("2026-03-04 09:45 +07:00", tick=False)
    dossier = dossier_stop(
        actor=world.leader,
        dossier_id=dossier.pk,
        reason="Người yêu cầu đã có văn bản đề nghị dừng giải quyết hồ sơ ngày 03/03/2026.",
    )
    _check(
        stop_notice_pdf(dossier=dossier, signer_name="Phạm Văn Lãnh Đạo", signer_title="Giám đốc"),
        tmp_path,
        "05-stop-notice-2025",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        FORM_2025.format("05"),
        f"Mã hồ sơ: {dossier.code}",
        "Kính gửi: Nguyễn Văn An",
        "Hưng Yên, ngày 04 tháng 3 năm 2026",
        "Ngày 02/03/2026",
        "thông báo dừng giải quyết hồ sơ nêu trên",
        "Lý do: Người yêu cầu đã có văn bản đề nghị dừng giải quyết hồ sơ ngày 03/03/2026.",
        "Phạm Văn Lãnh Đạo",
    )


def test_a_2018_dossier_has_no_stop_notice_form(world_2018):
    world = world_2018
    dossier = dossier_forward(actor=world.counter_officer, dossier_id=receive_walk_in(world).pk)
    dossier = dossier_stop(actor=world.leader, dossier_id=dossier.pk, reason="Dừng theo đề nghị.")
    assert dossier.rule_set == "2018" and dossier.status == 8
    with pytest.raises(FormNotInRuleSet, match="TT 01/2018/TT-VPCP"):
        stop_notice_pdf(dossier=dossier, signer_name="x", signer_title="x")


# --- form 05 (2018) / 06 (2025): control sheet -------------------------------------------------


def _full_flow(world: World, time_machine) -> Dossier:
    """The scratch flow: inter-agency, a supplement, a late step, the result returned."""
    dossier = receive_walk_in(world, fees_paid=True)
    time_machine.move_to("2026-03-02 10:00 +07:00", tick=False)
    dossier = _to_specialist(world, dossier)
    dossier = dossier_send_interagency(
        actor=world.specialist, dossier_id=dossier.pk, to_agency=world.sxd, working_days=2
    )
    time_machine.move_to("2026-03-03 10:00 +07:00", tick=False)
    dossier = dossier_receive_interagency(
        actor=world.sxd_specialist, dossier_id=dossier.pk, note="Đồng ý"
    )
    dossier = dossier_request_supplement(
        actor=world.specialist,
        dossier_id=dossier.pk,
        items=[RequestItem(world.proof.pk, "Bổ sung giấy xác nhận cư trú")],
        reason="Thiếu giấy tờ",
    )
    time_machine.move_to("2026-03-05 10:00 +07:00", tick=False)
    dossier = dossier_receive_supplement(
        actor=world.counter_officer,
        dossier_id=dossier.pk,
        components=[ComponentInput(world.proof.pk, files=(pdf_upload("cu-tru.pdf"),))],
    )
    dossier = dossier_complete_step(
        actor=world.specialist, dossier_id=dossier.pk, to_user=world.unit_head
    )
    time_machine.move_to("2026-03-09 09:00 +07:00", tick=False)  # the unit head sat on it
    dossier = dossier_complete_step(
        actor=world.unit_head, dossier_id=dossier.pk, to_user=world.leader
    )
    dossier = dossier_issue_result(
        actor=world.leader,
        dossier_id=dossier.pk,
        result=ResultDocument(
            kind="Giấy chứng nhận",
            number="12/GCN",
            signer="Phạm Văn Lãnh Đạo",
            issued_on=date(2026, 3, 9),
            file=pdf_upload("kq.pdf"),
        ),
    )
    time_machine.move_to("2026-03-10 14:00 +07:00", tick=False)
    return dossier_return_result(
        actor=world.counter_officer,
        dossier_id=dossier.pk,
        via="counter",
        recipient_name="Nguyễn Văn An",
        recipient_identity="034090001234",
    )


def test_form_06_2025_prints_every_hand_over_with_its_result(world, time_machine, tmp_path):
    dossier = _full_flow(world, time_machine)
    rows = list(Handover.objects.filter(dossier=dossier).order_by("seq"))
    results = [h.result for h in rows]
    assert {"early", "on_time", "late"} <= set(results)  # the flow covers every label
    text = _check(
        control_sheet_pdf(dossier=dossier),
        tmp_path,
        "06-control-sheet-2025",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        FORM_2025.format("06"),
        f"Mã hồ sơ: {dossier.code}",
        "Kèm theo hồ sơ của: Nguyễn Văn An",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Sở Tư pháp",
        "Cơ quan phối hợp giải quyết hồ sơ: Sở Xây dựng",
        "Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 02/03/2026",
        f"Thời gian trả kết quả: {dossier.due_at.astimezone(VN):%H} giờ",
        "Người giao: Lê Thị Tiếp Nhận",
        "Người nhận: Hoàng Văn Chuyên Viên",
        "Người giao: Vũ Văn Phối Hợp",
        "Người giao: Trần Thị Trưởng Phòng",
        "10 giờ 00 phút, ngày 03/03/2026",
        "09 giờ 00 phút, ngày 09/03/2026",
        "Đồng ý",
    )
    # The header names the three labels once; every row adds its own.
    labels = {"early": "trước hạn", "on_time": "đúng hạn", "late": "quá hạn"}
    for code, label in labels.items():
        assert text.count(label) == 1 + results.count(code), label
    for h in rows:  # one table row per hand-over, in order: unit = the receiving agency
        cells = [
            str(h.seq),
            h.receiver_agency.name,
            moment(h.at),
            f"1. Người giao: {h.giver.full_name}",
            "2. Người nhận:",
            h.receiver.full_name if h.receiver else "",
            labels[h.result],
            h.note,
        ]
        assert " ".join(c for c in cells if c) in text, h.seq
    assert "4 Sở Xây dựng 10 giờ 00 phút, ngày 02/03/2026" in text


def test_form_05_2018_numbers_the_control_sheet_05(world_2018, time_machine, tmp_path):
    world = world_2018
    dossier = _to_specialist(world, receive_walk_in(world))
    _check(
        control_sheet_pdf(dossier=dossier),
        tmp_path,
        "05-control-sheet-2018",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        FORM_2018.format("05"),
        "Người giao: Phạm Văn Lãnh Đạo",
        "Người nhận: Hoàng Văn Chuyên Viên",
        "ngày 03/03/2025",
    )


# --- form 06 (2018) / 07 (2025): register ----------------------------------------------------


def _receive_other(world: World, version) -> Dossier:
    return dossier_receive_at_counter(
        actor=world.counter_officer,
        procedure_code=version.procedure.code,
        case_id=version.cases.first().pk,
        receiving_agency=world.stp,
        applicant=Applicant(name="Lưu Quang Vũ"),
        components=[
            ComponentInput(
                component_id=version.components.first().pk, originals=1, files=(pdf_upload(),)
            )
        ],
    )


def test_form_07_registers_the_field_s_dossiers_of_the_period_in_order(
    world, time_machine, tmp_path
):
    field = world.version.field
    first = _full_flow(world, time_machine)  # received 02/03 08:30, returned 10/03
    time_machine.move_to("2026-03-04 16:05 +07:00", tick=False)
    second = receive_walk_in(world)
    other_field = _receive_other(world, VersionFactory(published=True, processing_agency=world.stp))
    time_machine.move_to("2026-03-11 08:00 +07:00", tick=False)
    after = receive_walk_in(world)  # outside the period
    time_machine.move_to("2026-03-12 10:00 +07:00", tick=False)
    text = _check(
        register_pdf(agency=world.stp, field=field, start=date(2026, 3, 1), end=date(2026, 3, 10)),
        tmp_path,
        "07-register-2025",
        "SỔ THEO DÕI HỒ SƠ",
        FORM_2025.format("07"),
        f"Lĩnh vực: {field.name} — Từ ngày 01/03/2026 đến ngày 10/03/2026",
        "Hưng Yên, ngày 12 tháng 3 năm 2026",
        world.version.name,
        "Nguyễn Văn An",
        "0912345678",
        "Sở Tư pháp",
        "02/03/2026",
        "04/03/2026",
        "10/03/2026",
        "Nhận trực tiếp tại Bộ phận Một cửa",
    )
    address = "Số 5 đường Nguyễn Văn Linh, phường Phố Hiến, tỉnh Hưng Yên; 0912345678"
    assert (
        f"1 {first.code} {world.version.name} Nguyễn Văn An {address} Sở Tư pháp "
        f"02/03/2026 {first.due_at.astimezone(VN):%d/%m/%Y} 10/03/2026 "
        "Nhận trực tiếp tại Bộ phận Một cửa 2 "
    ) in text
    assert (
        f"2 {second.code} {world.version.name} Nguyễn Văn An {address} Sở Tư pháp "
        f"04/03/2026 {second.due_at.astimezone(VN):%d/%m/%Y} 1/1"
    ) in text  # not returned yet: no return date, no method; then the page number
    assert after.code not in text and other_field.code not in text
    assert text.count("Nhận trực tiếp") == 1  # only the returned dossier has a method


def test_the_register_takes_the_rule_set_in_force_at_the_end_of_its_period(world_2018, tmp_path):
    world = world_2018
    dossier = receive_walk_in(world)
    text = _check(
        register_pdf(
            agency=world.stp,
            field=Field.objects.get(pk=world.version.field_id),
            start=date(2025, 3, 1),
            end=date(2025, 3, 31),
        ),
        tmp_path,
        "06-register-2018",
        "SỔ THEO DÕI HỒ SƠ",
        FORM_2018.format("06"),
        "Từ ngày 01/03/2025 đến ngày 31/03/2025",
        dossier.code,
    )
    assert "03/2025/TT-VPCP" not in text


def test_the_register_period_is_in_local_dates(world, time_machine, tmp_path):
    time_machine.move_to("2026-03-02 23:50 +07:00", tick=False)  # 16:50 UTC
    late_evening = receive_walk_in(world)
    time_machine.move_to("2026-03-03 00:10 +07:00", tick=False)  # still 02/03 in UTC
    past_midnight = receive_walk_in(world)
    pdf = register_pdf(
        agency=world.stp, field=world.version.field, start=date(2026, 3, 2), end=date(2026, 3, 2)
    )
    text = _text(pdf, tmp_path)
    assert late_evening.code in text and past_midnight.code not in text


def test_form_01_sends_the_applicant_back_to_the_service_center_that_received_it(world, tmp_path):
    dossier = receive_walk_in(world)
    text = _text(receipt_pdf(dossier=dossier, officer_name="Lê Thị Tiếp Nhận"), tmp_path)
    assert "Trung tâm Phục vụ hành chính công tỉnh" in " ".join(text.split())
