# SPDX-License-Identifier: MPL-2.0
"""Online submission on the portal (SPEC §2.3 step 1): a few short pages, each a plain
HTML form, with "Lưu nháp" on every page and a list of drafts to come back to.

Start (from the procedure page) → case → applicant and declaration → files per published
component → how the result comes back → review → submit → confirmation with the dossier
code. Every write is a `dossiers.services` draft service; the review lists what is still
missing (`draft_problems`) with a link to the page that fixes it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.catalog.form_schema import display_value, schema_fields
from motcua.catalog.selectors import procedure_get_public
from motcua.core.files import inline_file_response
from motcua.dossiers.models import ApplicantKind, ResultDelivery, SubmissionDraft
from motcua.dossiers.selectors_applicant import (
    dossier_get_for_applicant,
    draft_file_for_user,
    draft_get_for_user,
    draft_list_for_user,
    receiving_agencies_for,
)
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
from motcua.dossiers.services.components import published_components
from motcua.portal.catalog_views import accepts_online, component_sections
from motcua.portal.submission_forms import (
    SAVE,
    CaseForm,
    ComponentFilesForm,
    DeliveryForm,
    DetailsForm,
    add_problems,
)

#: The pages of a submission: slug (in the URL name ``portal:draft_<slug>``) and title.
STEPS = (
    ("case", gettext_lazy("Chọn trường hợp")),
    ("details", gettext_lazy("Thông tin người nộp và tờ khai")),
    ("files", gettext_lazy("Giấy tờ đính kèm")),
    ("delivery", gettext_lazy("Nhận kết quả")),
    ("review", gettext_lazy("Kiểm tra và nộp")),
)
FILE_PROBLEMS = {"component.": "tp"}


def step_of(key: str) -> str:
    """The page that fixes a problem key of `draft_problems`."""
    if key in ("case", "receiving_agency"):
        return "case"
    if key.startswith(("applicant.", "form.")):
        return "details"
    if key.startswith("component."):
        return "files"
    return "delivery" if key in ("result_delivery", "delivery_address") else "review"


@login_required
def apply_start(request: HttpRequest, code: str) -> HttpResponse:
    """What to prepare, the drafts already begun, and a button that starts a new one."""
    version = procedure_get_public(code=code)
    if version is None or not accepts_online(version):
        raise Http404("This procedure does not accept online submission")
    problems: list[str] = []
    if request.method == "POST":
        try:
            draft = draft_start(actor=request.user, procedure_code=code)  # type: ignore[arg-type]
        except DraftError as exc:
            problems = exc.messages
        else:
            return redirect("portal:draft_resume", draft_id=draft.pk)
    context = {
        "version": version,
        "can_start": bool(receiving_agencies_for(version=version)),
        "component_sections": component_sections(version),
        "drafts": draft_list_for_user(user=request.user, procedure_code=code),  # type: ignore[arg-type]
        "problems": problems,
    }
    return render(request, "portal/apply/start.html", context)


@login_required
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts = draft_list_for_user(user=request.user)  # type: ignore[arg-type]
    return render(request, "portal/apply/drafts.html", {"drafts": drafts})


@login_required
def draft_resume(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Back to the first page with something missing (the review when nothing is)."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    pending = {step_of(key) for key in draft_problems(draft)}
    step = next((slug for slug, _title in STEPS if slug in pending), "review")
    return redirect(f"portal:draft_{step}", draft_id=draft.pk)


def _render(
    request: HttpRequest, draft: SubmissionDraft, step: str, **context: object
) -> HttpResponse:
    slugs = [slug for slug, _title in STEPS]
    index = slugs.index(step)
    context |= {
        "draft": draft,
        "version": draft.procedure_version,
        "step": step,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_title": STEPS[index][1],
        "previous": slugs[index - 1] if index else "",
    }
    return render(request, f"portal/apply/{step}.html", context)


def _after_save(
    request: HttpRequest,
    draft: SubmissionDraft,
    step: str,
    form: forms.Form,
    fields: dict[str, str],
) -> HttpResponse | None:
    """After a save: to the drafts list for "Lưu nháp"; for "Tiếp tục", to the next page
    once this one is complete (else its problems go on the form and None is returned)."""
    if request.POST.get("action") == SAVE:
        messages.success(request, _("Đã lưu nháp. Bạn có thể tiếp tục hồ sơ này bất cứ lúc nào."))
        return redirect("portal:draft_list")
    problems = {k: v for k, v in draft_problems(draft).items() if step_of(k) == step}
    if not problems:
        slugs = [slug for slug, _title in STEPS]
        return redirect(f"portal:draft_{slugs[slugs.index(step) + 1]}", draft_id=draft.pk)
    add_problems(form, problems, fields)
    return None


def _save(
    request: HttpRequest,
    draft: SubmissionDraft,
    step: str,
    form: forms.Form,
    fields: dict[str, str],
    **changes: object,
) -> HttpResponse | None:
    try:
        draft = draft_update(actor=request.user, draft_id=draft.pk, **changes)  # type: ignore[arg-type]
    except DraftError as exc:
        add_problems(form, exc.fields, fields)
        return None
    return _after_save(request, draft, step, form, fields)


@login_required
def draft_case(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    cases = list(draft.procedure_version.cases.order_by("order", "id"))
    agencies = receiving_agencies_for(version=draft.procedure_version)
    form = CaseForm(request.POST or None, draft=draft, cases=cases, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        response = _save(request, draft, "case", form, CaseForm.PROBLEMS, **form.changes())
        if response is not None:
            return response
    return _render(request, draft, "case", form=form, agency=draft.receiving_agency)


@login_required
def draft_details(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    schema = schema_fields(draft.procedure_version.form_schema)
    form = DetailsForm(request.POST or None, draft=draft, schema=schema)
    if request.method == "POST" and form.is_valid():
        changes = {"applicant": form.applicant(), "form_data": form.form_data()}
        response = _save(request, draft, "details", form, DetailsForm.PROBLEMS, **changes)
        if response is not None:
            return response
    return _render(request, draft, "details", form=form)


def _attach_all(request: HttpRequest, draft: SubmissionDraft, form: ComponentFilesForm) -> int:
    """Attach every posted file (each on its own: a refused file keeps the others)."""
    attached = 0
    for component, upload in form.uploads():
        try:
            draft_attach(
                actor=request.user,  # type: ignore[arg-type]
                draft_id=draft.pk,
                component_id=component.pk,
                upload=Upload(stream=upload, name=upload.name or ""),  # type: ignore[arg-type]
            )
            attached += 1
        except DraftError as exc:
            add_problems(form, exc.fields, FILE_PROBLEMS)
    return attached


@login_required
def draft_files(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Files per published component of the case; "Tải lên" stays on the page."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    if draft.case is None:
        return redirect("portal:draft_case", draft_id=draft.pk)
    components = published_components(draft.procedure_version, draft.case)
    form = ComponentFilesForm(request.POST or None, request.FILES or None, components=components)
    if request.method == "POST" and form.is_valid():
        attached = _attach_all(request, draft, form)
        if attached:
            messages.success(request, _("Đã tải lên %(n)d tệp.") % {"n": attached})
        if not form.errors and request.POST.get("action") == "upload":
            return redirect("portal:draft_files", draft_id=draft.pk)
        if not form.errors:
            response = _after_save(request, draft, "files", form, FILE_PROBLEMS)
            if response is not None:
                return response
    attached_files = list(draft.files.all())
    rows = [
        (c, field, camera, [f for f in attached_files if f.component_id == c.pk])
        for c, field, camera in form.bound_pairs()
    ]
    return _render(request, draft, "files", form=form, rows=rows, attached=attached_files)


@login_required
@require_POST
def draft_file_remove(request: HttpRequest, draft_id: int, file_id: int) -> HttpResponse:
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    try:
        draft_remove_file(actor=request.user, draft_id=draft.pk, file_id=file_id)  # type: ignore[arg-type]
    except DraftError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xóa tệp."))
    return redirect("portal:draft_files", draft_id=draft.pk)


@login_required
def draft_file(request: HttpRequest, draft_id: int, file_id: int) -> FileResponse:
    """A file the applicant attached to their own draft, to check it before submitting."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    row = draft_file_for_user(draft=draft, file_id=file_id)
    return inline_file_response(row.file, row.content_type, row.original_name)


@login_required
def draft_delivery(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    form = DeliveryForm(request.POST or None, draft=draft)
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] or "" for k in ("result_delivery", "delivery_address")}
        response = _save(request, draft, "delivery", form, DeliveryForm.PROBLEMS, **changes)
        if response is not None:
            return response
    return _render(request, draft, "delivery", form=form)


@login_required
def draft_review(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Everything the applicant entered, what is still missing, and the submit button."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            dossier = draft_submit(actor=request.user, draft_id=draft.pk)  # type: ignore[arg-type]
        except DraftError as exc:
            problems = exc.fields
        else:
            return redirect("portal:submission_done", code=dossier.code)
    else:
        problems = draft_problems(draft)
    return _render(request, draft, "review", **_review_context(draft, problems))


def _review_context(draft: SubmissionDraft, problems: dict[str, str]) -> dict[str, object]:
    schema = schema_fields(draft.procedure_version.form_schema)
    files = list(draft.files.select_related("component"))
    components = published_components(draft.procedure_version, draft.case) if draft.case else []
    return {
        "problems": [(step_of(key), message) for key, message in problems.items()],
        "declaration": [(f.label, display_value(f, draft.form_data.get(f.name))) for f in schema],
        "components": [(c, [f for f in files if f.component_id == c.pk]) for c in components],
        "delivery_label": dict(ResultDelivery.choices).get(draft.result_delivery, ""),
        "kind_label": dict(ApplicantKind.choices).get(draft.applicant.get("kind", "citizen"), ""),
    }


@login_required
@require_POST
def draft_delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)  # type: ignore[arg-type]
    draft_discard(actor=request.user, draft_id=draft.pk)  # type: ignore[arg-type]
    messages.success(request, _("Đã xóa hồ sơ đang soạn."))
    return redirect("portal:draft_list")


@login_required
def submission_done(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation: the dossier code to quote, the lookup code, what happens next."""
    dossier = dossier_get_for_applicant(user=request.user, code=code)  # type: ignore[arg-type]
    return render(request, "portal/apply/done.html", {"dossier": dossier})
