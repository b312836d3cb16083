# SPDX-License-Identifier: MPL-2.0
"""Writes to the outbox: enqueue (inside the caller's transaction) and support retries."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.audit.services import record
from motcua.outbox.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)


class OutboxError(RuntimeError):
    """Programming error in the use of the outbox (e.g. enqueue outside a transaction)."""


def enqueue(*, topic: str, payload: dict[str, Any], idempotency_key: str) -> OutboxMessage:
    """Add a message to the outbox as part of the caller's database transaction.

    The message exists if and only if the caller's state change commits (ADR 0004), so this
    refuses to run outside ``transaction.atomic()``. Enqueuing an ``idempotency_key`` that
    already exists returns the existing row unchanged: one business event, one message,
    however many times the calling code runs. The payload must be JSON-serialisable (dates
    and decimals become strings).
    """
    if not transaction.get_connection().in_atomic_block:
        raise OutboxError("enqueue() must run inside the transaction of the state change")
    if not topic or not idempotency_key:
        raise ValueError("topic and idempotency_key are required")
    existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        # A savepoint, so that losing a race to a concurrent insert of the same key does
        # not break the caller's transaction.
        with transaction.atomic():
            return OutboxMessage.objects.create(
                topic=topic, payload=payload, idempotency_key=idempotency_key
            )
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)


#: Rows support may push back into the queue: dead ones, and pending ones that already
#: failed at least once (waiting for their backoff). Sent rows and rows a worker holds
#: under a live lease are left alone.
_RETRYABLE = Q(status=OutboxStatus.DEAD) | Q(status=OutboxStatus.PENDING, attempts__gt=0)


@transaction.atomic
def outbox_retry(*, actor: Any, ids: Iterable[int]) -> int:
    """Make dead or failing messages due now, with a fresh attempt budget; return how many.

    Support uses this after fixing the cause (a wrong address, a channel outage). The last
    error is kept for the record until the next attempt overwrites it. Delivery is
    at-least-once, so handlers must tolerate a message they may already have delivered.
    """
    ids = list(ids)
    rows = OutboxMessage.objects.select_for_update().filter(_RETRYABLE, id__in=ids)
    requeued = list(rows.values_list("id", "topic", "idempotency_key", "status"))
    count = OutboxMessage.objects.filter(id__in=[r[0] for r in requeued]).update(
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        locked_until=None,
        locked_by="",
    )
    if requeued:
        record(
            actor=actor if getattr(actor, "pk", None) else None,
            action="outbox.retry",
            object_type="outbox.message",
            object_id=",".join(str(r[0]) for r in requeued)[:200],
            summary=f"Gửi lại {count} tin trong hàng đợi",
            data={
                "messages": [
                    {"id": r[0], "topic": r[1], "key": r[2], "was": r[3]} for r in requeued
                ]
            },
        )
    logger.info("outbox retry by %s: %d of %d message(s) requeued", actor, count, len(ids))
    return count
