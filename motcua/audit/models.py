# SPDX-License-Identifier: MPL-2.0
"""The audit trail: an append-only hash chain of who did what (Directive 01, clauses 1đ/1h).

Each ``AuditEntry`` stores the SHA-256 of a canonical serialisation of its own fields plus
the previous entry's hash, so changing, deleting or reordering a committed entry breaks the
chain and ``selectors.verify_chain`` finds where. ``AuditChainHead`` is a one-row table
holding the latest sequence number and hash; writers lock it, which makes the chain linear.
Write through ``services.record()`` only. The canonical form is documented in docs/audit.md.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AppendOnlyModel

#: ``prev_hash`` of the first entry of the chain.
GENESIS_HASH = "0" * 64
#: Version of the canonical form, part of every hashed document.
CANONICAL_VERSION = 1


class AuditChainHead(models.Model):
    """The single row (pk=1) every writer locks: the latest sequence number and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"


class AuditEntry(AppendOnlyModel):
    """One audited action. Immutable once written: instances refuse ``save()`` and ``delete()``."""

    sequence = models.PositiveBigIntegerField(_("số thứ tự"), unique=True, editable=False)
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The actor's primary key at recording time: hashed, and kept when the user is deleted.
    actor_ref = models.PositiveBigIntegerField(_("mã người thực hiện"), null=True, blank=True)
    actor_label = models.CharField(_("tên người thực hiện"), max_length=250)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64)
    object_id = models.CharField(_("mã đối tượng"), max_length=128)
    summary = models.CharField(_("tóm tắt"), max_length=500)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    prev_hash = models.CharField(_("mã băm bản ghi trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("bản ghi nhật ký kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            # One successor per entry: a fork cannot be committed even by a buggy writer.
            models.UniqueConstraint(fields=["prev_hash"], name="audit_entry_prev_hash_unique"),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="audit_sequence_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def compute_hash(self) -> str:
        return entry_hash(
            sequence=self.sequence,
            at=self.at,
            actor_ref=self.actor_ref,
            actor_label=self.actor_label,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            summary=self.summary,
            data=self.data,
            ip_address=self.ip_address,
            prev_hash=self.prev_hash,
        )


def canonical_timestamp(at: datetime) -> str:
    """UTC, microseconds, ``Z`` suffix: ``2026-03-01T02:03:04.000005Z``."""
    if at.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(
    *,
    sequence: int,
    at: datetime,
    actor_ref: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    data: Any,
    ip_address: str | None,
    prev_hash: str,
) -> bytes:
    """The exact bytes that are hashed (see docs/audit.md, "Canonical form").

    Strings are hashed as stored: ``record()`` NFC-normalises them before storing, and the
    verifier does not normalise again, so any change of the stored bytes is detected.
    """
    document = {
        "v": CANONICAL_VERSION,
        "sequence": sequence,
        "at": canonical_timestamp(at),
        "actor_ref": actor_ref,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "summary": summary,
        "data": data,
        "ip_address": ip_address,
        "prev_hash": prev_hash,
    }
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def entry_hash(**fields: Any) -> str:
    """SHA-256 (lower-case hex) of ``canonical_bytes(**fields)``."""
    return hashlib.sha256(canonical_bytes(**fields)).hexdigest()
