# SPDX-License-Identifier: MPL-2.0
"""Workflow actions on a dossier: `POST /api/v1/dossiers/<code>/actions/<action>`.

One endpoint per action of the engine (`dossiers.services`), each with its own input
serializer: the same inputs as the desk's action forms, checked for shape here; the rules
(who, when, which components, which deadlines) stay in the service, whose `DossierError`
becomes a 409, 403 or 422 problem (`dossier_serializers.engine_problem`). Every request
carries the `seen_version` the client read; a stale one is a 409 and nothing is written.
Clients need the scope `dossiers.act:<action>` (the engine's action name, e.g.
`dossiers.act:request_supplement`) or `dossiers.act` (every action).

The supplement itself (files for the components asked for) is handed in with
`POST /api/v1/dossiers/<code>/files` (`documents.py`), not here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.accounts.models import AccountKind, User
from motcua.api.auth import client_of
from motcua.api.dossier_serializers import (
    MAX_INT,
    DossierApiView,
    DossierDetailSerializer,
    absolute,
    detail_data,
    engine_problem,
    problem_responses,
    stale,
)
from motcua.domain.workflow import Action
from motcua.dossiers import services as s
from motcua.dossiers.access import (
    can_receive_for,
    is_leader_of,
    may_act_as_holder,
    may_sign_apology,
    may_stop,
    roles_on,
)
from motcua.dossiers.models import Dossier, ResultDelivery
from motcua.dossiers.selectors import get_dossier_for_officer
from motcua.dossiers.services import DossierError, RequestItem, ResultDocument, Upload
from motcua.dossiers.services._base import staff_actions
from motcua.org.models import Agency
from motcua.org.selectors import agency_get_public

# --------------------------------------------------------------------------- input fields


def seen_version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        help_text="Trường `version` của hồ sơ bên gọi đã đọc; khác phiên bản hiện tại → 409.",
    )


def text(max_length: int, *, required: bool = False, help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length,
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        help_text=help_text,
    )


def reason(required: bool = True, help_text: str = "Lý do.") -> serializers.CharField:
    return text(4000, required=required, help_text=help_text)


class StaffField(serializers.CharField):
    """An officer named by username; the service checks their agency and role."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("help_text", "Tên đăng nhập của cán bộ nhận hồ sơ.")
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> User | None:
        username = super().run_validation(data)
        if username in (None, "", serializers.empty):
            return None
        user = User.objects.filter(
            username=username, kind=AccountKind.STAFF, is_active=True
        ).first()
        if user is None:
            raise serializers.ValidationError(_("Không có cán bộ mang tên đăng nhập này."))
        return user

    def to_representation(self, value: Any) -> str:
        return getattr(value, "username", str(value))


class AgencyField(serializers.CharField):
    """An agency named by its code (as in `GET /api/v1/agencies`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", "Mã cơ quan.")
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Agency | None:
        code = super().run_validation(data)
        if code in (None, "", serializers.empty):
            return None
        agency = agency_get_public(code=code, on=timezone.localdate())
        if agency is None:
            raise serializers.ValidationError(_("Không có cơ quan đang hoạt động mang mã này."))
        return agency

    def to_representation(self, value: Any) -> str:
        return getattr(value, "code", str(value))


def plausible_date(value: Any) -> Any:
    """Dates and moments between 2000 and 2100 (the clock works on local dates)."""
    if not 2000 <= value.year <= 2100:
        raise serializers.ValidationError(_("Ngày phải trong khoảng năm 2000 đến 2100."))
    return value


class RequestItemInput(serializers.Serializer):
    component_id = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text="Mã thành phần đã công bố của thủ tục."
    )
    requirement = text(1000, required=True, help_text="Nội dung cần bổ sung, hoàn thiện.")


def items_field() -> serializers.ListField:
    return serializers.ListField(
        child=RequestItemInput(),
        min_length=1,
        max_length=50,
        help_text="Các thành phần đã công bố cần bổ sung (mẫu 02).",
    )


def respond_within_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=90,
        help_text="Hạn bổ sung (ngày làm việc); bỏ trống: không đặt hạn.",
    )


# --------------------------------------------------------------------------- inputs


class VersionOnlyInput(serializers.Serializer):
    seen_version = seen_version_field()


class ReceiveInput(VersionOnlyInput):
    fees_paid = serializers.BooleanField(
        default=False, help_text="Đã thu phí, lệ phí thu khi tiếp nhận."
    )


class ComponentRequestInput(VersionOnlyInput):
    items = items_field()
    reason = reason()
    respond_within_days = respond_within_field()
    extra_note = text(
        2000, help_text="Ghi chú ngoài danh mục đã công bố: chỉ ghi nhận, không bắt buộc."
    )


class RefuseInput(VersionOnlyInput):
    reasons = serializers.ListField(
        child=text(1000, required=True), min_length=1, max_length=20, help_text="Các lý do."
    )


class ForwardInput(VersionOnlyInput):
    to_agency = AgencyField(required=False, help_text="Mặc định: theo quy trình nội bộ.")
    to_user = StaffField(required=False)
    note = text(2000)


class AssignInput(VersionOnlyInput):
    to_user = StaffField()
    note = text(2000)


class CompleteStepInput(VersionOnlyInput):
    to_user = StaffField(required=False, help_text="Bắt buộc khi thủ tục không có quy trình.")
    note = text(2000)


class ReturnToStepInput(VersionOnlyInput):
    step_order = serializers.IntegerField(min_value=1, max_value=1000, help_text="Bước trả về.")
    reason = reason()
    to_user = StaffField(required=False)


class SendInteragencyInput(VersionOnlyInput):
    to_agency = AgencyField(help_text="Mã cơ quan phối hợp.")
    working_days = serializers.IntegerField(min_value=1, max_value=60)
    note = text(2000)


class NoteInput(VersionOnlyInput):
    note = text(2000)


class FinancialRequestInput(VersionOnlyInput):
    amount_vnd = serializers.IntegerField(min_value=1, max_value=10**15, help_text="Số tiền.")
    reason = reason(help_text="Nội dung nghĩa vụ tài chính.")


class FinancialConfirmInput(VersionOnlyInput):
    receipt_number = text(100, required=True, help_text="Số chứng từ nộp tiền.")


class ApologiseInput(VersionOnlyInput):
    reason = reason(help_text="Lý do chậm trễ.")
    new_due = serializers.DateTimeField(
        validators=[plausible_date],
        help_text="Ngày giờ hẹn trả mới (ISO 8601; không có múi giờ: giờ Việt Nam).",
    )


class ReasonInput(VersionOnlyInput):
    reason = reason()


class OptionalReasonInput(VersionOnlyInput):
    reason = reason(required=False, help_text="Ghi chú.")


class IssueResultInput(VersionOnlyInput):
    kind = text(200, required=True, help_text="Loại văn bản kết quả.")
    number = text(100, required=True, help_text="Số, ký hiệu.")
    signer = text(200, required=True, help_text="Người ký.")
    issued_on = serializers.DateField(
        input_formats=["iso-8601", "%d/%m/%Y"],
        validators=[plausible_date],
        help_text="Ngày ban hành (yyyy-mm-dd hoặc dd/mm/yyyy).",
    )
    summary = text(500)
    approved = serializers.BooleanField(default=True)
    file = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Tệp kết quả đã ký số (PDF); gửi multipart/form-data.",
    )


class HandToPostInput(VersionOnlyInput):
    tracking_number = text(40, required=True, help_text="Mã bưu gửi của kết quả.")


class ReturnResultInput(VersionOnlyInput):
    via = serializers.ChoiceField(choices=ResultDelivery.choices)
    recipient_name = text(200, help_text="Bắt buộc khi trả tại quầy (counter).")
    recipient_identity = text(12, help_text="Bắt buộc khi trả tại quầy (counter).")
    originals_taken_back = serializers.BooleanField(default=False)
    fees_paid = serializers.BooleanField(default=False, help_text="Đã thu phí khi trả.")
    signed_receipt = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Phiếu nhận có chữ ký (ảnh hoặc PDF); gửi multipart/form-data.",
    )


# --------------------------------------------------------------------------- arguments


def _upload(file: Any) -> Upload | None:
    return None if file is None else Upload(stream=file, name=file.name or "")


def _items(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "items": [RequestItem(i["component_id"], i["requirement"]) for i in data["items"]],
        "reason": data["reason"],
        "respond_within_days": data["respond_within_days"],
        "extra_note": data["extra_note"],
    }


def _issue(data: dict[str, Any]) -> dict[str, Any]:
    fields = ("kind", "number", "signer", "issued_on", "summary", "approved")
    return {"result": ResultDocument(**{k: data[k] for k in fields}, file=_upload(data["file"]))}


def _return(data: dict[str, Any]) -> dict[str, Any]:
    fields = ("via", "recipient_name", "recipient_identity", "originals_taken_back", "fees_paid")
    return {**{k: data[k] for k in fields}, "signed_receipt": _upload(data["signed_receipt"])}


def _as_is(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "seen_version"}


# --------------------------------------------------------------------------- the table


Check = Callable[[User, Dossier], bool]


def _receives(user: User, dossier: Dossier) -> bool:
    return can_receive_for(user, dossier.receiving_agency)


def _leads(user: User, dossier: Dossier) -> bool:
    return is_leader_of(user, dossier.current_agency)


@dataclass(frozen=True)
class ActionSpec:
    """One action: its engine name, service, input and how the input becomes arguments.

    `permitted` is what the service checks about the caller beyond the workflow table
    (the desk hides the button for the same reasons); it only decides whether a refusal
    is answered 403 or 422, and whether the action is listed as available.
    """

    action: Action
    service: Callable[..., Dossier]
    serializer: type[serializers.Serializer]
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = _as_is
    permitted: Check | None = None
    files: bool = False

    @property
    def slug(self) -> str:
        return self.action.value.replace("_", "-")

    @property
    def scope(self) -> str:
        return f"dossiers.act:{self.action.value}"


A = Action
SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(A.RECEIVE, s.dossier_receive, ReceiveInput, permitted=_receives),
    ActionSpec(
        A.REQUEST_COMPLETION,
        s.dossier_request_completion,
        ComponentRequestInput,
        _items,
        permitted=_receives,
    ),
    ActionSpec(A.REFUSE, s.dossier_refuse, RefuseInput, permitted=_receives),
    ActionSpec(A.FORWARD, s.dossier_forward, ForwardInput),
    ActionSpec(A.ASSIGN, s.dossier_assign, AssignInput, permitted=_leads),
    ActionSpec(
        A.COMPLETE_STEP, s.dossier_complete_step, CompleteStepInput, permitted=may_act_as_holder
    ),
    ActionSpec(
        A.RETURN_TO_STEP, s.dossier_return_to_step, ReturnToStepInput, permitted=may_act_as_holder
    ),
    ActionSpec(
        A.SEND_INTERAGENCY,
        s.dossier_send_interagency,
        SendInteragencyInput,
        permitted=may_act_as_holder,
    ),
    ActionSpec(A.RECEIVE_INTERAGENCY, s.dossier_receive_interagency, NoteInput),
    ActionSpec(
        A.REQUEST_SUPPLEMENT,
        s.dossier_request_supplement,
        ComponentRequestInput,
        _items,
        permitted=may_act_as_holder,
    ),
    ActionSpec(A.SUPPLEMENT_DEADLINE_EXPIRED, s.dossier_expire_supplement, VersionOnlyInput),
    ActionSpec(
        A.REQUEST_FINANCIAL_OBLIGATION,
        s.dossier_request_financial_obligation,
        FinancialRequestInput,
        permitted=may_act_as_holder,
    ),
    ActionSpec(
        A.CONFIRM_FINANCIAL_OBLIGATION,
        s.dossier_confirm_financial_obligation,
        FinancialConfirmInput,
    ),
    ActionSpec(
        A.APOLOGISE_AND_REAPPOINT, s.dossier_apologise, ApologiseInput, permitted=may_sign_apology
    ),
    ActionSpec(A.STOP, s.dossier_stop, ReasonInput, permitted=may_stop),
    ActionSpec(A.ISSUE_RESULT, s.dossier_issue_result, IssueResultInput, _issue, files=True),
    ActionSpec(A.HAND_TO_POST, s.dossier_hand_to_post, HandToPostInput),
    ActionSpec(A.RETURN_RESULT, s.dossier_return_result, ReturnResultInput, _return, files=True),
    ActionSpec(A.REQUEST_WITHDRAWAL, s.dossier_request_withdrawal, ReasonInput),
    ActionSpec(
        A.APPROVE_WITHDRAWAL,
        partial(s.dossier_decide_withdrawal, approve=True),
        OptionalReasonInput,
    ),
    ActionSpec(
        A.REJECT_WITHDRAWAL, partial(s.dossier_decide_withdrawal, approve=False), ReasonInput
    ),
)
del A
BY_ACTION = {spec.action: spec for spec in SPECS}


def permitted(spec: ActionSpec | None, user: User, dossier: Dossier) -> bool:
    """Whether the engine's rules about the caller let them try `spec` on `dossier`."""
    if not roles_on(user, dossier):
        return False
    return spec is None or spec.permitted is None or spec.permitted(user, dossier)


def available_actions(request: Request, dossier: Dossier) -> list[dict[str, str]]:
    """The actions the caller may take on `dossier` now: the workflow table over every
    staff role they hold on it, the engine's checks on the caller, and a client's scopes.
    The supplement (receive_supplement) is listed with the address of the upload."""
    user = request.user
    client = client_of(request)
    allowed = staff_actions(user, dossier)
    rows = []
    for action in Action:
        if action not in allowed:
            continue
        if action == Action.RECEIVE_SUPPLEMENT:
            if client is None or client.allows("documents.write"):
                url = absolute(request, "dossier_files", dossier.code)
                rows.append({"action": "receive-supplement", "label": action.label_vi, "url": url})
            continue
        spec = BY_ACTION.get(action)
        if spec is None or (spec.permitted is not None and not spec.permitted(user, dossier)):
            continue
        if client is not None and not client.allows(spec.scope):
            continue
        url = absolute(request, f"dossier_action_{action.value}", dossier.code)
        rows.append({"action": spec.slug, "label": action.label_vi, "url": url})
    return rows


# --------------------------------------------------------------------------- views


class DossierActionApi(DossierApiView):
    """POST /api/v1/dossiers/<code>/actions/<action>: one workflow action (see SPECS)."""

    spec: ActionSpec

    def required_scope(self, request: Request) -> str:
        return self.spec.scope

    def post(self, request: Request, code: str) -> Response:
        spec = self.spec
        dossier = self.dossier(request, code)
        params = spec.serializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        seen = data["seen_version"]
        if seen != dossier.version:
            raise stale(seen)
        allowed = permitted(spec, request.user, dossier)
        try:
            dossier = spec.service(
                actor=request.user, dossier_id=dossier.pk, seen_version=seen, **spec.arguments(data)
            )
        except DossierError as exc:
            raise engine_problem(
                exc, user=request.user, code=code, seen_version=seen, permitted=allowed
            ) from exc
        return Response(after_change(request, code, dossier))


def after_change(request: Request, code: str, changed: Dossier) -> dict[str, Any]:
    """The detail after an action: read again, or as the service returned it if the action
    took the dossier out of the caller's scope (the caller has just acted on it)."""
    try:
        dossier = get_dossier_for_officer(user=request.user, code=code)
    except Http404:
        dossier = changed
    return detail_data(request, dossier, available_actions(request, dossier))


def _view(spec: ActionSpec) -> type[DossierActionApi]:
    label = spec.action.label_vi
    service = getattr(spec.service, "func", spec.service).__name__
    request: Any = spec.serializer
    if spec.files:
        request = {"application/json": spec.serializer, "multipart/form-data": spec.serializer}

    class View(DossierActionApi):
        parser_classes = [JSONParser, MultiPartParser] if spec.files else [JSONParser]

        @extend_schema(
            operation_id=f"dossier_{spec.action.value}",
            summary=label,
            description=(
                f"Thao tác “{label}” trên hồ sơ (dịch vụ `{service}` của bộ máy hồ sơ). "
                f"Quyền của hệ thống kết nối: `{spec.scope}` (hoặc `dossiers.act`)."
            ),
            request=request,
            responses={
                200: DossierDetailSerializer,
                **problem_responses(400, 401, 403, 404, 409, 415, 422),
            },
            tags=["Hồ sơ: thao tác xử lý"],
        )
        def post(self, request: Request, code: str) -> Response:
            return super().post(request, code)

    name = "".join(part.title() for part in spec.action.value.split("_"))
    View.spec = spec
    View.__name__ = View.__qualname__ = f"Dossier{name}Api"
    View.__doc__ = f"POST /api/v1/dossiers/<code>/actions/{spec.slug}: {label}."
    return View


#: The views, by action, for `urls.py`.
VIEWS: dict[Action, type[DossierActionApi]] = {spec.action: _view(spec) for spec in SPECS}
