# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from motcua.outbox.models import OutboxMessage, OutboxStatus
from motcua.outbox.services import enqueue

pytestmark = pytest.mark.django_db


def test_run_outbox_once_delivers_due_messages_and_exits(fake):
    with transaction.atomic():
        enqueue(topic="fake", payload={}, idempotency_key="due")
        enqueue(topic="log", payload={"hello": "xin chào"}, idempotency_key="log")
        later = enqueue(topic="fake", payload={}, idempotency_key="later")
    OutboxMessage.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    out = StringIO()
    call_command("run_outbox", "--once", "--batch", "5", "--worker-id", "cli", stdout=out)
    assert "sent=2" in out.getvalue()
    statuses = dict(OutboxMessage.objects.values_list("idempotency_key", "status"))
    assert statuses == {"due": "sent", "log": "sent", "later": OutboxStatus.PENDING}
    assert fake.delivered == ["due"]


def test_support_can_retry_a_dead_message_from_the_admin(admin_client):
    dead = OutboxMessage.objects.create(
        topic="fake", idempotency_key="k1", status=OutboxStatus.DEAD, attempts=4
    )
    response = admin_client.post(
        "/admin/outbox/outboxmessage/",
        {"action": "retry_now", "_selected_action": [dead.pk]},
        follow=True,
    )
    assert response.status_code == 200
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (OutboxStatus.PENDING, 0)
    listing = admin_client.get("/admin/outbox/outboxmessage/?status__exact=pending&topic=fake")
    assert listing.status_code == 200
    assert b"k1" in listing.content
