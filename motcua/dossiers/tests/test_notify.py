# SPDX-License-Identifier: MPL-2.0
"""The engine's own deliveries of a dossier event: which messages, and the applicant's
e-mail (Vietnamese, through Django's e-mail backend, no personal data)."""

from __future__ import annotations

import smtplib
from dataclasses import replace

import pytest
from django.core import mail
from django.db import transaction

from motcua.dossiers.notify import EMAIL_TOPIC, SYNC_TOPIC, engine_deliveries, send_status_email
from motcua.dossiers.services import (
    dossier_assign,
    dossier_forward,
    dossier_receive_at_counter,
)
from motcua.outbox.handlers import DeliveryError
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import enqueue
from motcua.outbox.worker import Worker
from motcua.testing.dossier_world import build_world, receive_walk_in

pytestmark = pytest.mark.django_db
T0 = "2026-11-25 09:00 +07:00"  # Wednesday; 5 working days → Wednesday 02/12/2026


@pytest.fixture
def world(time_machine):
    time_machine.move_to(T0, tick=False)
    return build_world()


def with_email(world, address="an.nguyen@example.vn"):
    return dossier_receive_at_counter(
        actor=world.counter_officer,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=replace(world.applicant, email=address),
        components=world.components(),
    )


def event(dossier, action):
    return OutboxMessage.objects.get(
        topic="dossier.event", payload__code=dossier.code, payload__action=action
    )


def drain():
    worker = Worker(worker_id="test")
    while worker.run_once().claimed:
        pass


def test_every_event_writes_one_event_message_with_its_notify_flag(world):
    dossier = receive_walk_in(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk, to_user=world.leader)
    dossier_assign(actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist)
    flags = {
        m.payload["action"]: m.payload["notify"]
        for m in OutboxMessage.objects.filter(topic="dossier.event", payload__code=dossier.code)
    }
    assert flags == {"receive": True, "forward": True, "assign": False}
    received = event(dossier, "receive").payload
    assert received["agencies"] == sorted({world.stp.pk, dossier.current_agency_id})
    assert (received["from_status"], received["status"]) == (None, 2)


def test_the_applicant_with_an_address_gets_an_email_and_the_portal_a_sync(world):
    dossier = with_email(world)
    message = event(dossier, "receive")
    key = message.idempotency_key
    assert [(o.topic, o.idempotency_key) for o in engine_deliveries(message)] == [
        (EMAIL_TOPIC, f"{key}:email"),
        (SYNC_TOPIC, f"{key}:dvcqg"),
    ]


def test_no_email_without_an_address_or_when_the_action_is_silent(world):
    dossier = receive_walk_in(world)  # no e-mail given at the counter
    assert [o.topic for o in engine_deliveries(event(dossier, "receive"))] == [SYNC_TOPIC]
    with_mail = with_email(world)
    dossier_forward(actor=world.counter_officer, dossier_id=with_mail.pk, to_user=world.leader)
    dossier_assign(actor=world.leader, dossier_id=with_mail.pk, to_user=world.specialist)
    assert engine_deliveries(event(with_mail, "assign")) == []  # silent, status unchanged


def test_no_national_sync_without_a_status_change_or_when_the_sync_is_off(world, settings):
    dossier = with_email(world)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk, to_user=world.leader)
    forwarded = event(dossier, "forward")  # 2 → 4
    assert SYNC_TOPIC in [o.topic for o in engine_deliveries(forwarded)]
    dossier_assign(actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist)
    assert engine_deliveries(event(dossier, "assign")) == []  # 4 → 4, silent
    settings.DVCQG_PROVIDER = ""
    assert [o.topic for o in engine_deliveries(forwarded)] == [EMAIL_TOPIC]


def test_the_worker_sends_one_vietnamese_email_with_code_status_due_date_and_link(world):
    dossier = with_email(world)
    drain()
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    (sent,) = mail.outbox
    assert sent.to == ["an.nguyen@example.vn"]
    assert sent.subject == f"Hồ sơ {dossier.code}: Được tiếp nhận"
    for text in (sent.body, sent.alternatives[0][0]):
        assert dossier.code in text
        assert world.version.name in text
        assert "Được tiếp nhận" in text and "02/12/2026" in text
        assert f"http://127.0.0.1:8000/tra-cuu/{dossier.code}/" in text
        assert "Thư này được gửi tự động" in text
        # No personal data and never the lookup secret: the address may be someone else's.
        assert dossier.lookup_secret not in text
        assert "Nguyễn Văn An" not in text and "034090001234" not in text
    assert sent.alternatives[0][1] == "text/html"
    assert sent.extra_headers["Message-ID"].endswith("@motcua.local>")


def test_a_retried_email_keeps_its_message_id(world):
    dossier = with_email(world)
    with transaction.atomic():
        message = enqueue(
            topic=EMAIL_TOPIC,
            idempotency_key=f"{dossier.code}:event:1:email",
            payload={
                "code": dossier.code,
                "event": 1,
                "status": 2,
                "action": "receive",
                "due": None,
            },
        )
    send_status_email(message)
    send_status_email(message)
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert "Ngày hẹn trả kết quả" not in first.body  # no due date, no line


def test_an_invalid_address_is_a_permanent_error(world):
    dossier = with_email(world, "khong-phai-dia-chi")
    message = next(o for o in engine_deliveries(event(dossier, "receive")))
    with transaction.atomic():
        row = enqueue(
            topic=message.topic, idempotency_key=message.idempotency_key, payload=message.payload
        )
    with pytest.raises(DeliveryError) as error:
        send_status_email(row)
    assert error.value.permanent and not mail.outbox


@pytest.mark.parametrize(
    ("exception", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@example.vn": (550, b"no such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.vn": (450, b"greylisted")}), False),
        (smtplib.SMTPServerDisconnected("connection lost"), False),
        (smtplib.SMTPDataError(451, b"try later"), False),
        (TimeoutError("timed out"), False),
        (ConnectionRefusedError(111, "refused"), False),
    ],
)
def test_smtp_failures_are_temporary_unless_the_recipient_is_refused_for_good(
    world, monkeypatch, exception, permanent
):
    dossier = with_email(world)
    drain_events_only = Worker(worker_id="fan-out")
    drain_events_only.run_once()  # the fan-out only: the e-mail row is not claimed yet
    row = OutboxMessage.objects.get(topic=EMAIL_TOPIC, payload__code=dossier.code)

    def fail(self, fail_silently=False):
        raise exception

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
    with pytest.raises(DeliveryError) as error:
        send_status_email(row)
    assert error.value.permanent is permanent
    assert "a@example.vn" not in str(error.value)


def test_a_dossier_whose_address_was_removed_is_skipped(world):
    dossier = with_email(world)
    Worker(worker_id="fan-out").run_once()
    row = OutboxMessage.objects.get(topic=EMAIL_TOPIC, payload__code=dossier.code)
    type(dossier).objects.filter(pk=dossier.pk).update(applicant_email="")
    send_status_email(row)
    assert not mail.outbox
