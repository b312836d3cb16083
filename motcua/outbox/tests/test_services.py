# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest
from django.db import transaction

from motcua.outbox.models import OutboxMessage, OutboxStatus
from motcua.outbox.services import OutboxError, enqueue, outbox_retry


class Boom(Exception):
    pass


def test_a_rolled_back_transaction_leaves_no_message(db):
    with pytest.raises(Boom), transaction.atomic():
        enqueue(topic="log", payload={"dossier": "H01"}, idempotency_key="k1")
        raise Boom
    assert not OutboxMessage.objects.exists()


def test_a_committed_transaction_leaves_a_pending_message(db):
    with transaction.atomic():
        message = enqueue(topic="log", payload={"n": 1}, idempotency_key="k1")
    message.refresh_from_db()
    assert (message.status, message.attempts, message.payload) == (
        OutboxStatus.PENDING,
        0,
        {"n": 1},
    )


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_is_refused():
    with pytest.raises(OutboxError):
        enqueue(topic="log", payload={}, idempotency_key="k1")
    assert not OutboxMessage.objects.exists()


def test_enqueuing_the_same_key_twice_returns_the_same_row(db):
    with transaction.atomic():
        first = enqueue(topic="log", payload={"n": 1}, idempotency_key="dossier:7:received")
        second = enqueue(topic="log", payload={"n": 2}, idempotency_key="dossier:7:received")
    assert second.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.get().payload == {"n": 1}


def test_retry_requeues_dead_and_failing_messages_only(db, time_machine):
    time_machine.move_to("2026-11-25 09:00 +07:00", tick=False)
    rows = {
        status: OutboxMessage.objects.create(
            topic="log", idempotency_key=status, status=status, attempts=3, last_error="x"
        )
        for status in ["dead", "pending", "sent", "in_progress"]
    }
    count = outbox_retry(actor=None, ids=[row.pk for row in rows.values()])
    assert count == 2
    dead = OutboxMessage.objects.get(pk=rows["dead"].pk)
    assert (dead.status, dead.attempts, dead.last_error) == (OutboxStatus.PENDING, 0, "x")
    assert OutboxMessage.objects.get(pk=rows["sent"].pk).status == OutboxStatus.SENT
    assert OutboxMessage.objects.get(pk=rows["in_progress"].pk).attempts == 3
    from motcua.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="outbox.retry")
    assert len(entry.data["messages"]) == 2 and entry.summary.startswith("Gửi lại 2 tin")
