# SPDX-License-Identifier: MPL-2.0
"""Desk statistics (Directive 01 clause 2a): form 06 and its downloads, the dashboard and
the list of dossiers overdue now.

Who may read what is `reports.access.report_scope`: provincial supervisors and system
administrators the province, agency leaders, unit heads and procedure-control focal points
their agency and its sub-units; other signed-in users get 403, anonymous visitors the staff
login. Inputs outside the scope are form errors, so no figure of another agency shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.desk.decorators import desk_view
from motcua.desk.report_forms import (
    DashboardFilterForm,
    Form06FilterForm,
    ScopeFilterForm,
    bound_data,
)
from motcua.reports import charts
from motcua.reports.access import report_scope
from motcua.reports.dashboards import (
    MIN_RESOLVED,
    MonthPoint,
    RankedAgency,
    agency_ranking,
    days_overdue,
    last_months,
    monthly_trend,
    overdue_dossiers,
    root_agency_name,
)
from motcua.reports.exports import form06_pdf, form06_xlsx
from motcua.reports.selectors import GroupBy, Line, Report, Scope, form06

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS: dict[str, tuple[Callable[..., bytes], str]] = {
    "xlsx": (form06_xlsx, XLSX),
    "pdf": (form06_pdf, "application/pdf"),
}
_NOT_CARRIED = ("format", "trang")  # parameters a link to another view never carries


def report_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`desk_view` for readers of statistics: the view gets `allowed`, the user's widest
    report scope; a signed-in user without a report role (a citizen too) gets 403."""
    gated = desk_view(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        allowed = None
        if request.user.is_authenticated:
            allowed = report_scope(request.user)  # type: ignore[arg-type]
            if allowed is None:
                raise PermissionDenied("No report role")
        return gated(request, *args, allowed=allowed, **kwargs)

    return wrapper


# --- form 06 -------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineView:
    """A report line as the page shows it: indent, rate and its two links."""

    line: Line
    rate: str
    narrow_url: str
    overdue_url: str

    @property
    def indent(self) -> str:
        """Sub-units sit under their agency: one em space per level and an arrow."""
        return "\u2003" * (self.line.depth - 1) + "↳ " if self.line.depth else ""


_LABEL_HEADERS = {
    GroupBy.AGENCY: gettext_lazy("Cơ quan, đơn vị"),
    GroupBy.LEVEL: gettext_lazy("Cấp"),
    GroupBy.FIELD: gettext_lazy("Lĩnh vực"),
    GroupBy.PROCEDURE: gettext_lazy("Thủ tục hành chính"),
}


@report_view
def form06_page(request: HttpRequest, allowed: Scope) -> HttpResponse:
    """Form 06 for the chosen period and scope, as a page or (``?format=``) a download."""
    export = request.GET.get("format", "")
    if export and export not in EXPORTS:
        raise Http404("No such format")
    data = bound_data(request.GET, timezone.localdate())
    form = Form06FilterForm(data, allowed=allowed)
    if not form.is_valid():
        return render(request, "desk/reports/form06.html", {"form": form})
    report = form06(
        period=form.report_period(),
        group_by=form.grouping(),
        scope=form.scope(),
        rules=form.rules(),
    )
    if export:
        return _download(request, form, report, export)
    params = {k: v for k, v in data.items() if k not in _NOT_CARRIED}
    context = {
        "form": form,
        "report": report,
        "period_label": form.period_label(),
        "label_header": _LABEL_HEADERS[report.group_by],
        "lines": [_line_view(line, report.group_by, form, params) for line in report.lines],
        "total_rate": charts.percent(report.total.on_time_rate),
        "total_overdue_url": _url("desk:report_overdue", form.scope_params()),
        "xlsx_url": "?" + urlencode({**params, "format": "xlsx"}),
        "pdf_url": "?" + urlencode({**params, "format": "pdf"}),
    }
    return render(request, "desk/reports/form06.html", context)


def _url(name: str, params: dict[str, str]) -> str:
    query = urlencode(params)
    return reverse(name) + (f"?{query}" if query else "")


def _line_view(line: Line, group_by: GroupBy, form: Form06FilterForm, params: dict) -> LineView:
    narrow_url, filters = "", {}
    if group_by is GroupBy.AGENCY:
        narrow_url = "?" + urlencode({**params, "agency": line.key})
        filters = {"agency": line.key}
    elif group_by is GroupBy.LEVEL and line.key:
        filters = {"level": line.key}
    elif group_by is GroupBy.FIELD:
        filters = {"field": line.key}
    elif group_by is GroupBy.PROCEDURE:
        filters = {"procedure": line.code}
    overdue_url = _url("desk:report_overdue", {**form.scope_params(), **filters})
    return LineView(line, charts.percent(line.row.on_time_rate), narrow_url, overdue_url)


def _download(
    request: HttpRequest, form: Form06FilterForm, report: Report, export: str
) -> HttpResponse:
    """The official form as a file; its texts are Vietnamese whatever the page language."""
    make, content_type = EXPORTS[export]
    agency = form.cleaned_data.get("agency")
    issuer = agency.name if agency else root_agency_name(form.allowed)
    with translation.override("vi"):
        content = make(report, agency_name=issuer, prepared_by=request.user.full_name)  # type: ignore[union-attr]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-06-{form.slug()}.{export}"'
    return response


# --- dashboard -----------------------------------------------------------------------------
@report_view
def dashboard(request: HttpRequest, allowed: Scope) -> HttpResponse:
    """KPI tiles of the period, the 12-month trend, the agency ranking, the overdue list."""
    today = timezone.localdate()
    data = bound_data(request.GET, today)
    form = DashboardFilterForm(data, allowed=allowed)
    if not form.is_valid():
        return render(request, "desk/reports/dashboard.html", {"form": form})
    scope, rules, period = form.scope(), form.rules(), form.report_period()
    report = form06(period=period, scope=scope, rules=rules)
    trend = monthly_trend(months=last_months(min(period.end, today)), scope=scope, rules=rules)
    ranking = agency_ranking(report)
    params = {k: v for k, v in data.items() if k not in _NOT_CARRIED}
    context = {
        "form": form,
        "report": report,
        "period_label": form.period_label(),
        "total": report.total,
        "on_time_rate": charts.percent(report.total.on_time_rate),
        "online_rate": charts.percent(report.total.online_rate),
        **_trend_context(trend),
        **_ranking_context(ranking),
        **_overdue_page(request, scope, today),
        "query_string": urlencode(params),
        "form06_url": _url("desk:report_form06", params),
        "overdue_url": _url("desk:report_overdue", form.scope_params()),
    }
    return render(request, "desk/reports/dashboard.html", context)


def _trend_context(trend: list[MonthPoint]) -> dict[str, object]:
    first, last = trend[0].label, trend[-1].label
    rates = [(p.label, p.row.on_time_rate) for p in trend]
    received = [(p.label, (p.row.new_online, p.row.new_direct)) for p in trend]
    span = _("từ tháng %(first)s đến tháng %(last)s") % {"first": first, "last": last}
    return {
        "trend": [
            (p, charts.percent(p.row.on_time_rate), charts.percent(p.row.online_rate))
            for p in trend
        ],
        "trend_span": span,
        "rate_chart": charts.line_chart(
            rates,
            chart_id="chart-on-time",
            title=_("Tỷ lệ giải quyết đúng hạn theo tháng, %(span)s") % {"span": span},
            description=_("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn trên số đã giải quyết."),
        ),
        "received_chart": charts.stacked_bar_chart(
            received,
            chart_id="chart-received",
            title=_("Hồ sơ mới tiếp nhận theo tháng, %(span)s") % {"span": span},
            series=[_("Trực tuyến"), _("Trực tiếp, bưu chính")],
            description=_("Số hồ sơ mới tiếp nhận trực tuyến và trực tiếp hoặc qua bưu chính."),
        ),
    }


def _ranking_context(ranking: list[RankedAgency]) -> dict[str, object]:
    rated = [item for item in ranking if item.rate is not None]
    chart = charts.bar_chart(
        [(item.label, item.rate) for item in rated],
        chart_id="chart-ranking",
        title=_("Xếp hạng tỷ lệ giải quyết đúng hạn theo cơ quan, đơn vị"),
        description=_("Dấu * đánh dấu cơ quan giải quyết dưới %(n)s hồ sơ trong kỳ.")
        % {"n": MIN_RESOLVED},
        fmt=charts.percent,
        max_value=1.0,
        flagged=[item.few for item in rated],
    )
    rows = [(item, charts.percent(item.rate)) for item in ranking]
    return {"ranking": rows, "ranking_chart": chart if rated else "", "min_resolved": MIN_RESOLVED}


# --- overdue now ---------------------------------------------------------------------------
def _overdue_page(request: HttpRequest, scope: Scope, today: date) -> dict[str, object]:
    """One page of the overdue list: the page and its rows (dossier, days overdue)."""
    dossiers = overdue_dossiers(scope=scope, today=today)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    return {"page": page, "rows": [(d, days_overdue(d, today)) for d in page]}


@report_view
def overdue_list(request: HttpRequest, allowed: Scope) -> HttpResponse:
    """Open dossiers past their legal due date now, in the chosen scope (25 a page)."""
    today = timezone.localdate()
    form = ScopeFilterForm(request.GET, allowed=allowed)
    if not form.is_valid():
        return render(request, "desk/reports/overdue.html", {"form": form, "today": today})
    params = {k: v for k, v in request.GET.items() if k not in _NOT_CARRIED}
    context = {
        "form": form,
        **_overdue_page(request, form.scope(), today),
        "query_string": urlencode(params),
        "today": today,
    }
    return render(request, "desk/reports/overdue.html", context)
