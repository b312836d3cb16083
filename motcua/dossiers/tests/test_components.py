"""Components and files: checked by content against the published list, or nothing is kept.

SPEC §2.3 steps 2–3 and Directive 01: a dossier records only the components the pinned
procedure version publishes for its case; every file is sniffed by content, sized and
named consistently (`documents.uploads`) before it is stored. A refused upload, an
unpublished component, too many files or a missing required component leaves no dossier,
no component or file row, no timeline or audit entry, no outbox message, no file in the
(in-memory) storage, and no dossier number used up.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from motcua.audit.models import AuditEntry
from motcua.catalog.models import Component, ProcedureCase
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierFile,
    DossierPause,
    DossierResult,
)
from motcua.dossiers.services import (
    ComponentInput,
    DossierError,
    RequestItem,
    ResultDocument,
    Upload,
    dossier_forward,
    dossier_issue_result,
    dossier_receive,
    dossier_receive_at_counter,
    dossier_receive_supplement,
    dossier_request_completion,
    dossier_request_supplement,
    dossier_submit_online,
    guidance_issue,
)
from motcua.outbox.models import OutboxMessage
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import (
    MINIMAL_PDF,
    World,
    build_world,
    jpeg_upload,
    pdf_upload,
    receive_walk_in,
)

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(200)
BIG_PDF = MINIMAL_PDF + b"%" + b"0" * 4000 + b"\n"  # a valid PDF of about 4 kB
SMALL_LIMIT = 1000  # bytes: MINIMAL_PDF fits, BIG_PDF does not


@pytest.fixture
def world(time_machine) -> World:
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)  # Monday
    return build_world()


# --------------------------------------------------------------------------- helpers


def upload(content: bytes, name: str) -> Upload:
    return Upload(stream=io.BytesIO(content), name=name)


def stored_files(path: str = "") -> set[str]:
    """Every file name in the default storage."""
    dirs, files = default_storage.listdir(path)
    names = {f"{path}{name}" for name in files}
    for sub in dirs:
        names |= stored_files(f"{path}{sub}/")
    return names


_COUNTED = (
    Dossier, DossierComponent, DossierFile, DossierPause, DossierResult, DossierEvent,
    AuditEntry, OutboxMessage,
)  # fmt: skip


def snapshot() -> dict[str, object]:
    return {
        "counts": {model.__name__: model.objects.count() for model in _COUNTED},
        "dossiers": list(Dossier.objects.order_by("pk").values()),
        "storage": stored_files(),
    }


def is_vietnamese(text: str) -> bool:
    return "đ" in text.lower() or any(
        unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", text)
    )


def assert_refused(attempt: Callable[[], object], *fragments: str) -> None:
    """`attempt` raises a Vietnamese `DossierError` containing `fragments`; nothing is kept."""
    before = snapshot()
    with pytest.raises(DossierError) as error:
        attempt()
    text = " ".join(error.value.messages)
    assert all(is_vietnamese(m) for m in error.value.messages), text
    for fragment in fragments:
        assert fragment in text
    assert snapshot() == before


def submit_online(w: World, components: list[ComponentInput]) -> Dossier:
    return dossier_submit_online(
        actor=w.citizen, procedure_code=w.version.procedure.code, case_id=w.case.pk,
        receiving_agency=w.stp, applicant=w.applicant, components=components,
    )  # fmt: skip


def receive_at_counter(w: World, components: list[ComponentInput]) -> Dossier:
    return dossier_receive_at_counter(
        actor=w.counter_officer, procedure_code=w.version.procedure.code, case_id=w.case.pk,
        receiving_agency=w.stp, applicant=w.applicant, components=components,
    )  # fmt: skip


CHANNELS = {"online": submit_online, "counter": receive_at_counter}


def form_with(w: World, *files: Upload) -> list[ComponentInput]:
    return [ComponentInput(w.form.pk, originals=1, files=files)]


# --------------------------------------------------------------------------- uploads

BAD_UPLOADS = {
    # name: (content, file name, what the message says)
    "renamed-executable": (ELF, "to-khai.pdf", "không phải định dạng được chấp nhận (PDF, JPG"),
    "oversized": (BIG_PDF, "to-khai.pdf", "vượt mức tối đa"),
    "empty": (b"", "to-khai.pdf", "rỗng (0 byte)"),
    "pdf-named-jpg": (MINIMAL_PDF, "to-khai.jpg", "phần mở rộng không khớp với nội dung"),
}


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("bad", BAD_UPLOADS)
@override_settings(UPLOAD_MAX_BYTES=SMALL_LIMIT)
def test_a_bad_upload_is_refused_and_nothing_is_kept(world, channel, bad):
    """The good file before it was already stored: it is removed again with everything."""
    content, name, message = BAD_UPLOADS[bad]
    files = (pdf_upload("don-de-nghi.pdf"), upload(content, name))
    assert_refused(lambda: CHANNELS[channel](world, form_with(world, *files)), message, f"“{name}”")
    # The number reserved for the refused dossier went back: the next one gets 0001.
    dossier = CHANNELS[channel](world, world.components())
    assert dossier.code.endswith("-260302-0001")


def test_accepted_files_are_stored_with_their_checked_facts(world):
    before = stored_files()
    dossier = receive_at_counter(
        world,
        [
            ComponentInput(world.form.pk, originals=1, files=(pdf_upload("to-khai.pdf"),)),
            ComponentInput(world.proof.pk, photocopies=1, files=(jpeg_upload("cu-tru.JPG"),)),
        ],
    )
    rows = list(dossier.files.order_by("component__component__order"))
    assert [(f.original_name, f.content_type, f.purpose) for f in rows] == [
        ("to-khai.pdf", "application/pdf", "component"),
        ("cu-tru.JPG", "image/jpeg", "component"),
    ]
    assert all(len(f.sha256) == 64 and f.size > 0 for f in rows)
    assert stored_files() - before == {f.file.name for f in rows}
    assert all(c.digitised for c in dossier.components.all())


def test_a_component_accepting_only_pdf_refuses_a_photo(world):
    Component.objects.filter(pk=world.form.pk).update(accepted_types="pdf")
    assert_refused(
        lambda: submit_online(world, form_with(world, jpeg_upload("to-khai.jpg"))),
        "không phải định dạng được chấp nhận (PDF)",
    )


def test_a_bad_supplement_file_is_refused_and_the_dossier_keeps_waiting(world):
    w = world
    dossier = receive_walk_in(w)
    dossier_forward(actor=w.counter_officer, dossier_id=dossier.pk)
    dossier_request_supplement(
        actor=w.leader, dossier_id=dossier.pk, reason="Thiếu giấy tờ cư trú",
        items=[RequestItem(w.proof.pk, "Bổ sung giấy xác nhận cư trú")],
    )  # fmt: skip
    supplement = [ComponentInput(w.proof.pk, files=(pdf_upload("a.pdf"), upload(ELF, "b.pdf")))]
    assert_refused(
        lambda: dossier_receive_supplement(
            actor=w.counter_officer, dossier_id=dossier.pk, components=supplement
        ),
        "“b.pdf”",
        "không phải định dạng được chấp nhận",
    )
    assert Dossier.objects.get(pk=dossier.pk).status == 5


def test_a_result_file_that_is_not_a_pdf_is_refused(world):
    w = world
    dossier = receive_walk_in(w)
    dossier_forward(actor=w.counter_officer, dossier_id=dossier.pk)
    result = ResultDocument(
        kind="Giấy chứng nhận", number="1/GCN", signer="Phạm Văn Lãnh Đạo",
        issued_on=dossier.received_at.date(), file=jpeg_upload("ket-qua.jpg"),
    )  # fmt: skip
    assert_refused(
        lambda: dossier_issue_result(actor=w.leader, dossier_id=dossier.pk, result=result),
        "không phải định dạng được chấp nhận (PDF)",
    )
    assert Dossier.objects.get(pk=dossier.pk).status == 4


# --------------------------------------------------------------------------- the checklist

PUBLISHED_ONLY = "Chỉ được yêu cầu, tiếp nhận các thành phần hồ sơ đã công bố của thủ tục."


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_component_of_another_version_is_refused(world, channel):
    foreign = Component.objects.get(version=VersionFactory(published=True))
    components = [*world.components(), ComponentInput(foreign.pk, files=(pdf_upload(),))]
    assert_refused(lambda: CHANNELS[channel](world, components), PUBLISHED_ONLY)


def test_a_component_published_for_another_case_is_refused(world):
    other_case = ProcedureCase.objects.create(
        version=world.version, name="Trường hợp ủy quyền", processing_amount=3,
        processing_unit="working_days",
    )  # fmt: skip
    authorisation = Component.objects.create(
        version=world.version, case=other_case, order=3, name="Giấy ủy quyền", originals=1
    )
    components = [*world.components(), ComponentInput(authorisation.pk, originals=1)]
    assert_refused(lambda: receive_at_counter(world, components), PUBLISHED_ONLY)


def test_supplement_and_completion_requests_name_published_components_only(world):
    w = world
    foreign = Component.objects.get(version=VersionFactory(published=True))
    asked = [RequestItem(foreign.pk, "Bổ sung tờ khai")]
    submitted = submit_online(w, w.components())
    assert_refused(
        lambda: dossier_request_completion(
            actor=w.counter_officer, dossier_id=submitted.pk, items=asked, reason="Thiếu"
        ),
        PUBLISHED_ONLY,
    )
    processing = receive_walk_in(w)
    dossier_forward(actor=w.counter_officer, dossier_id=processing.pk)
    assert_refused(
        lambda: dossier_request_supplement(
            actor=w.leader, dossier_id=processing.pk, items=asked, reason="Thiếu"
        ),
        PUBLISHED_ONLY,
    )


def test_a_supplement_brings_only_the_components_asked_for(world):
    w = world
    dossier = submit_online(w, w.components())
    dossier_request_completion(
        actor=w.counter_officer, dossier_id=dossier.pk, reason="Thiếu giấy tờ cư trú",
        items=[RequestItem(w.proof.pk, "Bổ sung giấy xác nhận cư trú")],
    )  # fmt: skip
    assert_refused(
        lambda: dossier_receive_supplement(
            actor=w.citizen, dossier_id=dossier.pk, components=form_with(w, pdf_upload())
        ),
        "Chỉ nộp bổ sung các thành phần hồ sơ đã được yêu cầu.",
    )


def test_a_supplemented_component_is_recorded_like_one_handed_in(world):
    """The counts and the "digitised" flag of a component brought as a supplement are kept,
    as they are for the components handed in at submission (DVCQG DuocSoHoa)."""
    w = world
    dossier = submit_online(w, w.components())
    dossier_request_completion(
        actor=w.counter_officer, dossier_id=dossier.pk, reason="Thiếu giấy tờ cư trú",
        items=[RequestItem(w.proof.pk, "Bổ sung giấy xác nhận cư trú")],
    )  # fmt: skip
    brought = ComponentInput(w.proof.pk, certified_copies=1, files=(pdf_upload("cu-tru.pdf"),))
    dossier_receive_supplement(actor=w.citizen, dossier_id=dossier.pk, components=[brought])
    row = DossierComponent.objects.get(dossier=dossier, component=w.proof)
    assert (row.certified_copies, row.digitised) == (1, True)
    assert row.files.get().purpose == "supplement"


def test_a_component_is_declared_once(world):
    components = [*world.components(), *world.components()]
    assert_refused(
        lambda: submit_online(world, components), "Mỗi thành phần hồ sơ chỉ được khai một lần."
    )


def test_max_files_is_enforced(world):
    Component.objects.filter(pk=world.form.pk).update(max_files=1)
    files = (pdf_upload("trang-1.pdf"), pdf_upload("trang-2.pdf"))
    assert_refused(
        lambda: receive_at_counter(world, form_with(world, *files)),
        "Thành phần “Tờ khai theo mẫu” nhận tối đa 1 tệp.",
    )
    assert receive_at_counter(world, form_with(world, pdf_upload())).status == 2


# --------------------------------------------------------------------------- required components


def test_a_walk_in_missing_a_required_component_is_not_received(world):
    only_proof = [ComponentInput(world.proof.pk, photocopies=1, files=(pdf_upload("ct.pdf"),))]
    assert_refused(
        lambda: receive_at_counter(world, only_proof),
        "Hồ sơ còn thiếu thành phần bắt buộc: Tờ khai theo mẫu.",
        "mẫu 02",
    )


def test_a_submitted_dossier_missing_a_required_component_is_not_received(world):
    w = world
    only_proof = [ComponentInput(w.proof.pk, photocopies=1, files=(pdf_upload("ct.pdf"),))]
    dossier = submit_online(w, only_proof)  # online submission does not block: the counter checks
    assert_refused(
        lambda: dossier_receive(actor=w.counter_officer, dossier_id=dossier.pk),
        "Hồ sơ còn thiếu thành phần bắt buộc: Tờ khai theo mẫu.",
        "yêu cầu bổ sung, hoàn thiện",
    )
    dossier.refresh_from_db()
    assert dossier.status == 1 and dossier.received_at is None and dossier.due_at is None


def test_a_procedure_not_offered_at_the_counter_is_not_received_there(world):
    type(world.version).objects.filter(pk=world.version.pk).update(channel_counter=False)
    assert_refused(
        lambda: receive_at_counter(world, world.components()),
        "Thủ tục này không nhận hồ sơ nộp trực tiếp.",
    )


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "Vui lòng chọn ít nhất một thành phần hồ sơ cần bổ sung."),
        ([("proof", "  ")], "Vui lòng ghi rõ nội dung cần bổ sung"),
        (
            [("proof", "Bổ sung"), ("proof", "Lần nữa")],
            "Mỗi thành phần hồ sơ chỉ được khai một lần.",
        ),
    ],
)
def test_walk_in_guidance_checks_its_items_like_a_request(world, items, message):
    requested = [RequestItem(getattr(world, name).pk, text) for name, text in items]
    assert_refused(
        lambda: guidance_issue(
            actor=world.counter_officer,
            procedure_code=world.version.procedure.code,
            case_id=world.case.pk,
            receiving_agency=world.stp,
            applicant=world.applicant,
            items=requested,
            reason="Thiếu giấy tờ",
        ),
        message,
    )
