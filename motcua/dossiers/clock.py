# SPDX-License-Identifier: MPL-2.0
"""A dossier's deadline from its stored facts: receipt, case, pauses (read-only)."""

from __future__ import annotations

from motcua.domain.deadlines import (
    FINANCIAL_OBLIGATION,
    SUPPLEMENT,
    Deadline,
    DurationUnit,
    Pause,
)
from motcua.dossiers.models import Dossier, PauseKind
from motcua.workcal.selectors import deadline_compute


def pauses_of(dossier: Dossier) -> tuple[Pause, ...]:
    reasons = {PauseKind.SUPPLEMENT: SUPPLEMENT, PauseKind.FINANCIAL: FINANCIAL_OBLIGATION}
    return tuple(
        Pause(start=p.started_at, end=p.ended_at, reason=reasons[PauseKind(p.kind)])
        for p in dossier.pauses.filter(started_at__gte=dossier.received_at)
    )


def recompute_deadline(dossier: Dossier) -> Deadline:
    """The dossier's deadline from its receipt, case and pauses (SPEC §11.5).

    The processing time is counted from receipt on the province calendar; every closed
    pause moves the due moment by the working time it took. The one re-appointment stays
    where the agency set it unless a later pause pushes the legal due date beyond it.
    """
    assert dossier.received_at is not None
    deadline = deadline_compute(
        received_at=dossier.received_at,
        amount=dossier.case.processing_amount,
        unit=DurationUnit(dossier.case.processing_unit),
        pauses=pauses_of(dossier),
    )
    return deadline
