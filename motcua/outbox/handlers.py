# SPDX-License-Identifier: MPL-2.0
"""The handler registry: one delivery function per topic.

A handler takes the claimed :class:`OutboxMessage` and either returns (delivered) or raises
:class:`DeliveryError`. ``permanent=True`` means retrying cannot help (a malformed address,
a 4xx answer); otherwise the worker retries with backoff (a timeout, a 5xx answer), as
healthchecks' ``TransportError(permanent=…)`` does. Delivery is at-least-once: a handler
must be idempotent, keyed on ``message.idempotency_key`` where the channel allows it.
Any other exception counts as a temporary error. Handlers must finish well within
``OUTBOX_LEASE_SECONDS`` (give network calls a timeout shorter than the lease).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from motcua.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

Handler = Callable[["OutboxMessage"], None]
_registry: dict[str, Handler] = {}


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def register(topic: str) -> Callable[[Handler], Handler]:
    """Decorator: make ``func`` the handler of ``topic``. One handler per topic."""

    def decorator(func: Handler) -> Handler:
        current = _registry.get(topic)
        if current is not None and current is not func:
            raise ImproperlyConfigured(f"outbox topic {topic!r} already has a handler")
        _registry[topic] = func
        return func

    return decorator


def get_handler(topic: str) -> Handler:
    """The handler of ``topic``; an unknown topic is a permanent error (no one will fix it
    by waiting)."""
    try:
        return _registry[topic]
    except KeyError:
        raise DeliveryError(f"no handler for topic {topic!r}", permanent=True) from None


def topics() -> list[str]:
    return sorted(_registry)


@contextmanager
def registered(topic: str, handler: Handler) -> Iterator[Handler]:
    """Register ``handler`` for the duration of a block (tests)."""
    previous = _registry.get(topic)
    _registry[topic] = handler
    try:
        yield handler
    finally:
        if previous is None:
            _registry.pop(topic, None)
        else:
            _registry[topic] = previous


@register("log")
def deliver_to_log(message: OutboxMessage) -> None:
    """Built-in channel: write the message to the log (demo and smoke tests)."""
    logger.info("outbox %s %s: %s", message.topic, message.idempotency_key, message.payload)


class FakeRecorder:
    """Test double for a channel: records every attempt and delivery, and fails on cue.

    ``fail(key, *errors)`` queues exceptions raised on the next attempts for ``key``;
    once they are used up, attempts succeed. Thread-safe, for the concurrent-worker test.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.attempts: list[str] = []
        self.delivered: list[str] = []
        self._script: dict[str, list[BaseException]] = {}

    def fail(self, key: str, *errors: BaseException) -> None:
        with self._lock:
            self._script.setdefault(key, []).extend(errors)

    def __call__(self, message: OutboxMessage) -> None:
        key = message.idempotency_key
        with self._lock:
            self.attempts.append(key)
            script = self._script.get(key)
            error = script.pop(0) if script else None
            if error is None:
                self.delivered.append(key)
        if error is not None:
            raise error
