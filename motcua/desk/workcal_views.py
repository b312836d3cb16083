# SPDX-License-Identifier: MPL-2.0
"""Desk pages of the working calendar: the year grid and the due-date checker."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.desk.decorators import desk_view
from motcua.domain.deadlines import DurationUnit
from motcua.domain.errors import DomainError
from motcua.workcal.forms import DeadlineForm
from motcua.workcal.selectors import calendar_year, deadline_compute, policy_in_force
from motcua.workcal.trail import trail_text

FIRST_YEAR, LAST_YEAR = 2010, 2100


@desk_view
def calendar_current(request: HttpRequest) -> HttpResponse:
    return redirect("desk:calendar_year", year=timezone.localdate().year)


@desk_view
def calendar_year_view(request: HttpRequest, year: int) -> HttpResponse:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Year out of range")
    context = {
        "year": year,
        "months": calendar_year(year=year),
        "policy": policy_in_force(on=timezone.localdate()),
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "desk/workcal/year.html", context)


@desk_view
def deadline_check(request: HttpRequest) -> HttpResponse:
    form = DeadlineForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        received = timezone.make_aware(
            datetime.combine(data["received_date"], data["received_time"])
        )
        try:
            deadline = deadline_compute(
                received_at=received, amount=data["amount"], unit=DurationUnit(data["unit"])
            )
        except DomainError:
            form.add_error("amount", _("Thời hạn theo đơn vị này phải là bội số của nửa ngày."))
        else:
            result = {"deadline": deadline, "trail": [trail_text(e) for e in deadline.trail]}
    return render(request, "desk/workcal/deadline.html", {"form": form, "result": result})
