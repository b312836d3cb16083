# SPDX-License-Identifier: MPL-2.0
"""Counter intake in the desk (SPEC §2.3 steps 1–2): the counter officer's wizard for a
walk-in — agency and procedure, case, then one sheet that ends in receipt (form 01),
guidance (form 02) or refusal (form 03) — and the registration of a postal dossier.

The choices travel in the URL (agency code, procedure code, case id); nothing is kept in
the session and every page works without JavaScript (htmx only refreshes the search
results). Each change is one call of a ``dossiers.services`` intake function.

Who may use it:
* not a desk user (a citizen, anonymous): as every desk page (404, or the staff login);
* staff without an active counter-officer position (a specialist, a leader): **403** with
  a Vietnamese page that says why — the desk and its menu are no secret to them, so a
  404 would only puzzle (the catalogue's choice for read-only users, too);
* a counter officer, for an agency they do not receive for (``dossiers.access.
  can_receive_for``) or a procedure that agency does not handle: 404 (ADR 0003).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.desk import intake_forms as ifs
from motcua.desk.decorators import desk_view
from motcua.dossiers.access import counter_agencies, is_counter_officer
from motcua.dossiers.papers import guidance_pdf
from motcua.dossiers.selectors import fee_lines_for, procedures_offered_at
from motcua.dossiers.services import (
    DossierError,
    dossier_receive_at_counter,
    dossier_refuse_walk_in,
    dossier_register_postal,
    guidance_issue,
)
from motcua.dossiers.services.components import published_components
from motcua.org.models import Agency

POSTAL_CHANNEL = "buu-chinh"  # ?kenh=buu-chinh: the wizard leads to the postal sheet
MAX_RESULTS = 20

# --- who and what (reads) ------------------------------------------------------------------


def _agency(request: HttpRequest, code: str) -> Agency:
    """One of the agencies the wizard offers the officer (never another one by URL)."""
    agency = next((a for a in counter_agencies(_user(request)) if a.code == code), None)
    if agency is None:
        raise Http404("Not an agency this officer receives for")
    return agency


def _pinned(
    agency: Agency, code: str, case_id: int | None, *, postal: bool
) -> tuple[ProcedureVersion, ProcedureCase | None]:
    version = procedures_offered_at(agency, postal=postal).filter(procedure__code=code).first()
    if version is None:
        raise Http404("No published procedure with this code for this agency")
    if case_id is None:
        return version, None
    case = version.cases.filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case")
    return version, case


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def counter_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A desk view for counter officers; other staff get the 403 page that says why."""

    @desk_view
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_counter_officer(_user(request)):
            return render(request, "desk/intake/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


# --- step 1 and 2: agency, procedure, case ---------------------------------------------------


@counter_view
def intake_start(request: HttpRequest) -> HttpResponse:
    """Choose the agency (when several) and find the procedure, diacritics optional."""
    postal = request.GET.get("kenh") == POSTAL_CHANNEL
    agencies = counter_agencies(_user(request))
    form = ifs.ProcedureSearchForm(request.GET or None, agencies=agencies)
    agency, query = form.agency(), form.query()
    results = (
        procedures_offered_at(agency, postal=postal, query=query) if agency and query else None
    )
    context = {
        "form": form,
        "agencies": agencies,
        "agency": agency,
        "query": query,
        "postal": postal,
        "count": results.count() if results is not None else 0,
        "results": results[:MAX_RESULTS] if results is not None else None,
        "max_results": MAX_RESULTS,
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    template = "desk/intake/_results.html" if partial else "desk/intake/start.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@counter_view
def intake_case(request: HttpRequest, agency: str, procedure: str) -> HttpResponse:
    """Choose the case of the procedure; a procedure with one case goes straight on."""
    receiving = _agency(request, agency)
    postal = request.GET.get("kenh") == POSTAL_CHANNEL
    version, _case = _pinned(receiving, procedure, None, postal=postal)
    cases = list(version.cases.order_by("order", "id"))
    target = "desk:intake_postal" if postal else "desk:intake_form"
    if len(cases) == 1:
        return redirect(target, agency=agency, procedure=procedure, case=cases[0].pk)
    context = {
        "agency": receiving,
        "version": version,
        "cases": cases,
        "postal": postal,
        "target": target,
    }
    return render(request, "desk/intake/case.html", context)


# --- step 3: the counter sheet, and the postal sheet ------------------------------------------


@counter_view
def intake_form(request: HttpRequest, agency: str, procedure: str, case: int) -> HttpResponse:
    """The one-page sheet; its three buttons receive (01), guide (02) or refuse (03)."""
    return _sheet_page(request, agency, procedure, case, postal=False)


@counter_view
def intake_postal(request: HttpRequest, agency: str, procedure: str, case: int) -> HttpResponse:
    """Register a dossier that came by public post (status 1); it is checked later."""
    return _sheet_page(request, agency, procedure, case, postal=True)


def _sheet_page(
    request: HttpRequest, agency: str, procedure: str, case: int, *, postal: bool
) -> HttpResponse:
    """Show the sheet; on a valid POST call the service of the button pressed. A refusal by
    the service re-renders the sheet with its messages; nothing was saved then."""
    receiving = _agency(request, agency)
    version, chosen = _pinned(receiving, procedure, case, postal=postal)
    components = list(published_components(version, chosen))  # type: ignore[arg-type]
    details = ifs.PostalDetailsForm if postal else ifs.CounterDetailsForm
    data = request.POST if request.method == "POST" else None
    sheet = ifs.IntakeSheet(details, components, data, request.FILES or None)
    if data is not None and sheet.is_valid():
        pinned = {"procedure_code": procedure, "case_id": case, "receiving_agency": receiving}
        try:
            return ACTIONS[sheet.action](request, sheet, pinned)
        except DossierError as error:
            sheet.errors.extend(error.messages)
    context = {
        "sheet": sheet,
        "agency": receiving,
        "version": version,
        "case": chosen,
        "reselect_files": bool(request.FILES),
        **({} if postal else fee_lines_for(version, chosen)),  # type: ignore[arg-type]
    }
    return render(request, f"desk/intake/{'postal' if postal else 'form'}.html", context)


def _receive(request: HttpRequest, sheet: ifs.IntakeSheet, pinned: dict[str, Any]) -> HttpResponse:
    details = cast(ifs.CounterDetailsForm, sheet.details)
    dossier = dossier_receive_at_counter(
        actor=_user(request),
        applicant=details.applicant(),
        components=sheet.component_inputs(),
        fees_paid=details.cleaned_data["fees_paid"],
        **details.delivery(),
        **pinned,
    )
    due = formats.date_format(timezone.localtime(dossier.due_at), "d/m/Y H:i")
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả kết quả %(due)s.")
            % {"code": dossier.code, "due": due},
            reverse("desk:dossier_form", args=[dossier.code, "receipt"]),
            _("In giấy tiếp nhận và hẹn trả kết quả (mẫu 01)"),
        ),
    )
    return redirect(reverse("desk:dossier_detail", args=[dossier.code]))


def _guide(request: HttpRequest, sheet: ifs.IntakeSheet, pinned: dict[str, Any]) -> HttpResponse:
    """Form 02 as a download: a walk-in who is only guided leaves no dossier."""
    details = cast(ifs.CounterDetailsForm, sheet.details)
    guidance = guidance_issue(
        actor=_user(request),
        applicant=details.applicant(),
        items=sheet.request_items(),
        reason=details.cleaned_data["guidance_reason"],
        extra_note=details.cleaned_data["extra_note"],
        **pinned,
    )
    pdf = guidance_pdf(guidance=guidance, officer_name=_user(request).full_name)
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localtime(guidance.at).strftime("%Y%m%d-%H%M")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="guidance-{stamp}.pdf"'
    return response


def _refuse(request: HttpRequest, sheet: ifs.IntakeSheet, pinned: dict[str, Any]) -> HttpResponse:
    details = cast(ifs.CounterDetailsForm, sheet.details)
    dossier = dossier_refuse_walk_in(
        actor=_user(request), applicant=details.applicant(), reasons=details.reasons(), **pinned
    )
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("Đã từ chối tiếp nhận, hồ sơ được ghi sổ với mã %(code)s.") % {"code": dossier.code},
            reverse("desk:dossier_form", args=[dossier.code, "refusal"]),
            _("In phiếu từ chối tiếp nhận (mẫu 03)"),
        ),
    )
    return redirect(reverse("desk:dossier_detail", args=[dossier.code]))


def _register_postal(
    request: HttpRequest, sheet: ifs.IntakeSheet, pinned: dict[str, Any]
) -> HttpResponse:
    details = cast(ifs.PostalDetailsForm, sheet.details)
    dossier = dossier_register_postal(
        actor=_user(request),
        applicant=details.applicant(),
        tracking_number=details.cleaned_data["tracking_number"],
        components=sheet.component_inputs(),
        **details.delivery(),
        **pinned,
    )
    messages.success(
        request,
        _("Đã ghi nhận hồ sơ %(code)s gửi qua bưu chính; hồ sơ chờ kiểm tra, tiếp nhận.")
        % {"code": dossier.code},
    )
    return redirect(reverse("desk:dossier_detail", args=[dossier.code]))


ACTIONS: dict[str, Callable[[HttpRequest, ifs.IntakeSheet, dict[str, Any]], HttpResponse]] = {
    ifs.RECEIVE: _receive,
    ifs.GUIDE: _guide,
    ifs.REFUSE: _refuse,
    ifs.POSTAL: _register_postal,
}
