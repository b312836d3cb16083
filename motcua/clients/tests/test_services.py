"""Client credentials: issue, authenticate, rotate with overlap, revoke, expire."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.audit.models import AuditEntry
from motcua.clients.models import Scope
from motcua.clients.services import (
    CredentialError,
    authenticate_token,
    client_create,
    credential_issue,
    credential_revoke,
    credential_rotate,
)
from motcua.org.access import active_positions
from motcua.testing.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return client_create(
        actor=None,
        code="he-thong-a",
        name="Hệ thống A",
        agency=AgencyFactory(),
        scopes=[Scope.DOSSIERS_READ, "dossiers.act:receive"],
    )


def test_a_client_acts_through_its_service_account(client):
    assert client.user.username == "api.he-thong-a" and not client.user.has_usable_password()
    assert [p.agency_id for p in active_positions(client.user)] == [client.agency_id]
    assert client.allows("dossiers.read") and client.allows("dossiers.act:receive")
    assert not client.allows("dossiers.act:refuse") and not client.allows("dossiers.create")
    with pytest.raises(ValueError, match="unknown scopes"):
        client_create(actor=None, code="x", name="X", agency=client.agency, scopes=["root"])


def test_issue_authenticate_and_only_a_hash_is_stored(client):
    issued = credential_issue(actor=None, client=client)
    assert issued.token.startswith("mc_") and issued.token.split("_", 2)[2] not in str(
        issued.credential.secret_hash
    )
    found, credential = authenticate_token(issued.token)
    assert found == client and credential == issued.credential
    credential.refresh_from_db()
    assert credential.last_used_at is not None
    for bad in ("", "mc_", "Bearer x", issued.token + "x", "mc_nokey_secret"):
        with pytest.raises(CredentialError):
            authenticate_token(bad)
    assert AuditEntry.objects.filter(action="api_credential.issue").count() == 1


def test_rotation_overlaps_then_the_old_token_expires(client, time_machine):
    time_machine.move_to("2026-11-26 09:00 +07:00", tick=False)
    old = credential_issue(actor=None, client=client)
    new = credential_rotate(actor=None, credential=old.credential, overlap=timedelta(hours=2))
    authenticate_token(old.token)
    authenticate_token(new.token)
    time_machine.move_to("2026-11-26 11:01 +07:00", tick=False)
    with pytest.raises(CredentialError, match="hết hạn"):
        authenticate_token(old.token)
    authenticate_token(new.token)


def test_revocation_is_immediate_and_idempotent(client):
    issued = credential_issue(actor=None, client=client)
    credential_revoke(actor=None, credential=issued.credential)
    first = issued.credential.__class__.objects.get(pk=issued.credential.pk).revoked_at
    credential_revoke(actor=None, credential=issued.credential)
    assert issued.credential.__class__.objects.get(pk=issued.credential.pk).revoked_at == first
    with pytest.raises(CredentialError, match="thu hồi"):
        authenticate_token(issued.token)
    with pytest.raises(CredentialError):
        credential_rotate(actor=None, credential=issued.credential)
    assert AuditEntry.objects.filter(action="api_credential.revoke").count() == 1


def test_a_suspended_client_is_refused(client):
    issued = credential_issue(
        actor=None, client=client, expires_at=timezone.now() + timedelta(days=1)
    )
    client.is_active = False
    client.save()
    with pytest.raises(CredentialError, match="tạm dừng"):
        authenticate_token(issued.token)


def test_old_idempotency_keys_are_purged(client, time_machine):
    from django.core.management import call_command

    from motcua.clients.models import IdempotencyKey
    from motcua.clients.services import IdempotencyMismatch, run_once

    time_machine.move_to("2026-10-01 09:00 +07:00", tick=False)
    run_once(owner=client.user, key="cu", fingerprint="f", run=lambda: "A-1")
    time_machine.move_to("2026-11-26 09:00 +07:00", tick=False)
    assert run_once(owner=client.user, key="moi", fingerprint="f", run=lambda: "A-2") == (
        "A-2",
        False,
    )
    assert run_once(owner=client.user, key="moi", fingerprint="f", run=lambda: "X") == (
        "A-2",
        True,
    )
    with pytest.raises(IdempotencyMismatch):
        run_once(owner=client.user, key="moi", fingerprint="g", run=lambda: "X")
    out = io.StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert "Đã xóa 1 khóa" in out.getvalue()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["moi"]
