# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from motcua.outbox.handlers import DeliveryError, registered
from motcua.outbox.models import OutboxMessage, OutboxStatus
from motcua.outbox.services import enqueue
from motcua.outbox.worker import backoff_seconds

from .conftest import T0

pytestmark = pytest.mark.django_db


def add(key: str, topic: str = "fake") -> OutboxMessage:
    with transaction.atomic():
        return enqueue(topic=topic, payload={"key": key}, idempotency_key=key)


def reload(message: OutboxMessage) -> OutboxMessage:
    message.refresh_from_db()
    return message


@pytest.mark.parametrize(
    ("attempts", "rand", "expected"),
    [
        (1, 0.0, 30),  # base
        (2, 0.0, 60),  # doubles
        (3, 0.5, 132),  # 120 + 10 % jitter
        (20, 0.99, 3600),  # never above the cap, jitter included
    ],
)
def test_backoff_doubles_with_bounded_jitter(attempts, rand, expected):
    assert backoff_seconds(attempts, base=30, cap=3600, rand=rand) == pytest.approx(expected)


def test_two_temporary_failures_then_success_delivers_once(fake, make_worker, time_machine):
    time_machine.move_to(T0, tick=False)
    message = add("k1")
    fake.fail("k1", DeliveryError("timeout"), DeliveryError("HTTP 503"))
    worker = make_worker()
    t0 = timezone.now()

    assert worker.run_once().retried == 1
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == ("pending", 1, "timeout")
    assert message.next_attempt_at == t0 + timedelta(seconds=33)  # 30 s + 10 % jitter

    assert worker.run_once().claimed == 0  # not due yet
    time_machine.move_to(message.next_attempt_at, tick=False)
    assert worker.run_once().retried == 1
    message = reload(message)
    assert (message.attempts, message.last_error) == (2, "HTTP 503")
    assert message.next_attempt_at == t0 + timedelta(seconds=33 + 66)

    time_machine.move_to(message.next_attempt_at, tick=False)
    assert worker.run_once().sent == 1
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert message.sent_at == t0 + timedelta(seconds=99)
    assert message.locked_until is None
    assert fake.attempts == ["k1"] * 3
    assert fake.delivered == ["k1"]
    assert worker.run_once().claimed == 0


def test_a_permanent_error_is_dead_immediately(fake, make_worker):
    message = add("k1")
    fake.fail("k1", DeliveryError("no such address", permanent=True))
    assert make_worker().run_once().dead == 1
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == ("dead", 1, "no such address")


def test_an_unknown_topic_is_a_permanent_error(make_worker):
    message = add("k1", topic="carrier.pigeon")
    make_worker().run_once()
    assert reload(message).status == OutboxStatus.DEAD
    assert "carrier.pigeon" in message.last_error


def test_a_crashing_handler_counts_as_a_temporary_error(fake, make_worker):
    message = add("k1")
    fake.fail("k1", ValueError("bug"))
    assert make_worker().run_once().retried == 1
    assert reload(message).last_error == "ValueError: bug"


def test_a_message_is_dead_after_max_attempts(fake, make_worker, time_machine, outbox_settings):
    time_machine.move_to(T0, tick=False)
    message = add("k1")
    fake.fail("k1", *[DeliveryError("down")] * 10)
    worker = make_worker()
    for _ in range(outbox_settings.OUTBOX_MAX_ATTEMPTS):
        worker.run_once()
        time_machine.shift(timedelta(hours=2))
    message = reload(message)
    assert (message.status, message.attempts) == ("dead", 4)
    assert worker.run_once().claimed == 0
    assert fake.delivered == []


def test_an_expired_lease_is_reclaimed_by_another_worker(fake, make_worker, time_machine):
    time_machine.move_to(T0, tick=False)
    message = add("k1")
    crashed = make_worker("crashed")
    assert [m.pk for m in crashed.claim()] == [message.pk]  # then the process is killed

    other = make_worker("other")
    assert other.run_once().claimed == 0  # the lease still holds
    time_machine.shift(timedelta(seconds=301))
    assert other.run_once().sent == 1
    message = reload(message)
    assert (message.status, message.attempts) == ("sent", 2)
    assert fake.delivered == ["k1"]


def test_a_worker_that_lost_its_lease_cannot_reschedule_the_row(fake, make_worker, time_machine):
    time_machine.move_to(T0, tick=False)
    add("k1")
    fake.fail("k1", DeliveryError("slow"))
    (stale,) = make_worker("slow").claim()
    time_machine.shift(timedelta(seconds=301))
    (fresh,) = make_worker("fast").claim()
    make_worker("slow").deliver(stale)  # fails, but must not touch the new claim
    fresh = reload(fresh)
    assert (fresh.status, fresh.locked_by, fresh.attempts) == ("in_progress", "fast", 2)


def test_stopping_releases_the_rest_of_the_batch(fake, make_worker):
    first, second = add("k1"), add("k2")
    worker = make_worker()
    original = fake.__call__

    def deliver_then_stop(message):
        original(message)
        worker.stop.set()

    with registered("fake", deliver_then_stop):
        result = worker.run_once()
    assert (result.sent, result.released) == (1, 1)
    assert reload(first).status == OutboxStatus.SENT
    second = reload(second)
    assert (second.status, second.attempts, second.locked_by) == ("pending", 0, "")


def test_a_second_conditional_update_claim_of_a_row_is_refused(make_worker):
    message = add("k1")
    now = timezone.now()
    assert make_worker("a").claim_one(message.pk, now) is True
    assert make_worker("b").claim_one(message.pk, now) is False
    assert reload(message).locked_by == "a"


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_deliver_a_row_twice(fake, make_worker):
    keys = [f"k{i}" for i in range(30)]
    for key in keys:
        add(key)
    if connection.vendor != "postgresql":
        # SQLite serialises writers: the conditional UPDATE is the whole guarantee.
        a, b = make_worker("a", batch=30), make_worker("b", batch=30)
        claimed = a._claim_by_update(timezone.now())
        assert len(claimed) == 30
        assert b._claim_by_update(timezone.now()) == []
        assert not [pk for pk in claimed if b.claim_one(pk, timezone.now())]
        return

    # PostgreSQL: rows locked by an open claim transaction are skipped, not waited for.
    locked = OutboxMessage.objects.order_by("id").first()
    seen: list[list[int]] = []
    with transaction.atomic():
        OutboxMessage.objects.select_for_update().filter(pk=locked.pk).get()
        thread = threading.Thread(target=_claim_in_thread, args=(make_worker("peek"), seen))
        thread.start()
        thread.join(timeout=30)
    assert seen and locked.pk not in seen[0] and len(seen[0]) == 10
    OutboxMessage.objects.update(status=OutboxStatus.PENDING, attempts=0, locked_by="")

    barrier = threading.Barrier(3)
    workers = [make_worker(f"w{i}", batch=4) for i in range(3)]
    threads = [threading.Thread(target=_drain, args=(w, barrier)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(fake.delivered) == sorted(keys)  # each key exactly once
    assert sorted(fake.attempts) == sorted(keys)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def _claim_in_thread(worker, seen):
    try:
        seen.append([m.pk for m in worker.claim()])
    finally:
        connections.close_all()


def _drain(worker, barrier):
    try:
        barrier.wait(timeout=10)
        while worker.run_once().claimed:
            pass
    finally:
        connections.close_all()
