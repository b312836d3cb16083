# SPDX-License-Identifier: MPL-2.0
"""Portal pages for citizens and businesses."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.forms import CitizenLoginForm
from motcua.org.selectors import agency_get_public, agency_list_public, province_summary


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "summary": province_summary(on=today),
        "agencies": agency_list_public(on=today)[:12],
    }
    return render(request, "portal/home.html", context)


def agency_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/agency_list.html",
        {"agencies": agency_list_public(on=timezone.localdate())},
    )


def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_public(code=code, on=timezone.localdate())
    if agency is None:
        raise Http404("No such agency")
    return render(request, "portal/agency_detail.html", {"agency": agency})


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = CitizenLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "portal:home"
