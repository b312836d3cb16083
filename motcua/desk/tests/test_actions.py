"""Actions on a dossier through the desk (`action_views`, `dossier_actions`, `action_forms`).

Every action page is walked once through HTTP (GET the form, POST it, back to the dossier,
status changed), then the personas: an officer of another agency and a citizen get 404 by
URL; an officer in scope who may not take the action now gets 403 and nothing changes; a
page older than the dossier is refused with "vui lòng tải lại trang"; an irreversible
action needs its confirmation box. `available_actions` is checked per role and state.

The world (`motcua.testing.dossier_world`): the service center's counter receives for Sở
Tư pháp (stp, 5 working days, a five-step process: counter, leader, specialist, unit head,
leader); Sở Xây dựng (sxd) coordinates. Clock: Monday 02/03/2026 08:30.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from motcua.desk.dossier_actions import BY_SLUG, SPECS, available_actions
from motcua.domain.workflow import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import (
    Applicant,
    ComponentInput,
    RequestItem,
    ResultDocument,
    dossier_complete_step,
    dossier_forward,
    dossier_issue_result,
    dossier_request_completion,
    dossier_request_supplement,
    dossier_request_withdrawal,
    dossier_send_interagency,
    dossier_submit_online,
)
from motcua.org.models import Role
from motcua.testing.dossier_world import (
    MINIMAL_PDF,
    World,
    build_world,
    jpeg_bytes,
    pdf_upload,
    receive_walk_in,
)
from motcua.testing.factories import PositionFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db

RELOAD = "vui lòng tải lại trang"
CONFIRM = "Tôi đã kiểm tra và xác nhận thực hiện thao tác này"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def clock(time_machine):
    def move(moment: str) -> None:
        time_machine.move_to(f"{moment} +07:00", tick=False)

    return move


@pytest.fixture
def world(clock) -> World:
    clock("2026-03-02 08:30")
    holidays_seed(actor=None, years=range(2026, 2027))
    return build_world()


def url(dossier: Dossier, slug: str) -> str:
    return reverse("desk:dossier_action", args=[dossier.code, slug])


def fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def body(response) -> str:
    return response.content.decode()


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def pdf(name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def act(client, user, dossier: Dossier, slug: str, data: dict | None = None) -> Dossier:
    """GET the action page (200), POST it with the version shown, land on the dossier."""
    client.force_login(user)
    page = client.get(url(dossier, slug))
    assert page.status_code == 200, body(page)[:500]
    assert page.context["form"]["seen_version"].value() == fresh(dossier).version
    payload = {"seen_version": fresh(dossier).version, **(data or {})}
    response = client.post(url(dossier, slug), payload)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("desk:dossier_detail", args=[dossier.code])
    assert any(dossier.code in message for message in flash(response))
    return fresh(dossier)


def slugs(world_user, dossier: Dossier) -> list[str]:
    return [spec.slug for spec in available_actions(user=world_user, dossier=fresh(dossier))]


def submit_online(w: World) -> Dossier:
    return dossier_submit_online(
        actor=w.citizen,
        procedure_code=w.version.procedure.code,
        case_id=w.case.pk,
        receiving_agency=w.stp,
        applicant=Applicant(name="Trần Thị Bình", identity_number="034190004321"),
        components=[ComponentInput(w.form.pk, originals=1, files=(pdf_upload(),))],
    )


def at_specialist(w: World) -> Dossier:
    """Received at the counter, forwarded, handed by the leader to the specialist (step 3)."""
    dossier = receive_walk_in(w)
    dossier_forward(actor=w.counter_officer, dossier_id=dossier.pk)
    dossier_complete_step(actor=w.leader, dossier_id=dossier.pk, to_user=w.specialist)
    return fresh(dossier)


def resolved(w: World) -> Dossier:
    dossier = at_specialist(w)
    result = ResultDocument(
        kind="Giấy chứng nhận",
        number="12/GCN-STP",
        signer="Phạm Văn Lãnh Đạo",
        issued_on=date(2026, 3, 2),
        file=pdf_upload("ket-qua.pdf"),
    )
    dossier_issue_result(actor=w.leader, dossier_id=dossier.pk, result=result)
    return fresh(dossier)


def proof_request(w: World) -> list[RequestItem]:
    return [RequestItem(w.proof.pk, "Bổ sung giấy xác nhận thông tin về cư trú")]


# --------------------------------------------------------------------------- reception


def test_the_counter_receives_a_submitted_dossier(client, world):
    w = world
    dossier = submit_online(w)
    dossier = act(client, w.counter_officer, dossier, "tiep-nhan", {"fees_paid": "on"})
    assert dossier.status == 2 and dossier.received_at is not None
    assert dossier.fees.get().paid_at is not None


def test_completion_request_supplement_at_reception_and_refusal(client, world):
    w = world
    dossier = submit_online(w)
    client.force_login(w.counter_officer)
    page = client.get(url(dossier, "yeu-cau-hoan-thien"))
    assert "ngoài danh mục thành phần đã công bố, chỉ ghi nhận" in body(page)
    assert w.proof.name in body(page) and w.form.name in body(page)
    data = {
        f"component_{w.proof.pk}": "on",
        f"requirement_{w.proof.pk}": "Bổ sung giấy xác nhận cư trú",
        "reason": "Thiếu giấy tờ chứng minh nơi cư trú",
        "respond_within_days": "3",
        "extra_note": "Nên mang theo bản gốc để đối chiếu",
    }
    dossier = act(client, w.counter_officer, dossier, "yeu-cau-hoan-thien", data)
    assert dossier.status == 5 and dossier.received_at is None
    pause = dossier.pauses.get()
    assert [item["component"] for item in pause.items] == [w.proof.pk]
    assert pause.extra_note == "Nên mang theo bản gốc để đối chiếu" and pause.respond_by

    files = {f"files_{w.proof.pk}": SimpleUploadedFile("cu-tru.pdf", MINIMAL_PDF)}
    dossier = act(client, w.counter_officer, dossier, "nhan-bo-sung", files)
    assert dossier.status == 1
    assert dossier.files.filter(purpose="supplement").count() == 1

    refuse = {"reasons": "Không thuộc đối tượng\nHồ sơ giả mạo", "confirm": "on"}
    dossier = act(client, w.counter_officer, dossier, "tu-choi", refuse)
    assert dossier.status == 3
    assert dossier.events.get(action="refuse").data["reasons"] == [
        "Không thuộc đối tượng",
        "Hồ sơ giả mạo",
    ]


def test_an_unanswered_completion_request_expires_once_its_deadline_passed(client, world, clock):
    w = world
    dossier = submit_online(w)
    dossier_request_completion(
        actor=w.counter_officer,
        dossier_id=dossier.pk,
        items=proof_request(w),
        reason="Thiếu giấy tờ cư trú",
        respond_within_days=1,
    )
    client.force_login(w.counter_officer)
    assert "het-han-bo-sung" not in slugs(w.counter_officer, dossier)
    assert client.get(url(dossier, "het-han-bo-sung")).status_code == 403
    clock("2026-03-03 09:00")
    assert "het-han-bo-sung" in slugs(w.counter_officer, dossier)
    dossier = act(client, w.counter_officer, dossier, "het-han-bo-sung", {"confirm": "on"})
    assert dossier.status == 3


# --------------------------------------------------------------------------- processing


def test_the_counter_forwards_to_a_named_leader(client, world):
    w = world
    dossier = receive_walk_in(w)
    dossier = act(client, w.counter_officer, dossier, "chuyen-xu-ly", {"to_user": w.leader.pk})
    assert dossier.status == 4
    assert (dossier.current_agency, dossier.holder) == (w.stp, w.leader)
    assert dossier.current_step.order == 2


def test_the_leader_assigns_and_the_unit_head_completes_the_step(client, world):
    w = world
    dossier = receive_walk_in(w)
    dossier_forward(actor=w.counter_officer, dossier_id=dossier.pk)
    dossier = act(client, w.leader, dossier, "phan-cong", {"to_user": w.unit_head.pk})
    assert dossier.holder == w.unit_head and dossier.status == 4
    dossier = act(
        client, w.unit_head, dossier, "hoan-thanh-buoc", {"to_user": w.specialist.pk, "note": "OK"}
    )
    assert (dossier.holder, dossier.current_step.order) == (w.specialist, 3)
    assert dossier.handovers.count() == 3


def test_the_specialist_returns_the_dossier_to_an_earlier_step(client, world):
    w = world
    dossier = at_specialist(w)
    data = {"step_order": "2", "to_user": w.leader.pk, "reason": "Cần phân công lại"}
    dossier = act(client, w.specialist, dossier, "tra-lai-buoc", data)
    assert (dossier.holder, dossier.current_step.order) == (w.leader, 2)
    assert dossier.handovers.order_by("-seq").first().note == "Cần phân công lại"


def test_inter_agency_send_and_receive_back(client, world):
    w = world
    dossier = at_specialist(w)
    data = {"to_agency": w.sxd.pk, "working_days": "2", "note": "Đề nghị cho ý kiến"}
    dossier = act(client, w.specialist, dossier, "chuyen-lien-thong", data)
    assert (dossier.status, dossier.sub_state, dossier.current_agency) == (
        4,
        "interoperating",
        w.sxd,
    )
    assert slugs(w.sxd_specialist, dossier) == ["nhan-lien-thong"]
    dossier = act(client, w.sxd_specialist, dossier, "nhan-lien-thong", {"note": "Thống nhất"})
    assert (dossier.sub_state, dossier.current_agency, dossier.holder) == ("", w.stp, w.specialist)


def test_supplement_requested_during_processing_and_received_with_files(client, world):
    w = world
    dossier = at_specialist(w)
    data = {
        f"component_{w.proof.pk}": "on",
        f"requirement_{w.proof.pk}": "Bổ sung giấy xác nhận cư trú",
        "reason": "Thiếu giấy tờ cư trú",
    }
    dossier = act(client, w.specialist, dossier, "yeu-cau-bo-sung", data)
    assert dossier.status == 5 and dossier.paused_since is not None

    client.force_login(w.counter_officer)
    page = client.get(url(dossier, "nhan-bo-sung"))
    assert "Bổ sung giấy xác nhận cư trú" in body(page) and w.proof.name in body(page)
    files = {
        f"files_{w.proof.pk}": [
            SimpleUploadedFile("cu-tru-1.pdf", MINIMAL_PDF),
            SimpleUploadedFile("cu-tru-2.jpg", jpeg_bytes()),
        ],
        f"paper_{w.proof.pk}": "on",
    }
    dossier = act(client, w.counter_officer, dossier, "nhan-bo-sung", files)
    assert dossier.status == 4 and dossier.paused_since is None
    component = dossier.components.get(component=w.proof)
    assert component.originals == 1 and component.files.count() == 2


def test_financial_obligation_requested_and_confirmed(client, world):
    w = world
    dossier = at_specialist(w)
    data = {"amount_vnd": "1.200.000", "reason": "Nộp lệ phí trước bạ"}
    dossier = act(client, w.specialist, dossier, "yeu-cau-nghia-vu-tai-chinh", data)
    assert dossier.status == 6 and dossier.pauses.get().amount_vnd == 1_200_000
    data = {"receipt_number": "BL-2026-000123"}
    dossier = act(client, w.counter_officer, dossier, "xac-nhan-nghia-vu-tai-chinh", data)
    assert dossier.status == 4
    assert dossier.events.get(action="confirm_financial_obligation").note == "BL-2026-000123"


def test_the_leader_apologises_and_sets_a_new_appointment(client, world):
    w = world
    dossier = at_specialist(w)
    data = {
        "reason": "Chờ ý kiến của Sở Xây dựng",
        "new_due_date": "11/03/2026",
        "new_due_time": "14:00",
    }
    dossier = act(client, w.leader, dossier, "xin-loi-hen-lai", data)
    assert dossier.reappointed_at == dossier.due_at
    assert timezone.localtime(dossier.due_at).strftime("%d/%m %H:%M") == "11/03 14:00"
    assert "xin-loi-hen-lai" not in slugs(w.leader, dossier)  # once only


def test_the_leader_stops_processing(client, world):
    w = world
    dossier = at_specialist(w)
    data = {"reason": "Người nộp không đủ điều kiện", "confirm": "on"}
    dossier = act(client, w.leader, dossier, "dung-giai-quyet", data)
    assert dossier.status == 8 and dossier.closed_at is not None


def test_the_leader_issues_the_result_with_its_pdf(client, world):
    w = world
    dossier = at_specialist(w)
    data = {
        "kind": "Giấy chứng nhận",
        "number": "12/GCN-STP",
        "signer": "Phạm Văn Lãnh Đạo",
        "issued_on": "02/03/2026",
        "summary": "Cấp giấy chứng nhận",
        "approved": "on",
        "file": pdf(),
        "confirm": "on",
    }
    dossier = act(client, w.leader, dossier, "ban-hanh-ket-qua", data)
    assert dossier.status == 9 and dossier.result.number == "12/GCN-STP"
    assert dossier.result.file.content_type == "application/pdf"


# --------------------------------------------------------------------------- return


def test_the_result_goes_by_post_then_is_returned(client, world):
    w = world
    dossier = resolved(w)
    data = {"tracking_number": "EB987654321VN"}
    dossier = act(client, w.counter_officer, dossier, "chuyen-buu-chinh", data)
    assert (dossier.status, dossier.sub_state) == (9, "posting")
    data = {"via": "post", "recipient_name": "", "recipient_identity": "", "confirm": "on"}
    dossier = act(client, w.counter_officer, dossier, "tra-ket-qua", data)
    assert (dossier.status, dossier.returned_via) == (10, "post")


def test_the_result_is_returned_at_the_counter_with_the_signed_receipt(client, world):
    w = world
    dossier = resolved(w)
    data = {
        "via": "counter",
        "recipient_name": "Nguyễn Văn An",
        "recipient_identity": "034090001234",
        "originals_taken_back": "on",
        "signed_receipt": SimpleUploadedFile("phieu.jpg", jpeg_bytes()),
        "confirm": "on",
    }
    dossier = act(client, w.counter_officer, dossier, "tra-ket-qua", data)
    assert (dossier.status, dossier.recipient_identity) == (10, "034090001234")
    assert dossier.originals_taken_back and dossier.files.filter(purpose="signature").exists()


def test_returning_at_the_counter_needs_a_valid_identity_number(client, world):
    w = world
    dossier = resolved(w)
    client.force_login(w.counter_officer)
    data = {"seen_version": dossier.version, "via": "counter", "recipient_name": "An"}
    response = client.post(url(dossier, "tra-ket-qua"), {**data, "confirm": "on"})
    assert response.status_code == 400
    assert "Vui lòng nhập số định danh cá nhân của người nhận kết quả." in body(response)
    assert fresh(dossier).status == 9


# --------------------------------------------------------------------------- withdrawal


def test_withdrawal_requested_at_the_counter_and_approved(client, world):
    w = world
    dossier = at_specialist(w)
    data = {"reason": "Người nộp không còn nhu cầu"}
    dossier = act(client, w.counter_officer, dossier, "de-nghi-rut", data)
    assert dossier.withdrawal_requested and dossier.status == 4
    dossier = act(client, w.leader, dossier, "dong-y-rut", {"confirm": "on"})
    assert dossier.status == 7 and not dossier.withdrawal_requested


def test_withdrawal_rejected_with_a_reason(client, world):
    w = world
    dossier = at_specialist(w)
    dossier_request_withdrawal(actor=w.counter_officer, dossier_id=dossier.pk, reason="Rút")
    data = {"reason": "Hồ sơ đã thẩm định xong"}
    dossier = act(client, w.unit_head, dossier, "khong-dong-y-rut", data)
    assert dossier.status == 4 and not dossier.withdrawal_requested


# --------------------------------------------------------------------------- personas


def test_an_officer_of_another_agency_gets_404_for_every_action(client, world):
    w = world
    dossier = at_specialist(w)
    client.force_login(w.sxd_specialist)
    for slug in BY_SLUG:
        assert client.get(url(dossier, slug)).status_code == 404, slug
        response = client.post(url(dossier, slug), {"seen_version": dossier.version})
        assert response.status_code == 404, slug
    assert fresh(dossier).version == dossier.version


def test_a_citizen_gets_404_even_on_their_own_dossier(client, world):
    w = world
    dossier = submit_online(w)
    client.force_login(w.citizen)
    assert client.get(url(dossier, "tiep-nhan")).status_code == 404
    assert client.post(url(dossier, "de-nghi-rut"), {"reason": "x"}).status_code == 404


def test_an_unknown_action_is_404(client, world):
    dossier = at_specialist(world)
    client.force_login(world.leader)
    assert client.get(url(dossier, "xoa-ho-so")).status_code == 404


@pytest.mark.parametrize(
    ("slug", "data"),
    [
        ("dung-giai-quyet", {"reason": "Dừng", "confirm": "on"}),
        (
            "xin-loi-hen-lai",
            {"reason": "Chậm", "new_due_date": "11/03/2026", "new_due_time": "08:30"},
        ),
        ("phan-cong", {"reason": "x"}),
        ("ban-hanh-ket-qua", {"kind": "QĐ", "number": "1", "signer": "A", "confirm": "on"}),
    ],
)
def test_a_specialist_posting_a_leaders_action_gets_403_and_nothing_changes(
    client, world, slug, data
):
    w = world
    dossier = at_specialist(w)
    events = DossierEvent.objects.filter(dossier=dossier).count()
    client.force_login(w.specialist)
    assert client.get(url(dossier, slug)).status_code == 403
    response = client.post(url(dossier, slug), {"seen_version": dossier.version, **data})
    assert response.status_code == 403
    assert "Bạn không được thực hiện" in body(response)
    after = fresh(dossier)
    assert (after.status, after.version, after.reappointed_at) == (4, dossier.version, None)
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


def test_a_stale_page_is_refused_with_reload_and_nothing_is_written(client, world):
    w = world
    dossier = at_specialist(w)
    client.force_login(w.leader)
    seen = client.get(url(dossier, "dung-giai-quyet")).context["form"]["seen_version"].value()
    # Meanwhile the specialist hands the dossier on: the leader's page is now stale.
    dossier_complete_step(actor=w.specialist, dossier_id=dossier.pk, to_user=w.unit_head)
    data = {"seen_version": seen, "reason": "Dừng", "confirm": "on"}
    response = client.post(url(dossier, "dung-giai-quyet"), data)
    assert response.status_code == 400
    assert RELOAD in body(response) and 'class="mc-error-summary"' in body(response)
    assert fresh(dossier).status == 4 and not dossier.events.filter(action="stop").exists()


def test_a_stale_page_whose_action_is_gone_says_to_reload(client, world):
    w = world
    dossier = receive_walk_in(w)
    seen = dossier.version
    dossier_forward(actor=w.counter_officer, dossier_id=dossier.pk)
    client.force_login(w.counter_officer)
    response = client.post(url(dossier, "chuyen-xu-ly"), {"seen_version": seen})
    assert response.status_code == 403 and RELOAD in body(response)


def test_an_irreversible_action_needs_its_confirmation(client, world):
    w = world
    dossier = at_specialist(w)
    client.force_login(w.leader)
    page = client.get(url(dossier, "dung-giai-quyet"))
    assert CONFIRM in body(page)
    data = {"seen_version": dossier.version, "reason": "Dừng giải quyết"}
    response = client.post(url(dossier, "dung-giai-quyet"), data)
    assert response.status_code == 400
    assert "Đánh dấu ô xác nhận để thực hiện thao tác này." in body(response)
    assert fresh(dossier).status == 4 and fresh(dossier).version == dossier.version


def test_a_service_refusal_is_shown_in_the_error_summary(client, world):
    w = world
    dossier = at_specialist(w)
    client.force_login(w.leader)
    data = {
        "seen_version": dossier.version,
        "reason": "Chờ ý kiến",
        "new_due_date": "14/03/2026",  # a Saturday
        "new_due_time": "08:30",
    }
    response = client.post(url(dossier, "xin-loi-hen-lai"), data)
    assert response.status_code == 400
    assert "Ngày hẹn trả mới phải là ngày làm việc." in body(response)
    assert fresh(dossier).reappointed_at is None


def test_form_checks_a_requirement_for_each_chosen_component(client, world):
    w = world
    dossier = at_specialist(w)
    client.force_login(w.specialist)
    data = {
        "seen_version": dossier.version,
        f"component_{w.proof.pk}": "on",
        f"requirement_{w.form.pk}": "Ký lại tờ khai",
        "reason": "Thiếu",
    }
    response = client.post(url(dossier, "yeu-cau-bo-sung"), data)
    assert response.status_code == 400
    page = body(response)
    assert "Vui lòng ghi rõ nội dung cần bổ sung cho thành phần này." in page
    assert "Đã ghi nội dung cần bổ sung nhưng chưa chọn thành phần này." in page
    assert fresh(dossier).status == 4


# --------------------------------------------------------------------------- available_actions


def test_available_actions_at_reception(world):
    w = world
    dossier = submit_online(w)
    assert slugs(w.counter_officer, dossier) == [
        "tiep-nhan",
        "yeu-cau-hoan-thien",
        "tu-choi",
        "de-nghi-rut",
    ]
    assert slugs(w.leader, dossier) == []
    assert slugs(w.sxd_specialist, dossier) == []


def test_available_actions_during_processing_by_role(world):
    w = world
    dossier = at_specialist(w)
    handler = ["hoan-thanh-buoc", "tra-lai-buoc", "chuyen-lien-thong", "yeu-cau-bo-sung",
               "yeu-cau-nghia-vu-tai-chinh"]  # fmt: skip
    assert slugs(w.specialist, dossier) == handler
    assert slugs(w.unit_head, dossier) == ["phan-cong", *handler, "dung-giai-quyet"]
    assert slugs(w.leader, dossier) == [
        "phan-cong", *handler, "xin-loi-hen-lai", "dung-giai-quyet", "ban-hanh-ket-qua",
    ]  # fmt: skip
    assert slugs(w.clerk, dossier) == ["ban-hanh-ket-qua"]
    assert slugs(w.counter_officer, dossier) == ["de-nghi-rut"]


def test_another_specialist_does_not_see_the_holders_actions(world):
    w = world
    dossier = at_specialist(w)
    colleague = PositionFactory(agency=w.division, role=Role.SPECIALIST).user
    assert slugs(colleague, dossier) == []


def test_no_complete_step_at_the_last_step_and_no_apology_after_the_legal_due(world, clock):
    w = world
    dossier = at_specialist(w)
    dossier_complete_step(actor=w.specialist, dossier_id=dossier.pk, to_user=w.unit_head)
    dossier_complete_step(actor=w.unit_head, dossier_id=dossier.pk, to_user=w.leader)
    assert "hoan-thanh-buoc" not in slugs(w.leader, dossier)
    assert "xin-loi-hen-lai" in slugs(w.leader, dossier)
    clock("2026-03-09 08:30")  # the legal due moment
    assert "xin-loi-hen-lai" not in slugs(w.leader, dossier)


def test_available_actions_while_at_the_coordinating_agency(world):
    w = world
    dossier = at_specialist(w)
    dossier_send_interagency(
        actor=w.specialist, dossier_id=dossier.pk, to_agency=w.sxd, working_days=2
    )
    assert slugs(w.specialist, dossier) == ["nhan-lien-thong"]
    assert slugs(w.sxd_leader, dossier) == ["nhan-lien-thong"]  # no stop: not the lead agency


def test_action_specs_cover_the_desk_actions(world):
    assert Action.SUBMIT_ONLINE not in SPECS and Action.REGISTER_POSTAL not in SPECS
    assert len(SPECS) == len(Action) - 2
    irreversible = {spec.action for spec in SPECS.values() if spec.irreversible}
    assert irreversible == {
        Action.REFUSE,
        Action.STOP,
        Action.APPROVE_WITHDRAWAL,
        Action.ISSUE_RESULT,
        Action.RETURN_RESULT,
        Action.SUPPLEMENT_DEADLINE_EXPIRED,
    }
    assert all(spec.slug.isascii() for spec in SPECS.values())


def test_the_actions_include_renders_inline_forms_and_links(world):
    w = world
    dossier = submit_online(w)
    request = RequestFactory().get("/")
    request.user = w.counter_officer
    context = {
        "actions": available_actions(user=w.counter_officer, dossier=dossier),
        "dossier": dossier,
    }
    html = render_to_string("desk/dossiers/_actions.html", context, request=request)
    assert f'action="{url(dossier, "tiep-nhan")}"' in html
    assert 'name="seen_version"' in html and f'value="{dossier.version}"' in html
    assert "<legend" in html and 'for="id_tiep-nhan_fees_paid"' in html
    assert f'href="{url(dossier, "tu-choi")}"' in html
    empty = render_to_string(
        "desk/dossiers/_actions.html", {"actions": [], "dossier": dossier}, request=request
    )
    assert "Bạn không có thao tác nào" in empty


def test_available_actions_while_waiting_for_a_supplement(world):
    w = world
    dossier = at_specialist(w)
    dossier_request_supplement(
        actor=w.specialist, dossier_id=dossier.pk, items=proof_request(w), reason="Thiếu"
    )
    assert slugs(w.counter_officer, dossier) == ["nhan-bo-sung", "de-nghi-rut"]
    assert slugs(w.leader, dossier) == ["dung-giai-quyet"]
