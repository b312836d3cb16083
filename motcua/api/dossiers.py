# SPDX-License-Identifier: MPL-2.0
"""The public status of a dossier (tra cứu hồ sơ), as on the portal without a secret.

Only what ``dossiers.public.dossier_status_public`` returns: status, appointment and
the dates of status changes; never a name, an address or an officer's note. Lookups
share the portal's per-address budget (``LOOKUP_RATE_LIMIT`` per
``LOOKUP_RATE_WINDOW_SECONDS``, counter ``lookup:<address>``), so the API does not double
what an enumeration may try. An unknown code is a plain 404.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.schema import problems
from motcua.core.ratelimit import client_key, hit, retry_after
from motcua.dossiers.public import dossier_status_public


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
