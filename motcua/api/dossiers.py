# SPDX-License-Identifier: MPL-2.0
"""Dossiers (hồ sơ) in the API: the public status lookup, and the agency's own dossiers.

* ``GET /api/v1/status/<code>``: public. Only what ``dossiers.public.dossier_status_public``
  returns: status, appointment and the dates of status changes; never a name, an address or
  an officer's note. Lookups share the portal's per-address budget (``LOOKUP_RATE_LIMIT``
  per ``LOOKUP_RATE_WINDOW_SECONDS``, counter ``lookup:<address>``), so the API does not
  double what an enumeration may try. An unknown code is a plain 404.
* ``GET/POST /api/v1/dossiers`` and ``GET /api/v1/dossiers/<code>``: a client (Bearer
  token, scopes ``dossiers.read`` / ``dossiers.create``) or a signed-in officer sees the
  dossiers of its agencies (``dossiers.selectors.dossier_list_for_staff``; any other is
  "not found") and submits one on behalf of an applicant through the online-submission
  service. A retried POST with the same ``Idempotency-Key`` answers the first dossier
  instead of creating a second one (see ``_submit_once``). Docs: docs/api.md, "Dossiers".
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import User
from motcua.api.actions import available_actions, plausible_date, text
from motcua.api.dossier_serializers import (
    MAX_INT,
    STATUS_CHOICES,
    ApiProblem,
    DossierApiView,
    DossierDetailSerializer,
    DossierRowSerializer,
    absolute,
    detail_data,
    engine_problem,
    problem_responses,
)
from motcua.api.schema import problems
from motcua.catalog.selectors import NotSubmittable, version_for_submission
from motcua.clients.services import IdempotencyMismatch, run_once
from motcua.core.ratelimit import client_key, hit, retry_after
from motcua.documents.uploads import KINDS, UploadRejected, check_upload
from motcua.dossiers.access import counter_agencies
from motcua.dossiers.models import ApplicantKind, ResultDelivery
from motcua.dossiers.public import dossier_status_public
from motcua.dossiers.selectors import InboxQuery, dossier_inbox_for_staff
from motcua.dossiers.selectors_applicant import receiving_agencies_for
from motcua.dossiers.services import (
    Applicant,
    ComponentInput,
    DossierError,
    Upload,
    dossier_submit_online,
)
from motcua.dossiers.services.components import published_components
from motcua.org.models import Agency


@method_decorator(never_cache, name="dispatch")
class DossierStatusApi(APIView):
    """GET /api/v1/status/<code>: where a dossier stands, by its code alone."""

    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="DossierStatus")
    class OutputSerializer(serializers.Serializer):
        class StatusChangeSerializer(serializers.Serializer):
            at = serializers.DateTimeField()
            status = serializers.CharField()

        code = serializers.CharField()
        procedure_name = serializers.CharField()
        agency_name = serializers.CharField(help_text="Cơ quan tiếp nhận.")
        status = serializers.CharField()
        sub_state = serializers.CharField()
        received_at = serializers.DateTimeField(allow_null=True)
        due_at = serializers.DateTimeField(allow_null=True, help_text="Ngày hẹn trả kết quả.")
        reappointed = serializers.BooleanField()
        paused = serializers.BooleanField(help_text="Thời hạn đang tạm dừng.")
        resolved_at = serializers.DateTimeField(allow_null=True)
        returned_at = serializers.DateTimeField(allow_null=True)
        timeline = StatusChangeSerializer(many=True)

    @extend_schema(
        operation_id="dossier_status_retrieve",
        summary="Tra cứu tình trạng hồ sơ theo mã hồ sơ",
        responses={200: OutputSerializer, **problems(404, 429)},
        tags=["Tra cứu hồ sơ"],
    )
    def get(self, request: Request, code: str) -> Response:
        window = settings.LOOKUP_RATE_WINDOW_SECONDS
        if not hit(f"lookup:{client_key(request)}", settings.LOOKUP_RATE_LIMIT, window):
            raise Throttled(wait=retry_after(window))
        status = dossier_status_public(code)
        if status is None:
            raise NotFound(_("Không có hồ sơ mang mã %(code)s.") % {"code": code})
        return Response(self.OutputSerializer(status).data)


# --------------------------------------------------------------------------- create: input


class DossierApplicantInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN)
    name = text(200, required=True, help_text="Họ tên người nộp (chủ hồ sơ).")
    identity_number = text(12, help_text="Số định danh cá nhân (12 chữ số).")
    tax_code = text(14, help_text="Mã số thuế, mã số doanh nghiệp (tổ chức).")
    phone = text(15)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    address = text(300)
    representative_name = text(200, help_text="Người được ủy quyền nộp, nếu có.")
    representative_identity = text(12)
    authorisation = text(300, help_text="Giấy ủy quyền (bắt buộc khi có người được ủy quyền).")


class DossierComponentInput(serializers.Serializer):
    component_id = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text="Mã thành phần đã công bố của thủ tục."
    )
    originals = serializers.IntegerField(min_value=0, max_value=99, default=0)
    certified_copies = serializers.IntegerField(min_value=0, max_value=99, default=0)
    photocopies = serializers.IntegerField(min_value=0, max_value=99, default=0)
    digitised = serializers.BooleanField(default=False)
    reused = serializers.BooleanField(default=False)
    from_store = serializers.BooleanField(default=False)
    files = serializers.ListField(
        child=serializers.CharField(max_length=100),
        max_length=20,
        default=list,
        help_text="Tên các phần multipart chứa tệp của thành phần này.",
    )


class DossierCreateInput(serializers.Serializer):
    procedure = serializers.CharField(max_length=64, help_text="Mã thủ tục, ví dụ 1.001193.")
    case_id = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text="Mã trường hợp của phiên bản đang áp dụng."
    )
    receiving_agency = serializers.CharField(
        max_length=40,
        required=False,
        help_text="Mã cơ quan tiếp nhận; mặc định: cơ quan duy nhất bên gọi tiếp nhận thủ tục.",
    )
    applicant = DossierApplicantInput()
    components = serializers.ListField(child=DossierComponentInput(), max_length=50, default=list)
    result_delivery = serializers.ChoiceField(
        choices=ResultDelivery.choices, default=ResultDelivery.ONLINE
    )
    delivery_address = text(300, help_text="Bắt buộc khi nhận kết quả qua bưu chính.")
    form_data = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000),
        default=dict,
        help_text="Tờ khai điện tử theo biểu mẫu của thủ tục (tên trường → giá trị).",
    )


class DossierCreateMultipart(serializers.Serializer):
    """multipart/form-data: `payload` (JSON of DossierCreateInput) and one part per file."""

    payload = serializers.CharField(help_text="JSON như DossierCreateInput.")


# --------------------------------------------------------------------------- list, detail


class DossierCursorPagination(CursorPagination):
    """Newest first by creation (the id: unique and never changing), so a page never
    skips or repeats a row while dossiers change state or new ones arrive."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = gettext_lazy("Tham số cursor không hợp lệ; hãy dùng địa chỉ next.")

    def get_page_size(self, request):  # type: ignore[no-untyped-def]
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)


LOCAL_DATE = ["%d/%m/%Y", "iso-8601"]


class DossierListParams(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=STATUS_CHOICES, required=False, help_text="Mã trạng thái quốc gia 1–10."
    )
    procedure = serializers.CharField(max_length=64, required=False, help_text="Mã thủ tục.")
    received_from = serializers.DateField(
        required=False,
        input_formats=LOCAL_DATE,
        validators=[plausible_date],
        help_text="Nộp từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd, giờ Việt Nam), tính cả ngày này.",
    )
    received_to = serializers.DateField(
        required=False,
        input_formats=LOCAL_DATE,
        validators=[plausible_date],
        help_text="Nộp đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd), tính cả ngày này.",
    )
    updated_since = serializers.DateTimeField(
        required=False,
        validators=[plausible_date],
        help_text="Chỉ hồ sơ thay đổi từ thời điểm này (ISO 8601), để đồng bộ.",
    )
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Mã hồ sơ (đầu hoặc cuối mã), tên, số định danh hoặc điện thoại người nộp.",
    )


class DossierListCreateApi(DossierApiView):
    """GET /api/v1/dossiers: the caller's dossiers (cursor pages); POST: submit one."""

    pagination_class = DossierCursorPagination
    parser_classes = [JSONParser, MultiPartParser]

    def required_scope(self, request: Request) -> str:
        return "dossiers.create" if request.method == "POST" else "dossiers.read"

    @extend_schema(
        operation_id="dossier_list",
        summary="Hồ sơ của cơ quan (mới nhất trước, phân trang bằng con trỏ)",
        parameters=[
            DossierListParams,
            OpenApiParameter(
                "cursor", str, description="Con trỏ trang; dùng nguyên địa chỉ next/previous."
            ),
            OpenApiParameter(
                "page_size", int, description="Số dòng mỗi trang (mặc định 25, tối đa 100)."
            ),
        ],
        responses={200: DossierRowSerializer(many=True), **problem_responses(400, 401, 403, 404)},
        tags=["Hồ sơ"],
    )
    def get(self, request: Request) -> Response:
        params = DossierListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        query = InboxQuery(
            q=data.get("search", ""),
            procedure=data.get("procedure", ""),
            status=data.get("status"),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
        )
        dossiers = dossier_inbox_for_staff(user=request.user, inbox="tat-ca", query=query)
        if "updated_since" in data:
            dossiers = dossiers.filter(updated_at__gte=data["updated_since"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            dossiers.select_related("procedure_version__procedure"), request, view=self
        )
        rows = DossierRowSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(rows)

    @extend_schema(
        operation_id="dossier_create",
        summary="Nộp hồ sơ trực tuyến thay người dân",
        description=(
            "Tạo hồ sơ (trạng thái 1, kênh trực tuyến) qua dịch vụ nộp trực tuyến, tại cơ "
            "quan bên gọi tiếp nhận. Gửi JSON (không có tệp) hoặc multipart/form-data: phần "
            "`payload` là JSON như trên, mỗi tệp là một phần riêng, tên phần được "
            "`components[].files` nêu. Gửi kèm `Idempotency-Key` để gửi lại an toàn."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description=(
                    "Khóa chống trùng (1–80 ký tự A-Z a-z 0-9 . _ : -), ví dụ một UUID. Gửi "
                    "lại cùng khóa và cùng nội dung: trả về hồ sơ đã tạo, không tạo thêm."
                ),
            )
        ],
        request={
            "application/json": DossierCreateInput,
            "multipart/form-data": DossierCreateMultipart,
        },
        responses={
            201: OpenApiResponse(
                DossierDetailSerializer,
                description="Hồ sơ đã tạo (hoặc đã tạo trước đó với cùng Idempotency-Key).",
            ),
            **problem_responses(400, 401, 403, 404, 413, 415, 422),
        },
        tags=["Hồ sơ"],
    )
    def post(self, request: Request) -> Response:
        payload, parts = _payload_and_parts(request)
        key = _idempotency_scope(request)
        fingerprint = _fingerprint(payload, parts)
        params = DossierCreateInput(data=payload)
        params.is_valid(raise_exception=True)
        submission = _submission(request.user, params.validated_data, parts)
        try:
            if key is None:
                code, replayed = _submit(request.user, submission), False
            else:
                code, replayed = run_once(
                    owner=request.user,
                    key=key,
                    fingerprint=fingerprint,
                    run=lambda: _submit(request.user, submission),
                )
        except DossierError as exc:
            raise engine_problem(exc, user=request.user, code="", seen_version=None) from exc
        except IdempotencyMismatch:
            raise ApiProblem(
                422,
                _(
                    "Idempotency-Key này đã dùng cho một yêu cầu khác; "
                    "hãy dùng khóa mới cho hồ sơ mới."
                ),
            ) from None
        return self._created(request, code, replayed=replayed)

    def _created(self, request: Request, code: str, *, replayed: bool) -> Response:
        dossier = self.dossier(request, code)
        data = detail_data(request, dossier, available_actions(request, dossier))
        headers = {"Location": absolute(request, "dossier_detail", code)}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(data, status=201, headers=headers)


class DossierDetailApi(DossierApiView):
    """GET /api/v1/dossiers/<code>: everything about one of the caller's dossiers."""

    required_scope = "dossiers.read"

    @extend_schema(
        operation_id="dossier_retrieve",
        summary="Một hồ sơ: trạng thái, thời hạn, diễn biến, thành phần, tệp, phí, kết quả",
        responses={200: DossierDetailSerializer, **problem_responses(401, 403, 404)},
        tags=["Hồ sơ"],
    )
    def get(self, request: Request, code: str) -> Response:
        dossier = self.dossier(request, code)
        return Response(detail_data(request, dossier, available_actions(request, dossier)))


# --------------------------------------------------------------------------- create: steps


#: Idempotency keys: what a UUID, a ULID or a client's own reference looks like.
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "._:-")


def _payload_and_parts(request: Request) -> tuple[dict[str, Any], dict[str, list[UploadedFile]]]:
    """The JSON payload and the file parts (by part name) of a create request."""
    if request.content_type.startswith("multipart/"):
        raw = request.data.get("payload", "")
        try:
            payload = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise ApiProblem.on(400, "payload", _("Phần payload phải là một đối tượng JSON."))
        return payload, {name: request.FILES.getlist(name) for name in request.FILES}
    if not isinstance(request.data, dict):
        raise ApiProblem(400, _("Nội dung gửi lên phải là một đối tượng JSON."))
    return dict(request.data), {}


def _idempotency_scope(request: Request) -> str | None:
    """The `Idempotency-Key` header (keys are per caller), or None without it."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 1 <= len(key) <= 80 or not set(key) <= _KEY_CHARS:
        message = _("Idempotency-Key phải có 1–80 ký tự: chữ không dấu, số hoặc . _ : -")
        raise ApiProblem.on(400, "Idempotency-Key", message)
    return key


def _fingerprint(payload: dict[str, Any], parts: dict[str, list[UploadedFile]]) -> str:
    """A digest of what was sent: the payload and every file's content, by part name."""
    files: dict[str, list[str]] = {}
    for name in sorted(parts):
        for upload in parts[name]:
            upload.seek(0)
            files.setdefault(name, []).append(hashlib.file_digest(upload, "sha256").hexdigest())
            upload.seek(0)
    sent = json.dumps({"payload": payload, "files": files}, sort_keys=True, default=str)
    return hashlib.sha256(sent.encode()).hexdigest()


@dataclass(frozen=True)
class _Submission:
    procedure_code: str
    case_id: int
    agency: Agency
    applicant: Applicant
    components: list[ComponentInput]
    result_delivery: str
    delivery_address: str
    form_data: dict[str, str]


def _submission(
    user: User, data: dict[str, Any], parts: dict[str, list[UploadedFile]]
) -> _Submission:
    """The service's arguments: the agency the caller receives for, the files checked."""
    try:
        version = version_for_submission(code=data["procedure"], online=True)
    except NotSubmittable:
        message = _("Không có thủ tục mang mã này đang nhận hồ sơ trực tuyến.")
        raise ApiProblem.on(422, "procedure", message) from None
    agency = _receiving_agency(user, version, data.get("receiving_agency"))
    case = version.cases.filter(pk=data["case_id"]).first()
    accepted = {c.pk: c.accepted_types for c in published_components(version, case)} if case else {}
    return _Submission(
        procedure_code=data["procedure"],
        case_id=data["case_id"],
        agency=agency,
        applicant=Applicant(**data["applicant"]),
        components=_components(data["components"], parts, accepted),
        result_delivery=data["result_delivery"],
        delivery_address=data["delivery_address"],
        form_data=data["form_data"],
    )


def _components(
    items: list[dict[str, Any]], parts: dict[str, list[UploadedFile]], accepted: dict[int, str]
) -> list[ComponentInput]:
    """The components with the file parts they name, each file checked; every part used once."""
    used: set[str] = set()
    components = []
    for index, item in enumerate(items):
        uploads = []
        for name in item["files"]:
            if name not in parts or name in used:
                message = _("Không có phần tệp “%(name)s” (hoặc đã dùng cho thành phần khác).")
                raise ApiProblem.on(400, f"components.{index}.files", message % {"name": name})
            used.add(name)
            for upload in parts[name]:
                check_file(upload, accepted.get(item["component_id"]), name)
                uploads.append(Upload(stream=upload, name=upload.name or ""))
        counts = ("originals", "certified_copies", "photocopies", "digitised", "reused")
        components.append(
            ComponentInput(
                component_id=item["component_id"],
                **{f: item[f] for f in counts},
                from_store=item["from_store"],
                files=tuple(uploads),
            )
        )
    unused = sorted(set(parts) - used)
    if unused:
        message = _("Các phần tệp không thuộc thành phần nào: %(names)s.")
        raise ApiProblem(400, message % {"names": ", ".join(unused)})
    return components


def _receiving_agency(user: User, version: Any, code: str | None) -> Agency:
    """The agency the dossier is submitted to: one the caller receives for (a client: its
    own agency), and one that receives the procedure."""
    mine = counter_agencies(user)
    if not mine:
        raise ApiProblem(403, _("Tài khoản không được phân công tiếp nhận hồ sơ ở cơ quan nào."))
    offered = {a.pk for a in receiving_agencies_for(version=version)}
    candidates = [a for a in mine if a.pk in offered] if offered else mine
    if code:
        chosen = next((a for a in mine if a.code == code), None)
        if chosen is None:
            message = _("Bên gọi không tiếp nhận hồ sơ cho cơ quan %(code)s.") % {"code": code}
            raise ApiProblem.on(403, "receiving_agency", message)
        if chosen not in candidates:
            message = _("Cơ quan %(name)s không tiếp nhận thủ tục này.") % {"name": chosen.name}
            raise ApiProblem.on(422, "receiving_agency", message)
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        message = _("Cơ quan của bên gọi không tiếp nhận thủ tục này.")
        raise ApiProblem.on(422, "procedure", message)
    message = _("Bên gọi tiếp nhận cho nhiều cơ quan; hãy nêu receiving_agency.")
    raise ApiProblem.on(400, "receiving_agency", message)


def check_file(upload: UploadedFile, accepted: str | None, field: str) -> None:
    """The portal's check of one file before anything is stored: content-sniffed type
    (the component's accepted kinds when known), not empty; over `UPLOAD_MAX_BYTES` → 413."""
    kinds = accepted or ",".join(ext for exts in KINDS.values() for ext in exts)
    try:
        check_upload(upload, name=upload.name or "", accepted=kinds)
    except UploadRejected as exc:
        status = 413 if (upload.size or 0) > settings.UPLOAD_MAX_BYTES else 400
        raise ApiProblem.on(status, field, str(exc)) from None


def _submit(user: User, submission: _Submission) -> str:
    """Submit through `dossier_submit_online` for the applicant; the new dossier's code."""
    dossier = dossier_submit_online(
        actor=user,
        procedure_code=submission.procedure_code,
        case_id=submission.case_id,
        receiving_agency=submission.agency,
        applicant=submission.applicant,
        components=submission.components,
        result_delivery=submission.result_delivery,
        delivery_address=submission.delivery_address,
        form_data=submission.form_data,
        on_behalf=True,  # the client or officer submits for the applicant
    )
    return dossier.code
