# SPDX-License-Identifier: MPL-2.0
"""Issue #9 acceptance: a dossier event travels from the engine's transaction to a real
webhook receiver, through failures, backoff and a killed worker, and is processed once.
It lives with the clients, the topmost app it needs (outbox tests may not import the
dossier engine: import-linter checks tests too).

The worker is driven round by round (``run_once``) with frozen time; the receiver is a real
HTTP server on 127.0.0.1 that checks signatures and drops repeated idempotency keys. Runs on
SQLite and PostgreSQL (``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from motcua.clients.models import Scope
from motcua.clients.services import client_create, webhook_subscribe
from motcua.clients.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from motcua.integrations.dvcqg.fake.provider import FakeDvcqgProvider
from motcua.outbox.models import OutboxMessage, OutboxStatus
from motcua.outbox.worker import Worker
from motcua.testing.dossier_world import build_world, receive_walk_in

from .receiver import running_receiver

pytestmark = pytest.mark.django_db
T0 = "2026-11-25 09:00 +07:00"


class HalfRandom:
    """rng stub: jitter is always half of its maximum, so delays are exact numbers."""

    def random(self) -> float:
        return 0.5


@pytest.fixture(autouse=True)
def outbox_settings(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 4
    settings.OUTBOX_BACKOFF_BASE_SECONDS = 30
    settings.OUTBOX_BACKOFF_MAX_SECONDS = 3600
    settings.OUTBOX_LEASE_SECONDS = 300


@pytest.fixture
def make_worker():
    def make(worker_id: str = "w1", batch: int = 20) -> Worker:
        return Worker(worker_id=worker_id, batch=batch, rng=HalfRandom())  # type: ignore[arg-type]

    return make


@pytest.fixture
def world(time_machine):
    time_machine.move_to(T0, tick=False)
    FakeDvcqgProvider.reset()
    yield build_world()
    FakeDvcqgProvider.reset()


@pytest.fixture
def receiver(world):
    """A receiving system of Sở Tư pháp subscribed to every dossier event."""
    client = client_create(
        actor=None,
        code="he-thong-stp",
        name="Hệ thống quản lý của Sở Tư pháp",
        agency=world.stp,
        scopes=[Scope.DOSSIERS_READ],
    )
    with running_receiver() as receiver:
        subscription = webhook_subscribe(actor=None, client=client, url=receiver.url)
        receiver.secret = subscription.secret
        yield receiver


def webhook_row() -> OutboxMessage:
    return OutboxMessage.objects.get(topic="webhook.deliver")


def test_two_failures_then_success_delivers_the_event_once_with_backoff(
    world, receiver, make_worker, time_machine
):
    dossier = receive_walk_in(world)
    # 1st try: 500 before processing; 2nd: processed, then 500 (crashed before answering).
    receiver.script = [500, "process-then-500"]
    worker = make_worker()

    assert worker.run_once().sent == 1  # the fan-out
    result = worker.run_once()  # the webhook (fails) and the national sync
    assert (result.retried, result.sent) == (1, 1)
    row = webhook_row()
    first_due = row.next_attempt_at
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "HTTP 500")
    assert first_due == row.created_at + timedelta(seconds=33)  # 30 s + 10 % jitter

    assert worker.run_once().claimed == 0  # not due yet
    time_machine.move_to(first_due, tick=False)
    assert worker.run_once().retried == 1
    row = webhook_row()
    assert row.attempts == 2 and row.next_attempt_at == first_due + timedelta(seconds=66)

    time_machine.move_to(row.next_attempt_at, tick=False)
    assert worker.run_once().sent == 1
    row = webhook_row()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 3, "")

    assert receiver.keys() == [row.idempotency_key] * 3  # the same key on every attempt
    assert list(receiver.processed) == [row.idempotency_key]  # processed exactly once
    assert receiver.bad_signatures == 0
    last = receiver.requests[-1]
    assert verify_signature(
        receiver.secret, last.headers[TIMESTAMP_HEADER], last.body, last.headers[SIGNATURE_HEADER]
    )
    body = json.loads(receiver.processed[row.idempotency_key])
    assert (body["event"], body["dossier"]["code"]) == ("dossier.receive", dossier.code)
    assert worker.run_once().claimed == 0


def test_a_400_answer_goes_dead_at_once(world, receiver, make_worker):
    receive_walk_in(world)
    receiver.script = [400]
    worker = make_worker()
    worker.run_once()  # the fan-out
    assert worker.run_once().dead == 1
    row = webhook_row()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.DEAD, 1, "HTTP 400")
    assert receiver.processed == {}


def test_a_worker_killed_mid_batch_loses_nothing(world, receiver, make_worker, time_machine):
    dossiers = [receive_walk_in(world) for _ in range(3)]
    make_worker("fan-out").run_once()  # three events fanned out: 3 webhooks + 3 syncs
    deliveries = OutboxMessage.objects.exclude(topic="dossier.event")
    assert deliveries.count() == 6

    killed = make_worker("killed")
    assert len(killed.claim()) == 6  # claimed, then the process is killed: nothing delivered
    survivor = make_worker("survivor")
    assert survivor.run_once().claimed == 0  # the leases still hold
    time_machine.shift(timedelta(seconds=301))
    assert survivor.run_once().sent == 6

    assert set(deliveries.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert set(deliveries.values_list("attempts", flat=True)) == {2}
    keys = set(deliveries.filter(topic="webhook.deliver").values_list("idempotency_key", flat=True))
    assert sorted(receiver.keys()) == sorted(keys) and set(receiver.processed) == keys
    assert sorted(s.record["MaHoSo"] for s in FakeDvcqgProvider.sent) == sorted(
        d.code for d in dossiers
    )
