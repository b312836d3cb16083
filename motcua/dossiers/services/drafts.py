# SPDX-License-Identifier: MPL-2.0
"""Online submissions in progress (bản nháp): start, save, attach, submit (SPEC §2.3 step 1).

An applicant fills an online dossier over several pages and may stop and come back. A
draft is not a dossier (no code, no status, no clock); `draft_submit` turns it into one
(status 1, NĐ 45/2020/NĐ-CP) through `dossier_submit_online`, in one transaction.

* Saves are partial: only what is given is checked, and a save with a problem stores
  nothing. Completeness (the applicant, the version's declaration, every required
  component with a file, how the result is returned) is checked on submission, and by
  `draft_problems` for the review page.
* Files are checked by content when attached (`documents.uploads.check_upload`) and only
  for components the version publishes for the chosen case (Directive 01/CT-UBND: nothing
  beyond the published list), up to the component's number of files.
* A file written before an error is removed again; files of a deleted draft or row are
  removed from storage once the transaction commits, never before.
* Every step is audited (`draft.start`, `draft.update`, `draft.attach`, …): which fields
  or files changed, never the personal values themselves.

`DraftError.fields` says what to fix, keyed for the page that shows it: ``"version"``,
``"draft"``, ``"case"``, ``"receiving_agency"``, ``"applicant.<field>"`` (a field of
`Applicant`), ``"form.<name>"`` (the version's form schema), ``"component.<id>"``,
``"file"``, ``"result_delivery"``, ``"delivery_address"``, and ``"submit.<n>"`` for a
refusal of the dossier engine itself (`DossierError`) at submission.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from itertools import groupby
from pathlib import PurePath
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.form_schema import validate_form_data
from motcua.catalog.models import Component
from motcua.catalog.selectors import NotSubmittable, version_for_submission
from motcua.documents.uploads import UploadRejected, check_upload
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DraftFile,
    ResultDelivery,
    SubmissionDraft,
)
from motcua.dossiers.selectors_applicant import receiving_agencies_for
from motcua.dossiers.services._base import Applicant, DossierError
from motcua.dossiers.services.components import (
    ComponentInput,
    Upload,
    cleanup_on_error,
    published_components,
)
from motcua.dossiers.services.draft_checks import (
    APPLICANT_KEYS,
    MAX_LENGTHS,
    DraftError,
    applicant_problems,
    draft_problems,
    normalised_applicant,
)
from motcua.dossiers.services.intake import dossier_submit_online

#: How many drafts one account may keep open (storage is not a free-for-all).
MAX_OPEN_DRAFTS = 20


def _audit(actor: User, draft_id: int, action: str, summary: str, **data: Any) -> None:
    record(
        actor=actor,
        action=f"draft.{action}",
        object_type="dossiers.submissiondraft",
        object_id=draft_id,
        summary=f"{summary} (hồ sơ đang soạn số {draft_id})",
        data=data,
    )


def _locked(actor: User, draft_id: int) -> SubmissionDraft:
    """The actor's own draft, row-locked; anyone else's is "not found"."""
    draft = (
        SubmissionDraft.objects.select_for_update(of=("self",))
        .select_related("procedure_version__procedure", "case", "receiving_agency")
        .filter(pk=draft_id, user=actor)
        .first()
    )
    if draft is None:
        raise DraftError({"draft": _("Không tìm thấy hồ sơ đang soạn.")})
    return draft


def _delete_after_commit(names: Iterable[str]) -> None:
    """Remove stored draft files once the rows that named them are gone for good."""
    storage, names = DraftFile._meta.get_field("file").storage, [n for n in names if n]
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


# --------------------------------------------------------------------------- services


@transaction.atomic
def draft_start(*, actor: User, procedure_code: str) -> SubmissionDraft:
    """Begin an online submission of `procedure_code`, pinned to the version in force.

    The case and the receiving agency are set when there is only one to choose; the
    applicant is prefilled from the account (name, identity number, phone, e-mail,
    address), which the applicant may change.
    """
    try:
        version = version_for_submission(code=procedure_code, online=True)
    except NotSubmittable as exc:
        raise DraftError({"version": _("Thủ tục này hiện không nhận hồ sơ trực tuyến.")}) from exc
    agencies = receiving_agencies_for(version=version)
    if not agencies:
        raise DraftError(
            {
                "receiving_agency": _(
                    "Thủ tục này chưa có cơ quan tiếp nhận hồ sơ trực tuyến. Vui lòng nộp hồ sơ "
                    "trực tiếp hoặc qua bưu chính."
                )
            }
        )
    if SubmissionDraft.objects.filter(user=actor).count() >= MAX_OPEN_DRAFTS:
        raise DraftError(
            {
                "draft": _(
                    "Bạn đang có %(n)d hồ sơ đang soạn. Vui lòng nộp hoặc xóa bớt trước khi "
                    "soạn hồ sơ mới."
                )
                % {"n": MAX_OPEN_DRAFTS}
            }
        )
    cases = list(version.cases.order_by("order", "id")[:2])
    draft = SubmissionDraft.objects.create(
        user=actor,
        procedure_version=version,
        case=cases[0] if len(cases) == 1 else None,
        receiving_agency=agencies[0] if len(agencies) == 1 else None,
        applicant=_from_account(actor),
    )
    _audit(actor, draft.pk, "start", "Bắt đầu soạn hồ sơ trực tuyến", procedure=procedure_code)
    return draft


def _from_account(user: User) -> dict[str, str]:
    values = {
        "kind": ApplicantKind.CITIZEN.value,
        "name": user.full_name,
        "identity_number": user.identity_number,
        "phone": user.phone or "",
        "email": user.email or "",
        "address": user.address,
    }
    return {k: v for k, v in normalised_applicant(values).items() if v}


def _set_case(draft: SubmissionDraft, case_id: int) -> dict[str, str]:
    case = draft.procedure_version.cases.filter(pk=case_id).first()
    if case is None:
        return {"case": _("Trường hợp đã chọn không thuộc thủ tục này.")}
    draft.case = case
    return {}


def _set_agency(draft: SubmissionDraft, agency_id: int) -> dict[str, str]:
    agencies = {a.pk: a for a in receiving_agencies_for(version=draft.procedure_version)}
    if agency_id not in agencies:
        return {"receiving_agency": _("Vui lòng chọn nơi nộp hồ sơ trong danh sách.")}
    draft.receiving_agency = agencies[agency_id]
    return {}


def _set_applicant(draft: SubmissionDraft, applicant: Mapping[str, Any]) -> dict[str, str]:
    given = normalised_applicant(applicant)
    draft.applicant = {k: v for k, v in {**draft.applicant, **given}.items() if v}
    return applicant_problems(given, keys=given, partial=True)


def _set_form_data(draft: SubmissionDraft, form_data: Mapping[str, Any]) -> dict[str, str]:
    merged = {**draft.form_data, **form_data}
    schema = draft.procedure_version.form_schema
    draft.form_data, problems = validate_form_data(schema, merged, partial=True)
    return {f"form.{name}": message for name, message in problems.items()}


def _set_result_delivery(draft: SubmissionDraft, value: str) -> dict[str, str]:
    draft.result_delivery = value.strip()
    if draft.result_delivery and draft.result_delivery not in ResultDelivery.values:
        return {"result_delivery": _("Hình thức nhận kết quả không hợp lệ.")}
    return {}


def _set_delivery_address(draft: SubmissionDraft, value: str) -> dict[str, str]:
    draft.delivery_address = value.strip()
    if len(draft.delivery_address) > MAX_LENGTHS["delivery_address"]:
        return {"delivery_address": _("Địa chỉ dài tối đa 300 ký tự.")}
    return {}


_SETTERS: dict[str, Callable[[SubmissionDraft, Any], dict[str, str]]] = {
    "case": _set_case,
    "receiving_agency": _set_agency,
    "applicant": _set_applicant,
    "form_data": _set_form_data,
    "result_delivery": _set_result_delivery,
    "delivery_address": _set_delivery_address,
}


@transaction.atomic
def draft_update(
    *,
    actor: User,
    draft_id: int,
    case_id: int | None = None,
    receiving_agency_id: int | None = None,
    applicant: Mapping[str, Any] | None = None,
    form_data: Mapping[str, Any] | None = None,
    result_delivery: str | None = None,
    delivery_address: str | None = None,
) -> SubmissionDraft:
    """Save part of a draft (None: leave as is). Only what is given is checked, and if
    anything given is wrong nothing is saved. Given applicant and declaration values
    replace the stored ones key by key (an empty value clears a key).

    Choosing another case removes the files of components the new case does not publish.
    """
    draft = _locked(actor, draft_id)
    old_case = draft.case_id
    given = {
        name: value
        for name, value in (
            ("case", case_id),
            ("receiving_agency", receiving_agency_id),
            ("applicant", applicant),
            ("form_data", form_data),
            ("result_delivery", result_delivery),
            ("delivery_address", delivery_address),
        )
        if value is not None
    }
    errors: dict[str, str] = {}
    for name, value in given.items():
        errors.update(_SETTERS[name](draft, value))
    if errors:
        raise DraftError(errors)
    draft.save()
    dropped = _drop_unpublished_files(draft) if draft.case_id != old_case else 0
    _audit(
        actor, draft.pk, "update", "Lưu hồ sơ đang soạn", fields=list(given), files_dropped=dropped
    )
    return draft


def _drop_unpublished_files(draft: SubmissionDraft) -> int:
    """Remove the files of components the draft's (new) case does not publish."""
    published = published_components(draft.procedure_version, draft.case).values("pk")
    stale = draft.files.exclude(component_id__in=published)
    names = list(stale.values_list("file", flat=True))
    stale.delete()
    _delete_after_commit(names)
    return len(names)


def _attachable(draft: SubmissionDraft, component_id: int) -> Component:
    """The published component of the draft's case that may take one more file."""
    if draft.case is None:
        raise DraftError({"case": _("Vui lòng chọn trường hợp trước khi đính kèm giấy tờ.")})
    key = f"component.{component_id}"
    component = (
        published_components(draft.procedure_version, draft.case).filter(pk=component_id).first()
    )
    if component is None:
        raise DraftError(
            {key: _("Chỉ đính kèm giấy tờ thuộc thành phần hồ sơ đã công bố của trường hợp này.")}
        )
    if draft.files.filter(component=component).count() >= component.max_files:
        raise DraftError(
            {
                key: _("Thành phần “%(name)s” nhận tối đa %(n)d tệp; hãy xóa bớt tệp cũ.")
                % {"name": component.name[:80], "n": component.max_files}
            }
        )
    return component


@transaction.atomic
def draft_attach(*, actor: User, draft_id: int, component_id: int, upload: Upload) -> DraftFile:
    """Attach one file to a published component of the draft's case.

    The file is checked by content and size (`check_upload`: libmagic, `UPLOAD_MAX_BYTES`,
    the extension must name the content, empty files refused) before anything is stored;
    the component takes at most `max_files` files and the same file only once.
    """
    draft = _locked(actor, draft_id)
    component = _attachable(draft, component_id)
    key, attached = f"component.{component_id}", draft.files.filter(component=component)
    try:
        checked = check_upload(upload.stream, name=upload.name, accepted=component.accepted_types)
    except UploadRejected as exc:
        raise DraftError({key: str(exc)}) from exc
    if attached.filter(sha256=checked.sha256).exists():
        raise DraftError(
            {key: _("Tệp “%(name)s” đã được đính kèm cho giấy tờ này.") % {"name": checked.name}}
        )
    with cleanup_on_error() as stored:
        row = DraftFile(
            draft=draft,
            component=component,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        suffix = PurePath(checked.name).suffix.lower()
        row.file.save(f"draft{draft.pk}-{checked.sha256[:12]}{suffix}", File(upload.stream), False)
        stored.append(row)  # type: ignore[arg-type]  # any row with a `file` is cleaned up
        row.save()
        draft.save(update_fields=["updated_at"])
        _audit(
            actor,
            draft.pk,
            "attach",
            "Đính kèm tệp vào hồ sơ đang soạn",
            component=component.pk,
            name=checked.name,
            size=checked.size,
            sha256=checked.sha256,
        )
    return row


@transaction.atomic
def draft_remove_file(*, actor: User, draft_id: int, file_id: int) -> None:
    """Remove one attached file from the draft (and, after commit, from storage)."""
    draft = _locked(actor, draft_id)
    row = draft.files.filter(pk=file_id).first()
    if row is None:
        raise DraftError({"file": _("Không tìm thấy tệp đã đính kèm.")})
    name, original = row.file.name, row.original_name
    row.delete()
    draft.save(update_fields=["updated_at"])
    _delete_after_commit([name])
    _audit(actor, draft.pk, "remove_file", "Xóa tệp khỏi hồ sơ đang soạn", name=original)


@transaction.atomic
def draft_discard(*, actor: User, draft_id: int) -> None:
    """Delete a draft the applicant no longer wants, with its files."""
    draft = _locked(actor, draft_id)
    draft_pk = draft.pk
    names = list(draft.files.values_list("file", flat=True))
    _audit(actor, draft_pk, "discard", "Xóa hồ sơ đang soạn", files=len(names))
    draft.delete()
    _delete_after_commit(names)


def _applicant_of(draft: SubmissionDraft) -> Applicant:
    values = {k: str(draft.applicant.get(k) or "") for k in APPLICANT_KEYS}
    values["kind"] = values["kind"] or ApplicantKind.CITIZEN.value
    return Applicant(**values)


@transaction.atomic
def draft_submit(*, actor: User, draft_id: int) -> Dossier:
    """Submit the draft: a dossier in status 1 with the draft's files and declaration.

    Everything is checked first (`draft_problems`); then `dossier_submit_online` creates
    the dossier (code, files checked again by content, timeline, audit, outbox), the
    declaration is stored on it and the draft is deleted, all in one transaction. On any
    error nothing is kept: the draft stays as it was and no copied file is left behind.
    """
    draft = _locked(actor, draft_id)
    problems = draft_problems(draft)
    if problems:
        raise DraftError(problems)
    rows = list(draft.files.order_by("component_id", "id"))
    storage = DraftFile._meta.get_field("file").storage
    with ExitStack() as streams:
        components = [
            ComponentInput(
                component_id=component_id,
                digitised=True,
                files=tuple(
                    Upload(
                        stream=streams.enter_context(storage.open(r.file.name, "rb")),
                        name=r.original_name,
                    )
                    for r in group
                ),
            )
            for component_id, group in groupby(rows, key=lambda r: r.component_id)
        ]
        assert draft.case_id is not None and draft.receiving_agency is not None
        try:
            dossier = dossier_submit_online(
                actor=actor,
                procedure_code=draft.procedure_version.procedure.code,
                case_id=draft.case_id,
                receiving_agency=draft.receiving_agency,
                applicant=_applicant_of(draft),
                components=components,
                result_delivery=draft.result_delivery,
                delivery_address=draft.delivery_address,
                form_data=draft.form_data,
            )
        except DossierError as exc:  # the engine's own refusal, keyed for the review page
            raise DraftError({f"submit.{i}": m for i, m in enumerate(exc.messages)}) from exc
    copies = list(dossier.files.values_list("file", flat=True))
    try:
        _audit(actor, draft.pk, "submit", "Nộp hồ sơ đang soạn", dossier=dossier.code)
        draft.delete()
    except BaseException:
        copy_storage = dossier.files.model._meta.get_field("file").storage
        for name in copies:
            copy_storage.delete(name)
        raise
    _delete_after_commit(r.file.name for r in rows)
    return dossier
