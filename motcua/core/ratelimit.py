# SPDX-License-Identifier: MPL-2.0
"""A fixed-window rate limit in Django's cache, and the client address to key it by.

`hit(key, limit, window)` counts one hit and says whether the caller is still within
`limit` hits in the current `window` seconds; `blocked` asks the same question without
counting (for limits on failures only, checked before the attempt). Windows are aligned
on the epoch, so the counter needs no start time and the retry moment is simply the end
of the window (`retry_after`). Up to twice the limit can pass across a window boundary;
that is enough against enumeration, which needs thousands of tries.

The counters live in the `default` cache (settings `CACHE_URL`): with the in-process
cache each server process counts on its own; `db://` shares the counts between them.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _bucket(key: str, window: int) -> str:
    return f"ratelimit:{key}:{window}:{int(time.time()) // window}"


def hit(key: str, limit: int, window: int) -> bool:
    """Count one hit of `key`; True while at most `limit` hits fell in this window."""
    bucket = _bucket(key, window)
    # The counter outlives its window a little: it is never read after the window ends.
    cache.add(bucket, 0, timeout=window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.add(bucket, 1, timeout=window + 1)
        count = 1
    return count <= limit


def blocked(key: str, limit: int, window: int) -> bool:
    """True if `key` already used its `limit` hits in this window (counts nothing)."""
    return int(cache.get(_bucket(key, window), 0)) >= limit


def retry_after(window: int) -> int:
    """Seconds until the current window of `window` seconds ends (at least 1)."""
    return max(1, window - int(time.time()) % window)


def client_address(request: HttpRequest) -> str:
    """The client's own address: REMOTE_ADDR, or behind our own reverse proxies
    (`AXES_PROXY_COUNT`) the N-th address from the right of X-Forwarded-For: each proxy
    appends the peer it saw, so addresses further left are the client's own claim and are
    ignored. Also the sign-in lock-out's address (`AXES_CLIENT_IP_CALLABLE`)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        address = hops[-proxies] if len(hops) >= proxies else address
    return address


def client_key(request: HttpRequest) -> str:
    """The client's address to count by (`client_address`); an IPv6 address counts as its
    /64 network, since one IPv6 subscriber usually holds a whole /64."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
