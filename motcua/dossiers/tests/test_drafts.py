"""Online submissions in progress: save and resume, attach checked files, submit atomically.

The world (`motcua.testing.dossier_world`): a published partial-online procedure processed
by Sở Tư pháp (the receiving agency), one case, "Tờ khai theo mẫu" required and "Giấy tờ
chứng minh nơi cư trú" conditional. Its declaration asks for a required date of birth,
an optional number and a choice.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from motcua.audit.models import AuditEntry
from motcua.catalog.models import Component, ProcedureCase, ProcedureVersion
from motcua.documents.samples import MINIMAL_PDF
from motcua.dossiers.models import Dossier, DossierEvent, DraftFile, SubmissionDraft
from motcua.dossiers.selectors_applicant import receiving_agencies_for
from motcua.dossiers.services import (
    DraftError,
    Upload,
    draft_attach,
    draft_discard,
    draft_problems,
    draft_remove_file,
    draft_start,
    draft_submit,
    draft_update,
)
from motcua.dossiers.services import drafts as drafts_module
from motcua.org.models import Agency, UnitLevel
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import World, build_world, jpeg_upload, pdf_upload
from motcua.testing.factories import AgencyFactory, CitizenFactory, UnitFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db

SCHEMA = [
    {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True},
    {"name": "dien_tich", "label": "Diện tích (m²)", "type": "number"},
    {"name": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": ["Nam", "Nữ"]},
]
ADDRESS = "Số 5 đường Nguyễn Văn Linh, phường Phố Hiến"


@pytest.fixture
def world(time_machine) -> World:
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)  # Monday
    holidays_seed(actor=None, years=range(2026, 2027))
    world = build_world()
    ProcedureVersion.objects.filter(pk=world.version.pk).update(form_schema=SCHEMA)
    world.version.refresh_from_db()
    return world


def start(world: World) -> SubmissionDraft:
    return draft_start(actor=world.citizen, procedure_code=world.version.procedure.code)


def ready(world: World) -> SubmissionDraft:
    """A draft with everything a submission needs."""
    draft = start(world)
    draft_update(
        actor=world.citizen,
        draft_id=draft.pk,
        applicant={"name": "Nguyễn Văn An", "identity_number": "034090001234"},
        form_data={"ngay_sinh": "15/08/1990", "dien_tich": "12,5", "gioi_tinh": "Nam"},
        result_delivery="post",
        delivery_address=ADDRESS,
    )
    draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
    )
    draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=jpeg_upload()
    )
    return SubmissionDraft.objects.get(pk=draft.pk)


def stored(folder: str = "drafts/2026/03") -> list[str]:
    """The files in `folder` of the (in-memory, process-wide) test storage."""
    try:
        return sorted(default_storage.listdir(folder)[1])
    except FileNotFoundError:
        return []


stored_drafts = stored


# --------------------------------------------------------------------------- start, save


def test_a_draft_starts_with_the_only_case_the_agency_and_the_account_details(world):
    draft = start(world)
    assert draft.procedure_version == world.version
    assert (draft.case, draft.receiving_agency) == (world.case, world.stp)
    assert draft.applicant["name"] == "Nguyễn Văn An" and draft.applicant["kind"] == "citizen"
    assert draft.applicant["phone"] == world.citizen.phone
    entry = AuditEntry.objects.get(action="draft.start")
    assert entry.object_id == str(draft.pk) and entry.actor == world.citizen


def test_a_procedure_not_open_online_takes_no_draft(world):
    offline = VersionFactory(published=True, channel_online=False)
    with pytest.raises(DraftError) as error:
        draft_start(actor=world.citizen, procedure_code=offline.procedure.code)
    assert error.value.fields == {"version": "Thủ tục này hiện không nhận hồ sơ trực tuyến."}
    assert not SubmissionDraft.objects.exists()


def test_a_saved_draft_resumes_with_what_was_saved(world):
    draft = start(world)
    draft_update(
        actor=world.citizen,
        draft_id=draft.pk,
        applicant={"name": "  Trần Thị Bình ", "phone": "+84 912 345 679", "email": ""},
        form_data={"ngay_sinh": "5/3/1991", "dien_tich": "1250"},
    )
    draft_update(actor=world.citizen, draft_id=draft.pk, result_delivery="online")
    again = SubmissionDraft.objects.get(pk=draft.pk)
    assert again.applicant["name"] == "Trần Thị Bình"
    assert again.applicant["phone"] == "0912345679"
    assert "email" not in again.applicant  # an empty value clears the key
    assert again.applicant["identity_number"] == world.citizen.identity_number  # kept
    assert again.form_data == {"ngay_sinh": "1991-03-05", "dien_tich": "1250"}
    assert again.result_delivery == "online"
    audit = AuditEntry.objects.filter(action="draft.update").order_by("sequence")
    assert [a.data["fields"] for a in audit] == [["applicant", "form_data"], ["result_delivery"]]
    assert "Trần Thị Bình" not in str([a.data for a in audit])  # no personal values


def test_a_save_checks_only_what_is_given_and_saves_nothing_when_something_is_wrong(world):
    draft = start(world)
    draft_update(
        actor=world.citizen, draft_id=draft.pk, form_data={"dien_tich": "3"}
    )  # no date yet
    with pytest.raises(DraftError) as error:
        draft_update(
            actor=world.citizen,
            draft_id=draft.pk,
            applicant={"name": "Người Khác", "identity_number": "12345"},
            form_data={"ngay_sinh": "31/02/1990", "dien_tich": "1.250,5", "gioi_tinh": "Khác"},
            result_delivery="drone",
        )
    assert error.value.fields == {
        "applicant.identity_number": "Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số.",
        "form.ngay_sinh": "“Ngày sinh” phải là ngày có thật, viết theo dạng ngày/tháng/năm, "
        "ví dụ 15/08/1990.",
        "form.dien_tich": "“Diện tích (m²)” phải là số, không có dấu phân cách hàng nghìn, "
        "ví dụ 1250 hoặc 12,5.",
        "form.gioi_tinh": "Vui lòng chọn “Giới tính” trong danh sách.",
        "result_delivery": "Hình thức nhận kết quả không hợp lệ.",
    }
    again = SubmissionDraft.objects.get(pk=draft.pk)
    assert again.applicant["name"] == "Nguyễn Văn An" and again.form_data == {"dien_tich": "3"}
    assert again.result_delivery == ""


def test_another_citizen_cannot_touch_a_draft(world):
    draft = start(world)
    other = CitizenFactory()
    for call in (
        lambda: draft_update(actor=other, draft_id=draft.pk, applicant={"name": "X"}),
        lambda: draft_attach(
            actor=other, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
        ),
        lambda: draft_submit(actor=other, draft_id=draft.pk),
        lambda: draft_discard(actor=other, draft_id=draft.pk),
    ):
        with pytest.raises(DraftError) as error:
            call()
        assert error.value.fields == {"draft": "Không tìm thấy hồ sơ đang soạn."}
    assert SubmissionDraft.objects.get(pk=draft.pk).applicant["name"] == "Nguyễn Văn An"


def test_the_number_of_open_drafts_is_limited(world, monkeypatch):
    monkeypatch.setattr(drafts_module, "MAX_OPEN_DRAFTS", 2)
    start(world), start(world)
    with pytest.raises(DraftError, match="Bạn đang có 2 hồ sơ đang soạn"):
        start(world)


# --------------------------------------------------------------------------- files


def test_an_attached_file_is_checked_by_content_and_kept_with_its_hash(world):
    draft = start(world)
    row = draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=jpeg_upload()
    )
    assert (row.component, row.content_type, row.original_name) == (
        world.form,
        "image/jpeg",
        "anh-chup.jpg",
    )
    assert len(row.sha256) == 64 and row.size > 0
    assert row.file.name.startswith(f"drafts/2026/03/draft{draft.pk}-")
    assert AuditEntry.objects.get(action="draft.attach").data["component"] == world.form.pk


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            Upload(io.BytesIO(b"MZ\x90\x00\x03" + b"\x00" * 300), "giay-to.pdf"),
            "Tệp “giay-to.pdf” không phải định dạng được chấp nhận (PDF, JPG, JPEG, PNG). "
            "Vui lòng nộp tệp đúng định dạng.",
        ),
        (
            Upload(io.BytesIO(b""), "to-khai.pdf"),
            "Tệp “to-khai.pdf” rỗng (0 byte). Vui lòng chọn lại tệp.",
        ),
        (
            Upload(io.BytesIO(MINIMAL_PDF), "anh-chup.jpg"),
            "Tệp “anh-chup.jpg” có phần mở rộng không khớp với nội dung (nội dung là tệp PDF). "
            "Vui lòng đổi tên tệp cho đúng rồi nộp lại.",
        ),
    ],
    ids=["renamed-executable", "empty", "pdf-named-jpg"],
)
def test_an_unfit_file_is_refused_with_a_clear_message_and_nothing_is_saved(world, upload, message):
    draft, before = start(world), stored_drafts()
    with pytest.raises(DraftError) as error:
        draft_attach(
            actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=upload
        )
    assert error.value.fields == {f"component.{world.form.pk}": message}
    assert not DraftFile.objects.exists() and stored_drafts() == before
    assert not AuditEntry.objects.filter(action="draft.attach").exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_oversized_file_is_refused_with_the_limit_and_nothing_is_saved(world):
    draft, before = start(world), stored_drafts()
    big = Upload(io.BytesIO(MINIMAL_PDF + b"%" * 2048), "to-khai.pdf")
    with pytest.raises(DraftError) as error:
        draft_attach(actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=big)
    (message,) = error.value.messages
    assert message.startswith("Tệp “to-khai.pdf” dung lượng 2,")
    assert "vượt mức tối đa 1,0\xa0KB. Vui lòng nén hoặc chia nhỏ tệp." in message
    assert not DraftFile.objects.exists() and stored_drafts() == before


def test_files_go_only_to_published_components_up_to_their_limit_and_once(world):
    draft = start(world)
    foreign = Component.objects.create(version=VersionFactory(published=True), name="Khác")
    with pytest.raises(DraftError, match="thành phần hồ sơ đã công bố"):
        draft_attach(
            actor=world.citizen, draft_id=draft.pk, component_id=foreign.pk, upload=pdf_upload()
        )
    Component.objects.filter(pk=world.proof.pk).update(max_files=1)
    attach = dict(actor=world.citizen, draft_id=draft.pk, component_id=world.proof.pk)
    draft_attach(**attach, upload=pdf_upload())
    with pytest.raises(DraftError, match="nhận tối đa 1 tệp"):
        draft_attach(**attach, upload=jpeg_upload())
    draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
    )
    with pytest.raises(DraftError, match="đã được đính kèm"):
        draft_attach(
            actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
        )
    assert DraftFile.objects.filter(draft=draft).count() == 2


def test_a_removed_file_leaves_storage_once_the_change_is_committed(
    world, django_capture_on_commit_callbacks
):
    draft = start(world)
    row = draft_attach(
        actor=world.citizen, draft_id=draft.pk, component_id=world.form.pk, upload=pdf_upload()
    )
    with django_capture_on_commit_callbacks(execute=True):
        draft_remove_file(actor=world.citizen, draft_id=draft.pk, file_id=row.pk)
    assert not DraftFile.objects.exists() and not default_storage.exists(row.file.name)
    with pytest.raises(DraftError, match="Không tìm thấy tệp"):
        draft_remove_file(actor=world.citizen, draft_id=draft.pk, file_id=row.pk)
    assert AuditEntry.objects.get(action="draft.remove_file").data == {"name": "to-khai.pdf"}


def test_choosing_another_case_drops_the_files_that_case_does_not_publish(world):
    other = ProcedureCase.objects.create(
        version=world.version,
        name="Trường hợp đặc biệt",
        processing_amount=3,
        processing_unit="working_days",
    )
    Component.objects.filter(pk=world.proof.pk).update(case=world.case)
    draft = start(world)
    draft_update(actor=world.citizen, draft_id=draft.pk, case_id=world.case.pk)
    for component in (world.form, world.proof):
        draft_attach(
            actor=world.citizen, draft_id=draft.pk, component_id=component.pk, upload=pdf_upload()
        )
    draft_update(actor=world.citizen, draft_id=draft.pk, case_id=other.pk)
    assert list(DraftFile.objects.values_list("component", flat=True)) == [world.form.pk]
    assert AuditEntry.objects.filter(action="draft.update").first().data["files_dropped"] == 1
    with pytest.raises(DraftError) as error:
        draft_update(actor=world.citizen, draft_id=draft.pk, case_id=world.case.pk + 999)
    assert error.value.fields == {"case": "Trường hợp đã chọn không thuộc thủ tục này."}


# --------------------------------------------------------------------------- submit


def test_submit_lists_everything_still_missing_and_creates_nothing(world):
    draft = start(world)
    draft_update(actor=world.citizen, draft_id=draft.pk, applicant={"name": ""})
    with pytest.raises(DraftError) as error:
        draft_submit(actor=world.citizen, draft_id=draft.pk)
    assert error.value.fields == {
        "applicant.name": "Vui lòng nhập họ tên người nộp hồ sơ.",
        "form.ngay_sinh": "Vui lòng nhập “Ngày sinh”.",
        f"component.{world.form.pk}": "Vui lòng đính kèm giấy tờ “Tờ khai theo mẫu”.",
        "result_delivery": "Vui lòng chọn hình thức nhận kết quả.",
    }
    draft_update(
        actor=world.citizen, draft_id=draft.pk, result_delivery="post", delivery_address=""
    )
    assert draft_problems(SubmissionDraft.objects.get(pk=draft.pk))["delivery_address"] == (
        "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."
    )
    assert not Dossier.objects.exists() and SubmissionDraft.objects.filter(pk=draft.pk).exists()


def test_an_organisation_needs_its_tax_code_and_a_representative_an_authorisation(world):
    draft = ready(world)
    draft_update(
        actor=world.citizen,
        draft_id=draft.pk,
        applicant={"kind": "business", "representative_name": "Lê Văn Cường"},
    )
    draft.refresh_from_db()
    assert {k: v for k, v in draft_problems(draft).items() if k.startswith("applicant")} == {
        "applicant.tax_code": "Vui lòng nhập mã số thuế hoặc mã số doanh nghiệp của tổ chức.",
        "applicant.authorisation": "Người được ủy quyền nộp hồ sơ cần có giấy ủy quyền; "
        "vui lòng ghi rõ.",
    }


def test_submit_creates_a_submitted_dossier_with_the_files_and_declaration_and_deletes_the_draft(
    world, django_capture_on_commit_callbacks
):
    draft = ready(world)
    names = list(draft.files.values_list("file", flat=True))
    assert draft_problems(draft) == {}
    with django_capture_on_commit_callbacks(execute=True):
        dossier = draft_submit(actor=world.citizen, draft_id=draft.pk)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.channel, dossier.applicant) == (1, 2, world.citizen)
    assert dossier.code == "000.00.06.H31-260302-0001" and len(dossier.lookup_secret) == 8
    assert (dossier.receiving_agency, dossier.case) == (world.stp, world.case)
    assert (dossier.applicant_name, dossier.applicant_identity) == ("Nguyễn Văn An", "034090001234")
    assert (dossier.result_delivery, dossier.delivery_address) == ("post", ADDRESS)
    assert dossier.form_data == {"ngay_sinh": "1990-08-15", "dien_tich": "12.5", "gioi_tinh": "Nam"}
    (component,) = dossier.components.all()
    assert component.component == world.form and component.digitised
    files = component.files.order_by("id")
    assert [(f.original_name, f.content_type) for f in files] == [
        ("to-khai.pdf", "application/pdf"),
        ("anh-chup.jpg", "image/jpeg"),
    ]
    assert files[0].file.read() == MINIMAL_PDF
    assert not SubmissionDraft.objects.exists() and not DraftFile.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert DossierEvent.objects.get(dossier=dossier).action == "submit_online"
    assert AuditEntry.objects.get(action="draft.submit").data == {"dossier": dossier.code}


def test_a_failure_after_the_dossier_is_made_keeps_the_draft_and_leaves_no_copied_file(
    world, monkeypatch
):
    draft, copies_before = ready(world), stored("dossiers/2026/03")
    real_audit = drafts_module._audit

    def failing(actor, draft_id, action, summary, **data):
        if action == "submit":
            raise RuntimeError("disk full")
        real_audit(actor, draft_id, action, summary, **data)

    monkeypatch.setattr(drafts_module, "_audit", failing)
    with pytest.raises(RuntimeError):
        draft_submit(actor=world.citizen, draft_id=draft.pk)
    assert not Dossier.objects.exists()
    assert DraftFile.objects.filter(draft=draft).count() == 2
    assert all(default_storage.exists(f.file.name) for f in DraftFile.objects.all())
    assert stored("dossiers/2026/03") == copies_before


def test_a_refusal_of_the_dossier_engine_comes_back_keyed_and_keeps_the_draft(world):
    draft = ready(world)
    Agency.objects.filter(pk=world.stp.pk).update(identifier_code=None)
    with pytest.raises(DraftError) as error:
        draft_submit(actor=world.citizen, draft_id=draft.pk)
    assert error.value.fields == {"submit.0": "Cơ quan tiếp nhận chưa có mã định danh điện tử."}
    assert not Dossier.objects.exists()
    assert DraftFile.objects.filter(draft=draft).count() == 2


def test_a_draft_of_a_superseded_version_must_be_made_anew(world):
    draft = ready(world)
    ProcedureVersion.objects.filter(pk=world.version.pk).update(status="superseded")
    VersionFactory(procedure=world.version.procedure, number=2, published=True)
    with pytest.raises(DraftError) as error:
        draft_submit(actor=world.citizen, draft_id=draft.pk)
    assert "Thủ tục đã được cập nhật" in error.value.fields["version"]
    assert not Dossier.objects.exists()


def test_discarding_a_draft_removes_it_with_its_files(world, django_capture_on_commit_callbacks):
    draft = ready(world)
    names = list(draft.files.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        draft_discard(actor=world.citizen, draft_id=draft.pk)
    assert not SubmissionDraft.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert AuditEntry.objects.get(action="draft.discard").data == {"files": 2}


# --------------------------------------------------------------------------- where to submit


def test_a_commune_procedure_goes_to_the_commune_one_stop_section_the_applicant_chooses(world):
    version = VersionFactory(published=True, level_province=False, level_commune=True)
    desks = []
    for name in ("xã Tân Hưng", "phường Phố Hiến"):
        unit = UnitFactory(level=UnitLevel.COMMUNE, name=name)
        committee = AgencyFactory(
            kind="ppc", name=f"Ủy ban nhân dân {name}", administrative_unit=unit
        )
        desks.append(
            AgencyFactory(
                kind="one_stop",
                name=f"Bộ phận Một cửa {name}",
                administrative_unit=unit,
                parent=committee,
            )
        )
    province = UnitFactory(province=True)
    center = AgencyFactory(kind="service_center", administrative_unit=province)
    choices = receiving_agencies_for(version=version)
    assert set(desks) <= set(choices)
    assert center not in choices and not any(a.kind == "ppc" for a in choices)
    draft = draft_start(actor=world.citizen, procedure_code=version.procedure.code)
    assert draft.receiving_agency is None
    assert draft_problems(draft)["receiving_agency"] == "Vui lòng chọn nơi nộp hồ sơ."
    with pytest.raises(DraftError, match="trong danh sách"):
        draft_update(actor=world.citizen, draft_id=draft.pk, receiving_agency_id=world.sxd.pk)
    draft = draft_update(actor=world.citizen, draft_id=draft.pk, receiving_agency_id=desks[1].pk)
    assert draft.receiving_agency == desks[1]
    assert "receiving_agency" not in draft_problems(draft)


def test_a_procedure_without_any_receiving_agency_cannot_be_started(world):
    version = VersionFactory(published=True)  # province level, no agency named
    with pytest.raises(DraftError) as error:
        draft_start(actor=world.citizen, procedure_code=version.procedure.code)
    assert "chưa có cơ quan tiếp nhận" in error.value.fields["receiving_agency"]
