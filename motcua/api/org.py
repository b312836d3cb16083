# SPDX-License-Identifier: MPL-2.0
"""Agencies (cơ quan) that receive or handle dossiers: the portal's public list."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.pagination import PAGE_PARAMETERS, PagePagination
from motcua.api.schema import problems
from motcua.org.selectors import agency_get_public, agency_list_public


class AgencySerializer(serializers.Serializer):
    class UnitSerializer(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField()
        level = serializers.CharField()

    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    identifier_code = serializers.CharField(
        allow_null=True,
        help_text="Mã định danh điện tử (QCVN 102:2016); đơn vị trực thuộc không có.",
    )
    administrative_unit = UnitSerializer(allow_null=True)
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    feedback_address = serializers.CharField(help_text="Nơi tiếp nhận phản ánh, kiến nghị.")


class AgencyListApi(APIView):
    """GET /api/v1/agencies: agencies in force that receive or handle dossiers."""

    permission_classes = [AllowAny]
    pagination_class = PagePagination

    @extend_schema_serializer(component_name="AgencyList")
    class OutputSerializer(AgencySerializer):
        pass

    @extend_schema(
        operation_id="agency_list",
        parameters=PAGE_PARAMETERS,
        summary="Danh sách cơ quan tiếp nhận, giải quyết hồ sơ",
        responses={200: OutputSerializer(many=True), **problems(404, 429)},
        tags=["Cơ quan"],
    )
    def get(self, request: Request) -> Response:
        agencies = agency_list_public(on=timezone.localdate())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(agencies, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class AgencyDetailApi(APIView):
    """GET /api/v1/agencies/<code>: one agency in force."""

    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="AgencyDetail")
    class OutputSerializer(AgencySerializer):
        class ParentSerializer(serializers.Serializer):
            code = serializers.CharField()
            name = serializers.CharField()

        parent = ParentSerializer(allow_null=True)

    @extend_schema(
        operation_id="agency_retrieve",
        summary="Một cơ quan",
        responses={200: OutputSerializer, **problems(404, 429)},
        tags=["Cơ quan"],
    )
    def get(self, request: Request, code: str) -> Response:
        agency = agency_get_public(code=code, on=timezone.localdate())
        if agency is None:
            raise NotFound(_("Không có cơ quan đang hoạt động mang mã %(code)s.") % {"code": code})
        return Response(self.OutputSerializer(agency).data)
