# SPDX-License-Identifier: MPL-2.0
"""Public status lookup (tra cứu hồ sơ): the QR target of every official form.

Anyone with the dossier code sees its public status; the applicant sees more with the
lookup secret printed on form 01 (posted, never in the address) or when signed in with the
account that submitted it. An unknown code answers the same "not found", whether or not a
secret came with it. Lookups and wrong secrets are rate-limited per client address.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from motcua.core.ratelimit import blocked, client_key, hit, retry_after
from motcua.dossiers.public import (
    CODE_MAX_LENGTH,
    PrivateStatus,
    PublicStatus,
    dossier_status_for_owner,
    dossier_status_private,
    dossier_status_public,
    normalise_code,
)
from motcua.portal.lookup_forms import LookupForm


def _too_many(request: HttpRequest) -> HttpResponse:
    seconds = retry_after(settings.LOOKUP_RATE_WINDOW_SECONDS)
    context = {
        "minutes": math.ceil(seconds / 60),
        "retry_at": timezone.now() + timedelta(seconds=seconds),
    }
    response = render(request, "portal/lookup/too_many.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _lookup_allowed(request: HttpRequest) -> bool:
    key = f"lookup:{client_key(request)}"
    return hit(key, settings.LOOKUP_RATE_LIMIT, settings.LOOKUP_RATE_WINDOW_SECONDS)


def _not_found(request: HttpRequest, code: str) -> HttpResponse:
    initial = {"code": normalise_code(code)[:CODE_MAX_LENGTH]}
    context = {"form": LookupForm(initial=initial), "not_found": True}
    return render(request, "portal/lookup/form.html", context, status=404)


def _status_page(
    request: HttpRequest,
    public: PublicStatus,
    private: PrivateStatus | None,
    *,
    wrong_secret: bool = False,
) -> HttpResponse:
    context = {
        "status": public,
        "private": private,
        "form": None if private else LookupForm(initial={"code": public.code}),
        "wrong_secret": wrong_secret,
    }
    return render(request, "portal/lookup/status.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """The lookup form; posted without a secret, it moves to the code's own address."""
    if request.method == "GET":
        return render(request, "portal/lookup/form.html", {"form": LookupForm()})
    form = LookupForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/lookup/form.html", {"form": form})
    code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
    if not secret:
        return redirect("portal:lookup_status", code=code)
    return _lookup_with_secret(request, code, secret)


def _lookup_with_secret(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    """The applicant's view if the secret is right; counted as a failure otherwise, so an
    unknown code and a wrong secret cost the same. Refused before checking when over."""
    failures = f"lookup-secret:{client_key(request)}"
    limit, window = settings.LOOKUP_SECRET_FAILURE_LIMIT, settings.LOOKUP_RATE_WINDOW_SECONDS
    if not _lookup_allowed(request) or blocked(failures, limit, window):
        return _too_many(request)
    private = dossier_status_private(code, secret)
    if private is not None:
        return _status_page(request, private.public, private)
    hit(failures, limit, window)
    public = dossier_status_public(code)
    if public is None:
        return _not_found(request, code)
    return _status_page(request, public, None, wrong_secret=True)


@never_cache
@require_safe
def status(request: HttpRequest, code: str) -> HttpResponse:
    """The status of one dossier (the QR code's address); more for its signed-in owner."""
    if not _lookup_allowed(request):
        return _too_many(request)
    private = None
    if request.user.is_authenticated:
        private = dossier_status_for_owner(code, request.user)  # type: ignore[arg-type]
    public = private.public if private else dossier_status_public(code)
    if public is None:
        return _not_found(request, code)
    return _status_page(request, public, private)
