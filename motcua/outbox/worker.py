# SPDX-License-Identifier: MPL-2.0
"""The outbox worker: claim due messages, deliver each outside the claim transaction,
then record the outcome (healthchecks' sendalerts pattern, STYLE.md example 4).

Claiming takes a lease: the row goes ``in_progress`` with ``locked_until = now + lease``
and ``attempts + 1``. Counting the attempt at claim time means a message that kills its
worker every time still reaches ``OUTBOX_MAX_ATTEMPTS`` and goes dead. A row whose lease
has passed (worker killed mid-batch) is due again, so nothing is lost; delivery is
therefore at-least-once. Outcomes are written with a fence (same row, still
``in_progress``, same attempt number): a worker that lost its lease cannot undo the work
of the worker that reclaimed the row.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from motcua.outbox.handlers import DeliveryError, get_handler
from motcua.outbox.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

#: Jitter adds up to this fraction of the delay, so that failures of one outage do not all
#: come back in the same second.
JITTER = 0.2
ERROR_LIMIT = 2000


def backoff_seconds(attempts: int, *, base: float, cap: float, rand: float) -> float:
    """Delay before the next try after ``attempts`` tries: base·2^(attempts-1), plus up to
    20 % jitter (``rand`` in [0, 1)), never more than ``cap``."""
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return min(cap, delay * (1 + JITTER * rand))


def due(now: datetime) -> Q:
    """Rows a worker may claim at ``now``: pending and due, or in progress with an expired
    lease."""
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.IN_PROGRESS, locked_until__lt=now
    )


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class RoundResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0


@dataclass
class Worker:
    worker_id: str = field(default_factory=default_worker_id)
    batch: int = 20
    rng: random.Random = field(default_factory=random.Random)
    stop: threading.Event = field(default_factory=threading.Event)

    # --- claiming ------------------------------------------------------------------------
    def claim(self) -> list[OutboxMessage]:
        """Claim up to ``batch`` due messages for this worker and return them."""
        now = timezone.now()
        if connection.features.has_select_for_update_skip_locked:
            ids = self._claim_skip_locked(now)
        else:
            ids = self._claim_by_update(now)
        rows = OutboxMessage.objects.filter(id__in=ids, locked_by=self.worker_id)
        return list(rows.order_by("next_attempt_at", "id"))

    def _lease(self, now: datetime) -> dict[str, object]:
        return {
            "status": OutboxStatus.IN_PROGRESS,
            "locked_until": now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
            "locked_by": self.worker_id,
            "attempts": F("attempts") + 1,
        }

    def _claim_skip_locked(self, now: datetime) -> list[int]:
        """PostgreSQL: lock due rows other workers have not locked, lease them, commit."""
        with transaction.atomic():
            ids = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(due(now))
                .order_by("next_attempt_at", "id")
                .values_list("id", flat=True)[: self.batch]
            )
            OutboxMessage.objects.filter(id__in=ids).update(**self._lease(now))
        return ids

    def _claim_by_update(self, now: datetime) -> list[int]:
        """Elsewhere (SQLite): pick candidates, then claim each with a conditional UPDATE
        that repeats the "due" test; an update count of 1 means this worker won the row."""
        candidates = (
            OutboxMessage.objects.filter(due(now))
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[: self.batch]
        )
        return [pk for pk in list(candidates) if self.claim_one(pk, now)]

    def claim_one(self, pk: int, now: datetime) -> bool:
        return OutboxMessage.objects.filter(due(now), id=pk).update(**self._lease(now)) == 1

    # --- delivering ----------------------------------------------------------------------
    def run_once(self) -> RoundResult:
        """One round: claim a batch and deliver it. Stops early (releasing the rest of the
        batch) when ``stop`` is set."""
        result = RoundResult()
        claimed = self.claim()
        result.claimed = len(claimed)
        for index, message in enumerate(claimed):
            if self.stop.is_set():
                result.released = self._release(claimed[index:])
                break
            outcome = self.deliver(message)
            setattr(result, outcome, getattr(result, outcome) + 1)
        return result

    def run(self, *, sleep: float) -> None:
        """Loop until ``stop`` is set; sleep only when a round found less than a batch."""
        while not self.stop.is_set():
            close_old_connections()
            result = self.run_once()
            if result.claimed:
                logger.info("outbox %s: %s", self.worker_id, result)
            if result.claimed < self.batch:
                self.stop.wait(sleep)

    def deliver(self, message: OutboxMessage) -> str:
        """Call the handler (no transaction open here) and record the outcome."""
        try:
            get_handler(message.topic)(message)
        except DeliveryError as exc:
            return self._failed(message, str(exc), permanent=exc.permanent)
        except Exception as exc:  # a bug in a handler must not stop the worker
            logger.exception("outbox handler for %s crashed", message.topic)
            return self._failed(message, f"{type(exc).__name__}: {exc}", permanent=False)
        # Sent even if our lease was lost meanwhile: the delivery did happen.
        OutboxMessage.objects.filter(id=message.pk).exclude(status=OutboxStatus.SENT).update(
            status=OutboxStatus.SENT,
            sent_at=timezone.now(),
            locked_until=None,
            locked_by="",
            last_error="",
        )
        return "sent"

    def _failed(self, message: OutboxMessage, error: str, *, permanent: bool) -> str:
        now = timezone.now()
        if permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            outcome, changes = "dead", {"status": OutboxStatus.DEAD}
            logger.warning(
                "outbox %s dead after %d attempt(s): %s", message, message.attempts, error
            )
        else:
            delay = backoff_seconds(
                message.attempts,
                base=settings.OUTBOX_BACKOFF_BASE_SECONDS,
                cap=settings.OUTBOX_BACKOFF_MAX_SECONDS,
                rand=self.rng.random(),
            )
            outcome = "retried"
            changes = {
                "status": OutboxStatus.PENDING,
                "next_attempt_at": now + timedelta(seconds=delay),
            }
        written = self._fenced(message).update(
            **changes, locked_until=None, locked_by="", last_error=error[:ERROR_LIMIT]
        )
        if not written:
            logger.warning("outbox %s: lease lost before recording: %s", message, error)
        return outcome

    def _fenced(self, message: OutboxMessage) -> QuerySet[OutboxMessage]:
        """The row, only if it is still this claim of it (same attempt, still in progress)."""
        return OutboxMessage.objects.filter(
            id=message.pk, status=OutboxStatus.IN_PROGRESS, attempts=message.attempts
        )

    def _release(self, messages: list[OutboxMessage]) -> int:
        """Give back claimed but undelivered messages at shutdown, attempt not counted."""
        released = 0
        for message in messages:
            released += self._fenced(message).update(
                status=OutboxStatus.PENDING,
                attempts=F("attempts") - 1,
                locked_until=None,
                locked_by="",
            )
        return released
