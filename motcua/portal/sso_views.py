# SPDX-License-Identifier: MPL-2.0
"""Sign-in through national single sign-on (VNeID): start, and the provider's callback.

``state`` ties the callback to the browser that started the sign-in (no login CSRF) and is
used once: the callback removes it from the session before anything else, whatever the
outcome. ``nonce`` ties the identity the code yields to this sign-in (checked by the
provider in ``exchange``).
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from motcua.accounts.errors import AccountError
from motcua.accounts.services_sso import sso_sign_in
from motcua.integrations.sso.base import SsoError, SsoProvider
from motcua.integrations.sso.registry import get_provider
from motcua.portal.account_views import LOGIN_BACKEND

logger = logging.getLogger(__name__)
SESSION_SSO = "motcua.sso"


def _provider(request: HttpRequest) -> SsoProvider:
    callback = request.build_absolute_uri(reverse("portal:vneid_callback"))
    provider = get_provider(redirect_uri=callback)
    if provider is None:
        raise Http404("national sign-on is off (SSO_PROVIDER)")
    return provider


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def _failed(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/account/sso_error.html", {"message": message}, status=400)


def vneid_start(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    if request.user.is_authenticated:
        return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    request.session[SESSION_SSO] = {"state": state, "nonce": nonce, "next": _next_url(request)}
    return redirect(provider.authorization_url(state, nonce))


def vneid_callback(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    pending = request.session.pop(SESSION_SSO, None)  # single use, whatever happens next
    state = request.GET.get("state", "")
    if not pending or not state or not constant_time_compare(state, pending["state"]):
        return _failed(request, _("Phiên đăng nhập VNeID không hợp lệ hoặc đã được dùng."))
    if request.GET.get("error"):
        return _failed(request, _("Bạn đã hủy đăng nhập bằng VNeID."))
    try:
        identity = provider.exchange(request.GET.get("code", ""), nonce=pending["nonce"])
        user = sso_sign_in(actor=None, provider=provider.name, identity=identity)
    except SsoError as error:
        logger.warning("VNeID sign-in failed: %s", error)
        return _failed(request, _("Không xác thực được với VNeID. Vui lòng thử lại."))
    except AccountError as error:
        return _failed(request, error.message)
    login(request, user, backend=LOGIN_BACKEND)
    return redirect(pending["next"] or settings.LOGIN_REDIRECT_URL)
