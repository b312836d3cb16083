# SPDX-License-Identifier: MPL-2.0
"""Desk dossier pages: inboxes, the dossier page, its files and its printable forms.

Every read goes through `dossiers.selectors` with the signed-in officer: a dossier outside
their scope is 404 (ADR 0003), by URL and by search alike. Actions live in action_views.py,
counter intake in intake_views.py.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Field
from motcua.core.files import inline_file_response
from motcua.core.pagination import LateJoinPaginator
from motcua.desk.decorators import desk_view
from motcua.desk.dossier_actions import available_actions
from motcua.desk.dossier_forms import InboxFilterForm, RegisterForm
from motcua.documents.forms_pdf import FormNotInRuleSet
from motcua.dossiers import papers
from motcua.dossiers.clock import recompute_deadline
from motcua.dossiers.selectors import (
    INBOXES,
    dossier_control_sheet,
    dossier_inbox_for_staff,
    dossier_timeline,
    get_dossier_for_officer,
    inbox_counts_for_staff,
    led_agencies,
    workload_for_agency,
)
from motcua.org.access import agencies_for_staff
from motcua.workcal.trail import trail_text

PAGE_SIZE = 25
INBOX_LABELS = {
    "tiep-nhan": gettext_lazy("Chờ tiếp nhận"),
    "cua-toi": gettext_lazy("Hồ sơ tôi đang xử lý"),
    "sap-den-han": gettext_lazy("Sắp đến hạn"),
    "qua-han": gettext_lazy("Quá hạn"),
    "cho-bo-sung": gettext_lazy("Chờ bổ sung, nghĩa vụ tài chính"),
    "tra-ket-qua": gettext_lazy("Chờ trả kết quả"),
    "tat-ca": gettext_lazy("Tất cả hồ sơ"),
}


def inbox_menu(user: object) -> list[tuple[str, str, int]]:
    """(slug, label, count) of every inbox, for the menu and the dashboard."""
    counts = inbox_counts_for_staff(user=user)  # type: ignore[arg-type]
    return [(slug, str(INBOX_LABELS[slug]), counts[slug]) for slug in INBOXES]


@desk_view
def inbox(request: HttpRequest, inbox: str) -> HttpResponse:
    """One inbox, soonest due first, with search and filters (25 rows a page)."""
    if inbox not in INBOXES:
        raise Http404("No such inbox")
    form = InboxFilterForm(request.GET or None)
    dossiers = dossier_inbox_for_staff(user=request.user, inbox=inbox, query=form.query())  # type: ignore[arg-type]
    page = LateJoinPaginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {
        "inbox": inbox,
        "form": form,
        "page": page,
        "query_string": _query_without_page(request),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "desk/dossiers/_rows.html", context)  # rows only: no tab counts
    full = {**context, "label": INBOX_LABELS[inbox], "menu": inbox_menu(request.user)}
    return render(request, "desk/dossiers/inbox.html", full)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("trang", None)
    return query.urlencode()


@desk_view
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """Everything about one dossier and the actions the officer may take now."""
    dossier = get_dossier_for_officer(user=request.user, code=code)  # type: ignore[arg-type]
    trail = []
    if dossier.received_at is not None:
        trail = [trail_text(entry) for entry in recompute_deadline(dossier).trail]
    context = {
        "dossier": dossier,
        "trail": trail,
        "timeline": dossier_timeline(dossier=dossier),
        "control_sheet": dossier_control_sheet(dossier=dossier),
        "components": dossier.components.select_related("component").prefetch_related("files"),
        "other_files": dossier.files.filter(component__isnull=True),
        "fees": dossier.fees.all(),
        "pauses": dossier.pauses.all(),
        "result": getattr(dossier, "result", None),
        "actions": available_actions(user=request.user, dossier=dossier),  # type: ignore[arg-type]
        "forms": _printable_forms(dossier),
    }
    return render(request, "desk/dossiers/detail.html", context)


@desk_view
def file_view(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A stored file of the dossier, shown inline (PDF, images) with its sniffed type."""
    dossier = get_dossier_for_officer(user=request.user, code=code)  # type: ignore[arg-type]
    stored = dossier.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404("No such file")
    return inline_file_response(stored.file, stored.content_type, stored.original_name)


#: Printable forms: slug → label.
_FORMS = {
    "receipt": (gettext_lazy("Mẫu 01 – Giấy tiếp nhận và hẹn trả kết quả")),
    "supplement": (gettext_lazy("Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")),
    "refusal": (gettext_lazy("Mẫu 03 – Phiếu từ chối tiếp nhận")),
    "apology": (gettext_lazy("Mẫu 04 – Phiếu xin lỗi và hẹn lại ngày trả kết quả")),
    "stop": (gettext_lazy("Thông báo dừng giải quyết hồ sơ")),
    "control-sheet": (gettext_lazy("Phiếu kiểm soát quá trình giải quyết hồ sơ")),
}


def _available_forms(dossier: object) -> list[str]:
    """Which forms exist for the dossier's history (the papers need their event)."""
    actions = set(dossier.events.values_list("action", flat=True))  # type: ignore[attr-defined]
    kinds = []
    if dossier.received_at is not None:  # type: ignore[attr-defined]
        kinds.append("receipt")
    if actions & {"request_completion", "request_supplement"}:
        kinds.append("supplement")
    if "refuse" in actions:
        kinds.append("refusal")
    if "apologise_and_reappoint" in actions:
        kinds.append("apology")
    if actions & {"stop", "supplement_deadline_expired"} and dossier.rule_set != "2018":  # type: ignore[attr-defined]
        kinds.append("stop")
    if dossier.handovers.exists():  # type: ignore[attr-defined]
        kinds.append("control-sheet")
    return kinds


def _printable_forms(dossier: object) -> list[tuple[str, str]]:
    return [(kind, str(_FORMS[kind])) for kind in _available_forms(dossier)]


def _render_paper(dossier: object, kind: str, officer: str) -> bytes:
    d = dossier
    signer, title = officer, _("THỦ TRƯỞNG CƠ QUAN")
    builders = {
        "receipt": lambda: papers.receipt_pdf(dossier=d, officer_name=officer),
        "supplement": lambda: papers.supplement_request_pdf(dossier=d, officer_name=officer),
        "refusal": lambda: papers.refusal_pdf(dossier=d, officer_name=officer),
        "apology": lambda: papers.apology_pdf(dossier=d, signer_name=signer, signer_title=title),
        "stop": lambda: papers.stop_notice_pdf(dossier=d, signer_name=signer, signer_title=title),
        "control-sheet": lambda: papers.control_sheet_pdf(dossier=d),
    }
    return builders[kind]()  # type: ignore[no-untyped-call]


@desk_view
def form_pdf(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Print one official form of the dossier, as PDF (inline, for the browser's viewer)."""
    dossier = get_dossier_for_officer(user=request.user, code=code)  # type: ignore[arg-type]
    if kind not in _FORMS or kind not in _available_forms(dossier):
        raise Http404("No such form for this dossier")
    try:
        pdf = _render_paper(dossier, kind, request.user.full_name)  # type: ignore[union-attr]
    except (ValueError, FormNotInRuleSet) as exc:
        raise Http404("Form not available") from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{kind}.pdf"'
    return response


@desk_view
def workload(request: HttpRequest) -> HttpResponse:
    """The load of each agency the user heads: who holds how many, due soon, overdue."""
    agencies = led_agencies(user=request.user)  # type: ignore[arg-type]
    if not agencies:
        raise Http404("Not a head of any agency")
    loads = [(agency, workload_for_agency(agency=agency)) for agency in agencies]
    return render(request, "desk/dossiers/workload.html", {"loads": loads})


@desk_view
def register(request: HttpRequest) -> HttpResponse:
    """The dossier register (form 06/07) of one of the officer's agencies, for a period."""
    agencies = agencies_for_staff(request.user).filter(identifier_code__isnull=False)  # type: ignore[arg-type]
    agency = agencies.filter(code=request.GET.get("co_quan", "")).first() or agencies.first()
    form = RegisterForm(request.GET or None, fields_qs=Field.objects.order_by("name"))
    if agency is not None and request.GET and form.is_valid():
        pdf = papers.register_pdf(
            agency=agency,
            field=form.cleaned_data["field"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="so-theo-doi-{timezone.localdate():%Y%m%d}.pdf"'
        )
        return response
    context = {"form": form, "agencies": agencies, "agency": agency}
    return render(request, "desk/dossiers/register.html", context)
