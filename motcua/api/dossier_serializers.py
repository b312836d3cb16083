# SPDX-License-Identifier: MPL-2.0
"""What the dossier endpoints share (docs/api.md, "Dossiers"): the output serializers, the
problem answers of the engine (409, 413, 422 on top of `problems.py`), the base view with
the client and staff authentication, and the OpenAPI pieces (Bearer scheme, problems).

The endpoints are interfaces (STYLE.md): they read through `dossiers.selectors`, act through
`dossiers.services` and turn a `DossierError` into a problem whose status says why:

* 409 — the dossier changed since the client read it (`seen_version` is stale);
* 403 — the engine refuses the caller's role (wrong role, not the holder, not the leader);
* 422 — anything else the engine refuses (wrong status, a missing reason, a component
  outside the published list …), with the engine's Vietnamese messages in `errors`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.views import APIView

from motcua.accounts.models import User
from motcua.api.auth import ClientTokenAuthentication, RequiresScope, StaffSessionAuthentication
from motcua.api.catalog import AgencyRefSerializer
from motcua.api.problems import CONTENT_TYPE, problem_response
from motcua.api.schema import PROBLEM, ProblemSerializer
from motcua.domain.errors import TransitionNotAllowed
from motcua.domain.workflow import Action, NotAllowedReason, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_timeline, get_dossier_for_officer
from motcua.dossiers.services import DossierError

#: Upper bound of integer inputs (ids, versions): a PostgreSQL `integer`.
MAX_INT = 2**31 - 1
STATUS_CHOICES = [(s.value, s.label_vi) for s in Status]
_ACTIONS = frozenset(a.value for a in Action)


# --------------------------------------------------------------------------- problems


def _titles() -> dict[int, str]:
    """Titles of the statuses `problems.py` does not name (yet)."""
    return {
        409: _("Xung đột phiên bản"),
        413: _("Tệp hoặc yêu cầu quá lớn"),
        422: _("Không thể thực hiện"),
    }


class ApiProblem(Exception):
    """An answer of the dossier endpoints as an RFC 9457 problem (raised in a view)."""

    def __init__(
        self, status: int, detail: str, *, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors

    @classmethod
    def on(cls, status: int, field: str, message: str) -> ApiProblem:
        """A problem about one field (or header, or part), said once in `detail` and `errors`."""
        return cls(status, message, errors=[{"field": field, "detail": message}])

    def response(self, request: HttpRequest) -> HttpResponse:
        title = _titles().get(self.status)
        if title is None:
            return problem_response(request, self.status, detail=self.detail, errors=self.errors)
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": title,
            "status": self.status,
            "detail": self.detail,
            "instance": request.path,
        }
        if self.errors:
            body["errors"] = self.errors
        return HttpResponse(
            json.dumps(body, ensure_ascii=False), status=self.status, content_type=CONTENT_TYPE
        )


def engine_problem(
    exc: DossierError,
    *,
    user: User,
    code: str,
    seen_version: int | None,
    permitted: bool = True,
) -> ApiProblem:
    """The problem for a refusal of the engine (see the module docstring)."""
    errors = [{"field": "", "detail": message} for message in exc.messages]
    detail = " ".join(exc.messages)
    if seen_version is not None:
        try:
            current = get_dossier_for_officer(user=user, code=code).version
        except Http404:  # the dossier left the caller's scope meanwhile
            current = seen_version
        if current != seen_version:
            return ApiProblem(409, detail, errors=errors)
    cause = exc.__cause__
    if isinstance(cause, TransitionNotAllowed):
        status = 403 if cause.reason == NotAllowedReason.WRONG_ROLE else 422
    else:
        status = 422 if permitted else 403
    return ApiProblem(status, detail, errors=errors)


def stale(seen_version: int) -> ApiProblem:
    return ApiProblem(
        409,
        _("Hồ sơ đã thay đổi kể từ phiên bản %(seen)s; hãy đọc lại hồ sơ rồi gửi seen_version mới.")
        % {"seen": seen_version},
    )


# --------------------------------------------------------------------------- base view


class DossierApiView(APIView):
    """Clients (Bearer token, scoped) and signed-in staff (session); both are judged by
    the engine's own agency rules, clients also by their scopes (`required_scope`)."""

    authentication_classes = [ClientTokenAuthentication, StaffSessionAuthentication]
    permission_classes = [RequiresScope]
    parser_classes = [JSONParser]
    required_scope: str | Callable[[Request], str] = "dossiers.read"

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, ApiProblem):
            return exc.response(self.request)
        if isinstance(exc, RequestDataTooBig):
            return ApiProblem(
                413, _("Yêu cầu vượt quá dung lượng cho phép; hãy gửi ít tệp hơn mỗi lần.")
            ).response(self.request)
        if isinstance(exc, SuspiciousOperation):  # too many fields or files in a form
            return ApiProblem(400, _("Yêu cầu có quá nhiều trường hoặc tệp.")).response(
                self.request
            )
        return super().handle_exception(exc)

    def dossier(self, request: Request, code: str) -> Dossier:
        """The caller's dossier `code`; any other is "not found" (ADR 0003: no leak)."""
        try:
            return get_dossier_for_officer(user=request.user, code=code)
        except Http404 as exc:
            raise NotFound(_("Không có hồ sơ mang mã %(code)s.") % {"code": code}) from exc


def absolute(request: Request, name: str, *args: object) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


# --------------------------------------------------------------------------- OpenAPI


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = ClientTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mc_<key_id>_<secret>",
            "description": (
                "Khóa truy cập của hệ thống kết nối (docs/api.md, “Clients and credentials”)."
            ),
        }


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = StaffSessionAuthentication
    name = "staffSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Phiên đăng nhập của cán bộ (trang một cửa); cần tiêu đề X-CSRFToken.",
        }


DESCRIPTIONS = {
    400: "Dữ liệu gửi lên không hợp lệ (danh sách `errors`) hoặc tệp không đọc được.",
    401: "Thiếu khóa truy cập, khóa sai, hết hạn hoặc đã thu hồi; không có phiên cán bộ.",
    403: "Hệ thống kết nối thiếu quyền (scope) hoặc quy tắc của hồ sơ không cho vai trò này.",
    404: "Không có hồ sơ (hoặc tệp) này trong phạm vi cơ quan của bên gọi.",
    409: "`seen_version` đã cũ: hồ sơ vừa thay đổi; đọc lại hồ sơ rồi gửi lại.",
    413: "Tệp vượt dung lượng tối đa (UPLOAD_MAX_BYTES) hoặc yêu cầu quá lớn.",
    415: "Định dạng dữ liệu gửi lên không được hỗ trợ (Content-Type).",
    422: "Quy trình không cho phép thao tác này lúc này; `errors` nêu lý do bằng tiếng Việt.",
    429: "Quá nhiều yêu cầu; xem tiêu đề Retry-After.",
}


def problem_responses(*statuses: int) -> dict[tuple[int, str], OpenApiResponse]:
    return {
        (status, PROBLEM): OpenApiResponse(
            response=ProblemSerializer, description=DESCRIPTIONS[status]
        )
        for status in (*statuses, 429)  # every authenticated call is throttled per caller
    }


# --------------------------------------------------------------------------- output


class DossierStaffRefSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Tên đăng nhập (dùng cho `to_user`).")
    full_name = serializers.CharField()


class DossierRowSerializer(serializers.Serializer):
    """A row of the list; the detail adds the rest."""

    code = serializers.CharField(help_text="Mã hồ sơ.")
    version = serializers.IntegerField(help_text="Phiên bản hiện tại; gửi lại là `seen_version`.")
    status = serializers.ChoiceField(
        choices=STATUS_CHOICES, help_text="Mã trạng thái quốc gia 1–10."
    )
    status_label = serializers.CharField(source="get_status_display")
    sub_state = serializers.CharField(help_text="interoperating, posting hoặc rỗng.")
    channel = serializers.IntegerField(help_text="1 trực tiếp, 2 trực tuyến, 3 bưu chính.")
    procedure_code = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    receiving_agency = AgencyRefSerializer()
    current_agency = AgencyRefSerializer(allow_null=True)
    applicant_name = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="Ngày hẹn trả kết quả.")
    deadline_status = serializers.CharField(help_text="on_track, due_soon, overdue hoặc rỗng.")
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, dossier: Dossier) -> str:
        return absolute(self.context["request"], "dossier_detail", dossier.code)


class DossierFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField(help_text="Định dạng nhận biết từ nội dung tệp.")
    size = serializers.IntegerField(help_text="Dung lượng (byte).")
    sha256 = serializers.CharField()
    purpose = serializers.CharField(help_text="component, supplement, result hoặc signature.")
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="Địa chỉ tải tệp (quyền documents.read).")

    def get_url(self, row: Any) -> str:
        return absolute(self.context["request"], "dossier_file", self.context["code"], row.pk)


class DossierComponentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="component_id", help_text="Mã thành phần đã công bố.")
    name = serializers.CharField(source="component.name")
    originals = serializers.IntegerField()
    certified_copies = serializers.IntegerField()
    photocopies = serializers.IntegerField()
    digitised = serializers.BooleanField()
    reused = serializers.BooleanField()
    from_store = serializers.BooleanField()
    files = DossierFileSerializer(many=True, source="files.all")


class DossierFeeSerializer(serializers.Serializer):
    name = serializers.CharField()
    amount_vnd = serializers.IntegerField(allow_null=True)
    collection = serializers.CharField(help_text="before (khi nộp) hoặc after (khi trả).")
    paid_at = serializers.DateTimeField(allow_null=True)
    receipt_number = serializers.CharField()


class DossierRequestItemSerializer(serializers.Serializer):
    component = serializers.IntegerField(help_text="Mã thành phần đã công bố.")
    name = serializers.CharField()
    requirement = serializers.CharField()


class DossierPauseSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="supplement hoặc financial.")
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    items = DossierRequestItemSerializer(many=True, help_text="Thành phần cần bổ sung.")
    respond_by = serializers.DateTimeField(allow_null=True, help_text="Hạn bổ sung.")
    amount_vnd = serializers.IntegerField(allow_null=True)


class DossierResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.CharField()
    signer = serializers.CharField()
    issuing_agency = AgencyRefSerializer()
    issued_on = serializers.DateField()
    summary = serializers.CharField()
    approved = serializers.BooleanField()
    file_id = serializers.IntegerField(allow_null=True)


class DossierEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.SerializerMethodField()
    from_status = serializers.IntegerField(allow_null=True)
    to_status = serializers.IntegerField()
    note = serializers.CharField()
    actor = serializers.SerializerMethodField(help_text="Họ tên người thực hiện.")

    def get_label(self, event: Any) -> str:
        return Action(event.action).label_vi if event.action in _ACTIONS else event.action

    def get_actor(self, event: Any) -> str:
        return event.actor.full_name if event.actor is not None else _("Hệ thống")


class DossierCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Mã trường hợp (case_id khi nộp).")
    name = serializers.CharField()


class DossierStepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField(source="responsible_role")


class DossierApplicantSerializer(serializers.Serializer):
    kind = serializers.CharField(source="applicant_kind")
    name = serializers.CharField(source="applicant_name")
    identity_number = serializers.CharField(source="applicant_identity")
    tax_code = serializers.CharField(source="applicant_tax_code")
    phone = serializers.CharField(source="applicant_phone")
    email = serializers.CharField(source="applicant_email")
    address = serializers.CharField(source="applicant_address")
    representative_name = serializers.CharField()
    representative_identity = serializers.CharField()
    authorisation = serializers.CharField()


class DossierAvailableActionSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="Tên thao tác, ví dụ request-supplement.")
    label = serializers.CharField()
    url = serializers.CharField(help_text="POST vào địa chỉ này để thực hiện.")


class DossierDetailSerializer(DossierRowSerializer):
    procedure_version = serializers.IntegerField(source="procedure_version.number")
    case = DossierCaseSerializer()
    lead_agency = AgencyRefSerializer(allow_null=True)
    holder = DossierStaffRefSerializer(allow_null=True, help_text="Cán bộ đang giữ hồ sơ.")
    current_step = DossierStepSerializer(allow_null=True)
    hold_due_at = serializers.DateTimeField(allow_null=True, help_text="Hạn của bước hiện tại.")
    legal_due_at = serializers.DateTimeField(allow_null=True)
    reappointed_at = serializers.DateTimeField(allow_null=True)
    paused_since = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    timeliness = serializers.CharField(help_text="early, on_time, late hoặc rỗng.")
    withdrawal_requested = serializers.BooleanField()
    applicant = DossierApplicantSerializer(source="*")
    form_data = serializers.DictField(child=serializers.CharField(), help_text="Tờ khai.")
    result_delivery = serializers.CharField()
    delivery_address = serializers.CharField()
    components = DossierComponentSerializer(many=True, source="components.all")
    other_files = serializers.SerializerMethodField(
        help_text="Tệp không thuộc thành phần nào: kết quả, chữ ký người nhận."
    )
    fees = DossierFeeSerializer(many=True, source="fees.all")
    pauses = DossierPauseSerializer(many=True, source="pauses.all")
    result = DossierResultSerializer(allow_null=True)
    timeline = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="Thao tác bên gọi có thể thực hiện lúc này (theo quy trình và quyền)."
    )

    @extend_schema_field(DossierFileSerializer(many=True))
    def get_other_files(self, dossier: Dossier) -> list[dict[str, Any]]:
        rows = [row for row in dossier.files.all() if row.component_id is None]
        return DossierFileSerializer(rows, many=True, context=self.context).data  # type: ignore[return-value]

    @extend_schema_field(DossierEventSerializer(many=True))
    def get_timeline(self, dossier: Dossier) -> list[dict[str, Any]]:
        return DossierEventSerializer(dossier_timeline(dossier=dossier), many=True).data  # type: ignore[return-value]

    @extend_schema_field(DossierAvailableActionSerializer(many=True))
    def get_actions(self, dossier: Dossier) -> list[dict[str, str]]:
        return list(self.context.get("actions", []))


def detail_data(
    request: Request, dossier: Dossier, actions: Iterable[dict[str, str]]
) -> dict[str, Any]:
    """The detail representation of `dossier` (related rows fetched in a few queries)."""
    prefetch_related_objects(
        [dossier],
        "components__component",
        "components__files",
        "files",
        "fees",
        "pauses",
        "procedure_version__procedure",
    )
    context = {"request": request, "code": dossier.code, "actions": list(actions)}
    return DossierDetailSerializer(dossier, context=context).data  # type: ignore[return-value]
