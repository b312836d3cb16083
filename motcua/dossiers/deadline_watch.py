# SPDX-License-Identifier: MPL-2.0
"""The deadline watch: flag open dossiers due within one working day, mark overdue ones.

SPEC §2.3 step 9: the competent agency must apologise and propose a new date "at the latest
one day before the due date", so the watch warns while there is still time. It is
idempotent and safe to run from several processes at once: each row changes with a
conditional UPDATE (only if its status is still the old one), and the alert goes through
the outbox with an idempotency key, so a second run or a second process sends nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from motcua.audit.services import record
from motcua.domain.deadlines import DeadlineStatus, deadline_status
from motcua.domain.workflow import CLOCK_RUNNING
from motcua.dossiers.models import Dossier
from motcua.outbox.services import enqueue
from motcua.workcal.selectors import work_calendar


@dataclass(frozen=True)
class SweepResult:
    checked: int
    due_soon: int
    overdue: int


def _flag(dossier: Dossier, new: DeadlineStatus, now: datetime) -> bool:
    """Move one dossier to ``new``; False if another process already did (or it changed)."""
    with transaction.atomic():
        changed = Dossier.objects.filter(
            pk=dossier.pk, deadline_status=dossier.deadline_status, status=dossier.status
        ).update(deadline_status=new.value, updated_at=now)
        if not changed:
            return False
        record(
            actor=None,
            action=f"dossier.{new.value}",
            object_type="dossiers.dossier",
            object_id=dossier.code,
            summary=f"Hồ sơ {dossier.code}: {new.label_vi}",
            data={"due": dossier.due_at},
        )
        if new != DeadlineStatus.ON_TRACK:
            enqueue(
                topic="notify.deadline",
                payload={
                    "code": dossier.code,
                    "status": new.value,
                    "due": dossier.due_at.isoformat(),
                    "agency": dossier.receiving_agency_id,
                },
                idempotency_key=f"{dossier.code}:{new.value}:{dossier.due_at:%Y%m%d%H%M}",
            )
    return True


def sweep_deadlines(*, now: datetime | None = None) -> SweepResult:
    """Recompute the deadline status of every open dossier whose clock runs."""
    now = now or timezone.now()
    calendar = work_calendar()
    open_dossiers = Dossier.objects.filter(
        status__in=[s.value for s in CLOCK_RUNNING], due_at__isnull=False
    ).only("pk", "code", "status", "due_at", "deadline_status", "receiving_agency_id")
    counts = {DeadlineStatus.DUE_SOON: 0, DeadlineStatus.OVERDUE: 0}
    checked = 0
    for dossier in open_dossiers.iterator(chunk_size=2000):
        checked += 1
        new = deadline_status(now, dossier.due_at, calendar)  # type: ignore[arg-type]
        if new.value != dossier.deadline_status and _flag(dossier, new, now) and new in counts:
            counts[new] += 1
    return SweepResult(
        checked=checked,
        due_soon=counts[DeadlineStatus.DUE_SOON],
        overdue=counts[DeadlineStatus.OVERDUE],
    )
