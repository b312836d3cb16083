# SPDX-License-Identifier: MPL-2.0
"""Statistics (thống kê): form 06 of the whole province, public like the portal's page.

Counts only, from the summary tables (``reports.public``): received, resolved (before
time, on time, late), in process (within time, overdue), suspended, per agency (with its
sub-units, as a tree), level, field or procedure. No dossier, no name. A period that has
not started yet is a 400 problem, never a page of zeros.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.schema import problems
from motcua.reports.public import MIN_YEAR, PeriodError, PeriodKind, public_form06, public_period
from motcua.reports.selectors import GroupBy

MAX_AGE = 300  # seconds: the summary tables are refreshed every few minutes


class Form06CellsSerializer(serializers.Serializer):
    """The cells of one row of form 06 and the totals derived from them."""

    carried_over = serializers.IntegerField(help_text="Từ kỳ trước chuyển sang.")
    new_online = serializers.IntegerField(help_text="Mới tiếp nhận trực tuyến.")
    new_direct = serializers.IntegerField(help_text="Mới tiếp nhận trực tiếp hoặc qua bưu chính.")
    resolved_early = serializers.IntegerField(help_text="Đã giải quyết trước hạn.")
    resolved_on_time = serializers.IntegerField(help_text="Đã giải quyết đúng hạn.")
    resolved_late = serializers.IntegerField(help_text="Đã giải quyết quá hạn.")
    processing_within = serializers.IntegerField(help_text="Đang giải quyết trong hạn.")
    processing_overdue = serializers.IntegerField(help_text="Đang giải quyết quá hạn.")
    paused = serializers.IntegerField(
        help_text="Tạm dừng ở cuối kỳ (chờ bổ sung, nghĩa vụ tài chính)."
    )
    ended = serializers.IntegerField(
        help_text="Dừng giải quyết hoặc rút trong kỳ, không có kết quả."
    )
    new = serializers.IntegerField(help_text="Mới tiếp nhận = trực tuyến + trực tiếp.")
    received = serializers.IntegerField(help_text="Tiếp nhận = từ kỳ trước + mới tiếp nhận.")
    resolved = serializers.IntegerField(help_text="Đã giải quyết = trước hạn + đúng hạn + quá hạn.")
    processing = serializers.IntegerField(help_text="Đang giải quyết = trong hạn + quá hạn.")
    suspended = serializers.IntegerField(help_text="Tạm dừng + dừng giải quyết.")


class Form06Api(APIView):
    """GET /api/v1/statistics/form06?period=&year=&number=&group_by=: form 06 of the whole
    province for a calendar month, quarter or year (counts only, as of the last refresh)."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        period = serializers.ChoiceField(
            choices=[kind.value for kind in PeriodKind],
            default=PeriodKind.MONTH.value,
            help_text="Loại kỳ: month (tháng), quarter (quý) hoặc year (năm).",
            error_messages={
                "invalid_choice": _(
                    "“{input}” không phải loại kỳ hợp lệ: month, quarter hoặc year."
                )
            },
        )
        year = serializers.IntegerField(
            required=False,
            min_value=MIN_YEAR,
            max_value=9999,
            help_text="Năm; mặc định năm nay.",
            error_messages={
                "invalid": _("Năm phải là một số nguyên, ví dụ 2026."),
                "min_value": _("Năm phải từ {min_value} trở về sau."),
                "max_value": _("Năm không hợp lệ."),
                "max_string_length": _("Năm không hợp lệ."),
            },
        )
        number = serializers.IntegerField(
            required=False,
            min_value=1,
            max_value=12,
            help_text=(
                "Tháng (1–12) hoặc quý (1–4); không dùng khi period=year. Mặc định: tháng "
                "hoặc quý gần nhất đã bắt đầu của năm đó."
            ),
            error_messages={
                "invalid": _("Tháng hoặc quý phải là một số nguyên."),
                "min_value": _("Tháng hoặc quý phải từ 1 trở lên."),
                "max_value": _("Tháng phải từ 1 đến 12, quý từ 1 đến 4."),
                "max_string_length": _("Tháng hoặc quý không hợp lệ."),
            },
        )
        group_by = serializers.ChoiceField(
            choices=[group.value for group in GroupBy],
            default=GroupBy.AGENCY.value,
            help_text=(
                "Dòng của biểu: agency (cơ quan, có đơn vị trực thuộc), level (cấp), "
                "field (lĩnh vực) hoặc procedure (thủ tục)."
            ),
            error_messages={
                "invalid_choice": _(
                    "“{input}” không phải cách nhóm hợp lệ: agency, level, field hoặc procedure."
                )
            },
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            try:
                attrs["chosen"] = public_period(
                    kind=attrs["period"],
                    year=attrs.get("year"),
                    number=attrs.get("number"),
                    today=timezone.localdate(),
                )
            except PeriodError as error:
                raise serializers.ValidationError({error.field: [error.message]}) from error
            return attrs

    @extend_schema_serializer(component_name="Form06")
    class OutputSerializer(serializers.Serializer):
        class Form06PeriodSerializer(serializers.Serializer):
            kind = serializers.ChoiceField(choices=[kind.value for kind in PeriodKind])
            year = serializers.IntegerField()
            number = serializers.IntegerField(
                allow_null=True, help_text="Tháng hoặc quý; null với kỳ năm."
            )
            start = serializers.DateField(help_text="Ngày đầu kỳ (tính cả ngày này).")
            end = serializers.DateField(help_text="Ngày cuối kỳ (tính cả ngày này).")
            label = serializers.CharField(help_text="Ví dụ “Quý I/2026”.")

        class Form06RulesSerializer(serializers.Serializer):
            withdrawn_as_resolved = serializers.BooleanField(
                help_text="Hồ sơ rút được tính là đã giải quyết (mặc định: không)."
            )

        class Form06LineSerializer(serializers.Serializer):
            key = serializers.CharField(
                help_text="Khóa của dòng: mã số cơ quan, cấp, lĩnh vực hoặc thủ tục."
            )
            code = serializers.CharField(help_text="Mã cơ quan, lĩnh vực hoặc thủ tục.")
            label = serializers.CharField(help_text="Tên cơ quan, cấp, lĩnh vực hoặc thủ tục.")
            depth = serializers.IntegerField(
                help_text="Độ sâu trong cây cơ quan (0: cơ quan cấp cao nhất)."
            )
            cells = Form06CellsSerializer(source="row")
            on_time_rate = serializers.FloatField(
                source="row.on_time_rate",
                allow_null=True,
                help_text=(
                    "(Trước hạn + đúng hạn) / đã giải quyết; null khi chưa giải quyết hồ sơ nào."
                ),
            )

        class Form06TotalSerializer(serializers.Serializer):
            cells = Form06CellsSerializer(source="*")
            on_time_rate = serializers.FloatField(allow_null=True)

        period = Form06PeriodSerializer()
        group_by = serializers.ChoiceField(choices=[group.value for group in GroupBy])
        rules = Form06RulesSerializer()
        as_of = serializers.DateTimeField(
            allow_null=True, help_text="Lần cập nhật số liệu tổng hợp gần nhất."
        )
        provisional = serializers.BooleanField(
            help_text="Kỳ chưa kết thúc hoặc số liệu chưa chốt: số liệu còn thay đổi."
        )
        lines = Form06LineSerializer(many=True)
        total = Form06TotalSerializer(help_text="Toàn tỉnh.")

    @extend_schema(
        operation_id="statistics_form06_retrieve",
        summary="Tình hình, kết quả giải quyết hồ sơ (biểu 06) của toàn tỉnh",
        parameters=[InputSerializer],
        responses={200: OutputSerializer, **problems(400, 429)},
        tags=["Thống kê"],
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        chosen = params.validated_data["chosen"]
        report = public_form06(period=chosen, group_by=GroupBy(params.validated_data["group_by"]))
        data = {
            "period": chosen.as_dict(),
            "group_by": report.group_by.value,
            "rules": report.rules,
            "as_of": report.as_of,
            "provisional": report.provisional,
            "lines": report.lines,
            "total": report.total,
        }
        response = Response(self.OutputSerializer(data).data)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response
