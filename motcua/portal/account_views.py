# SPDX-License-Identifier: MPL-2.0
"""Applicant accounts on the portal: registration with a code, the profile page, change
of phone or e-mail with a code, and the organisations the applicant represents.

The profile page always shows ``request.user``: there is no URL for anyone else's. Which
code a visitor is confirming is kept in their session, never taken from the URL.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.errors import AccountError, IdentifierTaken
from motcua.accounts.forms import (
    ContactChangeForm,
    OrganisationLinkForm,
    ProfileForm,
    RegistrationForm,
    VerificationCodeForm,
)
from motcua.accounts.models import User, VerificationPurpose
from motcua.accounts.selectors import membership_list_for_user, verification_get_for_user
from motcua.accounts.services import (
    contact_change_confirm,
    contact_change_resend,
    contact_change_start,
    organisation_link,
    profile_update,
    registration_confirm,
    registration_resend,
    registration_start,
)
from motcua.accounts.verification import MAX_ATTEMPTS, RESEND_INTERVAL
from motcua.core.ratelimit import client_key, hit, retry_after

LOGIN_BACKEND = "motcua.accounts.backends.LoginIdentifierBackend"
SESSION_REGISTRATION = "motcua.registration"
SESSION_CONTACT = "motcua.contact_change"

View = Callable[..., HttpResponse]


def citizen_view(view: View) -> View:
    """Signed-in applicants only: visitors go to the sign-in page, staff get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.is_officer:  # type: ignore[union-attr]
            raise PermissionDenied("applicant pages")
        return view(request, *args, **kwargs)

    return wrapper


def _code_page(request: HttpRequest, form: VerificationCodeForm, **context: Any) -> HttpResponse:
    limits = {"max_attempts": MAX_ATTEMPTS, "resend_seconds": RESEND_INTERVAL.seconds}
    return render(request, "portal/account/confirm_code.html", {**context, **limits, "form": form})


# --- Registration ----------------------------------------------------------------------
_HOUR = 3600


def _registration_allowed(request: HttpRequest) -> bool:
    """Each registration sends a code: cap what one address can make the system send."""
    key = f"register:{client_key(request)}"
    return hit(key, settings.REGISTRATION_RATE_LIMIT, _HOUR)


def _too_many_registrations(request: HttpRequest) -> HttpResponse:
    seconds = retry_after(_HOUR)
    context = {"minutes": math.ceil(seconds / 60)}
    response = render(request, "portal/account/too_many.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:account")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and not _registration_allowed(request):
        return _too_many_registrations(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            verification = registration_start(
                actor=None,
                full_name=data["full_name"],
                identifier=data["identifier"].value,
                password=data["password1"],
            )
        except AccountError as error:
            field = "identifier" if isinstance(error, IdentifierTaken) else None
            form.add_error(field, error.message)
        else:
            request.session[SESSION_REGISTRATION] = verification.pk
            return redirect("portal:register_confirm")
    return render(request, "portal/account/register.html", {"form": form})


def register_confirm(request: HttpRequest) -> HttpResponse:
    verification = verification_get_for_user(
        verification_id=request.session.get(SESSION_REGISTRATION),
        purpose=VerificationPurpose.REGISTRATION,
    )
    if verification is None:
        return redirect("portal:register")
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = registration_confirm(
                actor=None, verification_id=verification.pk, code=form.cleaned_data["code"]
            )
        except AccountError as error:
            form.add_error("code", error.message)
        else:
            del request.session[SESSION_REGISTRATION]
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("Tài khoản của bạn đã được kích hoạt."))
            return redirect("portal:account")
    return _code_page(
        request,
        form,
        title=_("Xác nhận đăng ký"),
        verification=verification,
        resend_url="portal:register_resend",
    )


@require_POST
def register_resend(request: HttpRequest) -> HttpResponse:
    try:
        verification = registration_resend(
            actor=None, verification_id=request.session.get(SESSION_REGISTRATION)
        )
    except AccountError as error:
        messages.error(request, error.message)
    else:
        request.session[SESSION_REGISTRATION] = verification.pk
        messages.success(request, _("Đã gửi mã xác nhận mới. Mã cũ không còn dùng được."))
    return redirect("portal:register_confirm")


# --- Profile -----------------------------------------------------------------------------
def _profile_page(request: HttpRequest, **forms: Any) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "account": user,
        "profile_form": forms.get("profile_form") or _profile_form(user),
        "contact_form": forms.get("contact_form") or ContactChangeForm(prefix="contact"),
        "organisation_form": forms.get("organisation_form") or OrganisationLinkForm(prefix="org"),
        "memberships": membership_list_for_user(user=user),
    }
    return render(request, "portal/account/profile.html", context)


def _profile_form(user: User, data: Any = None) -> ProfileForm:
    initial = {
        "full_name": user.full_name,
        "identity_number": user.identity_number,
        "address": user.address,
    }
    verified = user.identity_verified_at is not None
    return ProfileForm(data, initial=initial, identity_verified=verified)


@citizen_view
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in applicant's own account; POST saves their details."""
    form = _profile_form(request.user, request.POST if request.method == "POST" else None)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except AccountError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("portal:account")
    return _profile_page(request, profile_form=form)


@citizen_view
@require_POST
def organisation_add(request: HttpRequest) -> HttpResponse:
    form = OrganisationLinkForm(request.POST, prefix="org")
    if form.is_valid():
        try:
            organisation = organisation_link(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except AccountError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": organisation.name})
            return redirect("portal:account")
    return _profile_page(request, organisation_form=form)


# --- Change of phone or e-mail -----------------------------------------------------------
@citizen_view
@require_POST
def contact_change(request: HttpRequest) -> HttpResponse:
    form = ContactChangeForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            verification = contact_change_start(
                actor=request.user,  # type: ignore[arg-type]
                identifier=form.cleaned_data["identifier"].value,
            )
        except AccountError as error:
            form.add_error("identifier", error.message)
        else:
            request.session[SESSION_CONTACT] = verification.pk
            return redirect("portal:contact_confirm")
    return _profile_page(request, contact_form=form)


@citizen_view
def contact_confirm(request: HttpRequest) -> HttpResponse:
    verification = verification_get_for_user(
        verification_id=request.session.get(SESSION_CONTACT),
        purpose=VerificationPurpose.CONTACT_CHANGE,
        user=request.user,  # type: ignore[arg-type]
    )
    if verification is None:
        return redirect("portal:account")
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_change_confirm(
                actor=request.user,  # type: ignore[arg-type]
                verification_id=verification.pk,
                code=form.cleaned_data["code"],
            )
        except AccountError as error:
            form.add_error("code", error.message)
        else:
            del request.session[SESSION_CONTACT]
            messages.success(
                request, _("Đã cập nhật %(target)s.") % {"target": verification.target}
            )
            return redirect("portal:account")
    return _code_page(
        request,
        form,
        title=_("Xác nhận thông tin liên hệ mới"),
        verification=verification,
        resend_url="portal:contact_resend",
    )


@citizen_view
@require_POST
def contact_resend(request: HttpRequest) -> HttpResponse:
    try:
        verification = contact_change_resend(
            actor=request.user,  # type: ignore[arg-type]
            verification_id=request.session.get(SESSION_CONTACT),
        )
    except AccountError as error:
        messages.error(request, error.message)
    else:
        request.session[SESSION_CONTACT] = verification.pk
        messages.success(request, _("Đã gửi mã xác nhận mới. Mã cũ không còn dùng được."))
    return redirect("portal:contact_confirm")
