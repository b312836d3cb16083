# SPDX-License-Identifier: MPL-2.0
"""Reads of the audit trail: entries of one object, and the chain verifier."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db.models import QuerySet

from motcua.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry


class BreakReason(enum.StrEnum):
    HASH_MISMATCH = "hash_mismatch"  # the entry's fields no longer give its hash
    PREV_HASH_MISMATCH = "prev_hash_mismatch"  # the entry does not point at its predecessor
    SEQUENCE_GAP = "sequence_gap"  # an entry is missing (deleted) before this one
    ACTOR_MISMATCH = "actor_mismatch"  # the actor link was changed after recording
    HEAD_MISMATCH = "head_mismatch"  # the newest entries were removed or the head rewritten


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at: int | None = None  # sequence number of the first bad entry
    reason: BreakReason | None = None
    detail: str = ""


def audit_entry_list_for_object(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """The history of one object, newest first."""
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "-sequence"
    )


def verify_chain(*, start: int | None = None, stop: int | None = None) -> ChainReport:
    """Recompute the chain from ``start`` to ``stop`` (sequence numbers, both inclusive).

    Streams the entries in sequence order and stops at the first break. Without ``stop``
    the check runs up to the chain head read at the start, and also verifies that the
    newest entry is the one the head names (so removing the latest entries is detected);
    entries appended while the check runs are left for the next run.
    """
    head = AuditChainHead.objects.filter(pk=1).first()
    head_sequence = head.sequence if head else 0
    last = stop if stop is not None else head_sequence
    first = max(start or 1, 1)

    expected_sequence = first
    expected_prev = GENESIS_HASH
    if first > 1:
        previous = AuditEntry.objects.filter(sequence=first - 1).values_list("hash", flat=True)
        if not previous:
            return ChainReport(
                ok=False,
                checked=0,
                broken_at=first - 1,
                reason=BreakReason.SEQUENCE_GAP,
                detail=f"entry {first - 1} is missing",
            )
        expected_prev = previous[0]

    checked = 0
    entries = AuditEntry.objects.filter(sequence__gte=first, sequence__lte=last).order_by(
        "sequence"
    )
    for entry in entries.iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return ChainReport(
                ok=False,
                checked=checked,
                broken_at=expected_sequence,
                reason=BreakReason.SEQUENCE_GAP,
                detail=f"expected entry {expected_sequence}, found {entry.sequence}",
            )
        if entry.prev_hash != expected_prev:
            return ChainReport(
                ok=False,
                checked=checked,
                broken_at=entry.sequence,
                reason=BreakReason.PREV_HASH_MISMATCH,
                detail="prev_hash does not match the hash of the previous entry",
            )
        if entry.compute_hash() != entry.hash:
            return ChainReport(
                ok=False,
                checked=checked,
                broken_at=entry.sequence,
                reason=BreakReason.HASH_MISMATCH,
                detail="the stored fields do not produce the stored hash",
            )
        if entry.actor_id is not None and entry.actor_id != entry.actor_ref:
            return ChainReport(
                ok=False,
                checked=checked,
                broken_at=entry.sequence,
                reason=BreakReason.ACTOR_MISMATCH,
                detail=f"actor {entry.actor_id} differs from the recorded {entry.actor_ref}",
            )
        checked += 1
        expected_sequence += 1
        expected_prev = entry.hash

    if expected_sequence <= last:  # the range ends early: entries are missing at the end
        return ChainReport(
            ok=False,
            checked=checked,
            broken_at=expected_sequence,
            reason=BreakReason.SEQUENCE_GAP if stop is not None else BreakReason.HEAD_MISMATCH,
            detail=f"entry {expected_sequence} is missing (expected up to {last})",
        )
    if stop is None and head is not None and checked and expected_prev != head.hash:
        return ChainReport(
            ok=False,
            checked=checked,
            broken_at=head_sequence,
            reason=BreakReason.HEAD_MISMATCH,
            detail="the chain head does not name the newest entry",
        )
    if stop is None and head is None and AuditEntry.objects.exists():
        return ChainReport(
            ok=False,
            checked=0,
            broken_at=1,
            reason=BreakReason.HEAD_MISMATCH,
            detail="entries exist but the chain head is missing",
        )
    return ChainReport(ok=True, checked=checked)
