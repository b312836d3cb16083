# SPDX-License-Identifier: MPL-2.0
"""Throttling of anonymous API clients, counted per client address like the portal."""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from motcua.core.ratelimit import client_key


class AnonymousRateThrottle(AnonRateThrottle):
    """``API_ANON_RATE`` per client address (an IPv6 client counts as its /64).

    The address comes from ``core.ratelimit.client_key``, which trusts X-Forwarded-For
    only for our own proxies (``AXES_PROXY_COUNT``), as the sign-in lock-out does. The rate
    is read on each request, so a settings override applies without a restart of the class.
    """

    scope = "anon"

    def get_rate(self) -> str:
        return str(settings.API_ANON_RATE)

    def get_ident(self, request: Request) -> str:
        return client_key(request)


class ClientRateThrottle(SimpleRateThrottle):
    """``API_CLIENT_RATE`` per signed-in caller: each connected system (by its service
    account) or staff member gets its own budget, so one runaway client cannot starve
    the others. Anonymous requests are left to ``AnonymousRateThrottle``."""

    scope = "client"

    def get_rate(self) -> str:
        return str(settings.API_CLIENT_RATE)

    def get_cache_key(self, request: Request, view: object) -> str | None:
        user = request.user
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}
