# SPDX-License-Identifier: MPL-2.0
"""The fake identity provider's page (/sso/fake/): pick a demo person, or cancel.

It plays the national portal's part, so it only sends the browser back to a callback on
this site (``redirect_uri`` must be same-host) and answers 404 unless ``SSO_PROVIDER`` is
``fake``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from motcua.integrations.sso.fake.provider import (
    DEMO_IDENTITIES,
    FakeSsoProvider,
    demo_identity,
    issue_code,
)


def _back(redirect_uri: str, **params: str) -> str:
    joiner = "&" if "?" in redirect_uri else "?"
    return f"{redirect_uri}{joiner}{urlencode(params)}"


def authorize(request: HttpRequest) -> HttpResponse:
    if FakeSsoProvider.name != settings.SSO_PROVIDER:
        raise Http404("the fake identity provider is off")
    params = request.POST if request.method == "POST" else request.GET
    state, nonce = params.get("state", ""), params.get("nonce", "")
    redirect_uri = params.get("redirect_uri", "")
    if not (
        state
        and nonce
        and url_has_allowed_host_and_scheme(redirect_uri, {request.get_host()}, request.is_secure())
    ):
        message = _("Yêu cầu đăng nhập không hợp lệ.")
        return render(request, "portal/account/sso_error.html", {"message": message}, status=400)
    if request.method == "POST":
        if "cancel" in request.POST:
            return redirect(_back(redirect_uri, error="access_denied", state=state))
        demo = demo_identity(request.POST.get("identity", ""))
        if demo is not None:
            code = issue_code(key=demo.key, nonce=nonce)
            return redirect(_back(redirect_uri, code=code, state=state))
    context = {
        "identities": DEMO_IDENTITIES,
        "state": state,
        "nonce": nonce,
        "redirect_uri": redirect_uri,
    }
    return render(request, "portal/account/sso_fake.html", context)
