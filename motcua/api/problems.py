# SPDX-License-Identifier: MPL-2.0
"""Errors as RFC 9457 problem details (``application/problem+json``), in Vietnamese.

Every error the API answers has the same shape::

    {"type": "about:blank", "title": "Không tìm thấy", "status": 404,
     "detail": "…", "instance": "/api/v1/procedures/9.999",
     "errors": [{"field": "search", "detail": "…"}]}   # only for invalid input

``type`` is ``about:blank`` (RFC 9457 §4.2.1): the status code says it all, so ``title``
is the status's own title. The answer is a plain JSON response rather than a DRF
``Response``, so content negotiation (the browsable API in development) cannot turn an
error into HTML. Unexpected exceptions are left to Django (500, logged); bad input never
reaches them because the views validate it first.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("Yêu cầu không hợp lệ"),
        401: _("Chưa xác thực"),
        403: _("Không có quyền truy cập"),
        404: _("Không tìm thấy"),
        405: _("Phương thức không được hỗ trợ"),
        406: _("Không thể trả về định dạng yêu cầu"),
        415: _("Định dạng dữ liệu gửi lên không được hỗ trợ"),
        429: _("Quá nhiều yêu cầu"),
        500: _("Lỗi máy chủ"),
    }


def _default_details() -> dict[int, str]:
    return {
        400: _("Dữ liệu gửi lên không hợp lệ; xem danh sách lỗi."),
        401: _("Cần thông tin xác thực hợp lệ."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy tài nguyên được yêu cầu."),
        405: _("Phương thức %(method)s không được hỗ trợ tại địa chỉ này."),
        429: _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau %(seconds)s giây."),
        500: _("Đã xảy ra lỗi ngoài dự kiến. Vui lòng thử lại sau."),
    }


def problem_response(
    request: HttpRequest,
    status: int,
    *,
    detail: str | None = None,
    errors: list[dict[str, str]] | None = None,
    params: dict[str, Any] | None = None,
) -> HttpResponse:
    """A problem-details response for ``status``, with a Vietnamese title and detail."""
    if detail is None:
        template = _default_details().get(status, "")
        detail = template % (params or {}) if template else ""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _titles().get(status, _("Lỗi")),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )


def _flatten(data: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error dict/list as a flat list of {field, detail}."""
    if isinstance(data, dict):
        rows = []
        for key, value in data.items():
            name = "" if key == "non_field_errors" else str(key)
            rows += _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return rows
    if isinstance(data, list):
        if all(not isinstance(item, dict | list) for item in data):
            return [{"field": prefix, "detail": str(item)} for item in data]
        rows = []
        for index, item in enumerate(data):
            rows += _flatten(item, f"{prefix}.{index}" if prefix else str(index))
        return rows
    return [{"field": prefix, "detail": str(data)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
    """DRF's EXCEPTION_HANDLER: every APIException and Http404/PermissionDenied as a problem."""
    response = drf_exception_handler(exc, context)  # maps Http404, PermissionDenied
    if response is None:
        return None  # a real bug: Django answers 500 and logs it
    request = context["request"]
    status = response.status_code
    errors = None
    detail: str | None = None
    params: dict[str, Any] = {"method": request.method}
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        params["seconds"] = math.ceil(exc.wait) if exc.wait else 1
    elif isinstance(exc, exceptions.NotFound) and str(exc.detail) != str(exc.default_detail):
        detail = str(exc.detail)  # a view's own message ("Không có thủ tục mã …")
    elif status in (401, 403, 404, 405):
        pass  # our own Vietnamese wording rather than DRF's
    elif isinstance(exc, exceptions.APIException):
        detail = str(exc.detail)
    problem = problem_response(request, status, detail=detail, errors=errors, params=params)
    for header in ("Retry-After", "WWW-Authenticate", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: a problem under /api/ (no route matched), Django's page elsewhere."""
    if _is_api(request):
        return problem_response(request, 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a problem under /api/ (the error itself is logged by Django)."""
    if _is_api(request):
        return problem_response(request, 500)
    return defaults.server_error(request)
