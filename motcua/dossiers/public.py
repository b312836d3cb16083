# SPDX-License-Identifier: MPL-2.0
"""Reads of a dossier for the public status lookup (tra cứu hồ sơ), read-only.

The dossier code is printed on every official form and in its QR code, so anyone holding a
paper may learn where the dossier stands: `dossier_status_public` returns the status, the
appointment and the dates of the status changes, and nothing that names a person or
repeats an officer's note. The applicant proves ownership with the lookup secret printed
on form 01 (`dossier_status_private`) or by signing in with the account that submitted it
(`dossier_status_for_owner`); they also see their name, how the appointment was computed
and what an open supplement request asks for.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from motcua.accounts.models import User
from motcua.domain.deadlines import TrailEntry, TrailKind
from motcua.domain.workflow import Status, SubState
from motcua.dossiers.clock import recompute_deadline
from motcua.dossiers.models import Dossier, PauseKind
from motcua.workcal.trail import trail_text

#: Longest code the lookup reads (the model's column); longer input is "not found".
CODE_MAX_LENGTH = Dossier._meta.get_field("code").max_length


@dataclass(frozen=True)
class StatusChange:
    """One line of the public timeline: when the dossier entered which status."""

    at: datetime
    status: str


@dataclass(frozen=True)
class PublicStatus:
    """What the dossier code alone shows: no names, no notes."""

    code: str
    procedure_name: str
    agency_name: str
    status: str  # Status.label_vi
    sub_state: str  # SubState.label_vi, or ""
    received_at: datetime | None
    due_at: datetime | None
    reappointed: bool
    paused: bool  # the clock stands still (supplement, financial obligation)
    resolved_at: datetime | None
    returned_at: datetime | None
    timeline: tuple[StatusChange, ...]


@dataclass(frozen=True)
class SupplementRequest:
    """The open supplement request: what to add or correct, why, and by when."""

    requested_at: datetime
    reason: str
    items: tuple[str, ...]
    respond_by: datetime | None


@dataclass(frozen=True)
class PrivateStatus:
    """What the applicant sees besides the public status."""

    public: PublicStatus
    applicant_name: str
    trail: tuple[str, ...]  # how the appointment was computed, in the user's language
    supplement: SupplementRequest | None


def normalise_code(code: str) -> str:
    """The code as stored: no spaces, upper case (codes are printed in upper case)."""
    return "".join(code.split()).upper()


def normalise_secret(secret: str) -> str:
    """The secret as printed: no spaces or hyphens, upper case."""
    return "".join(secret.split()).replace("-", "").upper()


def _find(code: str) -> Dossier | None:
    code = normalise_code(code)
    if not code or len(code) > CODE_MAX_LENGTH:
        return None
    return (
        Dossier.objects.select_related("procedure_version", "receiving_agency")
        .filter(code=code)
        .first()
    )


def _timeline(dossier: Dossier) -> tuple[StatusChange, ...]:
    """Each change of status, oldest first; actions that keep the status are left out."""
    changes: list[StatusChange] = []
    events = dossier.events.order_by("at", "id").values_list("at", "to_status")
    for at, status in events:
        label = Status(status).label_vi
        if not changes or changes[-1].status != label:
            changes.append(StatusChange(at=at, status=label))
    return tuple(changes)


def _public(dossier: Dossier) -> PublicStatus:
    return PublicStatus(
        code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        agency_name=dossier.receiving_agency.name,
        status=Status(dossier.status).label_vi,
        sub_state=SubState(dossier.sub_state).label_vi if dossier.sub_state else "",
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        reappointed=dossier.reappointed_at is not None,
        paused=dossier.is_paused,
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        timeline=_timeline(dossier),
    )


def _trail(dossier: Dossier) -> tuple[str, ...]:
    """The appointment explained day by day (as on the desk), and its re-appointment."""
    if dossier.received_at is None:
        return ()
    deadline = recompute_deadline(dossier)
    entries = list(deadline.trail)
    if dossier.reappointed_at is not None and dossier.due_at not in (None, deadline.due):
        due = timezone.localtime(dossier.due_at)
        params = {"due": due, "legal_due": deadline.legal_due}
        entries.append(TrailEntry(TrailKind.REAPPOINTMENT, due.date(), params))
    return tuple(trail_text(entry) for entry in entries)


def _supplement(dossier: Dossier) -> SupplementRequest | None:
    pause = dossier.pauses.filter(kind=PauseKind.SUPPLEMENT, ended_at__isnull=True).first()
    if pause is None:
        return None
    items = tuple(
        ": ".join(str(part) for part in (row.get("name"), row.get("requirement")) if part)
        for row in pause.items
    )
    return SupplementRequest(
        requested_at=pause.started_at,
        reason=pause.reason,
        items=tuple(item for item in items if item),
        respond_by=pause.respond_by,
    )


def _private(dossier: Dossier) -> PrivateStatus:
    return PrivateStatus(
        public=_public(dossier),
        applicant_name=dossier.applicant_name,
        trail=_trail(dossier),
        supplement=_supplement(dossier),
    )


def secret_matches(dossier: Dossier, secret: str) -> bool:
    """True if `secret` is the dossier's lookup secret (case, spaces and hyphens ignored).

    Compared in constant time; a dossier without a secret (created before secrets were
    printed) matches nothing.
    """
    expected = normalise_secret(dossier.lookup_secret).encode()
    given = normalise_secret(secret).encode()
    return bool(expected) and hmac.compare_digest(expected, given)


def dossier_status_public(code: str) -> PublicStatus | None:
    """The public status of the dossier with `code`, or None if there is none."""
    dossier = _find(code)
    return None if dossier is None else _public(dossier)


def dossier_status_private(code: str, secret: str) -> PrivateStatus | None:
    """The applicant's view of the dossier with `code`, or None unless `secret` is its
    lookup secret (an unknown code and a wrong secret give the same None)."""
    dossier = _find(code)
    if dossier is None or not secret_matches(dossier, secret):
        return None
    return _private(dossier)


def dossier_status_for_owner(code: str, user: User) -> PrivateStatus | None:
    """The applicant's view for the signed-in account that owns the dossier, else None."""
    dossier = _find(code)
    if dossier is None or dossier.applicant_id is None or dossier.applicant_id != user.pk:
        return None
    return _private(dossier)
