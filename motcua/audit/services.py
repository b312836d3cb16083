# SPDX-License-Identifier: MPL-2.0
"""``record()``: the one write path of the audit trail.

Call it inside the service's own ``transaction.atomic()``, after the state change, so the
audit row commits or rolls back with it (zulip's RealmAuditLog discipline)::

    with transaction.atomic():
        dossier = ...  # the state change
        record(actor=actor, action="dossier.receive", object_type="dossier",
               object_id=dossier.code, summary="Tiếp nhận hồ sơ", data={...})

Writers are serialised on the one-row ``AuditChainHead``: ``select_for_update()`` on
PostgreSQL; on SQLite ``select_for_update`` is a no-op but the database admits one writer at
a time (the project opens transactions with ``BEGIN IMMEDIATE``), and the unique
``sequence`` and ``prev_hash`` constraints refuse a fork whatever happens.
"""

from __future__ import annotations

import ipaddress
import json
import re
import unicodedata
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry, entry_hash

SYSTEM_ACTOR_LABEL = "Hệ thống"
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class AuditOutsideTransaction(TransactionManagementError):
    """``record()`` was called in autocommit mode: the entry could outlive a failed change."""


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _canonical_data(value: Any) -> Any:
    """JSON-native copy of ``value``: NFC strings, string keys; floats are refused.

    Dates, datetimes, decimals and UUIDs become strings (DjangoJSONEncoder). Floats are
    refused because their text form is not stable across databases (PostgreSQL ``jsonb``
    stores numerics): pass amounts as ``Decimal`` or ``str``.
    """
    plain = json.loads(json.dumps(value, cls=DjangoJSONEncoder, allow_nan=False))

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return _nfc(item)
        if isinstance(item, float):
            raise TypeError("audit data must not contain floats; use Decimal or str")
        if isinstance(item, list):
            return [walk(child) for child in item]
        if isinstance(item, dict):
            return {_nfc(key): walk(child) for key, child in item.items()}
        return item

    return walk(plain)


def _ip(raw: str | None) -> str | None:
    """The address as the database will return it (Django's own IPv6 normalisation)."""
    if not raw:
        return None
    ipaddress.ip_address(raw)  # ValueError on garbage
    return AuditEntry._meta.get_field("ip_address").get_prep_value(raw)


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return SYSTEM_ACTOR_LABEL
    name = actor.full_name.strip()
    return f"{name} ({actor.username})" if name else actor.username


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # First write ever (or after a test flush): create the head from the latest entry.
    # Two first writers race on the primary key; get_or_create retries the loser's read.
    last = AuditEntry.objects.order_by("-sequence").only("sequence", "hash").first()
    AuditChainHead.objects.get_or_create(
        pk=1,
        defaults={
            "sequence": last.sequence if last else 0,
            "hash": last.hash if last else GENESIS_HASH,
        },
    )
    return AuditChainHead.objects.select_for_update().get(pk=1)


def record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: str | int,
    summary: str,
    data: Any = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append an entry to the audit chain, inside the caller's transaction.

    ``actor`` is ``None`` for the system (workers, commands). ``action`` is
    ``<domain>.<verb>`` in lower case (``dossier.receive``); ``summary`` is a short
    Vietnamese sentence; ``data`` is JSON-able detail (no floats).
    """
    if not transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
        raise AuditOutsideTransaction(
            "audit.record() must run inside the caller's transaction.atomic(), so that the "
            "audit entry commits or rolls back together with the change it records."
        )
    if not _ACTION.match(action):
        raise ValueError(f"audit action {action!r} must look like 'dossier.receive'")
    if not summary.strip():
        raise ValueError("audit summary must not be empty")
    fields: dict[str, Any] = {
        "actor_ref": actor.pk if actor is not None else None,
        "actor_label": _nfc(_actor_label(actor)),
        "action": action,
        "object_type": _nfc(object_type),
        "object_id": _nfc(str(object_id)),
        "summary": _nfc(summary.strip()),
        "data": _canonical_data({} if data is None else data),
        "ip_address": _ip(ip_address),
    }

    head = _lock_head()
    fields["sequence"] = head.sequence + 1
    fields["prev_hash"] = head.hash
    fields["at"] = timezone.now()  # taken under the lock: time follows sequence order
    digest = entry_hash(**fields)
    entry = AuditEntry.objects.create(actor=actor, hash=digest, **fields)
    AuditChainHead.objects.filter(pk=1).update(sequence=entry.sequence, hash=digest)
    return entry
