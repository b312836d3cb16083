# SPDX-License-Identifier: MPL-2.0
"""Files of a dossier: download one, hand in the supplement (docs/api.md, "Files").

* ``GET /api/v1/dossiers/<code>/files/<id>`` (scope ``documents.read``): the stored file,
  as an attachment with its sniffed type and a ``Repr-Digest`` (SHA-256, RFC 9530).
* ``POST /api/v1/dossiers/<code>/files`` (scope ``documents.write``): files for the
  components an open supplement request asks for, as the portal's supplement form sends
  them (multipart/form-data). After submission the workflow lets files reach a dossier's
  components only through a supplement, so this is the engine's
  ``dossier_receive_supplement``: the clock resumes (status 5 → 4; never received: → 1).
  Each file gets the portal's checks first: content-sniffed type among the component's
  accepted kinds (400), size limit ``UPLOAD_MAX_BYTES`` (413).
"""

from __future__ import annotations

import base64
from collections import defaultdict
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.actions import after_change, permitted, seen_version_field, text
from motcua.api.dossier_serializers import (
    MAX_INT,
    DossierApiView,
    DossierDetailSerializer,
    engine_problem,
    problem_responses,
    stale,
)
from motcua.api.dossiers import check_file
from motcua.documents.uploads import KINDS
from motcua.dossiers.selectors_applicant import open_supplement_request, requested_components
from motcua.dossiers.services import (
    ComponentInput,
    DossierError,
    Upload,
    dossier_receive_supplement,
)


class DossierFileApi(DossierApiView):
    """GET /api/v1/dossiers/<code>/files/<id>: one stored file of the caller's dossier."""

    required_scope = "documents.read"

    @extend_schema(
        operation_id="dossier_file_retrieve",
        summary="Tải một tệp của hồ sơ",
        responses={
            (200, media): OpenApiResponse(OpenApiTypes.BINARY, description="Nội dung tệp.")
            for media in [*KINDS, "application/octet-stream"]
        }
        | problem_responses(401, 403, 404),
        tags=["Hồ sơ: tệp"],
    )
    def get(self, request: Request, code: str, file_id: int) -> FileResponse:
        dossier = self.dossier(request, code)
        stored = dossier.files.filter(pk=file_id).first()
        if stored is None:
            raise NotFound(_("Hồ sơ %(code)s không có tệp này.") % {"code": code})
        response = FileResponse(
            stored.file.open("rb"),
            as_attachment=True,
            filename=stored.original_name,
            content_type=stored.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        digest = base64.b64encode(bytes.fromhex(stored.sha256)).decode()
        response["Repr-Digest"] = f"sha-256=:{digest}:"
        return response


class SupplementInput(serializers.Serializer):
    seen_version = seen_version_field()
    files = serializers.ListField(
        child=serializers.FileField(),
        max_length=50,
        default=list,
        help_text="Các tệp (lặp lại phần `files`), theo thứ tự của `components`.",
    )
    components = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INT),
        max_length=50,
        default=list,
        help_text="Mã thành phần của từng tệp, cùng thứ tự với `files`.",
    )
    paper = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INT),
        max_length=50,
        default=list,
        help_text="Thành phần đã nhận bản giấy (không có tệp).",
    )
    note = text(2000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if len(attrs["files"]) != len(attrs["components"]):
            raise serializers.ValidationError(
                {"components": _("Mỗi tệp cần đúng một mã thành phần, cùng thứ tự.")}
            )
        if not attrs["files"] and not attrs["paper"]:
            raise serializers.ValidationError(
                {"files": _("Vui lòng gửi ít nhất một tệp hoặc một thành phần bản giấy.")}
            )
        return attrs


class DossierFileUploadApi(DossierApiView):
    """POST /api/v1/dossiers/<code>/files: hand in the supplement asked for."""

    required_scope = "documents.write"
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="dossier_files_create",
        summary="Nộp tệp bổ sung cho các thành phần đang được yêu cầu bổ sung",
        description=(
            "Hồ sơ đang chờ bổ sung (trạng thái 5): gửi tệp cho các thành phần đã được yêu "
            "cầu (thao tác “Nhận hồ sơ bổ sung”, dịch vụ `dossier_receive_supplement`); "
            "thời hạn tiếp tục tính. Tệp được kiểm tra theo nội dung như cổng dịch vụ công."
        ),
        request={"multipart/form-data": SupplementInput},
        responses={
            200: DossierDetailSerializer,
            **problem_responses(400, 401, 403, 404, 409, 413, 415, 422),
        },
        tags=["Hồ sơ: tệp"],
    )
    def post(self, request: Request, code: str) -> Response:
        dossier = self.dossier(request, code)
        params = SupplementInput(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        seen = data["seen_version"]
        if seen != dossier.version:
            raise stale(seen)
        pause = open_supplement_request(dossier=dossier)
        asked = {c.pk: c.accepted_types for c in requested_components(pause=pause)} if pause else {}
        files: dict[int, list[Upload]] = defaultdict(list)
        for index, (upload, component_id) in enumerate(
            zip(data["files"], data["components"], strict=True)
        ):
            check_file(upload, asked.get(component_id), f"files.{index}")
            files[component_id].append(Upload(stream=upload, name=upload.name or ""))
        inputs = _handed_in(files, data["paper"])
        try:
            dossier = dossier_receive_supplement(
                actor=request.user,
                dossier_id=dossier.pk,
                seen_version=seen,
                components=inputs,
                note=data["note"],
            )
        except DossierError as exc:
            raise engine_problem(
                exc,
                user=request.user,
                code=code,
                seen_version=seen,
                permitted=permitted(None, request.user, dossier),
            ) from exc
        return Response(after_change(request, code, dossier))


def _handed_in(files: dict[int, list[Upload]], paper: list[int]) -> list[ComponentInput]:
    """One input per component: its files, and one original if handed in on paper."""
    return [
        ComponentInput(pk, originals=1 if pk in paper else 0, files=tuple(files.get(pk, ())))
        for pk in dict.fromkeys([*files, *paper])
    ]
