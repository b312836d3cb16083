# SPDX-License-Identifier: MPL-2.0
"""The clients admin: system administrators only; every change through an audited service;
a token or signing secret shown once, never its hash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from motcua.audit.models import AuditEntry
from motcua.clients.models import ApiClient, ApiCredential, Scope, WebhookSubscription
from motcua.clients.services import (
    CredentialError,
    authenticate_token,
    client_create,
    credential_issue,
)
from motcua.org.access import active_positions
from motcua.org.models import Role
from motcua.testing.factories import PositionFactory, StaffFactory

pytestmark = pytest.mark.django_db

CLIENTS = reverse("admin:clients_apiclient_changelist")
CREDENTIALS = reverse("admin:clients_apicredential_changelist")
WEBHOOKS = reverse("admin:clients_webhooksubscription_changelist")


@pytest.fixture
def sysadmin(personas):
    return PositionFactory(
        agency=personas.agency_y,
        role=Role.SYSTEM_ADMIN,
        user=StaffFactory(is_staff=True, full_name="Lê Quản Trị"),
    ).user


@pytest.fixture
def api_client(personas):
    return client_create(
        actor=None,
        code="he-thong-a",
        name="Hệ thống A",
        agency=personas.agency_x,
        scopes=[Scope.DOSSIERS_READ],
    )


def token_in(body: str) -> str:
    """The `mc_…` token shown in a page, or ''."""
    start = body.find("mc_")
    return body[start : body.find("<", start)] if start >= 0 else ""


def test_the_system_admin_sees_the_clients_pages(client, sysadmin, api_client):
    client.force_login(sysadmin)
    index = client.get(reverse("admin:index"))
    assert "clients" in {app["app_label"] for app in index.context["app_list"]}
    listing = client.get(CLIENTS)
    assert listing.status_code == 200 and "Hệ thống A" in listing.content.decode()
    for url in (CREDENTIALS, WEBHOOKS, reverse("admin:clients_apiclient_add")):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["leader_x", "admin_x", "supervisor"])
def test_other_staff_do_not_see_the_clients_pages(client, personas, api_client, who):
    user = getattr(personas, who)
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="clients"))
    client.force_login(user)
    index = client.get(reverse("admin:index"))
    assert "clients" not in {app["app_label"] for app in index.context["app_list"]}
    for url in (
        CLIENTS,
        CREDENTIALS,
        WEBHOOKS,
        reverse("admin:clients_apiclient_add"),
        reverse("admin:clients_apiclient_change", args=[api_client.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("admin:clients_apiclient_add"),
        {"code": "lau", "name": "Lậu", "agency": personas.agency_x.pk, "roles": ["specialist"]},
    )
    assert response.status_code == 403
    assert not ApiClient.objects.filter(code="lau").exists()


def test_a_superuser_may_manage_clients(client, api_client):
    client.force_login(StaffFactory(is_staff=True, is_superuser=True))
    assert client.get(CLIENTS).status_code == 200


def test_adding_a_client_creates_its_service_account_through_the_service(
    client, personas, sysadmin
):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:clients_apiclient_add"),
        {
            "code": "mot-cua-huyen",
            "name": "Phần mềm một cửa huyện",
            "agency": personas.agency_x.pk,
            "scope_choices": [Scope.DOSSIERS_READ, Scope.DOCUMENTS_READ],
            "act_entries": "receive\ndossiers.act:request_completion",
            "roles": [Role.COUNTER_OFFICER, Role.SPECIALIST],
        },
        follow=True,
    )
    assert response.status_code == 200
    created = ApiClient.objects.get(code="mot-cua-huyen")
    assert created.scopes == [
        "dossiers.read",
        "documents.read",
        "dossiers.act:receive",
        "dossiers.act:request_completion",
    ]
    assert created.user.username == "api.mot-cua-huyen"
    assert not created.user.has_usable_password()
    assert {p.role for p in active_positions(created.user)} == {
        Role.COUNTER_OFFICER,
        Role.SPECIALIST,
    }
    entry = AuditEntry.objects.get(action="api_client.create")
    assert entry.actor == sysadmin and entry.object_id == str(created.pk)
    assert "Cấp khóa mới" in response.content.decode()  # what to do next


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"act_entries": "tu_y"}, "act_entries"),
        ({"roles": [Role.SYSTEM_ADMIN]}, "roles"),
        ({"scope_choices": [], "act_entries": ""}, None),
        ({"code": "he-thong-a"}, "code"),
    ],
)
def test_the_add_form_refuses_bad_input(client, personas, sysadmin, api_client, changes, field):
    client.force_login(sysadmin)
    data = {
        "code": "moi",
        "name": "Mới",
        "agency": personas.agency_x.pk,
        "scope_choices": [Scope.DOSSIERS_READ],
        "roles": [Role.COUNTER_OFFICER],
        **changes,
    }
    response = client.post(reverse("admin:clients_apiclient_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert (field in form.errors) if field else form.non_field_errors()
    assert ApiClient.objects.count() == 1


def test_a_client_is_read_only_in_the_admin(client, sysadmin, api_client):
    client.force_login(sysadmin)
    url = reverse("admin:clients_apiclient_change", args=[api_client.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Đọc hồ sơ của cơ quan" in page.content.decode()
    response = client.post(url, {"name": "Đổi tên", "scopes": '["dossiers.create"]'})
    assert response.status_code == 403
    api_client.refresh_from_db()
    assert api_client.name == "Hệ thống A" and api_client.scopes == ["dossiers.read"]
    assert (
        client.get(reverse("admin:clients_apiclient_delete", args=[api_client.pk])).status_code
        == 403
    )


def test_issuing_a_key_shows_the_token_once(client, sysadmin, api_client):
    client.force_login(sysadmin)
    response = client.post(
        CLIENTS, {"action": "issue_credential", "_selected_action": [api_client.pk]}, follow=True
    )
    body = response.content.decode()
    token = token_in(body)
    assert token and "chỉ hiển thị MỘT LẦN" in body
    assert f'<code class="secret">{token}</code>' in body  # the message's HTML is kept
    found, credential = authenticate_token(token)
    assert found == api_client
    # Gone on the next page, and nowhere to be seen again: not the token, not its hash.
    for url in (
        CLIENTS,
        CREDENTIALS,
        reverse("admin:clients_apiclient_change", args=[api_client.pk]),
        reverse("admin:clients_apicredential_change", args=[credential.pk]),
    ):
        page = client.get(url).content.decode()
        assert token not in page and credential.secret_hash not in page, url
    assert credential.key_id in client.get(CREDENTIALS).content.decode()
    entry = AuditEntry.objects.get(action="api_credential.issue")
    assert entry.actor == sysadmin and token not in str(entry.data)


def test_a_paused_client_gets_no_key(client, sysadmin, api_client):
    ApiClient.objects.filter(pk=api_client.pk).update(is_active=False)
    client.force_login(sysadmin)
    response = client.post(
        CLIENTS, {"action": "issue_credential", "_selected_action": [api_client.pk]}, follow=True
    )
    assert "tạm dừng" in response.content.decode()
    assert not ApiCredential.objects.exists()


def test_rotation_keeps_the_old_key_for_24_hours(client, sysadmin, api_client, time_machine):
    time_machine.move_to("2026-11-26 09:00 +07:00", tick=False)
    old = credential_issue(actor=None, client=api_client)
    client.force_login(sysadmin)
    response = client.post(
        CREDENTIALS, {"action": "rotate", "_selected_action": [old.credential.pk]}, follow=True
    )
    body = response.content.decode()
    new_token = token_in(body)
    assert new_token and new_token != old.token and "chỉ hiển thị MỘT LẦN" in body
    authenticate_token(old.token)
    authenticate_token(new_token)
    old.credential.refresh_from_db()
    assert old.credential.expires_at == timezone.now() + timedelta(hours=24)
    assert AuditEntry.objects.filter(action="api_credential.rotate", actor=sysadmin).count() == 1
    time_machine.move_to("2026-11-27 09:01 +07:00", tick=False)
    with pytest.raises(CredentialError, match="hết hạn"):
        authenticate_token(old.token)


def test_a_revoked_key_cannot_be_rotated(client, sysadmin, api_client):
    issued = credential_issue(actor=None, client=api_client)
    client.force_login(sysadmin)
    client.post(CREDENTIALS, {"action": "revoke", "_selected_action": [issued.credential.pk]})
    response = client.post(
        CREDENTIALS, {"action": "rotate", "_selected_action": [issued.credential.pk]}, follow=True
    )
    assert "không thể xoay vòng" in response.content.decode()
    assert ApiCredential.objects.count() == 1


def test_revocation_is_immediate_and_audited(client, sysadmin, api_client):
    issued = credential_issue(actor=None, client=api_client)
    client.force_login(sysadmin)
    response = client.post(
        CREDENTIALS, {"action": "revoke", "_selected_action": [issued.credential.pk]}, follow=True
    )
    assert f"Đã thu hồi 1 khóa, có hiệu lực ngay: {issued.credential.key_id}" in (
        response.content.decode()
    )
    with pytest.raises(CredentialError, match="thu hồi"):
        authenticate_token(issued.token)
    assert AuditEntry.objects.get(action="api_credential.revoke").actor == sysadmin


def test_nobody_adds_or_edits_a_credential_directly(client, sysadmin, api_client):
    issued = credential_issue(actor=None, client=api_client)
    client.force_login(sysadmin)
    assert client.get(reverse("admin:clients_apicredential_add")).status_code == 403
    url = reverse("admin:clients_apicredential_change", args=[issued.credential.pk])
    assert client.post(url, {"revoked_at": ""}).status_code == 403
    assert client.get(f"{CREDENTIALS}{issued.credential.pk}/delete/").status_code == 403


def test_subscribing_a_webhook_shows_the_secret_once(client, sysadmin, api_client):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:clients_webhooksubscription_add"),
        {
            "client": api_client.pk,
            "url": "https://mot-cua.example.gov.vn/su-kien",
            "event_choices": ["dossier.receive", "dossier.return_result"],
        },
        follow=True,
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["dossier.receive", "dossier.return_result"]
    body = response.content.decode()
    assert subscription.secret in body and "chỉ hiển thị MỘT LẦN" in body
    detail = reverse("admin:clients_webhooksubscription_change", args=[subscription.pk])
    for url in (WEBHOOKS, detail, reverse("admin:clients_apiclient_change", args=[api_client.pk])):
        page = client.get(url).content.decode()
        assert subscription.secret not in page, url
    entry = AuditEntry.objects.get(action="webhook.subscribe")
    assert entry.actor == sysadmin and subscription.secret not in str(entry.data)


def test_a_webhook_needs_https(client, sysadmin, api_client, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:clients_webhooksubscription_add"),
        {"client": api_client.pk, "url": "http://mot-cua.example.gov.vn/su-kien"},
    )
    assert "url" in response.context["adminform"].form.errors
    assert not WebhookSubscription.objects.exists()


def test_pausing_a_client_refuses_its_tokens_at_once_and_is_audited(client, sysadmin, api_client):
    from motcua.audit.models import AuditEntry
    from motcua.clients.services import CredentialError, credential_issue

    issued = credential_issue(actor=None, client=api_client)
    client.force_login(sysadmin)
    client.post(CLIENTS, {"action": "pause", "_selected_action": [api_client.pk]}, follow=True)
    with pytest.raises(CredentialError, match="tạm dừng"):
        authenticate_token(issued.token)
    client.post(CLIENTS, {"action": "resume", "_selected_action": [api_client.pk]}, follow=True)
    assert authenticate_token(issued.token)[0] == api_client
    actions = list(
        AuditEntry.objects.filter(action__startswith="api_client.p").values_list(
            "action", flat=True
        )
    ) + list(AuditEntry.objects.filter(action="api_client.resume").values_list("action", flat=True))
    assert actions == ["api_client.pause", "api_client.resume"]


def test_a_webhook_can_be_switched_off_and_on(client, sysadmin, api_client):
    from motcua.clients.services import webhook_subscribe

    subscription = webhook_subscribe(actor=None, client=api_client, url="https://example.vn/hook")
    client.force_login(sysadmin)
    client.post(WEBHOOKS, {"action": "switch_off", "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert not subscription.is_active
    client.post(WEBHOOKS, {"action": "switch_on", "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert subscription.is_active
