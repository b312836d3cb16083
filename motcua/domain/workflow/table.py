"""The transition table as data: (status, action) → `Transition`, each with its legal basis.

Both rule sets share this table (SPEC §2.4); a row names a `FormKind`, resolved to a form
number by the dossier's `RuleSet`. Part of `motcua.domain.workflow`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Final

from motcua.domain.workflow.state import WITHDRAWABLE
from motcua.domain.workflow.vocabulary import (
    Action,
    Effect,
    FormKind,
    Guard,
    Role,
    Status,
    SubState,
)


@dataclass(frozen=True)
class Transition:
    """One row of the table: where (status, action) leads and under which conditions.

    `target` None means no record is created (form 02 handed to a walk-in applicant).
    A change of status clears the sub-state unless `sets_sub_state`; a same-status action
    keeps it. `before_receipt`, when given, replaces this row for a dossier that was never
    received (status 5 after a completion request at reception, SPEC §2.4 "8 or 3").
    """

    target: Status | None
    roles: frozenset[Role]
    legal_basis: str
    form: FormKind | None = None
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()
    sets_sub_state: bool = False
    sub_state: SubState | None = None
    before_receipt: Transition | None = None


# --------------------------------------------------------------------------- the table

S, A, R, G, E = Status, Action, Role, Guard, Effect  # short names for the tables below

_COUNTER: Final = frozenset({R.COUNTER_OFFICER})
_HANDLERS: Final = frozenset({R.SPECIALIST, R.UNIT_HEAD, R.AGENCY_LEADER})  # competent agency
_LEADERS: Final = frozenset({R.UNIT_HEAD, R.AGENCY_LEADER})
_DECIDERS: Final = _COUNTER | _LEADERS  # decide on a withdrawal request

_RECEPTION: Final = "NĐ 61/2018/NĐ-CP Art. 18 [B]; NĐ 118/2025/NĐ-CP [B]; SPEC §2.3 step 2"
_PROCESSING: Final = "NĐ 61/2018/NĐ-CP Art. 20 [B]; NĐ 118/2025/NĐ-CP [B]; SPEC §2.3 step 5"
_SUPPLEMENT: Final = "NĐ 61/2018/NĐ-CP Art. 20 [B]; once per agency [B]; SPEC §2.3 step 7"
_INTERAGENCY: Final = "NĐ 61/2018/NĐ-CP Art. 21 [B] (liên thông); DVCQG interoperating [V-impl]"
_STOP_BASIS: Final = "TT 03/2025/TT-VPCP form 05 [V-doc]; 2018: written notice [B]; SPEC step 13"
_EXPIRY: Final = "[V-impl] Thanh Hóa, local practice, legal basis unconfirmed; SPEC §2.3 step 7"
_WITHDRAWAL: Final = "[V-impl] Thanh Hóa status 7, TraLaiXinRutKhongKyDuyet; SPEC §2.3 step 12"

# Rows shared by several source statuses.
_RECEIVE: Final = Transition(
    S.RECEIVED, _COUNTER, f"{_RECEPTION}c; form 01", FormKind.RECEIPT, effects=(E.MARK_RECEIVED,)
)
_REFUSE: Final = Transition(
    S.REFUSED, _COUNTER, f"{_RECEPTION}b; form 03", FormKind.REFUSAL, guards=(G.REASON_GIVEN,)
)
_COMPLETION: Final = Transition(
    S.SUPPLEMENT_REQUESTED,
    _COUNTER,
    f"{_RECEPTION}a; form 02",
    FormKind.SUPPLEMENT_REQUEST,
    guards=(G.REASON_GIVEN,),
)
_REQUEST_SUPPLEMENT: Final = Transition(
    S.SUPPLEMENT_REQUESTED,
    _HANDLERS,
    f"{_SUPPLEMENT}; form 02",
    FormKind.SUPPLEMENT_REQUEST,
    guards=(G.REASON_GIVEN, G.NOT_INTEROPERATING, G.SUPPLEMENT_POLICY),
    effects=(E.COUNT_SUPPLEMENT,),
)
_STOP: Final = Transition(
    S.STOPPED, _LEADERS, _STOP_BASIS, FormKind.STOP_NOTICE, guards=(G.REASON_GIVEN, G.RECEIVED)
)

# fmt: off
#: The transition table: (status, action) → Transition. Status None is "no record yet"
#: (a walk-in at the counter). Any pair absent from this table is refused.
TRANSITIONS: Final[Mapping[tuple[Status | None, Action], Transition]] = MappingProxyType({
    # --- Step 1, submission (SPEC §2.3 step 1; §2.4 row 1) ------------------------------
    # Online, on the provincial portal or DVCQG: NĐ 45/2020/NĐ-CP; status 1 [V-impl].
    (None, A.SUBMIT_ONLINE): Transition(
        S.SUBMITTED, frozenset({R.APPLICANT}), "NĐ 45/2020/NĐ-CP; [V-impl] Thanh Hóa status 1"),
    # By public post: the post delivers, the one-stop section registers it with channel 3.
    # QĐ 45/2016/QĐ-TTg on reception through public post [B]; channel 3 [V-impl].
    (None, A.REGISTER_POSTAL): Transition(
        S.SUBMITTED, frozenset({R.POSTAL_STAFF, R.COUNTER_OFFICER}),
        "QĐ 45/2016/QĐ-TTg [B]; [V-impl] Thanh Hóa kênh 3"),
    # --- Step 2, completeness check at the one-stop section (NĐ 61/2018 Art. 18 [B]) ----
    # 2c complete: accept, issue form 01 with the dossier code and the due date.
    (None, A.RECEIVE): _RECEIVE,
    (S.SUBMITTED, A.RECEIVE): _RECEIVE,
    # 2a incomplete: form 02, one-time written guidance; a walk-in keeps no record ...
    (None, A.REQUEST_COMPLETION): replace(_COMPLETION, target=None),
    # ... while an online or postal dossier waits in status 5, not yet received.
    (S.SUBMITTED, A.REQUEST_COMPLETION): _COMPLETION,
    # 2b not eligible or outside competence: form 03 with the reason, status 3.
    (None, A.REFUSE): _REFUSE,
    (S.SUBMITTED, A.REFUSE): _REFUSE,
    # --- Step 4, transfer to the competent agency; the control sheet is opened ----------
    # NĐ 61/2018 Art. 19 [B]; TT 01/2018 form 05 = TT 03/2025 form 06 [V-impl][V-doc].
    (S.RECEIVED, A.FORWARD): Transition(
        S.PROCESSING, _DECIDERS, "NĐ 61/2018/NĐ-CP Art. 19 [B]; SPEC §2.3 step 4",
        FormKind.CONTROL_SHEET),
    # --- Step 5, the approved internal process; each handover is a control-sheet row ---
    # Assign work: agency leader, then unit head ([V-doc] Hà Nội QĐ 1594/QĐ-TTPVHCC).
    # While the dossier is at a coordinating agency (liên thông) the lead agency's process
    # waits for the answer: no assignment or step moves until it comes back.
    (S.PROCESSING, A.ASSIGN): Transition(
        S.PROCESSING, _LEADERS, _PROCESSING, FormKind.CONTROL_SHEET,
        guards=(G.NOT_INTEROPERATING,)),
    # Finish one step of the process (appraise, draft, review, approve).
    (S.PROCESSING, A.COMPLETE_STEP): Transition(
        S.PROCESSING, _HANDLERS, _PROCESSING, FormKind.CONTROL_SHEET,
        guards=(G.NOT_INTEROPERATING,)),
    # "If not agreed, return to step N" [V-doc] Hà Nội; the reason goes on the row.
    (S.PROCESSING, A.RETURN_TO_STEP): Transition(
        S.PROCESSING, _HANDLERS, _PROCESSING, FormKind.CONTROL_SHEET,
        guards=(G.REASON_GIVEN, G.NOT_INTEROPERATING)),
    # --- Step 6, inter-agency (liên thông): status stays 4, sub-state interoperating ----
    (S.PROCESSING, A.SEND_INTERAGENCY): Transition(
        S.PROCESSING, _HANDLERS, _INTERAGENCY, FormKind.CONTROL_SHEET,
        guards=(G.NOT_INTEROPERATING,), sets_sub_state=True, sub_state=SubState.INTEROPERATING),
    (S.PROCESSING, A.RECEIVE_INTERAGENCY): Transition(
        S.PROCESSING, _HANDLERS, _INTERAGENCY, FormKind.CONTROL_SHEET,
        guards=(G.INTEROPERATING,), sets_sub_state=True),
    # --- Step 7, supplement during processing: status 5, clock paused (SPEC §11.5) ------
    # From 2 or 4 (SPEC §2.4); Thanh Hóa's "from 1" is REQUEST_COMPLETION here.
    (S.RECEIVED, A.REQUEST_SUPPLEMENT): _REQUEST_SUPPLEMENT,
    (S.PROCESSING, A.REQUEST_SUPPLEMENT): _REQUEST_SUPPLEMENT,
    # The supplement arrives: back to 4, due pushed back by the wait ([V-impl] Thanh Hóa
    # CaculateTime.GetNgayHenTraBoSung). Never received: back to 1 for a new check.
    (S.SUPPLEMENT_REQUESTED, A.RECEIVE_SUPPLEMENT): Transition(
        S.PROCESSING, frozenset({R.APPLICANT, R.COUNTER_OFFICER}),
        "[V-impl] Thanh Hóa GetNgayHenTraBoSung; SPEC §11.5",
        before_receipt=Transition(
            S.SUBMITTED, frozenset({R.APPLICANT, R.COUNTER_OFFICER}), f"{_RECEPTION}a")),
    # The supplement deadline passed: stop (8); never received: refuse (3) (SPEC §2.4).
    (S.SUPPLEMENT_REQUESTED, A.SUPPLEMENT_DEADLINE_EXPIRED): Transition(
        S.STOPPED, frozenset({R.COUNTER_OFFICER, R.SYSTEM}), _EXPIRY, FormKind.STOP_NOTICE,
        before_receipt=Transition(
            S.REFUSED, frozenset({R.COUNTER_OFFICER, R.SYSTEM}), _EXPIRY, FormKind.REFUSAL)),
    # --- Step 8, financial obligation: status 6, clock paused ([V-impl] Thanh Hóa) ------
    (S.PROCESSING, A.REQUEST_FINANCIAL_OBLIGATION): Transition(
        S.FINANCIAL_OBLIGATION_REQUESTED, _HANDLERS, "[V-impl] Thanh Hóa status 6",
        guards=(G.NOT_INTEROPERATING,)),
    (S.FINANCIAL_OBLIGATION_REQUESTED, A.CONFIRM_FINANCIAL_OBLIGATION): Transition(
        S.PROCESSING, frozenset({R.SYSTEM, R.COUNTER_OFFICER, R.SPECIALIST}),
        "[V-impl] Thanh Hóa status 6 → 4"),
    # --- Step 9, predicted overdue: apology and new appointment, once, before the due ---
    # Form 04 signed by the head of the agency. NĐ 61/2018 Art. 20 [B]; "once" from
    # NĐ 107/2021 [B]; NĐ 118/2025 [V-doc] Lai Châu QĐ 88/2025/QĐ-UBND.
    (S.PROCESSING, A.APOLOGISE_AND_REAPPOINT): Transition(
        S.PROCESSING, frozenset({R.AGENCY_LEADER}),
        "NĐ 61/2018 Art. 20 [B]; NĐ 107/2021 [B]; NĐ 118/2025 [V-doc]; SPEC §2.3 step 9",
        FormKind.APOLOGY, guards=(G.REASON_GIVEN, G.NOT_YET_REAPPOINTED, G.BEFORE_LEGAL_DUE),
        effects=(E.MARK_REAPPOINTED,)),
    # --- Step 13, stop processing: TT 03/2025 form 05; 2018: notice in writing [B] ------
    (S.PROCESSING, A.STOP): _STOP,
    (S.SUPPLEMENT_REQUESTED, A.STOP): _STOP,
    (S.FINANCIAL_OBLIGATION_REQUESTED, A.STOP): _STOP,
    # --- Step 10, result issued: the leader signs, the clerk numbers ([V-doc] Hà Nội) ---
    # NĐ 61/2018 Art. 20 [B]; the resolution moment is NgayKetThucXuLy [V-impl].
    (S.PROCESSING, A.ISSUE_RESULT): Transition(
        S.RESOLVED, frozenset({R.AGENCY_LEADER, R.RECORDS_CLERK}),
        "NĐ 61/2018/NĐ-CP Art. 20 [B]; SPEC §2.3 step 10",
        guards=(G.NOT_INTEROPERATING, G.NO_WITHDRAWAL_PENDING)),
    # --- Step 11, return: by post the result is first handed over (sub-state posting) ---
    (S.RESOLVED, A.HAND_TO_POST): Transition(
        S.RESOLVED, _COUNTER, "QĐ 45/2016/QĐ-TTg [B]; DVCQG posting [V-impl]",
        guards=(G.NOT_POSTING,), sets_sub_state=True, sub_state=SubState.POSTING),
    # Register entry: TT 01/2018 form 06 = TT 03/2025 form 07. NĐ 61/2018 Art. 22 [B].
    (S.RESOLVED, A.RETURN_RESULT): Transition(
        S.RETURNED, frozenset({R.COUNTER_OFFICER, R.POSTAL_STAFF, R.SYSTEM}),
        "NĐ 61/2018/NĐ-CP Art. 22 [B]; SPEC §2.3 step 11", FormKind.REGISTER),
    # --- Step 12, withdrawal before the result is issued (1, 2, 4, 5, 6) [V-impl] -------
    # The applicant (or the counter, for a paper request) asks; the status does not change.
    **{(s, A.REQUEST_WITHDRAWAL): Transition(
        s, frozenset({R.APPLICANT, R.COUNTER_OFFICER}), _WITHDRAWAL,
        guards=(G.NO_WITHDRAWAL_PENDING,), effects=(E.OPEN_WITHDRAWAL,)) for s in WITHDRAWABLE},
    # The competent unit agrees: status 7.
    **{(s, A.APPROVE_WITHDRAWAL): Transition(
        S.WITHDRAWN, _DECIDERS, _WITHDRAWAL,
        guards=(G.WITHDRAWAL_PENDING,), effects=(E.CLOSE_WITHDRAWAL,)) for s in WITHDRAWABLE},
    # ... or refuses, with a reason ("TraLaiXinRutKhongKyDuyet"); processing goes on.
    **{(s, A.REJECT_WITHDRAWAL): Transition(
        s, _DECIDERS, _WITHDRAWAL, guards=(G.WITHDRAWAL_PENDING, G.REASON_GIVEN),
        effects=(E.CLOSE_WITHDRAWAL,)) for s in WITHDRAWABLE},
})
# fmt: on
del S, A, R, G, E
