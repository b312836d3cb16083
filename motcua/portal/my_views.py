# SPDX-License-Identifier: MPL-2.0
"""“Hồ sơ của tôi”: the signed-in applicant's own dossiers (SPEC §2.3 steps 7, 11, 12).

Each page reads through `dossiers.selectors_applicant` with the signed-in user, so another
citizen's dossier, file or form is "not found" by URL. The timeline is told in plain
Vietnamese for citizens; the internal hand-overs between officers (assignment, steps,
inter-agency transfers) stay on the desk. The applicant answers a supplement request and
asks to withdraw through the same services the desk uses, as the applicant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.core.files import inline_file_response
from motcua.documents.forms_pdf import FormNotInRuleSet
from motcua.domain.workflow import WITHDRAWABLE, Status
from motcua.dossiers import papers
from motcua.dossiers.clock import recompute_deadline
from motcua.dossiers.models import Dossier, DossierEvent, PauseKind
from motcua.dossiers.selectors import dossier_timeline
from motcua.dossiers.selectors_applicant import (
    dossier_file_for_applicant,
    dossier_get_for_applicant,
    dossier_list_for_applicant,
    draft_list_for_user,
    open_supplement_request,
    requested_components,
)
from motcua.dossiers.services import (
    DossierError,
    dossier_receive_supplement,
    dossier_request_withdrawal,
)
from motcua.portal.submission_forms import SupplementForm, WithdrawalForm
from motcua.workcal.trail import trail_text

PAGE_SIZE = 20

#: Status → tag colour (the text carries the meaning; colour helps).
STATUS_TONE = {
    Status.SUBMITTED: "info",
    Status.RECEIVED: "info",
    Status.PROCESSING: "info",
    Status.SUPPLEMENT_REQUESTED: "warning",
    Status.FINANCIAL_OBLIGATION_REQUESTED: "warning",
    Status.RESOLVED: "success",
    Status.RETURNED: "success",
    Status.REFUSED: "danger",
    Status.STOPPED: "danger",
    Status.WITHDRAWN: "",
}

#: What each timeline event means to the applicant. Actions missing here (assignment,
#: steps of the internal process, inter-agency transfers) are internal hand-overs: hidden.
TIMELINE_TEXT = {
    "submit_online": gettext_lazy("Bạn đã nộp hồ sơ trực tuyến."),
    "register_postal": gettext_lazy("Hồ sơ gửi qua bưu chính đã được đăng ký."),
    "receive": gettext_lazy("Hồ sơ đã được tiếp nhận."),
    "request_completion": gettext_lazy(
        "Cơ quan tiếp nhận đề nghị bạn bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận."
    ),
    "refuse": gettext_lazy("Hồ sơ không được tiếp nhận."),
    "forward": gettext_lazy("Hồ sơ đã được chuyển đến cơ quan giải quyết."),
    "request_supplement": gettext_lazy(
        "Cơ quan giải quyết đề nghị bạn bổ sung hồ sơ; thời hạn giải quyết tạm dừng."
    ),
    "receive_supplement": gettext_lazy("Đã nhận hồ sơ bổ sung; hồ sơ tiếp tục được giải quyết."),
    "supplement_deadline_expired": gettext_lazy("Hết hạn bổ sung hồ sơ; hồ sơ dừng giải quyết."),
    "request_financial_obligation": gettext_lazy(
        "Bạn cần thực hiện nghĩa vụ tài chính; thời hạn giải quyết tạm dừng."
    ),
    "confirm_financial_obligation": gettext_lazy(
        "Đã xác nhận bạn hoàn thành nghĩa vụ tài chính; hồ sơ tiếp tục được giải quyết."
    ),
    "apologise_and_reappoint": gettext_lazy(
        "Cơ quan giải quyết xin lỗi vì chưa trả kết quả đúng hẹn và hẹn lại ngày trả."
    ),
    "stop": gettext_lazy("Hồ sơ dừng giải quyết."),
    "issue_result": gettext_lazy("Đã có kết quả giải quyết hồ sơ."),
    "hand_to_post": gettext_lazy("Kết quả đã được gửi qua bưu chính."),
    "return_result": gettext_lazy("Kết quả đã được trả cho bạn."),
    "request_withdrawal": gettext_lazy("Bạn đã đề nghị rút hồ sơ."),
    "approve_withdrawal": gettext_lazy("Cơ quan đồng ý cho rút hồ sơ."),
    "reject_withdrawal": gettext_lazy("Cơ quan không đồng ý cho rút hồ sơ."),
}
#: Events whose note is written for the applicant (a reason, what to add).
NOTE_FOR_APPLICANT = {
    "request_completion",
    "refuse",
    "request_supplement",
    "stop",
    "request_financial_obligation",
    "apologise_and_reappoint",
    "request_withdrawal",
    "reject_withdrawal",
}
#: The new appointment an event sets, by the key its data stores it under.
NEW_DUE = {
    "receive": "due",
    "receive_supplement": "due_after",
    "confirm_financial_obligation": "due_after",
    "apologise_and_reappoint": "new_due",
}


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    text: str
    note: str
    due: datetime | None


def citizen_timeline(events: Iterable[DossierEvent]) -> list[TimelineRow]:
    """The dossier's events as sentences for the applicant, internal hand-overs left out."""
    rows = []
    for event in events:
        text = TIMELINE_TEXT.get(event.action)
        if text is None:
            continue
        due = (event.data or {}).get(NEW_DUE.get(event.action, ""))
        rows.append(
            TimelineRow(
                at=event.at,
                text=str(text),
                note=event.note if event.action in NOTE_FOR_APPLICANT else "",
                due=datetime.fromisoformat(due) if isinstance(due, str) else None,
            )
        )
    return rows


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """The applicant's dossiers, newest first (20 a page), and their drafts."""
    dossiers = dossier_list_for_applicant(user=request.user)  # type: ignore[arg-type]
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    for dossier in page:
        dossier.tone = STATUS_TONE.get(Status(dossier.status), "")  # type: ignore[attr-defined]
    context = {
        "page": page,
        "draft_count": draft_list_for_user(user=request.user).count(),  # type: ignore[arg-type]
    }
    return render(request, "portal/my/list.html", context)


def _forms_of(dossier: Dossier) -> list[tuple[str, str]]:
    """The papers the applicant may download: form 01 once received, form 02 when asked."""
    kinds = []
    if dossier.received_at is not None and dossier.due_at is not None:
        kinds.append(("receipt", _("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả")))
    if dossier.pauses.filter(kind=PauseKind.SUPPLEMENT).exists():
        kinds.append(("supplement", _("Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")))
    return kinds


def _detail_context(dossier: Dossier, **forms: Any) -> dict[str, Any]:
    pause = open_supplement_request(dossier=dossier)
    asked = requested_components(pause=pause) if pause is not None else []
    if pause is not None and "supplement_form" not in forms:
        forms["supplement_form"] = SupplementForm(components=asked)
    withdrawable = dossier.status in WITHDRAWABLE and not dossier.withdrawal_requested
    if withdrawable and "withdrawal_form" not in forms:
        forms["withdrawal_form"] = WithdrawalForm()
    trail = []
    if dossier.received_at is not None:
        trail = [trail_text(entry) for entry in recompute_deadline(dossier).trail]
    return {
        "dossier": dossier,
        "tone": STATUS_TONE.get(Status(dossier.status), ""),
        "trail": trail,
        "timeline": citizen_timeline(dossier_timeline(dossier=dossier)),
        "components": dossier.components.select_related("component").prefetch_related("files"),
        "result": getattr(dossier, "result", None),
        "fees": dossier.fees.all(),
        "forms": _forms_of(dossier),
        "pause": pause,
        "requested": list(zip(asked, _requirements(pause, asked), strict=True)),
        **forms,
    }


def _requirements(pause: Any, components: list[Any]) -> list[str]:
    texts = (
        {int(item["component"]): item.get("requirement", "") for item in pause.items}
        if pause
        else {}
    )
    return [texts.get(c.pk, "") for c in components]


@login_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    """One dossier: status, appointment and why, timeline, files, papers and actions."""
    dossier = dossier_get_for_applicant(user=request.user, code=code)  # type: ignore[arg-type]
    return render(request, "portal/my/detail.html", _detail_context(dossier))


@login_required
@require_POST
def my_dossier_supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Answer the open supplement request with files for each component asked for."""
    dossier = dossier_get_for_applicant(user=request.user, code=code)  # type: ignore[arg-type]
    pause = open_supplement_request(dossier=dossier)
    if pause is None:
        messages.error(request, _("Hồ sơ không có yêu cầu bổ sung nào đang chờ."))
        return redirect("portal:my_dossier", code=dossier.code)
    form = SupplementForm(request.POST, request.FILES, components=requested_components(pause=pause))
    if form.is_valid():
        try:
            dossier_receive_supplement(
                actor=request.user,  # type: ignore[arg-type]
                dossier_id=dossier.pk,
                components=form.component_inputs(),
                note=_("Nộp bổ sung trực tuyến"),
            )
        except DossierError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã nộp hồ sơ bổ sung. Cơ quan sẽ tiếp tục giải quyết."))
            return redirect("portal:my_dossier", code=dossier.code)
    return render(request, "portal/my/detail.html", _detail_context(dossier, supplement_form=form))


@login_required
@require_POST
def my_dossier_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Ask to withdraw the dossier; the competent unit decides (SPEC §2.3 step 12)."""
    dossier = dossier_get_for_applicant(user=request.user, code=code)  # type: ignore[arg-type]
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            dossier_request_withdrawal(
                actor=request.user,  # type: ignore[arg-type]
                dossier_id=dossier.pk,
                reason=form.cleaned_data["reason"],
            )
        except DossierError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã gửi đề nghị rút hồ sơ. Cơ quan sẽ xem xét và trả lời."))
            return redirect("portal:my_dossier", code=dossier.code)
    return render(request, "portal/my/detail.html", _detail_context(dossier, withdrawal_form=form))


@login_required
def my_dossier_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A file of the applicant's own dossier: what they handed in, or the result."""
    dossier = dossier_get_for_applicant(user=request.user, code=code)  # type: ignore[arg-type]
    row = dossier_file_for_applicant(dossier=dossier, file_id=file_id)
    return inline_file_response(row.file, row.content_type, row.original_name)


def _officer_of(dossier: Dossier, *actions: str) -> str:
    """Who signed the paper: the officer of the latest of `actions` on the dossier."""
    event = (
        dossier_timeline(dossier=dossier).filter(action__in=actions).order_by("-at", "-id").first()
    )
    return event.actor.full_name if event is not None and event.actor is not None else ""


def _paper(dossier: Dossier, kind: str) -> bytes:
    if kind == "receipt":
        return papers.receipt_pdf(dossier=dossier, officer_name=_officer_of(dossier, "receive"))
    officer = _officer_of(dossier, "request_supplement", "request_completion")
    return papers.supplement_request_pdf(dossier=dossier, officer_name=officer)


@login_required
def my_dossier_form(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Form 01 (once received) or form 02 (when asked) of the applicant's own dossier."""
    dossier = dossier_get_for_applicant(user=request.user, code=code)  # type: ignore[arg-type]
    if kind not in {slug for slug, _label in _forms_of(dossier)}:
        raise Http404("No such form for this dossier")
    try:
        pdf = _paper(dossier, kind)
    except (ValueError, FormNotInRuleSet) as exc:
        raise Http404("Form not available") from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{kind}.pdf"'
    return response
