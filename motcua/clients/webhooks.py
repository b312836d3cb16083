# SPDX-License-Identifier: MPL-2.0
"""Signed webhook delivery to API clients (topic ``webhook.deliver``; docs/outbox.md).

Each message is one event for one subscription. The body is JSON; the request carries:

- ``X-Motcua-Event``: the event name, e.g. ``dossier.receive``;
- ``Idempotency-Key``: the same on every attempt for this event and subscription, so the
  receiver can drop repeats (delivery is at least once);
- ``X-Motcua-Timestamp``: Unix seconds at sending;
- ``X-Motcua-Signature``: ``sha256=`` + hex HMAC-SHA256 of ``timestamp + "." + body`` with
  the subscription's secret. Receivers check it with `verify_signature` (or the same three
  lines in their own language) and refuse stale timestamps, so a captured request cannot be
  replayed later.

Answers: 2xx is delivered; 408, 429 and 5xx, timeouts and connection errors are retried with
backoff; a redirect or any other 4xx is permanent (the message goes dead, support resends
after the client fixes its endpoint). Redirects are never followed: the signed body would
go to an address nobody subscribed. The timeout (``WEBHOOK_TIMEOUT_SECONDS``) stays below
the outbox lease.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from motcua.clients.models import WebhookSubscription
from motcua.outbox.handlers import DeliveryError, register
from motcua.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

WEBHOOK_TOPIC = "webhook.deliver"
EVENT_HEADER = "X-Motcua-Event"
TIMESTAMP_HEADER = "X-Motcua-Timestamp"
SIGNATURE_HEADER = "X-Motcua-Signature"
#: Receivers should refuse a timestamp further than this from their clock (seconds).
DEFAULT_TOLERANCE = 300
#: 4xx answers that mean "later", not "never".
RETRYABLE_4XX = frozenset({408, 429})
MAX_ANSWER_BYTES = 1024


def encode_body(body: dict[str, Any]) -> bytes:
    """The exact bytes that are sent and signed (UTF-8 JSON, keys sorted, no spaces)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Motcua-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes,
    header: str,
    *,
    tolerance: int | None = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> bool:
    """For receivers: whether ``header`` signs ``body`` at ``timestamp`` with ``secret``,
    and the timestamp is within ``tolerance`` seconds of ``now`` (None: no age check).

    ``body`` must be the raw request body, before any JSON parsing. Compare in constant
    time, as here, so the signature cannot be guessed byte by byte.
    """
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if tolerance is not None and abs(current - sent_at) > tolerance:
        return False
    expected = sign(secret, timestamp, body)
    return hmac.compare_digest(expected.encode(), (header or "").encode())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def url_problem(url: str, *, resolve: bool = True) -> str | None:
    """Why `url` may not receive webhooks, or None. https only (http if WEBHOOK_ALLOW_HTTP);
    unless WEBHOOK_ALLOW_PRIVATE, no host that is or resolves to a loopback, private,
    link-local or reserved address (no requests into the province's own network)."""
    parts = urlsplit(url)
    if not (parts.scheme == "https" or (parts.scheme == "http" and settings.WEBHOOK_ALLOW_HTTP)):
        return f"địa chỉ nhận phải dùng https, không phải {parts.scheme!r}"
    host = parts.hostname or ""
    if not host:
        return "địa chỉ nhận thiếu tên máy chủ"
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return None
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return "địa chỉ nhận không được trỏ vào mạng nội bộ"
        if not resolve:
            return None
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except OSError:
            return None  # a DNS failure is temporary: the delivery will retry
        addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    if any(not a.is_global for a in addresses):
        return "địa chỉ nhận không được trỏ vào mạng nội bộ"
    return None


def _check_url(url: str) -> None:
    problem = url_problem(url)
    if problem:
        raise DeliveryError(problem, permanent=True)


def post_signed(
    subscription: WebhookSubscription, *, event: str, key: str, body: dict[str, Any]
) -> int:
    """POST ``body`` to the subscription, signed; return the HTTP status or raise
    DeliveryError (permanent or temporary, see the module docstring)."""
    _check_url(subscription.url)
    data = encode_body(body)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        subscription.url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "motcua-webhooks/1",
            EVENT_HEADER: event,
            "Idempotency-Key": key,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(subscription.secret, timestamp, data),
        },
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            response.read(MAX_ANSWER_BYTES)
            return response.status  # type: ignore[no-any-return]
    except urllib.error.HTTPError as exc:
        exc.close()
        permanent = exc.code < 500 and exc.code not in RETRYABLE_4XX
        raise DeliveryError(f"HTTP {exc.code}", permanent=permanent) from None
    except (OSError, http.client.HTTPException) as exc:  # timeout, refused, reset, DNS
        raise DeliveryError(f"không kết nối được: {type(exc).__name__}") from None


@register(WEBHOOK_TOPIC)
def deliver_webhook(message: OutboxMessage) -> None:
    """Deliver one event to one subscription; a subscription that was removed or switched
    off since the event (or whose client was) gets nothing."""
    payload = message.payload
    subscription = (
        WebhookSubscription.objects.select_related("client")
        .filter(pk=payload["subscription"])
        .first()
    )
    if subscription is None or not subscription.is_active or not subscription.client.is_active:
        logger.info("webhook %s bỏ qua: đăng ký không còn hoạt động", message.idempotency_key)
        return
    status = post_signed(
        subscription, event=payload["event"], key=message.idempotency_key, body=payload["body"]
    )
    logger.info("webhook %s: HTTP %s", message.idempotency_key, status)
