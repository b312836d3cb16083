# SPDX-License-Identifier: MPL-2.0
"""Webhooks: signing, who receives which dossier event, the fan-out, and delivery outcomes
against a real local receiver."""

from __future__ import annotations

import itertools
import json

import pytest
from django.db import transaction

from motcua.clients.events import fan_out, with_ancestors
from motcua.clients.models import Scope
from motcua.clients.services import client_create, webhook_subscribe
from motcua.clients.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WEBHOOK_TOPIC,
    deliver_webhook,
    sign,
    verify_signature,
)
from motcua.dossiers.services import dossier_assign, dossier_forward
from motcua.outbox.handlers import DeliveryError
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import enqueue
from motcua.testing.dossier_world import build_world, receive_walk_in
from motcua.testing.factories import AgencyFactory

from .receiver import running_receiver

pytestmark = pytest.mark.django_db
T0 = "2026-11-25 09:00 +07:00"
_codes = itertools.count(1)


@pytest.fixture
def world(time_machine):
    time_machine.move_to(T0, tick=False)
    return build_world()


def subscribe(agency, url="https://he-thong.example.vn/hook", *, events=(), scopes=None):
    client = client_create(
        actor=None,
        code=f"he-thong-{next(_codes)}",
        name=f"Hệ thống của {agency.name}",
        agency=agency,
        scopes=[Scope.DOSSIERS_READ] if scopes is None else scopes,
    )
    return webhook_subscribe(actor=None, client=client, url=url, events=events)


def event_message(dossier, action="receive"):
    return OutboxMessage.objects.get(
        topic="dossier.event", payload__code=dossier.code, payload__action=action
    )


def webhook_rows():
    return OutboxMessage.objects.filter(topic=WEBHOOK_TOPIC).order_by("id")


# --- signing ---------------------------------------------------------------------------------
def test_a_signature_verifies_only_for_the_same_secret_time_and_body():
    body = b'{"event":"dossier.receive"}'
    header = sign("bi-mat", "1795000000", body)
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert verify_signature("bi-mat", "1795000000", body, header, now=1795000100)
    assert not verify_signature("khac", "1795000000", body, header, now=1795000100)
    assert not verify_signature("bi-mat", "1795000001", body, header, now=1795000100)
    assert not verify_signature("bi-mat", "1795000000", body + b" ", header, now=1795000100)
    assert not verify_signature("bi-mat", "1795000000", body, header.upper(), now=1795000100)
    assert not verify_signature("bi-mat", "x", body, header, now=1795000100)
    assert not verify_signature("bi-mat", "1795000000", body, "sha256=đ", now=1795000100)


def test_a_stale_timestamp_is_refused_unless_the_receiver_waives_the_check():
    body = b"{}"
    header = sign("bi-mat", "1795000000", body)
    assert not verify_signature("bi-mat", "1795000000", body, header, now=1795000301)
    assert verify_signature("bi-mat", "1795000000", body, header, now=1795000301, tolerance=None)


# --- routing ---------------------------------------------------------------------------------
def test_clients_of_the_agency_and_above_it_receive_the_event(world):
    own = subscribe(world.stp)
    subscribe(world.division)  # below the dossier's agencies: sees none of them
    subscribe(world.sxd)  # another department
    dossier = receive_walk_in(world)
    fan_out(event_message(dossier))
    assert [row.payload["subscription"] for row in webhook_rows()] == [own.pk]
    assert with_ancestors([world.division.pk]) == {world.division.pk, world.stp.pk}
    assert with_ancestors([world.division.pk]) == {world.division.pk, world.stp.pk}


def test_a_dossier_reaches_the_clients_of_every_agency_above_it(world):
    province = AgencyFactory(name="Ủy ban nhân dân tỉnh", kind="ppc")
    world.stp.parent = province
    world.stp.save()
    above = subscribe(province)
    dossier = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk, to_user=world.leader)
    dossier_assign(actor=world.leader, dossier_id=dossier.pk, to_user=world.unit_head)
    fan_out(event_message(dossier, "assign"))
    assert event_message(dossier, "assign").payload["agencies"] == [world.stp.pk]
    assert [row.payload["subscription"] for row in webhook_rows()] == [above.pk]


def test_inactive_unwanted_or_unscoped_subscriptions_get_nothing(world):
    paused = subscribe(world.stp, "https://a.example.vn/h")
    paused.is_active = False
    paused.save()
    off_client = subscribe(world.stp, "https://b.example.vn/h")
    off_client.client.is_active = False
    off_client.client.save()
    subscribe(world.stp, "https://c.example.vn/h", events=["dossier.return_result"])
    subscribe(world.stp, "https://d.example.vn/h", scopes=[Scope.DOCUMENTS_READ])
    wanted = subscribe(world.stp, "https://e.example.vn/h", events=["dossier.receive"])
    dossier = receive_walk_in(world)
    fan_out(event_message(dossier))
    assert [row.payload["subscription"] for row in webhook_rows()] == [wanted.pk]


def test_the_body_names_the_event_and_the_new_status_without_personal_data(world):
    subscription = subscribe(world.stp)
    dossier = receive_walk_in(world)
    fan_out(event_message(dossier))
    row = webhook_rows().get()
    key = event_message(dossier).idempotency_key
    assert row.idempotency_key == f"{key}:webhook:{subscription.pk}"
    body = row.payload["body"]
    assert body["id"] == key and body["event"] == "dossier.receive" == row.payload["event"]
    assert body["dossier"] == {
        "code": dossier.code,
        "procedure": world.version.procedure.code,
        "receiving_agency": "000.00.06.H31",
        "action": "receive",
        "previous_status": None,
        "status": 2,
        "status_text": "new",
        "status_label": "Được tiếp nhận",
        "due_at": dossier.due_at.isoformat(),
    }
    text = json.dumps(row.payload, ensure_ascii=False)
    assert "Nguyễn Văn An" not in text and "034090001234" not in text
    assert "0912345678" not in text and dossier.lookup_secret not in text


def test_a_fan_out_run_twice_creates_each_message_once(world):
    subscribe(world.stp)
    subscribe(world.stp, "https://khac.example.vn/hook")
    dossier = receive_walk_in(world)
    message = event_message(dossier)
    fan_out(message)
    first = sorted(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    fan_out(message)  # the worker died after fanning out, before marking it sent
    assert sorted(OutboxMessage.objects.values_list("idempotency_key", flat=True)) == first
    assert webhook_rows().count() == 2
    assert OutboxMessage.objects.filter(topic="dvcqg.sync").count() == 1


def test_a_fan_out_that_fails_half_way_leaves_nothing_behind(world, monkeypatch):
    subscribe(world.stp)
    dossier = receive_walk_in(world)
    before = OutboxMessage.objects.count()
    calls = []

    def enqueue_then_crash(**kwargs):
        if calls:
            raise RuntimeError("mất kết nối cơ sở dữ liệu")
        calls.append(kwargs)
        return enqueue(**kwargs)

    monkeypatch.setattr("motcua.clients.events.enqueue", enqueue_then_crash)
    with pytest.raises(RuntimeError), transaction.atomic():
        fan_out(event_message(dossier))
    assert OutboxMessage.objects.count() == before


# --- delivery --------------------------------------------------------------------------------
def webhook_message(world, url, **kwargs):
    subscription = subscribe(world.stp, url, **kwargs)
    dossier = receive_walk_in(world)
    fan_out(event_message(dossier))
    return subscription, webhook_rows().get()


def test_a_delivery_is_signed_and_carries_the_event_and_idempotency_headers(world):
    with running_receiver() as receiver:
        subscription, row = webhook_message(world, receiver.url)
        receiver.secret = subscription.secret
        deliver_webhook(row)
        deliver_webhook(row)  # at least once: a second delivery is recognised
    first, second = receiver.requests
    assert first.headers["Content-Type"] == "application/json"
    assert first.headers["X-Motcua-Event"] == "dossier.receive"
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert first.headers["Idempotency-Key"] == row.idempotency_key
    assert verify_signature(
        subscription.secret,
        first.headers[TIMESTAMP_HEADER],
        first.body,
        first.headers[SIGNATURE_HEADER],
    )
    assert json.loads(first.body) == row.payload["body"]
    assert list(receiver.processed) == [row.idempotency_key] and receiver.bad_signatures == 0


@pytest.mark.parametrize(
    ("answer", "permanent"),
    [
        (400, True),
        (404, True),
        (410, True),
        (408, False),
        (429, False),
        (500, False),
        (503, False),
        ((302, {"Location": "https://elsewhere.example.vn/"}), True),
    ],
)
def test_answers_decide_between_retry_and_dead(world, answer, permanent):
    with running_receiver() as receiver:
        _subscription, row = webhook_message(world, receiver.url)
        receiver.script = [answer]
        with pytest.raises(DeliveryError) as error:
            deliver_webhook(row)
    assert error.value.permanent is permanent
    assert len(receiver.requests) == 1  # a redirect is not followed


def test_an_unreachable_receiver_is_a_temporary_error(world):
    with running_receiver() as receiver:
        url = receiver.url
    _subscription, row = webhook_message(world, url)  # the server is gone: refused
    with pytest.raises(DeliveryError) as error:
        deliver_webhook(row)
    assert not error.value.permanent and "không kết nối được" in str(error.value)


def test_plain_http_is_refused_when_not_allowed(world, settings):
    _subscription, row = webhook_message(world, "http://he-thong.example.vn/hook")
    settings.WEBHOOK_ALLOW_HTTP = False  # switched off after the subscription was made
    with pytest.raises(DeliveryError) as error:
        deliver_webhook(row)
    assert error.value.permanent and "https" in str(error.value)


def test_a_subscription_switched_off_after_the_event_gets_nothing(world):
    with running_receiver() as receiver:
        subscription, row = webhook_message(world, receiver.url)
        subscription.is_active = False
        subscription.save()
        deliver_webhook(row)
    assert receiver.requests == []  # the handler returns: the worker marks the row sent


@pytest.mark.parametrize(
    "url",
    [
        "http://example.vn/hook",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost/hook",
        "ftp://example.vn/hook",
    ],
)
def test_production_refuses_internal_or_plain_addresses(settings, url):
    from motcua.clients.webhooks import url_problem

    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE = False
    assert url_problem(url, resolve=False)
    assert url_problem("https://203.113.131.1/hook", resolve=False) is None


@pytest.mark.django_db
def test_subscribing_checks_the_address(settings):
    from motcua.clients.services import client_create, webhook_subscribe
    from motcua.testing.factories import AgencyFactory

    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE = False
    client = client_create(
        actor=None,
        code="kiem-tra",
        name="Kiểm tra",
        agency=AgencyFactory(),
        scopes=["dossiers.read"],
    )
    with pytest.raises(ValueError, match="mạng nội bộ"):
        webhook_subscribe(actor=None, client=client, url="https://192.168.1.10/hook")
    with pytest.raises(ValueError, match="https"):
        webhook_subscribe(actor=None, client=client, url="http://example.vn/hook")
    assert webhook_subscribe(actor=None, client=client, url="https://example.vn/hook").pk
