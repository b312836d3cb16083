# SPDX-License-Identifier: MPL-2.0
"""The outbox support page (/desk/hang-doi/), with personas: system administrators only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.org.models import Role
from motcua.outbox.models import OutboxMessage, OutboxStatus
from motcua.testing.factories import PositionFactory, StaffFactory

pytestmark = pytest.mark.django_db
LIST = reverse("desk:outbox")
RESEND = reverse("desk:outbox_resend")


@pytest.fixture
def sysadmin(personas):
    return PositionFactory(agency=personas.agency_x, role=Role.SYSTEM_ADMIN).user


@pytest.fixture
def rows():
    def row(key, topic, status, attempts, error=""):
        return OutboxMessage.objects.create(
            topic=topic,
            idempotency_key=key,
            status=status,
            attempts=attempts,
            last_error=error,
            next_attempt_at=timezone.now() + timedelta(minutes=5),
        )

    return {
        "dead": row("H31-1:event:1:webhook:1", "webhook.deliver", "dead", 1, "HTTP 400"),
        "retrying": row("H31-1:event:1:dvcqg", "dvcqg.sync", "pending", 2, "HTTP 503"),
        "fresh": row("H31-2:event:2", "dossier.event", "pending", 0),
        "sent": row("H31-9:event:9", "dossier.event", "sent", 1),
        "held": row("H31-3:event:3:email", "email.dossier_status", "in_progress", 1, "x"),
    }


def test_anonymous_visitors_go_to_the_staff_login(client):
    assert client.get(LIST)["Location"].startswith(reverse("desk:login"))


def test_citizens_get_404_and_other_staff_403(client, personas, rows):
    client.force_login(personas.citizen_a)
    assert client.get(LIST).status_code == 404
    for user in (personas.officer_x, personas.leader_x, personas.supervisor, personas.admin_x):
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        response = client.post(
            RESEND, {"ids": [rows["dead"].pk], "buoc": "xac-nhan", "confirm": "on"}
        )
        assert response.status_code == 403
    assert OutboxMessage.objects.get(pk=rows["dead"].pk).status == OutboxStatus.DEAD


def test_the_menu_link_is_shown_to_system_administrators_only(client, personas, sysadmin):
    client.force_login(personas.supervisor)
    assert LIST not in client.get(reverse("desk:dashboard")).content.decode()
    client.force_login(sysadmin)
    assert LIST in client.get(reverse("desk:dashboard")).content.decode()


def test_a_system_administrator_sees_failed_messages_only(
    client, sysadmin, rows, django_assert_max_num_queries
):
    client.force_login(sysadmin)
    with django_assert_max_num_queries(15):
        body = client.get(LIST).content.decode()
    assert rows["dead"].idempotency_key in body and "HTTP 400" in body
    assert rows["retrying"].idempotency_key in body and "HTTP 503" in body
    for other in ("fresh", "sent", "held"):
        assert rows[other].idempotency_key not in body
    assert "2 thông điệp lỗi" in body and "Gửi thất bại" in body and "Đang chờ thử lại" in body


def test_a_superuser_sees_the_page(client, rows):
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"trang_thai": "that-bai"}, "dead", "retrying"),
        ({"trang_thai": "dang-thu-lai"}, "retrying", "dead"),
        ({"chu_de": "dvcqg.sync"}, "retrying", "dead"),
        ({"chu_de": "webhook.deliver", "trang_thai": "that-bai"}, "dead", "retrying"),
    ],
)
def test_the_list_filters_by_status_and_topic(client, sysadmin, rows, query, shown, hidden):
    client.force_login(sysadmin)
    body = client.get(LIST, query).content.decode()
    assert rows[shown].idempotency_key in body and rows[hidden].idempotency_key not in body


def test_resending_asks_for_confirmation_first(client, sysadmin, rows):
    client.force_login(sysadmin)
    response = client.post(RESEND, {"ids": [rows["dead"].pk, rows["retrying"].pk]})
    body = response.content.decode()
    assert response.status_code == 200 and "Gửi lại 2 thông điệp" in body
    assert rows["dead"].idempotency_key in body and 'name="confirm"' in body
    assert OutboxMessage.objects.get(pk=rows["dead"].pk).status == OutboxStatus.DEAD

    unconfirmed = client.post(RESEND, {"ids": [rows["dead"].pk], "buoc": "xac-nhan"})
    assert "Đánh dấu ô xác nhận để tiếp tục." in unconfirmed.content.decode()
    assert OutboxMessage.objects.get(pk=rows["dead"].pk).status == OutboxStatus.DEAD


def test_confirmed_messages_are_due_again_with_a_fresh_budget(client, sysadmin, rows):
    client.force_login(sysadmin)
    ids = [rows["dead"].pk, rows["retrying"].pk]
    response = client.post(RESEND, {"ids": ids, "buoc": "xac-nhan", "confirm": "on"}, follow=True)
    assert "Đã đưa 2 thông điệp trở lại hàng đợi." in response.content.decode()
    for pk in ids:
        message = OutboxMessage.objects.get(pk=pk)
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
        assert message.next_attempt_at <= timezone.now()


@pytest.mark.parametrize("chosen", [[], ["sent"], ["dead", "held"], ["fresh"]])
def test_only_failed_messages_can_be_resent(client, sysadmin, rows, chosen):
    client.force_login(sysadmin)
    ids = [rows[name].pk for name in chosen]
    response = client.post(RESEND, {"ids": ids, "buoc": "xac-nhan", "confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "trở lại hàng đợi" not in response.content.decode()
    assert OutboxMessage.objects.get(pk=rows["dead"].pk).status == OutboxStatus.DEAD
    assert OutboxMessage.objects.get(pk=rows["held"].pk).status == OutboxStatus.IN_PROGRESS


def test_resending_needs_post_and_a_csrf_token(sysadmin, rows):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sysadmin)
    assert client.get(RESEND).status_code == 405
    response = client.post(RESEND, {"ids": [rows["dead"].pk], "buoc": "xac-nhan", "confirm": "on"})
    assert response.status_code == 403
    assert OutboxMessage.objects.get(pk=rows["dead"].pk).status == OutboxStatus.DEAD
