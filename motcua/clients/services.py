# SPDX-License-Identifier: MPL-2.0
"""Clients and their credentials: create, issue, rotate, revoke, authenticate. Audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import AccountKind, User
from motcua.audit.services import record
from motcua.clients.models import (
    ApiClient,
    ApiCredential,
    IdempotencyKey,
    Scope,
    WebhookSubscription,
)
from motcua.org.models import Agency, Role, StaffPosition

TOKEN_PREFIX = "mc_"
#: last_used_at is written at most this often per credential (not on every request).
TOUCH_EVERY = timedelta(minutes=5)


class CredentialError(Exception):
    """A token that does not authenticate; the message is safe to show."""


@dataclass(frozen=True)
class Issued:
    credential: ApiCredential
    token: str  # shown once; never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def client_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    agency: Agency,
    scopes: Sequence[str],
    roles: Sequence[str] = (Role.COUNTER_OFFICER,),
) -> ApiClient:
    """A client with its service account, holding `roles` in `agency` from today."""
    unknown = (
        set(scopes)
        - {s.value for s in Scope}
        - {s for s in scopes if s.startswith("dossiers.act:")}
    )
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    user = User.objects.create(
        username=f"api.{code}",
        full_name=name,
        kind=AccountKind.STAFF,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    for role in roles:
        StaffPosition.objects.create(
            user=user, agency=agency, role=role, valid_from=timezone.localdate()
        )
    client = ApiClient.objects.create(
        code=code, name=name, agency=agency, user=user, scopes=list(scopes)
    )
    record(
        actor=actor,
        action="api_client.create",
        object_type="api_client",
        object_id=client.pk,
        summary=f"Tạo hệ thống kết nối {name}",
        data={"agency": agency.code, "scopes": list(scopes), "roles": list(roles)},
    )
    return client


@transaction.atomic
def credential_issue(
    *, actor: User | None, client: ApiClient, expires_at: datetime | None = None
) -> Issued:
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    credential = ApiCredential.objects.create(
        client=client,
        key_id=key_id,
        secret_hash=_hash(secret),
        created_by=actor,
        expires_at=expires_at,
    )
    record(
        actor=actor,
        action="api_credential.issue",
        object_type="api_client",
        object_id=client.pk,
        summary=f"Cấp khóa truy cập {key_id} cho {client.name}",
        data={"key_id": key_id, "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return Issued(credential, f"{TOKEN_PREFIX}{key_id}_{secret}")


@transaction.atomic
def credential_rotate(
    *, actor: User | None, credential: ApiCredential, overlap: timedelta = timedelta(hours=24)
) -> Issued:
    """A new credential; the old one keeps working for `overlap`, then expires."""
    old = ApiCredential.objects.select_for_update().get(pk=credential.pk)
    if old.revoked_at is not None:
        raise CredentialError("Khóa đã bị thu hồi, không thể xoay vòng.")
    ends = timezone.now() + overlap
    if old.expires_at is None or old.expires_at > ends:
        old.expires_at = ends
        old.save(update_fields=["expires_at"])
    issued = credential_issue(actor=actor, client=old.client)
    record(
        actor=actor,
        action="api_credential.rotate",
        object_type="api_client",
        object_id=old.client_id,
        summary=f"Xoay vòng khóa {old.key_id} → {issued.credential.key_id}",
        data={"old": old.key_id, "new": issued.credential.key_id, "old_expires": ends.isoformat()},
    )
    return issued


@transaction.atomic
def credential_revoke(*, actor: User | None, credential: ApiCredential) -> ApiCredential:
    """Refuse the credential from now on (idempotent)."""
    current = ApiCredential.objects.select_for_update().get(pk=credential.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="api_credential.revoke",
            object_type="api_client",
            object_id=current.client_id,
            summary=f"Thu hồi khóa truy cập {current.key_id}",
            data={"key_id": current.key_id},
        )
    return current


def authenticate_token(token: str) -> tuple[ApiClient, ApiCredential]:
    """The client a `mc_<key_id>_<secret>` token belongs to, or CredentialError."""
    if not token.startswith(TOKEN_PREFIX) or token.count("_") < 2:
        raise CredentialError("Khóa truy cập không đúng định dạng.")
    key_id, _sep, secret = token.removeprefix(TOKEN_PREFIX).partition("_")
    credential = (
        ApiCredential.objects.select_related("client", "client__user", "client__agency")
        .filter(key_id=key_id)
        .first()
    )
    if credential is None or not hmac.compare_digest(credential.secret_hash, _hash(secret)):
        raise CredentialError("Khóa truy cập không hợp lệ.")
    now = timezone.now()
    if credential.revoked_at is not None:
        raise CredentialError("Khóa truy cập đã bị thu hồi.")
    if credential.expires_at is not None and credential.expires_at <= now:
        raise CredentialError("Khóa truy cập đã hết hạn.")
    client = credential.client
    if not client.is_active or not client.user.is_active:
        raise CredentialError("Hệ thống kết nối đã bị tạm dừng.")
    if credential.last_used_at is None or credential.last_used_at < now - TOUCH_EVERY:
        ApiCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
    return client, credential


@transaction.atomic
def webhook_subscribe(
    *, actor: User | None, client: ApiClient, url: str, events: Sequence[str] = ()
) -> WebhookSubscription:
    """Subscribe `client` to dossier events at `url` (ValueError with a Vietnamese reason
    when the address may not receive them)."""
    from motcua.clients.webhooks import url_problem

    problem = url_problem(url, resolve=False)
    if problem:
        raise ValueError(problem[0].upper() + problem[1:] + ".")
    subscription = WebhookSubscription.objects.create(
        client=client, url=url, secret=secrets.token_hex(32), events=list(events)
    )
    record(
        actor=actor,
        action="webhook.subscribe",
        object_type="api_client",
        object_id=client.pk,
        summary=f"Đăng ký webhook {url} cho {client.name}",
        data={"url": url, "events": list(events)},
    )
    return subscription


class IdempotencyMismatch(Exception):
    """The key was used before for a different request."""


@transaction.atomic
def run_once(
    *, owner: User, key: str, fingerprint: str, run: Callable[[], str]
) -> tuple[str, bool]:
    """Run `run` once per (owner, key) and return (its result, replayed?).

    The key row is inserted before `run`, in the same transaction: a second request with
    the same key waits on the unique index until the first commits, then replays its
    result (or runs itself if the first rolled back). A key reused with another
    `fingerprint` (a digest of the request) raises IdempotencyMismatch.
    """

    def replay(row: IdempotencyKey) -> tuple[str, bool]:
        if row.fingerprint != fingerprint:
            raise IdempotencyMismatch(key)
        return row.result, True

    earlier = IdempotencyKey.objects.filter(owner=owner, key=key).first()
    if earlier is not None:
        return replay(earlier)
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(owner=owner, key=key, fingerprint=fingerprint)
    except IntegrityError:
        return replay(IdempotencyKey.objects.get(owner=owner, key=key))
    row.result = run()
    row.save(update_fields=["result"])
    return row.result, False


@transaction.atomic
def client_set_active(*, actor: User | None, client: ApiClient, active: bool) -> ApiClient:
    """Pause a client (every token refused at once, webhooks held back) or resume it."""
    current = ApiClient.objects.select_for_update().get(pk=client.pk)
    if current.is_active != active:
        current.is_active = active
        current.save(update_fields=["is_active", "updated_at"])
        record(
            actor=actor,
            action="api_client.resume" if active else "api_client.pause",
            object_type="api_client",
            object_id=current.pk,
            summary=("Cho hoạt động lại " if active else "Tạm dừng ") + current.name,
        )
    return current


@transaction.atomic
def webhook_set_active(
    *, actor: User | None, subscription: WebhookSubscription, active: bool
) -> WebhookSubscription:
    """Switch a webhook subscription off (no new deliveries) or on again."""
    current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if current.is_active != active:
        current.is_active = active
        current.save(update_fields=["is_active", "updated_at"])
        record(
            actor=actor,
            action="webhook.resume" if active else "webhook.pause",
            object_type="api_client",
            object_id=current.client_id,
            summary=("Bật " if active else "Tắt ") + f"webhook {current.url}",
        )
    return current


def idempotency_keys_purge(*, older_than_days: int) -> int:
    """Forget idempotency keys older than `older_than_days` (a retry after that creates a
    new dossier); returns how many were deleted. Run daily (`manage.py purge_idempotency_keys`)."""
    if older_than_days < 1:
        raise ValueError("older_than_days must be at least 1")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
