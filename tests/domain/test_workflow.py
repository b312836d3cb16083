"""Tests of `motcua.domain.workflow`: the transition table of SPEC §2.4, guards, rule sets.

`EDGES` restates every allowed edge, one commented row per rule, independently of the
module's table; the tests check that the module agrees with it in both directions (every
edge allowed for exactly its roles, every other (status, action) pair refused).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.domain.deadlines import VN_TZ
from motcua.domain.errors import (
    DomainError,
    InvalidDossierState,
    InvalidMoment,
    NoRuleSet,
    TransitionNotAllowed,
)
from motcua.domain.workflow import (
    DEFAULT_POLICY,
    RULE_SETS,
    RULES_2018,
    RULES_2025,
    Action,
    Channel,
    DossierState,
    FormKind,
    Guard,
    NotAllowedReason,
    Role,
    RuleSet,
    Status,
    SubState,
    SupplementPolicy,
    WorkflowPolicy,
    allowed_actions,
    clock_running,
    decide,
    is_terminal,
    rule_set_by_code,
    rule_set_for,
    transition,
)

S, A, R = Status, Action, Role
RS = RULES_2025
NOW = datetime(2025, 8, 4, 9, 0, tzinfo=VN_TZ)
#: Facts that satisfy every fact guard: a reason, and "now" before the legal due moment.
FACTS: dict[str, Any] = {
    "reason": "Thiếu bản sao sổ hộ khẩu",
    "now": NOW,
    "legal_due": NOW + timedelta(days=1),
}
#: Statuses a dossier has only after receipt (form 01).
_RECEIVED_BY_DEFAULT = {
    S.RECEIVED,
    S.PROCESSING,
    S.SUPPLEMENT_REQUESTED,
    S.FINANCIAL_OBLIGATION_REQUESTED,
    S.WITHDRAWN,
    S.STOPPED,
    S.RESOLVED,
    S.RETURNED,
}


def at(status: Status | None, **kwargs: Any) -> DossierState:
    """A valid state in `status`; received by default where the status allows it."""
    kwargs.setdefault("received", status in _RECEIVED_BY_DEFAULT)
    return DossierState(status, **kwargs)


NEW = at(None)  # a walk-in at the counter: no record yet
COUNTER = {R.COUNTER_OFFICER}
HANDLERS = {R.SPECIALIST, R.UNIT_HEAD, R.AGENCY_LEADER}
LEADERS = {R.UNIT_HEAD, R.AGENCY_LEADER}
DECIDERS = {R.COUNTER_OFFICER, R.UNIT_HEAD, R.AGENCY_LEADER}
BEFORE_RESULT = (
    S.SUBMITTED,
    S.RECEIVED,
    S.PROCESSING,
    S.SUPPLEMENT_REQUESTED,
    S.FINANCIAL_OBLIGATION_REQUESTED,
)


class Edge(NamedTuple):
    source: DossierState
    action: Action
    target: Status | None
    roles: set[Role]
    sub_state: SubState | None = None


# fmt: off
EDGES = [
    # §2.4 row 1: the applicant submits online -> 1 (Mới đăng ký).
    Edge(NEW, A.SUBMIT_ONLINE, S.SUBMITTED, {R.APPLICANT}),
    # §2.4 row 1: a dossier arriving by post is registered -> 1.
    Edge(NEW, A.REGISTER_POSTAL, S.SUBMITTED, {R.POSTAL_STAFF, R.COUNTER_OFFICER}),
    # §2.4 row 2: complete at the counter: form 01 -> 2, walk-in or online/postal.
    Edge(NEW, A.RECEIVE, S.RECEIVED, COUNTER),
    Edge(at(S.SUBMITTED), A.RECEIVE, S.RECEIVED, COUNTER),
    # §2.4 row 3: incomplete: form 02; a walk-in keeps no record ...
    Edge(NEW, A.REQUEST_COMPLETION, None, COUNTER),
    # ... an online or postal dossier waits in 5, not yet received.
    Edge(at(S.SUBMITTED), A.REQUEST_COMPLETION, S.SUPPLEMENT_REQUESTED, COUNTER),
    # §2.4 row 4: not eligible: form 03 -> 3.
    Edge(NEW, A.REFUSE, S.REFUSED, COUNTER),
    Edge(at(S.SUBMITTED), A.REFUSE, S.REFUSED, COUNTER),
    # §2.4 row 5: forwarded to the competent agency by the counter or the BPMC head -> 4.
    Edge(at(S.RECEIVED), A.FORWARD, S.PROCESSING, DECIDERS),
    # §2.4 row 6: internal steps keep 4: assign (leaders), complete and return (handlers).
    Edge(at(S.PROCESSING), A.ASSIGN, S.PROCESSING, LEADERS),
    Edge(at(S.PROCESSING), A.COMPLETE_STEP, S.PROCESSING, HANDLERS),
    Edge(at(S.PROCESSING), A.RETURN_TO_STEP, S.PROCESSING, HANDLERS),
    # §2.4 row 7: inter-agency: 4 with sub-state interoperating, and back.
    Edge(at(S.PROCESSING), A.SEND_INTERAGENCY, S.PROCESSING, HANDLERS, SubState.INTEROPERATING),
    Edge(at(S.PROCESSING, sub_state=SubState.INTEROPERATING), A.RECEIVE_INTERAGENCY,
         S.PROCESSING, HANDLERS),
    # §2.4 row 8: supplement requested from 2 or 4 -> 5.
    Edge(at(S.RECEIVED), A.REQUEST_SUPPLEMENT, S.SUPPLEMENT_REQUESTED, HANDLERS),
    Edge(at(S.PROCESSING), A.REQUEST_SUPPLEMENT, S.SUPPLEMENT_REQUESTED, HANDLERS),
    # §2.4 row 9: supplement received -> 4; never received (reception) -> back to 1.
    Edge(at(S.SUPPLEMENT_REQUESTED), A.RECEIVE_SUPPLEMENT, S.PROCESSING,
         {R.APPLICANT, R.COUNTER_OFFICER}),
    Edge(at(S.SUPPLEMENT_REQUESTED, received=False), A.RECEIVE_SUPPLEMENT, S.SUBMITTED,
         {R.APPLICANT, R.COUNTER_OFFICER}),
    # §2.4 row 10: supplement deadline expired -> 8, or 3 if never received.
    Edge(at(S.SUPPLEMENT_REQUESTED), A.SUPPLEMENT_DEADLINE_EXPIRED, S.STOPPED,
         {R.COUNTER_OFFICER, R.SYSTEM}),
    Edge(at(S.SUPPLEMENT_REQUESTED, received=False), A.SUPPLEMENT_DEADLINE_EXPIRED, S.REFUSED,
         {R.COUNTER_OFFICER, R.SYSTEM}),
    # §2.4 rows 11-12: financial obligation 4 -> 6 -> 4 (system or officer confirms).
    Edge(at(S.PROCESSING), A.REQUEST_FINANCIAL_OBLIGATION, S.FINANCIAL_OBLIGATION_REQUESTED,
         HANDLERS),
    Edge(at(S.FINANCIAL_OBLIGATION_REQUESTED), A.CONFIRM_FINANCIAL_OBLIGATION, S.PROCESSING,
         {R.SYSTEM, R.COUNTER_OFFICER, R.SPECIALIST}),
    # §2.4 row 13: predicted overdue: form 04 by the agency leader, status stays 4.
    Edge(at(S.PROCESSING), A.APOLOGISE_AND_REAPPOINT, S.PROCESSING, {R.AGENCY_LEADER}),
    # §2.4 row 14: result issued by the leader or the records clerk -> 9.
    Edge(at(S.PROCESSING), A.ISSUE_RESULT, S.RESOLVED, {R.AGENCY_LEADER, R.RECORDS_CLERK}),
    # §2.3 step 11: result handed to the post: 9 with sub-state posting.
    Edge(at(S.RESOLVED), A.HAND_TO_POST, S.RESOLVED, COUNTER, SubState.POSTING),
    # §2.4 row 15: returned at the counter, by post or electronically -> 10.
    Edge(at(S.RESOLVED), A.RETURN_RESULT, S.RETURNED,
         {R.COUNTER_OFFICER, R.POSTAL_STAFF, R.SYSTEM}),
    # §2.4 row 17: stop from 4, 5 or 6 by the competent unit -> 8.
    *[Edge(at(s), A.STOP, S.STOPPED, LEADERS)
      for s in (S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION_REQUESTED)],
    # §2.4 row 16: withdrawal before the result (1, 2, 4, 5, 6): the applicant asks ...
    *[Edge(at(s), A.REQUEST_WITHDRAWAL, s, {R.APPLICANT, R.COUNTER_OFFICER})
      for s in BEFORE_RESULT],
    # ... the competent unit approves -> 7 ...
    *[Edge(at(s, withdrawal_requested=True), A.APPROVE_WITHDRAWAL, S.WITHDRAWN, DECIDERS)
      for s in BEFORE_RESULT],
    # ... or rejects it and the dossier stays where it was.
    *[Edge(at(s, withdrawal_requested=True), A.REJECT_WITHDRAWAL, s, DECIDERS)
      for s in BEFORE_RESULT],
]
# fmt: on
EDGE_IDS = [
    f"{int(e.source.status or 0)}"
    f"{'-before-receipt' if e.source.status == 5 and not e.source.received else ''}-{e.action}"
    for e in EDGES
]
EXPECTED_PAIRS = {(e.source.status, e.action) for e in EDGES}


def refusal(call: Any, *args: Any, **kwargs: Any) -> TransitionNotAllowed:
    with pytest.raises(TransitionNotAllowed) as caught:
        call(*args, **kwargs)
    return caught.value


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize("edge", EDGES, ids=EDGE_IDS)
def test_every_edge_is_allowed_for_its_roles_and_refused_for_the_others(edge: Edge) -> None:
    for role in edge.roles:
        after = transition(RS, edge.source, edge.action, role, **FACTS)
        assert (after.status, after.sub_state) == (edge.target, edge.sub_state), role
    for role in set(Role) - edge.roles:
        error = refusal(transition, RS, edge.source, edge.action, role, **FACTS)
        assert error.reason == NotAllowedReason.WRONG_ROLE
        assert role.label_vi in str(error) and "không được" in str(error)


def test_the_table_has_exactly_the_spec_edges() -> None:
    assert set(RS.transitions) == EXPECTED_PAIRS
    assert RULES_2018.transitions is RULES_2025.transitions  # the regimes share the edges


def test_every_other_status_action_pair_is_refused_for_everyone() -> None:
    roles, refused = list(Role), 0
    for status in (None, *Status):
        offered = {a for role in Role for a in allowed_actions(RS, at(status), role, **FACTS)}
        for action in Action:
            if (status, action) in EXPECTED_PAIRS:
                continue
            assert action not in offered, (status, action)  # no role gets the button
            try:  # the status is checked before the role: any role gets the same answer
                transition(RS, at(status), action, roles[refused % len(roles)], **FACTS)
            except TransitionNotAllowed as error:
                assert error.reason == NotAllowedReason.WRONG_STATUS, (status, action)
            else:
                pytest.fail(f"{action} allowed from {status}")
            refused += 1
    assert refused == (len(Status) + 1) * len(Action) - len(EXPECTED_PAIRS)


def test_wrong_status_is_explained_in_vietnamese() -> None:
    error = refusal(transition, RS, at(S.RETURNED), A.REQUEST_WITHDRAWAL, R.APPLICANT)
    assert str(error) == "Không thể “Đề nghị rút hồ sơ” khi hồ sơ ở trạng thái “Đã trả kết quả”."
    error = refusal(transition, RS, NEW, A.FORWARD, R.COUNTER_OFFICER)
    assert "chưa lập hồ sơ" in str(error)


def test_wrong_role_names_the_roles_that_may_act() -> None:
    error = refusal(transition, RS, at(S.PROCESSING), A.ISSUE_RESULT, R.SPECIALIST)
    assert str(error) == (
        "Vai trò “Chuyên viên thụ lý” không được “Ban hành kết quả giải quyết”; "
        "chỉ “Lãnh đạo cơ quan”, “Văn thư” được làm."
    )


@pytest.mark.parametrize("status", [S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RETURNED])
def test_terminal_statuses_have_no_way_out(status: Status) -> None:
    assert is_terminal(status)
    assert not any(source == status for source, _ in RS.transitions)
    assert all(allowed_actions(RS, at(status), role) == [] for role in Role)


def test_open_statuses_are_not_terminal() -> None:
    assert [s for s in (None, *Status) if not is_terminal(s)] == [None, *BEFORE_RESULT, S.RESOLVED]


# SPEC §2.2 "Deadline clock": not started, running, running, terminal, running, paused,
# paused, terminal, terminal, stopped, terminal.
CLOCK = {
    None: False,
    S.SUBMITTED: False,
    S.RECEIVED: True,
    S.REFUSED: False,
    S.PROCESSING: True,
    S.SUPPLEMENT_REQUESTED: False,
    S.FINANCIAL_OBLIGATION_REQUESTED: False,
    S.WITHDRAWN: False,
    S.STOPPED: False,
    S.RESOLVED: False,
    S.RETURNED: False,
}


def test_the_clock_runs_only_in_2_and_4() -> None:
    assert {status: clock_running(status) for status in CLOCK} == CLOCK


def test_staff_who_only_supervise_have_no_workflow_actions() -> None:
    onlookers = {R.PROCEDURE_CONTROLLER, R.PROVINCIAL_SUPERVISOR, R.SYSTEM_ADMIN}
    assert not any(onlookers & row.roles for row in RS.transitions.values())


# --------------------------------------------------------------------------- guards

NEEDS_REASON = [
    (NEW, A.REFUSE, R.COUNTER_OFFICER),  # form 03 states the reason
    (NEW, A.REQUEST_COMPLETION, R.COUNTER_OFFICER),  # form 02 states what and why
    (at(S.PROCESSING), A.REQUEST_SUPPLEMENT, R.SPECIALIST),  # form 02 during processing
    (at(S.PROCESSING), A.STOP, R.AGENCY_LEADER),  # stop notice
    (at(S.PROCESSING), A.APOLOGISE_AND_REAPPOINT, R.AGENCY_LEADER),  # form 04 reason for delay
    (at(S.PROCESSING), A.RETURN_TO_STEP, R.UNIT_HEAD),  # why the draft is not agreed
    (at(S.PROCESSING, withdrawal_requested=True), A.REJECT_WITHDRAWAL, R.AGENCY_LEADER),
]


@pytest.mark.parametrize(("state", "action", "role"), NEEDS_REASON)
def test_it_requires_a_reason(state: DossierState, action: Action, role: Role) -> None:
    for reason in (None, "", "   \n"):
        error = refusal(transition, RS, state, action, role, **{**FACTS, "reason": reason})
        assert error.reason == NotAllowedReason.GUARD_FAILED
        assert error.guards == (Guard.REASON_GIVEN,)
        assert str(error).endswith("phải nêu rõ lý do.")


def test_a_missing_reason_is_refused_like_an_empty_one() -> None:
    error = refusal(transition, RS, NEW, A.REFUSE, R.COUNTER_OFFICER)
    assert error.guards == (Guard.REASON_GIVEN,)


def test_a_reason_that_is_not_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="reason"):
        transition(RS, NEW, A.REFUSE, R.COUNTER_OFFICER, reason=42)


def apologise(state: DossierState, now: datetime, legal_due: datetime) -> DossierState:
    return transition(
        RS,
        state,
        A.APOLOGISE_AND_REAPPOINT,
        R.AGENCY_LEADER,
        reason="Chờ ý kiến cơ quan thuế",
        now=now,
        legal_due=legal_due,
    )


def test_re_appointment_marks_the_dossier() -> None:
    after = apologise(at(S.PROCESSING), NOW, NOW + timedelta(minutes=1))
    assert after == at(S.PROCESSING, reappointed=True)


def test_re_appointment_is_allowed_only_once() -> None:
    error = refusal(apologise, at(S.PROCESSING, reappointed=True), NOW, NOW + timedelta(days=1))
    assert error.guards == (Guard.NOT_YET_REAPPOINTED,)
    assert "chỉ được hẹn lại một lần" in str(error)


@pytest.mark.parametrize("late", [timedelta(0), timedelta(seconds=1), timedelta(days=3)])
def test_re_appointment_is_refused_from_the_legal_due_moment_on(late: timedelta) -> None:
    legal_due = datetime(2025, 8, 4, 10, 0, tzinfo=VN_TZ)
    error = refusal(apologise, at(S.PROCESSING), legal_due + late, legal_due)
    assert error.guards == (Guard.BEFORE_LEGAL_DUE,)
    assert "(10:00 04/08/2025)" in str(error)


def test_re_appointment_compares_aware_moments_only() -> None:
    legal_due = datetime(2025, 8, 4, 10, 0, tzinfo=VN_TZ)  # 03:00 UTC
    assert apologise(at(S.PROCESSING), datetime(2025, 8, 4, 2, 59, tzinfo=UTC), legal_due)
    with pytest.raises(InvalidMoment):
        apologise(at(S.PROCESSING), datetime(2025, 8, 4, 9, 59), legal_due)


def test_all_failed_guards_are_reported_together() -> None:
    state = at(S.PROCESSING, reappointed=True)
    error = refusal(
        transition,
        RS,
        state,
        A.APOLOGISE_AND_REAPPOINT,
        R.AGENCY_LEADER,
        reason="",
        now=NOW,
        legal_due=NOW,
    )
    assert error.guards == (Guard.REASON_GIVEN, Guard.NOT_YET_REAPPOINTED, Guard.BEFORE_LEGAL_DUE)
    assert str(error).count(";") >= 2 and str(error).endswith(".")


@pytest.mark.parametrize("missing", ["now", "legal_due"])
def test_re_appointment_needs_the_clock_facts(missing: str) -> None:
    facts = {k: v for k, v in FACTS.items() if k != missing}
    with pytest.raises(TypeError, match=missing):
        transition(RS, at(S.PROCESSING), A.APOLOGISE_AND_REAPPOINT, R.AGENCY_LEADER, **facts)


@pytest.mark.parametrize("status", [S.RESOLVED, S.RETURNED])
@pytest.mark.parametrize("action", [A.REQUEST_WITHDRAWAL, A.APPROVE_WITHDRAWAL])
def test_withdrawal_is_refused_once_the_result_is_issued(status: Status, action: Action) -> None:
    error = refusal(transition, RS, at(status), action, R.APPLICANT)
    assert error.reason == NotAllowedReason.WRONG_STATUS


def test_a_pending_withdrawal_must_be_decided_before_the_result_is_issued() -> None:
    state = at(S.PROCESSING, withdrawal_requested=True)
    error = refusal(transition, RS, state, A.ISSUE_RESULT, R.AGENCY_LEADER)
    assert error.guards == (Guard.NO_WITHDRAWAL_PENDING,)
    assert A.ISSUE_RESULT not in allowed_actions(RS, state, R.AGENCY_LEADER)


def test_withdrawal_is_requested_once_and_decided_once() -> None:
    asked = transition(RS, at(S.PROCESSING), A.REQUEST_WITHDRAWAL, R.APPLICANT)
    assert asked == at(S.PROCESSING, withdrawal_requested=True)
    again = refusal(transition, RS, asked, A.REQUEST_WITHDRAWAL, R.APPLICANT)
    assert again.guards == (Guard.NO_WITHDRAWAL_PENDING,)
    kept = transition(RS, asked, A.REJECT_WITHDRAWAL, R.AGENCY_LEADER, reason="Đã ký kết quả")
    assert kept == at(S.PROCESSING)
    unasked = refusal(transition, RS, kept, A.APPROVE_WITHDRAWAL, R.AGENCY_LEADER)
    assert unasked.guards == (Guard.WITHDRAWAL_PENDING,)


def test_a_pending_withdrawal_follows_the_dossier_and_lapses_when_it_closes() -> None:
    asked = at(S.PROCESSING, withdrawal_requested=True)
    paused = transition(RS, asked, A.REQUEST_SUPPLEMENT, R.SPECIALIST, reason="Thiếu giấy tờ")
    assert paused.withdrawal_requested
    stopped = transition(RS, paused, A.STOP, R.AGENCY_LEADER, reason="Người dân đề nghị dừng")
    assert stopped == at(S.STOPPED, supplement_requests=1)


def test_withdrawal_of_a_dossier_never_received_stays_not_received() -> None:
    state = at(S.SUPPLEMENT_REQUESTED, received=False, withdrawal_requested=True)
    after = transition(RS, state, A.APPROVE_WITHDRAWAL, R.COUNTER_OFFICER)
    assert after == at(S.WITHDRAWN, received=False)


def test_a_dossier_never_received_cannot_be_stopped() -> None:
    state = at(S.SUPPLEMENT_REQUESTED, received=False)
    error = refusal(transition, RS, state, A.STOP, R.AGENCY_LEADER, reason="Quá hạn")
    assert error.guards == (Guard.RECEIVED,)


INTEROPERATING = at(S.PROCESSING, sub_state=SubState.INTEROPERATING)


@pytest.mark.parametrize(
    ("action", "role"),
    [
        (A.ISSUE_RESULT, R.AGENCY_LEADER),  # the coordinating agency's answer is awaited
        (A.REQUEST_SUPPLEMENT, R.SPECIALIST),  # it goes through the lead agency
        (A.REQUEST_FINANCIAL_OBLIGATION, R.SPECIALIST),  # idem (the tax notice comes back first)
        (A.SEND_INTERAGENCY, R.SPECIALIST),  # one inter-agency round at a time
    ],
)
def test_while_interoperating_the_lead_agency_waits(action: Action, role: Role) -> None:
    error = refusal(transition, RS, INTEROPERATING, action, role, **FACTS)
    assert error.guards == (Guard.NOT_INTEROPERATING,)


def test_the_apology_keeps_the_interoperating_sub_state() -> None:
    after = transition(RS, INTEROPERATING, A.APOLOGISE_AND_REAPPOINT, R.AGENCY_LEADER, **FACTS)
    assert after.sub_state is SubState.INTEROPERATING


@pytest.mark.parametrize(
    ("action", "role"),
    [(A.ASSIGN, R.UNIT_HEAD), (A.COMPLETE_STEP, R.SPECIALIST), (A.RETURN_TO_STEP, R.SPECIALIST)],
)
def test_the_lead_agencys_process_waits_while_another_agency_holds_the_dossier(
    action: Action, role: Role
) -> None:
    error = refusal(transition, RS, INTEROPERATING, action, role, **FACTS)
    assert error.guards == (Guard.NOT_INTEROPERATING,)


def test_leaving_status_4_clears_the_sub_state() -> None:
    stopped = transition(RS, INTEROPERATING, A.STOP, R.AGENCY_LEADER, reason="Hết thẩm quyền")
    assert stopped == at(S.STOPPED)


def test_the_answer_of_another_agency_needs_a_request_first() -> None:
    error = refusal(transition, RS, at(S.PROCESSING), A.RECEIVE_INTERAGENCY, R.SPECIALIST)
    assert error.guards == (Guard.INTEROPERATING,)


def test_a_result_goes_to_the_post_once_and_is_then_delivered() -> None:
    posted = transition(RS, at(S.RESOLVED), A.HAND_TO_POST, R.COUNTER_OFFICER)
    again = refusal(transition, RS, posted, A.HAND_TO_POST, R.COUNTER_OFFICER)
    assert again.guards == (Guard.NOT_POSTING,)
    assert transition(RS, posted, A.RETURN_RESULT, R.POSTAL_STAFF) == at(S.RETURNED)


# --------------------------------------------------------------------------- supplements


def request_supplement(
    state: DossierState, policy: WorkflowPolicy = DEFAULT_POLICY, **facts: Any
) -> Any:
    return decide(
        RS,
        state,
        A.REQUEST_SUPPLEMENT,
        R.SPECIALIST,
        policy=policy,
        reason="Bổ sung bản vẽ",
        **facts,
    )


STRICT = WorkflowPolicy(supplement=SupplementPolicy.ONCE_PER_AGENCY)


def test_a_first_supplement_request_is_counted_without_warning() -> None:
    decision = request_supplement(at(S.PROCESSING))
    assert decision.state == at(S.SUPPLEMENT_REQUESTED, supplement_requests=1)
    assert decision.warnings == ()
    assert decision.form.number == "02"


def test_by_default_a_repeated_request_is_allowed_with_a_warning_to_log() -> None:
    decision = request_supplement(at(S.PROCESSING, supplement_requests=1))
    assert decision.state.supplement_requests == 2
    assert len(decision.warnings) == 1 and "trước đó" in decision.warnings[0]


def test_the_strict_policy_refuses_a_second_request_by_the_same_agency() -> None:
    error = refusal(request_supplement, at(S.PROCESSING, supplement_requests=1), STRICT)
    assert error.guards == (Guard.SUPPLEMENT_POLICY,)
    assert "mỗi cơ quan chỉ yêu cầu bổ sung một lần" in str(error)
    assert A.REQUEST_SUPPLEMENT not in allowed_actions(
        RS, at(S.PROCESSING, supplement_requests=1), R.SPECIALIST, policy=STRICT
    )


def test_the_strict_policy_counts_per_agency_when_told() -> None:
    other_agency_asked = at(S.PROCESSING, supplement_requests=1)
    decision = request_supplement(other_agency_asked, STRICT, agency_supplement_requests=0)
    assert decision.state.supplement_requests == 2 and decision.warnings == ()
    error = refusal(request_supplement, at(S.PROCESSING), STRICT, agency_supplement_requests=1)
    assert error.guards == (Guard.SUPPLEMENT_POLICY,)


@pytest.mark.parametrize("bad", [-1, True, "1", None])
def test_the_agency_count_must_be_a_natural_number(bad: object) -> None:
    with pytest.raises(TypeError, match="agency_supplement_requests"):
        request_supplement(at(S.PROCESSING), agency_supplement_requests=bad)


def test_a_supplement_at_reception_is_not_counted_as_a_processing_request() -> None:
    waiting = transition(
        RS, at(S.SUBMITTED), A.REQUEST_COMPLETION, R.COUNTER_OFFICER, reason="Thiếu tờ khai"
    )
    assert waiting == at(S.SUPPLEMENT_REQUESTED, received=False)
    assert transition(RS, waiting, A.RECEIVE_SUPPLEMENT, R.APPLICANT) == at(S.SUBMITTED)


# --------------------------------------------------------------------------- allowed actions

# (state, role, buttons) — what the desk or the portal shows.
BUTTONS = [
    # A walk-in at the counter: receive, guide (form 02) or refuse; or register a postal one.
    (NEW, R.COUNTER_OFFICER, [A.REGISTER_POSTAL, A.RECEIVE, A.REQUEST_COMPLETION, A.REFUSE]),
    # The applicant in processing can only ask to withdraw.
    (at(S.PROCESSING), R.APPLICANT, [A.REQUEST_WITHDRAWAL]),
    # The applicant asked to supplement: upload the supplement or withdraw.
    (at(S.SUPPLEMENT_REQUESTED), R.APPLICANT, [A.RECEIVE_SUPPLEMENT, A.REQUEST_WITHDRAWAL]),
    # The specialist while another agency is consulted: steps and the answer only.
    (INTEROPERATING, R.SPECIALIST, [A.RECEIVE_INTERAGENCY]),
    # The agency leader of a re-appointed dossier: no second apology.
    (
        at(S.PROCESSING, reappointed=True),
        R.AGENCY_LEADER,
        [
            A.ASSIGN,
            A.COMPLETE_STEP,
            A.RETURN_TO_STEP,
            A.SEND_INTERAGENCY,
            A.REQUEST_SUPPLEMENT,
            A.REQUEST_FINANCIAL_OBLIGATION,
            A.STOP,
            A.ISSUE_RESULT,
        ],
    ),
    # The records clerk numbers the result; nothing else.
    (at(S.PROCESSING), R.RECORDS_CLERK, [A.ISSUE_RESULT]),
    # A pending withdrawal: the counter decides it.
    (
        at(S.RECEIVED, withdrawal_requested=True),
        R.COUNTER_OFFICER,
        [A.FORWARD, A.APPROVE_WITHDRAWAL, A.REJECT_WITHDRAWAL],
    ),
    # The postal staff deliver a posted result.
    (at(S.RESOLVED, sub_state=SubState.POSTING), R.POSTAL_STAFF, [A.RETURN_RESULT]),
]


@pytest.mark.parametrize(("state", "role", "buttons"), BUTTONS)
def test_it_lists_the_buttons_of_a_role(
    state: DossierState, role: Role, buttons: list[Action]
) -> None:
    assert allowed_actions(RS, state, role) == buttons


def test_the_apology_button_disappears_at_the_legal_due_moment() -> None:
    leader = R.AGENCY_LEADER
    before = allowed_actions(RS, at(S.PROCESSING), leader, now=NOW, legal_due=NOW + timedelta(1))
    after = allowed_actions(RS, at(S.PROCESSING), leader, now=NOW, legal_due=NOW)
    assert set(before) - set(after) == {A.APOLOGISE_AND_REAPPOINT}


def test_allowed_actions_agree_with_transition() -> None:
    states = dict.fromkeys([e.source for e in EDGES] + [at(s) for s in Status] + [INTEROPERATING])
    for state in states:
        for role in Role:
            allowed = set(allowed_actions(RS, state, role))
            for action in Action:
                try:
                    transition(RS, state, action, role, **FACTS)
                except TransitionNotAllowed:
                    assert action not in allowed, (state, role, action)
                else:
                    assert action in allowed, (state, role, action)


def test_plain_strings_are_accepted_for_actions_and_roles() -> None:
    assert transition(RS, NEW, "receive", "counter_officer") == at(S.RECEIVED)  # type: ignore[arg-type]
    assert allowed_actions(RS, NEW, "applicant") == [A.SUBMIT_ONLINE]  # type: ignore[arg-type]


@pytest.mark.parametrize(("action", "role"), [("fly", "applicant"), ("receive", "mayor")])
def test_unknown_actions_and_roles_are_programming_errors(action: str, role: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        transition(RS, NEW, action, role)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown role"):
        allowed_actions(RS, NEW, "mayor")  # type: ignore[arg-type]


def test_unknown_facts_are_programming_errors() -> None:
    with pytest.raises(TypeError, match="unknown workflow facts"):
        transition(RS, NEW, A.REFUSE, R.COUNTER_OFFICER, reson="typo")
    with pytest.raises(TypeError, match="unknown workflow facts"):
        allowed_actions(RS, NEW, R.COUNTER_OFFICER, reson="typo")


@settings(max_examples=30, deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(0, 99), st.sampled_from(Role)), max_size=20))
def test_any_walk_through_allowed_actions_stays_consistent(steps: list[tuple[int, Role]]) -> None:
    """DossierState validates itself, so an inconsistent next state would raise here."""
    state = NEW
    for pick, role in steps:
        actions = allowed_actions(RS, state, role, **FACTS)
        if not actions:
            continue
        before, state = state, transition(RS, state, actions[pick % len(actions)], role, **FACTS)
        assert not is_terminal(before.status)
        assert state.received >= before.received and state.reappointed >= before.reappointed
        assert state.supplement_requests >= before.supplement_requests


# --------------------------------------------------------------------------- dossier state

INVALID_STATES = [
    dict(status=S.PROCESSING),  # processing a dossier never received
    dict(status=S.SUBMITTED, received=True),  # received yet still "new"
    dict(status=None, received=True),  # received without a record
    dict(status=S.RECEIVED, received=True, sub_state=SubState.INTEROPERATING),  # 4 only
    dict(status=S.PROCESSING, received=True, sub_state=SubState.POSTING),  # 9 only
    dict(status=S.SUPPLEMENT_REQUESTED, reappointed=True),  # apology before receipt
    dict(status=S.PROCESSING, received=True, supplement_requests=-1),
    dict(status=S.RETURNED, received=True, withdrawal_requested=True),  # after the result
]


@pytest.mark.parametrize("fields", INVALID_STATES)
def test_it_refuses_impossible_states(fields: dict[str, Any]) -> None:
    with pytest.raises(InvalidDossierState):
        DossierState(**fields)


# --------------------------------------------------------------------------- rule sets

# (receipt date, rule set code) — SPEC §0.2.
BOUNDARIES = [
    (date(2018, 6, 21), "2018"),  # NĐ 61/2018 in force
    (date(2019, 1, 6), "2018"),  # TT 01/2018 in force (same rule set)
    (date(2025, 6, 30), "2018"),  # last day of the 2018 regime
    (date(2025, 7, 1), "2025"),  # NĐ 118/2025 in force
    (date(2099, 12, 31), "2025"),  # open-ended
]


@pytest.mark.parametrize(("day", "code"), BOUNDARIES)
def test_a_dossier_keeps_the_rule_set_of_its_receipt_date(day: date, code: str) -> None:
    assert rule_set_for(day).code == code
    assert rule_set_by_code(code) is rule_set_for(day)


def test_there_is_no_rule_set_before_nd_61_2018() -> None:
    with pytest.raises(NoRuleSet, match=r"20/06/2018.*21/06/2018"):
        rule_set_for(date(2018, 6, 20))


def test_rule_set_for_takes_a_date_not_a_datetime() -> None:
    with pytest.raises(TypeError):
        rule_set_for(NOW)


def test_an_unknown_rule_set_code_is_refused() -> None:
    with pytest.raises(NoRuleSet, match="2009"):
        rule_set_by_code("2009")


def test_the_rule_sets_tile_time_without_gap_or_overlap() -> None:
    assert [rs.code for rs in RULE_SETS] == ["2018", "2025"]
    assert RULES_2018.valid_to == RULES_2025.valid_from - timedelta(days=1)
    assert RULES_2025.valid_to is None and isinstance(RULES_2025, RuleSet)


FORMS_2018 = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "05": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "06": "Sổ theo dõi hồ sơ",
}
FORMS_2025 = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",  # new in TT 03/2025
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",  # form 05 in 2018
    "07": "Sổ theo dõi hồ sơ",  # form 06 in 2018
}


@pytest.mark.parametrize(
    ("rule_set", "forms"), [(RULES_2018, FORMS_2018), (RULES_2025, FORMS_2025)]
)
def test_each_regime_has_its_forms_catalogue(rule_set: RuleSet, forms: dict[str, str]) -> None:
    assert {n: f.name for n, f in rule_set.forms.items()} == forms
    assert all(f.number == n for n, f in rule_set.forms.items())


def test_only_the_2025_regime_has_a_stop_notice() -> None:
    assert RULES_2025.has_stop_notice and not RULES_2018.has_stop_notice


# (rule set, state, action, role, form number issued) — the same edge, the regime's number.
FORM_NUMBERS = [
    (RULES_2018, at(S.PROCESSING), A.STOP, R.AGENCY_LEADER, None),  # written notice, no form
    (RULES_2025, at(S.PROCESSING), A.STOP, R.AGENCY_LEADER, "05"),
    (RULES_2018, at(S.RECEIVED), A.FORWARD, R.COUNTER_OFFICER, "05"),  # control sheet
    (RULES_2025, at(S.RECEIVED), A.FORWARD, R.COUNTER_OFFICER, "06"),
    (RULES_2018, at(S.RESOLVED), A.RETURN_RESULT, R.COUNTER_OFFICER, "06"),  # register
    (RULES_2025, at(S.RESOLVED), A.RETURN_RESULT, R.COUNTER_OFFICER, "07"),
    (RULES_2018, NEW, A.RECEIVE, R.COUNTER_OFFICER, "01"),
    (RULES_2025, at(S.PROCESSING), A.APOLOGISE_AND_REAPPOINT, R.AGENCY_LEADER, "04"),
    (
        RULES_2025,
        at(S.SUPPLEMENT_REQUESTED, received=False),
        A.SUPPLEMENT_DEADLINE_EXPIRED,
        R.SYSTEM,
        "03",
    ),  # refusal before receipt
    (RULES_2025, at(S.PROCESSING), A.ISSUE_RESULT, R.RECORDS_CLERK, None),  # the result itself
]


@pytest.mark.parametrize(("rule_set", "state", "action", "role", "number"), FORM_NUMBERS)
def test_a_decision_names_the_form_of_the_dossiers_regime(
    rule_set: RuleSet, state: DossierState, action: Action, role: Role, number: str | None
) -> None:
    decision = decide(rule_set, state, action, role, **FACTS)
    assert (decision.form and decision.form.number) == number
    assert decision.transition.legal_basis


def test_every_row_cites_a_legal_basis_and_a_form_known_to_2025() -> None:
    for row in RS.transitions.values():
        assert row.legal_basis.strip()
        assert row.form is None or RULES_2025.form_for(row.form) is not None
    assert RULES_2018.form_for(FormKind.STOP_NOTICE) is None


# --------------------------------------------------------------------------- vocabulary

# (status, Vietnamese label, DVCQG text) — SPEC §2.2.
STATUSES = [
    (1, "Mới đăng ký", "receiving"),
    (2, "Được tiếp nhận", "new"),
    (3, "Không được tiếp nhận", "denied"),
    (4, "Đang xử lý", "processing"),
    (5, "Yêu cầu bổ sung giấy tờ", "waiting"),
    (6, "Yêu cầu thực hiện nghĩa vụ tài chính", "paying"),
    (7, "Công dân yêu cầu rút hồ sơ", "cancelled"),
    (8, "Dừng xử lý", "unresolved"),
    (9, "Đã xử lý xong", "releasing"),
    (10, "Đã trả kết quả", "done"),
]


def test_statuses_follow_the_national_code_list() -> None:
    assert [(int(s), s.label_vi, s.dvcqg) for s in Status] == STATUSES


def test_sub_states_channels_and_labels() -> None:
    assert [s.value for s in SubState] == ["interoperating", "posting"]
    assert SubState.INTEROPERATING.label_vi == "Đang chuyển liên thông"
    assert [(int(c), c.label_vi) for c in Channel] == [
        (1, "Trực tiếp"),
        (2, "Trực tuyến"),
        (3, "Qua bưu chính công ích"),
    ]
    assert len({a.label_vi for a in Action}) == len(Action)


def test_staff_role_values_match_the_org_app() -> None:
    staff = [
        "counter_officer",
        "specialist",
        "unit_head",
        "agency_leader",
        "records_clerk",
        "procedure_controller",
        "provincial_supervisor",
        "system_admin",
    ]
    assert [r.value for r in Role] == [*staff, "applicant", "postal_staff", "system"]
    assert Role.COUNTER_OFFICER.label_vi == "Cán bộ tiếp nhận, trả kết quả"


def test_every_refusal_is_a_domain_error() -> None:
    assert issubclass(TransitionNotAllowed, DomainError)
    assert issubclass(InvalidDossierState, DomainError) and issubclass(NoRuleSet, DomainError)
