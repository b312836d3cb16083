# SPDX-License-Identifier: MPL-2.0
"""Public statistics of dossier handling (/thong-ke/) and their open data.

The page and its two downloads take the same query string, ``period`` (month, quarter or
year), ``year`` and ``number`` (the month or the quarter); all three are optional and
default to the current month. They read `reports.public` only: counts per top-level agency
and for the province, never a dossier. The downloads are cacheable for five minutes, carry
a weak ETag (a client that revalidates gets a 304) and may be read from any origin.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from motcua.reports.public import (
    LICENCE,
    MIN_YEAR,
    OPEN_DATA_COLUMNS,
    ROMAN,
    PeriodError,
    PeriodKind,
    PublicPeriod,
    PublicStatistics,
    counting_rules,
    open_data_document,
    open_data_records,
    public_period,
    public_statistics,
)

FIRST_LISTED_YEAR = 2019  # the year selector lists the years from here to this one
MAX_AGE = 300  # seconds: the summary tables are refreshed every few minutes
SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "api" / "open-data.schema.json"


class PeriodForm(forms.Form):
    """The period selector (a GET form). Every field is optional: nothing means this month;
    without a month or quarter, the latest one of the year that has begun."""

    period = forms.ChoiceField(
        label=gettext_lazy("Xem theo"),
        required=False,
        choices=[
            (PeriodKind.MONTH.value, gettext_lazy("Tháng")),
            (PeriodKind.QUARTER.value, gettext_lazy("Quý")),
            (PeriodKind.YEAR.value, gettext_lazy("Năm")),
        ],
        widget=forms.Select(attrs={"class": "mc-select"}),
        error_messages={"invalid_choice": gettext_lazy("Chọn xem theo tháng, quý hoặc năm.")},
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm"),
        required=False,
        widget=forms.Select(attrs={"class": "mc-select"}),
        error_messages={"invalid": gettext_lazy("Năm phải là một số, ví dụ 2026.")},
    )
    number = forms.IntegerField(
        label=gettext_lazy("Tháng hoặc quý"),
        required=False,
        help_text=gettext_lazy("Khi xem theo năm, không cần chọn mục này."),
        widget=forms.Select(attrs={"class": "mc-select"}),
        error_messages={"invalid": gettext_lazy("Chọn tháng (1–12) hoặc quý (I–IV).")},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.chosen: PublicPeriod | None = None
        first = FIRST_LISTED_YEAR
        asked = str(self.data.get("year", "")) if self.is_bound else ""
        if re.fullmatch(r"[0-9]{4}", asked):  # an older year asked for is listed too
            first = min(first, max(int(asked), MIN_YEAR))
        years = [(y, str(y)) for y in range(today.year, first - 1, -1)]
        self.fields["year"].widget.choices = years
        numbers = [("", _("Mới nhất"))]
        for n in range(1, 13):
            label = _("Tháng %(month)s") % {"month": n}
            if n <= 4:
                label = _("Tháng %(month)s / Quý %(quarter)s") % {
                    "month": n,
                    "quarter": ROMAN[n - 1],
                }
            numbers.append((str(n), label))
        self.fields["number"].widget.choices = numbers

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.chosen = public_period(
                kind=data.get("period"),
                year=data.get("year"),
                number=data.get("number"),
                today=self.today,
            )
        except PeriodError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    def errors_list(self) -> list[dict[str, str]]:
        return [
            {"field": "" if name == "__all__" else name, "detail": str(message)}
            for name, messages in self.errors.items()
            for message in messages
        ]


def _query(chosen: PublicPeriod) -> str:
    params: dict[str, Any] = {"period": chosen.kind.value, "year": chosen.year}
    if chosen.number is not None:
        params["number"] = chosen.number
    return urlencode(params)


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    if not form.is_valid() or form.chosen is None:
        context = {"form": form, "stats": None}
        return render(request, "portal/stats/index.html", context, status=400)
    chosen = form.chosen
    stats = public_statistics(
        period_kind=chosen.kind.value, year=chosen.year, number=chosen.number, today=today
    )
    shown = PeriodForm(
        initial={"period": chosen.kind.value, "year": chosen.year, "number": chosen.number},
        today=today,
    )
    query = _query(chosen)
    context = {
        "form": shown,
        "stats": stats,
        "rules": counting_rules(stats.rules)["summary"],
        "csv_url": f"{reverse('portal:statistics_csv')}?{query}",
        "json_url": f"{reverse('portal:statistics_json')}?{query}",
        "schema_url": reverse("portal:statistics_schema"),
        "api_url": f"{reverse('api:statistics_form06')}?{query}",
        "licence": LICENCE,
    }
    return render(request, "portal/stats/index.html", context)


# --- open data -----------------------------------------------------------------------------
def _problem(request: HttpRequest, form: PeriodForm) -> HttpResponse:
    """A 400 as RFC 9457 problem details, like the API's."""
    body = {
        "type": "about:blank",
        "title": _("Yêu cầu không hợp lệ"),
        "status": 400,
        "detail": _("Tham số kỳ báo cáo không hợp lệ; xem danh sách lỗi."),
        "instance": request.path,
        "errors": form.errors_list(),
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=400,
        content_type="application/problem+json",
    )


def _statistics_or_problem(request: HttpRequest) -> PublicStatistics | HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    if not form.is_valid() or form.chosen is None:
        return _problem(request, form)
    chosen = form.chosen
    return public_statistics(
        period_kind=chosen.kind.value, year=chosen.year, number=chosen.number, today=today
    )


def _etag(stats: PublicStatistics) -> str:
    """Weak: the same figures as of the same refresh, whatever the generation time."""
    state = [stats.as_of.isoformat() if stats.as_of else None, open_data_records(stats)]
    digest = hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def _publish(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    response["ETag"] = etag
    conditional = get_conditional_response(request, etag=etag, response=response)
    if conditional is not response:
        patch_cache_control(conditional, public=True, max_age=MAX_AGE)
        conditional["Access-Control-Allow-Origin"] = "*"
    return conditional


def _file_name(stats: PublicStatistics, extension: str) -> str:
    return f"thong-ke-giai-quyet-ho-so-{stats.period.slug}.{extension}"


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@require_safe
def statistics_csv(request: HttpRequest) -> HttpResponse:
    """CSV, UTF-8 with a byte-order mark (Excel reads the Vietnamese names right)."""
    with translation.override(settings.LANGUAGE_CODE):  # the data set speaks Vietnamese
        stats = _statistics_or_problem(request)
        if isinstance(stats, HttpResponse):
            return stats
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_file_name(stats, "csv")}"'
        response.write("\ufeff")
        writer = csv.writer(response, lineterminator="\r\n")
        writer.writerow(OPEN_DATA_COLUMNS)
        for record in open_data_records(stats):
            writer.writerow([_csv_value(record[column]) for column in OPEN_DATA_COLUMNS])
        return _publish(request, response, _etag(stats))


@require_safe
def statistics_json(request: HttpRequest) -> HttpResponse:
    """JSON: metadata (title, licence, period, counting rules, schema), totals, records."""
    with translation.override(settings.LANGUAGE_CODE):
        stats = _statistics_or_problem(request)
        if isinstance(stats, HttpResponse):
            return stats
        document = open_data_document(
            stats,
            generated_at=timezone.localtime(),
            schema_url=request.build_absolute_uri(reverse("portal:statistics_schema")),
            publisher=settings.SITE_NAME,
        )
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'inline; filename="{_file_name(stats, "json")}"'
        return _publish(request, response, _etag(stats))


@lru_cache(maxsize=1)
def _schema_text() -> str | None:
    try:
        return SCHEMA_FILE.read_text(encoding="utf-8")
    except OSError:
        return None


@require_safe
def statistics_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the JSON download (docs/api/open-data.schema.json)."""
    text = _schema_text()
    if text is None:
        raise Http404("The open-data schema is not installed")
    response = HttpResponse(text, content_type="application/schema+json; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    response["Access-Control-Allow-Origin"] = "*"
    return response
