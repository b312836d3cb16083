"""Online submission on the portal, page by page, with plain HTML forms (no JavaScript):
start from the procedure page, case, applicant and declaration, files, result delivery,
review, submit, confirmation; "Lưu nháp" everywhere and a list of drafts to resume.

The world (`motcua.testing.dossier_world`): a published partial-online procedure processed
by Sở Tư pháp, one case, "Tờ khai theo mẫu" required and "Giấy tờ chứng minh nơi cư trú"
conditional; its declaration asks for a required date of birth.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.documents.samples import MINIMAL_PDF
from motcua.dossiers.models import Dossier, DraftFile, SubmissionDraft
from motcua.dossiers.services import Upload, draft_attach, draft_start, draft_update
from motcua.org.models import Agency
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import World, build_world, jpeg_bytes, pdf_upload
from motcua.testing.factories import CitizenFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db

SCHEMA = [{"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True}]
ADDRESS = "Số 5 đường Nguyễn Văn Linh, phường Phố Hiến"


@pytest.fixture
def world(time_machine) -> World:
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)
    holidays_seed(actor=None, years=range(2026, 2027))
    world = build_world()
    ProcedureVersion.objects.filter(pk=world.version.pk).update(form_schema=SCHEMA)
    world.version.refresh_from_db()
    return world


@pytest.fixture
def citizen(client, world):
    client.force_login(world.citizen)
    return client


def code(world: World) -> str:
    return world.version.procedure.code


def page(response) -> str:
    return response.content.decode()


def pdf_file(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def step(name: str, draft: SubmissionDraft | int) -> str:
    return reverse(f"portal:draft_{name}", args=[getattr(draft, "pk", draft)])


def a_draft(world: World) -> SubmissionDraft:
    return draft_start(actor=world.citizen, procedure_code=code(world))


# --------------------------------------------------------------------------- access


def test_anonymous_is_sent_to_the_portal_login_and_back(client, world):
    draft = a_draft(world)
    for url in (
        reverse("portal:procedure_apply", args=[code(world)]),
        reverse("portal:draft_list"),
        step("details", draft),
        step("review", draft),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('portal:login')}?next={url}"


def test_citizen_b_gets_404_on_every_page_and_file_of_a_draft_of_a(client, world):
    draft = a_draft(world)
    row = draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
    )
    client.force_login(CitizenFactory(full_name="Trần Thị Bình"))
    for name in ("resume", "case", "details", "files", "delivery", "review"):
        assert client.get(step(name, draft)).status_code == 404, name
    assert client.post(step("review", draft)).status_code == 404
    assert client.post(reverse("portal:draft_delete", args=[draft.pk])).status_code == 404
    file_args = [draft.pk, row.pk]
    assert client.get(reverse("portal:draft_file", args=file_args)).status_code == 404
    assert client.post(reverse("portal:draft_file_remove", args=file_args)).status_code == 404
    assert SubmissionDraft.objects.filter(pk=draft.pk).exists() and DraftFile.objects.exists()


def test_a_procedure_not_open_online_has_no_online_entry(citizen, world):
    offline = VersionFactory(published=True, channel_online=False)
    for procedure in (offline.procedure.code, "9.999999"):
        assert citizen.get(reverse("portal:procedure_apply", args=[procedure])).status_code == 404


# --------------------------------------------------------------------------- the whole flow


def test_the_whole_submission_works_with_plain_form_posts(citizen, world):
    detail = page(citizen.get(reverse("portal:procedure_detail", args=[code(world)])))
    start_url = reverse("portal:procedure_apply", args=[code(world)])
    assert f'href="{start_url}"' in detail
    body = page(citizen.get(start_url))
    assert "Bạn cần chuẩn bị" in body and "Tờ khai theo mẫu" in body

    # Start: one case and one agency, so the case page is already done.
    response = citizen.post(start_url, follow=True)
    draft = SubmissionDraft.objects.get(user=world.citizen)
    assert response.redirect_chain[-1][0] == step("details", draft)
    body = page(response)
    assert "Bước 2/5" in body and 'value="Nguyễn Văn An"' in body  # prefilled from the account

    # Details: "Tiếp tục" without the required date stays, with the message by the field.
    response = citizen.post(
        step("details", draft),
        {"kind": "citizen", "name": "Nguyễn Văn An", "tk_ngay_sinh": "", "action": "next"},
    )
    assert response.status_code == 200
    body = page(response)
    assert 'class="mc-error-summary"' in body
    assert '<a href="#id_tk_ngay_sinh">Ngày sinh: Vui lòng nhập “Ngày sinh”.</a>' in body
    assert 'id="id_tk_ngay_sinh-error">Vui lòng nhập “Ngày sinh”.</p>' in body
    response = citizen.post(
        step("details", draft),
        {
            "kind": "citizen",
            "name": "Nguyễn Văn An",
            "identity_number": "034090001234",
            "tk_ngay_sinh": "15/08/1990",
            "action": "next",
        },
    )
    assert response["Location"] == step("files", draft)

    # Files: one PDF for the required component; "Tiếp tục" goes on.
    body = page(citizen.get(step("files", draft)))
    assert 'accept="image/*,application/pdf"' in body and 'capture="environment"' in body
    assert 'enctype="multipart/form-data"' in body and "multiple" in body
    field = f"tp{world.form.pk}"
    response = citizen.post(step("files", draft), {field: [pdf_file()], "action": "next"})
    assert response["Location"] == step("delivery", draft)

    # Delivery by post needs an address.
    response = citizen.post(
        step("delivery", draft),
        {"result_delivery": "post", "delivery_address": "", "action": "next"},
    )
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in page(response)
    response = citizen.post(
        step("delivery", draft),
        {"result_delivery": "post", "delivery_address": ADDRESS, "action": "next"},
    )
    assert response["Location"] == step("review", draft)

    # Review, then submit.
    body = page(citizen.get(step("review", draft)))
    assert "mc-error-summary" not in body
    assert "15/08/1990" in body and "to-khai.pdf" in body and ADDRESS in body
    response = citizen.post(step("review", draft), follow=True)
    dossier = Dossier.objects.get()
    assert response.redirect_chain[-1][0] == reverse("portal:submission_done", args=[dossier.code])
    body = page(response)
    assert f'data-testid="dossier-code">{dossier.code}</strong>' in body
    assert dossier.lookup_secret in body
    assert (dossier.status, dossier.applicant, dossier.result_delivery) == (
        1,
        world.citizen,
        "post",
    )
    assert dossier.form_data == {"ngay_sinh": "1990-08-15"}
    assert [f.original_name for f in dossier.files.all()] == ["to-khai.pdf"]
    assert not SubmissionDraft.objects.exists()


def test_pages_need_no_script_to_submit(citizen, world):
    """Every step is a form with a real submit button; htmx attributes are not used."""
    draft = a_draft(world)
    for name in ("case", "details", "files", "delivery", "review"):
        body = page(citizen.get(step(name, draft)))
        assert re.search(r'<form method="post"[^>]*>', body), name
        assert 'type="submit"' in body and "hx-" not in body.split("<main")[1], name


def test_lưu_nháp_on_any_step_keeps_the_draft_and_the_list_resumes_it(citizen, world):
    draft = a_draft(world)
    response = citizen.post(
        step("details", draft),
        {"name": "Nguyễn Văn An", "tk_ngay_sinh": "", "action": "save"},
        follow=True,
    )  # a save accepts what is still missing
    assert response.redirect_chain[-1][0] == reverse("portal:draft_list")
    body = page(response)
    assert "Đã lưu nháp." in body and world.version.name in body
    assert f'href="{step("resume", draft)}"' in body
    # Resuming goes to the first page with something missing: the declaration.
    assert citizen.get(step("resume", draft))["Location"] == step("details", draft)
    citizen.post(
        step("details", draft),
        {"name": "Nguyễn Văn An", "tk_ngay_sinh": "1/2/1990", "action": "save"},
    )
    assert citizen.get(step("resume", draft))["Location"] == step("files", draft)
    assert SubmissionDraft.objects.get(pk=draft.pk).form_data == {"ngay_sinh": "1990-02-01"}


def test_a_save_with_a_wrong_value_shows_it_and_saves_nothing(citizen, world):
    draft = a_draft(world)
    response = citizen.post(
        step("details", draft),
        {"name": "X", "identity_number": "123", "tk_ngay_sinh": "31/02/1990", "action": "save"},
    )
    assert response.status_code == 200
    body = page(response)
    assert "Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số." in body
    assert "“Ngày sinh” phải là ngày có thật" in body
    assert SubmissionDraft.objects.get(pk=draft.pk).applicant["name"] == "Nguyễn Văn An"


def test_the_case_page_offers_each_case_with_its_processing_time(citizen, world):
    ProcedureCase.objects.create(
        version=world.version,
        order=2,
        name="Trường hợp khẩn",
        processing_amount=2,
        processing_unit="working_days",
    )
    citizen.post(reverse("portal:procedure_apply", args=[code(world)]))
    draft = SubmissionDraft.objects.get()
    assert citizen.get(step("resume", draft))["Location"] == step("case", draft)
    body = page(citizen.get(step("case", draft)))
    assert "Trường hợp khẩn – giải quyết trong 2 ngày làm việc" in body and 'type="radio"' in body
    assert "Sở Tư pháp" in body
    response = citizen.post(step("case", draft), {"action": "next"})
    assert "Vui lòng chọn trường hợp thực hiện thủ tục." in page(response)
    response = citizen.post(step("case", draft), {"case": world.case.pk, "action": "next"})
    assert response["Location"] == step("details", draft)


# --------------------------------------------------------------------------- files


def test_a_refused_file_is_named_by_its_component_and_the_good_ones_are_kept(citizen, world):
    draft = a_draft(world)
    fake = SimpleUploadedFile("giay-to.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    photo = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = citizen.post(
        step("files", draft),
        {f"tp{world.form.pk}": [fake], f"tp{world.proof.pk}_anh": [photo], "action": "next"},
    )
    assert response.status_code == 200
    body = page(response)
    assert (
        f'<a href="#id_tp{world.form.pk}">Chọn tệp: Tệp “giay-to.pdf” không phải định dạng '
        "được chấp nhận (PDF, JPG, JPEG, PNG). Vui lòng nộp tệp đúng định dạng.</a>"
    ) in body
    assert "Đã tải lên 1 tệp." in body and "anh.jpg" in body
    assert list(DraftFile.objects.values_list("original_name", flat=True)) == ["anh.jpg"]


def test_a_required_component_without_a_file_stops_tiếp_tục_but_not_tải_lên(citizen, world):
    draft = a_draft(world)
    response = citizen.post(step("files", draft), {"action": "next"})
    assert "Vui lòng đính kèm giấy tờ “Tờ khai theo mẫu”." in page(response)
    response = citizen.post(
        step("files", draft), {f"tp{world.form.pk}": [pdf_file()], "action": "upload"}
    )
    assert response["Location"] == step("files", draft)


def test_an_attached_file_can_be_seen_and_removed(citizen, world):
    draft = a_draft(world)
    row = draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
    )
    body = page(citizen.get(step("files", draft)))
    remove = reverse("portal:draft_file_remove", args=[draft.pk, row.pk])
    assert f'form="xoa-tep-{row.pk}"' in body and f'action="{remove}"' in body
    response = citizen.get(reverse("portal:draft_file", args=[draft.pk, row.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    response = citizen.post(remove, follow=True)
    assert "Đã xóa tệp." in page(response) and not DraftFile.objects.exists()


# --------------------------------------------------------------------------- review, drafts


def test_the_review_lists_what_is_missing_with_a_link_to_the_page_that_fixes_it(citizen, world):
    draft = a_draft(world)
    draft_update(actor=world.citizen, draft_id=draft.pk, applicant={"name": ""})
    body = page(citizen.get(step("review", draft)))
    assert f'<a href="{step("details", draft)}">Vui lòng nhập họ tên người nộp hồ sơ.</a>' in body
    assert (
        f'<a href="{step("files", draft)}">Vui lòng đính kèm giấy tờ “Tờ khai theo mẫu”.</a>'
        in body
    )
    assert f'<a href="{step("delivery", draft)}">Vui lòng chọn hình thức nhận kết quả.</a>' in body
    response = citizen.post(step("review", draft))
    assert response.status_code == 200 and "mc-error-summary" in page(response)
    assert not Dossier.objects.exists()


def test_a_refusal_at_submission_is_shown_on_the_review_page(citizen, world):
    draft = a_draft(world)
    draft_update(
        actor=world.citizen,
        draft_id=draft.pk,
        form_data={"ngay_sinh": "1/1/1990"},
        result_delivery="online",
    )
    draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
    )
    Agency.objects.filter(pk=world.stp.pk).update(identifier_code=None)
    response = citizen.post(step("review", draft))
    assert response.status_code == 200
    assert "<li>Cơ quan tiếp nhận chưa có mã định danh điện tử.</li>" in page(response)
    assert not Dossier.objects.exists() and SubmissionDraft.objects.exists()


def test_a_draft_can_be_deleted_from_the_list(citizen, world):
    draft = a_draft(world)
    response = citizen.post(reverse("portal:draft_delete", args=[draft.pk]), follow=True)
    assert "Đã xóa hồ sơ đang soạn." in page(response)
    assert "Bạn không có hồ sơ nào đang soạn." in page(response)
    assert not SubmissionDraft.objects.exists()


def test_the_start_page_lists_the_drafts_already_begun(citizen, world):
    draft = a_draft(world)
    body = page(citizen.get(reverse("portal:procedure_apply", args=[code(world)])))
    assert "Hồ sơ bạn đang soạn cho thủ tục này" in body
    assert f'href="{step("resume", draft)}"' in body


def test_an_uploaded_stream_is_read_whole(world):
    """The portal passes Django's uploaded file itself to the service (no copy in memory)."""
    draft = a_draft(world)
    upload = SimpleUploadedFile("to-khai.pdf", MINIMAL_PDF)
    row = draft_attach(
        actor=world.citizen,
        draft_id=draft.pk,
        component_id=world.form.pk,
        upload=Upload(stream=upload, name=upload.name),
    )
    assert row.size == len(MINIMAL_PDF) and row.file.read() == MINIMAL_PDF
