# SPDX-License-Identifier: MPL-2.0
"""The gate in front of every desk view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from motcua.org.access import is_desk_user

View = Callable[..., HttpResponse]


def desk_view(view: View) -> View:
    """Signed-in staff with a position (and a verified TOTP session when 2FA is required).

    Anonymous visitors go to the staff login; signed-in applicants get 404, as if the desk
    did not exist for them.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('desk:login')}?{query}")
        if not is_desk_user(user):  # type: ignore[arg-type]
            raise Http404("Not a desk user")
        if settings.STAFF_REQUIRE_2FA and not user.is_verified():  # type: ignore[union-attr]
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('desk:otp_verify')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
