"""The dossier state the workflow reads and produces (`DossierState`) and its invariants.

Part of `motcua.domain.workflow`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from motcua.domain.errors import InvalidDossierState
from motcua.domain.workflow.vocabulary import Status, SubState

#: Statuses a dossier can only have once received (form 01 issued, code and due date set).
_RECEIVED_ONLY: Final = frozenset(
    {
        Status.RECEIVED,
        Status.PROCESSING,
        Status.FINANCIAL_OBLIGATION_REQUESTED,
        Status.STOPPED,
        Status.RESOLVED,
        Status.RETURNED,
    }
)
#: Statuses from which the applicant may withdraw (SPEC §2.4: before the result is issued).
WITHDRAWABLE: Final = (
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION_REQUESTED,
)
_SUB_STATE_OF: Final = {
    SubState.INTEROPERATING: Status.PROCESSING,
    SubState.POSTING: Status.RESOLVED,
}


@dataclass(frozen=True, slots=True)
class DossierState:
    """What the workflow needs to know about a dossier.

    `status` None means no record yet: an applicant at the counter before form 01, 02 or
    03 is issued (SPEC §2.4 "—"). `received` is True once form 01 was issued; it tells a
    status-5 dossier waiting for completion at reception from one waiting for a
    supplement during processing. `reappointed` is set by the one allowed apology and
    re-appointment; `supplement_requests` counts supplement requests during processing;
    `withdrawal_requested` marks an applicant's withdrawal request awaiting a decision.
    Inconsistent combinations raise `InvalidDossierState`.
    """

    status: Status | None = None
    sub_state: SubState | None = None
    received: bool = False
    reappointed: bool = False
    supplement_requests: int = 0
    withdrawal_requested: bool = False

    def __post_init__(self) -> None:
        """Refuse states the workflow can never produce."""
        problem = _state_problem(self)
        if problem:
            raise InvalidDossierState(problem)


def _state_problem(s: DossierState) -> str | None:
    """What makes `s` impossible (English, for developers), or None if it is consistent."""
    if s.status in _RECEIVED_ONLY and not s.received:
        return f"status {s.status} requires a received dossier"
    if s.status in (None, Status.SUBMITTED, Status.REFUSED) and s.received:
        return f"status {s.status} cannot be received"
    if s.sub_state is not None and _SUB_STATE_OF[s.sub_state] != s.status:
        return f"sub-state {s.sub_state} needs status {_SUB_STATE_OF[s.sub_state]}"
    if s.reappointed and not s.received:
        return "only a received dossier can be re-appointed"
    if s.supplement_requests < 0:
        return "supplement_requests must not be negative"
    if s.withdrawal_requested and s.status not in WITHDRAWABLE:
        return f"no withdrawal can be pending in status {s.status}"
    return None
