# SPDX-License-Identifier: MPL-2.0
"""Procedures (thủ tục hành chính): public search and the version in force.

The search is the portal's own (``catalog.public_selectors.procedure_list_public``):
every word, any order, without diacritics or case. Only published versions are ever
listed or shown; drafts and superseded versions are not reachable through the API.
"""

from __future__ import annotations

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
from motcua.catalog.public_selectors import procedure_list_public
from motcua.catalog.selectors import LEVEL_FILTERS, procedure_get_public

# Codes of procedures (national database: "1.001193", "2.000908") and agencies (slugs).
CODE_PATTERN = r"[-\w.]{1,64}"


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class FieldRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureSummarySerializer(serializers.Serializer):
    """What a list row shows; the detail adds the rest."""

    code = serializers.CharField(source="procedure.code", help_text="Mã thủ tục (CSDL quốc gia).")
    version = serializers.IntegerField(source="number")
    name = serializers.CharField()
    field = FieldRefSerializer()
    levels = serializers.ListField(child=serializers.CharField(), source="levels_display")
    receiving_agency = AgencyRefSerializer(allow_null=True)
    processing_agency = AgencyRefSerializer(allow_null=True)
    processing_agency_text = serializers.CharField()
    channel_counter = serializers.BooleanField()
    channel_post = serializers.BooleanField()
    channel_online = serializers.BooleanField()
    online_level = serializers.CharField(help_text="none, partial hoặc full.")
    effective_date = serializers.DateField(allow_null=True)


class ProcedureListApi(APIView):
    """GET /api/v1/procedures?search=…: published procedures, searched like the portal."""

    permission_classes = [AllowAny]
    pagination_class = PagePagination

    class InputSerializer(serializers.Serializer):
        search = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=200,
            help_text="Từ khóa, có hoặc không dấu.",
        )
        field = serializers.SlugField(required=False, max_length=80, help_text="Mã lĩnh vực.")
        agency = serializers.SlugField(required=False, max_length=40, help_text="Mã cơ quan.")
        level = serializers.ChoiceField(choices=sorted(LEVEL_FILTERS), required=False)
        online = serializers.BooleanField(
            required=False, default=False, help_text="Chỉ thủ tục nộp trực tuyến được."
        )

    @extend_schema_serializer(component_name="ProcedureList")
    class OutputSerializer(ProcedureSummarySerializer):
        pass

    @extend_schema(
        operation_id="procedure_list",
        summary="Tìm kiếm thủ tục hành chính đang có hiệu lực",
        parameters=[InputSerializer, *PAGE_PARAMETERS],
        responses={200: OutputSerializer(many=True), **problems(400, 404, 429)},
        tags=["Thủ tục hành chính"],
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        versions = procedure_list_public(
            query=data.get("search", ""),
            field=data.get("field"),
            agency=data.get("agency"),
            level=data.get("level"),
            online=data["online"],
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(versions, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class ProcedureDetailApi(APIView):
    """GET /api/v1/procedures/<code>: the version in force, with cases, components, fees."""

    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="ProcedureDetail")
    class OutputSerializer(ProcedureSummarySerializer):
        class CaseSerializer(serializers.Serializer):
            id = serializers.IntegerField(help_text="`case_id` khi nộp hồ sơ (POST /dossiers).")
            code = serializers.CharField()
            name = serializers.CharField()
            processing_amount = serializers.DecimalField(max_digits=6, decimal_places=1)
            processing_unit = serializers.CharField(
                help_text="working_days, working_hours hoặc calendar_days."
            )
            note = serializers.CharField()

        class ComponentSerializer(serializers.Serializer):
            id = serializers.IntegerField(
                help_text="`component_id` khi nộp hồ sơ (POST /dossiers)."
            )
            case = serializers.CharField(
                source="case.code", allow_null=True, default=None, help_text="Mã trường hợp."
            )
            group = serializers.CharField()
            name = serializers.CharField()
            originals = serializers.IntegerField()
            copies = serializers.IntegerField()
            requirement = serializers.CharField()
            form_name = serializers.CharField()
            accepted_types = serializers.CharField()
            max_files = serializers.IntegerField()
            electronic_form = serializers.BooleanField()

        class FeeSerializer(serializers.Serializer):
            case = serializers.CharField(source="case.code", allow_null=True, default=None)
            kind = serializers.CharField()
            name = serializers.CharField()
            amount_vnd = serializers.IntegerField(allow_null=True)
            note = serializers.CharField()
            collection = serializers.CharField()
            exempt_groups = serializers.CharField()

        deciding_authority = serializers.CharField()
        coordinating_agencies = serializers.CharField()
        subjects = serializers.SerializerMethodField()
        steps = serializers.CharField()
        requirements = serializers.CharField()
        result = serializers.SerializerMethodField()
        legal_basis = serializers.JSONField(
            help_text="Danh sách căn cứ pháp lý như trong danh mục ({code, name} …)."
        )
        one_stop = serializers.BooleanField()
        inter_agency = serializers.BooleanField()
        fee_note = serializers.CharField()
        decision_number = serializers.CharField()
        decision_date = serializers.DateField(allow_null=True)
        cases = CaseSerializer(many=True, source="cases.all")
        components = ComponentSerializer(many=True, source="components.all")
        fees = FeeSerializer(many=True, source="fees.all")

        def get_subjects(self, version) -> list[str]:  # type: ignore[no-untyped-def]
            return version.lines("subjects")

        def get_result(self, version) -> list[str]:  # type: ignore[no-untyped-def]
            return version.lines("result")

    @extend_schema(
        operation_id="procedure_retrieve",
        summary="Một thủ tục: phiên bản đang có hiệu lực",
        responses={200: OutputSerializer, **problems(404, 429)},
        tags=["Thủ tục hành chính"],
    )
    def get(self, request: Request, code: str) -> Response:
        version = procedure_get_public(code=code)
        if version is None:
            raise NotFound(
                _("Không có thủ tục đang có hiệu lực mang mã %(code)s.") % {"code": code}
            )
        return Response(self.OutputSerializer(version).data)
