"""“Hồ sơ của tôi”: the applicant's own dossiers, what happened in plain Vietnamese, the
appointment and why, the supplement answer, the withdrawal request and the downloads.
Another citizen gets "not found" for every URL of the dossier.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.documents.samples import MINIMAL_PDF
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    Applicant,
    RequestItem,
    ResultDocument,
    dossier_assign,
    dossier_forward,
    dossier_issue_result,
    dossier_receive,
    dossier_receive_supplement,
    dossier_request_supplement,
    dossier_submit_online,
)
from motcua.testing.dossier_world import World, build_world, pdf_upload
from motcua.testing.factories import CitizenFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    def move(moment: str) -> None:
        time_machine.move_to(f"{moment} +07:00", tick=False)

    return move


@pytest.fixture
def world(clock) -> World:
    clock("2026-03-02 08:30")  # Monday
    holidays_seed(actor=None, years=range(2026, 2027))
    return build_world()


def submit(world: World, citizen=None) -> Dossier:
    return dossier_submit_online(
        actor=citizen or world.citizen,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=Applicant(name="Nguyễn Văn An", identity_number="034090001234"),
        components=world.components(),
    )


def processing(world: World, clock) -> Dossier:
    """Submitted Monday 08:30, received 09:00 (due Monday 09/03 09:00), forwarded, assigned."""
    dossier = submit(world)
    clock("2026-03-02 09:00")
    dossier_receive(actor=world.counter_officer, dossier_id=dossier.pk)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    dossier_assign(actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist)
    return Dossier.objects.get(pk=dossier.pk)


def ask_supplement(world: World, dossier: Dossier) -> None:
    dossier_request_supplement(
        actor=world.specialist,
        dossier_id=dossier.pk,
        items=[RequestItem(world.proof.pk, "Bổ sung giấy xác nhận thông tin về cư trú")],
        reason="Thiếu giấy tờ cư trú",
        respond_within_days=5,
    )


def detail(client, dossier: Dossier):
    return client.get(reverse("portal:my_dossier", args=[dossier.code]))


def page(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- list


def test_the_list_shows_only_my_dossiers_newest_first_with_their_status(client, world, clock):
    first = submit(world)
    clock("2026-03-02 10:00")
    second = submit(world)
    other = submit(world, CitizenFactory(full_name="Trần Thị Bình"))
    client.force_login(world.citizen)
    response = client.get(reverse("portal:my_dossiers"))
    body = page(response)
    assert [d.code for d in response.context["page"]] == [second.code, first.code]
    assert other.code not in body
    assert "Mới đăng ký" in body and 'class="mc-tag mc-tag--info"' in body


def test_the_list_costs_the_same_queries_whatever_its_length(client, world):
    client.force_login(world.citizen)
    submit(world)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:my_dossiers"))
    for _ in range(5):
        submit(world)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("portal:my_dossiers"))
    assert len(one) == len(six)


def test_anonymous_is_sent_to_login(client, world):
    dossier = submit(world)
    for url in (reverse("portal:my_dossiers"), reverse("portal:my_dossier", args=[dossier.code])):
        assert client.get(url)["Location"] == f"{reverse('portal:login')}?next={url}"


# --------------------------------------------------------------------------- detail


def test_the_detail_tells_the_story_in_plain_vietnamese_without_internal_hand_overs(
    client, world, clock
):
    dossier = processing(world, clock)
    client.force_login(world.citizen)
    body = page(detail(client, dossier))
    assert "Đang xử lý" in body
    assert "Bạn đã nộp hồ sơ trực tuyến." in body
    assert "Hồ sơ đã được tiếp nhận. Hẹn trả kết quả: 09:00 09/03/2026." in body
    assert "Hồ sơ đã được chuyển đến cơ quan giải quyết." in body
    assert "Phân công" not in body and "Hoàng Văn Chuyên Viên" not in body  # internal
    # The appointment and how it was computed (the deadline trail).
    assert "<strong>09:00 09/03/2026</strong>" in body
    assert "Cách tính ngày hẹn trả kết quả" in body and '<ol class="mc-trail">' in body
    # What was handed in, and form 01 to download.
    (file,) = dossier.files.all()
    assert reverse("portal:my_dossier_file", args=[dossier.code, file.pk]) in body
    assert reverse("portal:my_dossier_form", args=[dossier.code, "receipt"]) in body
    assert reverse("portal:my_dossier_form", args=[dossier.code, "supplement"]) not in body


def test_a_just_submitted_dossier_has_no_appointment_yet_and_no_form_01(client, world):
    dossier = submit(world)
    client.force_login(world.citizen)
    body = page(detail(client, dossier))
    assert "Chưa tiếp nhận" in body and "mc-trail" not in body
    url = reverse("portal:my_dossier_form", args=[dossier.code, "receipt"])
    assert url not in body and client.get(url).status_code == 404


# --------------------------------------------------------------------------- supplement


def test_the_applicant_answers_a_supplement_request_with_a_file_per_component(client, world, clock):
    dossier = processing(world, clock)
    clock("2026-03-03 09:00")
    ask_supplement(world, dossier)
    client.force_login(world.citizen)
    body = page(detail(client, dossier))
    assert "Hồ sơ cần bổ sung" in body and "Thiếu giấy tờ cư trú" in body
    assert "Bổ sung giấy xác nhận thông tin về cư trú" in body
    assert f'name="tp{world.proof.pk}"' in body and 'capture="environment"' in body
    assert reverse("portal:my_dossier_form", args=[dossier.code, "supplement"]) in body
    url = reverse("portal:my_dossier_supplement", args=[dossier.code])

    response = client.post(url, {})  # nothing attached
    assert response.status_code == 200
    assert "Vui lòng đính kèm tệp cho giấy tờ này." in page(response)
    assert Dossier.objects.get(pk=dossier.pk).status == 5

    clock("2026-03-04 09:00")
    client.force_login(world.citizen)  # a new day, a new session
    proof = SimpleUploadedFile("cu-tru.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(url, {f"tp{world.proof.pk}": [proof]}, follow=True)
    dossier.refresh_from_db()
    assert dossier.status == 4 and dossier.paused_since is None
    body = page(response)
    assert "Đã nộp hồ sơ bổ sung." in body
    assert "Đã nhận hồ sơ bổ sung; hồ sơ tiếp tục được giải quyết." in body
    supplement = dossier.files.get(purpose="supplement")
    assert (supplement.original_name, supplement.uploaded_by) == ("cu-tru.pdf", world.citizen)
    assert "Hồ sơ cần bổ sung" not in body


def test_a_refused_supplement_file_is_shown_by_its_component_and_nothing_changes(
    client, world, clock
):
    dossier = processing(world, clock)
    ask_supplement(world, dossier)
    client.force_login(world.citizen)
    fake = SimpleUploadedFile("cu-tru.jpg", MINIMAL_PDF)
    response = client.post(
        reverse("portal:my_dossier_supplement", args=[dossier.code]),
        {f"tp{world.proof.pk}": [fake]},
    )
    assert "có phần mở rộng không khớp với nội dung" in page(response)
    assert Dossier.objects.get(pk=dossier.pk).status == 5
    assert not dossier.files.filter(purpose="supplement").exists()


# --------------------------------------------------------------------------- withdrawal


def test_the_applicant_asks_to_withdraw_with_a_reason(client, world, clock):
    dossier = processing(world, clock)
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier_withdraw", args=[dossier.code])
    assert url in page(detail(client, dossier))
    response = client.post(url, {"reason": " "})
    assert "Vui lòng nêu rõ lý do rút hồ sơ." in page(response)
    assert not Dossier.objects.get(pk=dossier.pk).withdrawal_requested
    response = client.post(url, {"reason": "Không còn nhu cầu"}, follow=True)
    body = page(response)
    assert "Đã gửi đề nghị rút hồ sơ." in body
    assert "Bạn đã đề nghị rút hồ sơ." in body and "Không còn nhu cầu" in body
    assert Dossier.objects.get(pk=dossier.pk).withdrawal_requested
    assert url not in body  # asked once; the competent unit decides


# --------------------------------------------------------------------------- downloads


def test_form_01_form_02_and_the_electronic_result_download(client, world, clock):
    dossier = processing(world, clock)
    ask_supplement(world, dossier)
    client.force_login(world.citizen)
    for kind in ("receipt", "supplement"):
        response = client.get(reverse("portal:my_dossier_form", args=[dossier.code, kind]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert (
        client.get(reverse("portal:my_dossier_form", args=[dossier.code, "refusal"])).status_code
        == 404
    )

    # The result, once issued, through the owner-checked file view.
    dossier_receive_supplement(actor=world.counter_officer, dossier_id=dossier.pk)
    dossier_issue_result(
        actor=world.leader,
        dossier_id=dossier.pk,
        result=ResultDocument(
            kind="Giấy chứng nhận",
            number="12/GCN-STP",
            signer="Phạm Văn Lãnh Đạo",
            issued_on=date(2026, 3, 2),
            file=pdf_upload("ket-qua.pdf"),
        ),
    )
    body = page(detail(client, dossier))
    result = Dossier.objects.get(pk=dossier.pk).result.file
    url = reverse("portal:my_dossier_file", args=[dossier.code, result.pk])
    assert (
        "Kết quả giải quyết" in body and url in body and "Đã có kết quả giải quyết hồ sơ." in body
    )
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


# --------------------------------------------------------------------------- persona B


def test_citizen_b_gets_404_on_a_s_dossier_its_files_forms_and_actions(client, world, clock):
    dossier = processing(world, clock)
    ask_supplement(world, dossier)
    (file,) = dossier.files.all()
    client.force_login(CitizenFactory(full_name="Trần Thị Bình"))
    code = dossier.code
    for url in (
        reverse("portal:my_dossier", args=[code]),
        reverse("portal:submission_done", args=[code]),
        reverse("portal:my_dossier_file", args=[code, file.pk]),
        reverse("portal:my_dossier_form", args=[code, "receipt"]),
        reverse("portal:my_dossier_form", args=[code, "supplement"]),
    ):
        assert client.get(url).status_code == 404, url
    proof = SimpleUploadedFile("cu-tru.pdf", MINIMAL_PDF)
    assert (
        client.post(
            reverse("portal:my_dossier_supplement", args=[code]), {f"tp{world.proof.pk}": [proof]}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("portal:my_dossier_withdraw", args=[code]), {"reason": "Phá"}
        ).status_code
        == 404
    )
    dossier.refresh_from_db()
    assert dossier.status == 5 and not dossier.withdrawal_requested
    assert code not in page(client.get(reverse("portal:my_dossiers")))


def test_a_file_of_my_dossier_is_404_under_another_dossier_code(client, world):
    mine, other = submit(world), submit(world)
    (file,) = other.files.all()
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier_file", args=[mine.code, file.pk])
    assert client.get(url).status_code == 404
