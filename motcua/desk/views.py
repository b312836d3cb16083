# SPDX-License-Identifier: MPL-2.0
"""Desk views: staff sign-in with TOTP, the dashboard, and agency pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts import otp
from motcua.accounts.forms import StaffLoginForm, TokenForm
from motcua.desk.decorators import desk_view
from motcua.desk.dossier_views import inbox_menu
from motcua.org.access import get_agency_for_staff
from motcua.org.selectors import agency_detail_for_staff, agency_list_for_staff


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/desk/"


def login_view(request: HttpRequest) -> HttpResponse:
    """Password step. With 2FA required, the session is not verified until the TOTP step."""
    form = StaffLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        if not settings.STAFF_REQUIRE_2FA:
            return redirect(_next_url(request))
        step = "desk:otp_verify" if otp.confirmed_device(form.get_user()) else "desk:otp_enrol"
        return redirect(f"{reverse(step)}?{urlencode({'next': _next_url(request)})}")
    return render(request, "desk/login.html", {"form": form, "next": _next_url(request)})


def _require_login(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated or not request.user.is_officer:  # type: ignore[union-attr]
        return redirect("desk:login")
    return None


def otp_verify_view(request: HttpRequest) -> HttpResponse:
    if response := _require_login(request):
        return response
    if otp.confirmed_device(request.user) is None:  # type: ignore[arg-type]
        return redirect("desk:otp_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.totp_verify(request=request, user=request.user, token=form.cleaned_data["token"]):  # type: ignore[arg-type]
            return redirect(_next_url(request))
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn. Vui lòng nhập mã mới."))
    return render(request, "desk/otp_verify.html", {"form": form, "next": _next_url(request)})


def otp_enrol_view(request: HttpRequest) -> HttpResponse:
    """First sign-in of an officer: scan the QR code, then confirm with a first code."""
    if response := _require_login(request):
        return response
    if otp.confirmed_device(request.user) is not None:  # type: ignore[arg-type]
        return redirect("desk:otp_verify")
    device = otp.pending_device(request.user) or otp.totp_device_start_enrolment(user=request.user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.totp_device_confirm(
            request=request, device=device, token=form.cleaned_data["token"]
        ):
            messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản của bạn."))
            return redirect(_next_url(request))
        form.add_error(
            "token", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại và thử lại.")
        )
    context = {
        "form": form,
        "qr_svg": otp.provisioning_qr_svg(device),
        "secret": otp.base32_secret(device),
        "next": _next_url(request),
    }
    return render(request, "desk/otp_enrol.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("desk:login")


@desk_view
def dashboard(request: HttpRequest) -> HttpResponse:
    agencies = agency_list_for_staff(user=request.user, on=timezone.localdate())  # type: ignore[arg-type]
    context = {"agencies": agencies, "inboxes": inbox_menu(request.user)}
    return render(request, "desk/dashboard.html", context)


@desk_view
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_agency_for_staff(request.user, code)  # type: ignore[arg-type]
    return render(
        request,
        "desk/agency_detail.html",
        {"agency": agency, **agency_detail_for_staff(agency=agency)},
    )
