# SPDX-License-Identifier: MPL-2.0
"""Shared pieces of the OpenAPI description: the problem-details body."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (application/problem+json)."""

    class FieldErrorSerializer(serializers.Serializer):
        field = serializers.CharField(help_text="Tham số hoặc trường bị lỗi.")
        detail = serializers.CharField()

    type = serializers.CharField(default="about:blank")
    title = serializers.CharField(help_text="Tiêu đề lỗi theo mã trạng thái, tiếng Việt.")
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(help_text="Đường dẫn của yêu cầu.")
    errors = FieldErrorSerializer(many=True, required=False)


PROBLEM = "application/problem+json"


def problems(*statuses: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Schema responses for the given error statuses, as problem details."""
    return {
        (status, PROBLEM): OpenApiResponse(
            response=ProblemSerializer, description=DESCRIPTIONS[status]
        )
        for status in statuses
    }


DESCRIPTIONS = {
    400: "Tham số không hợp lệ (danh sách `errors`).",
    404: "Không tìm thấy.",
    429: "Quá nhiều yêu cầu; xem tiêu đề Retry-After.",
}
