"""The engine: guards, `decide`, `transition` and `allowed_actions` over the table.

Functional core: nothing here reads a clock or a database (see the package docstring).
Part of `motcua.domain.workflow`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Final

from motcua.domain.deadlines import VN_TZ
from motcua.domain.errors import InvalidMoment, TransitionNotAllowed
from motcua.domain.workflow.rulesets import Form, RuleSet
from motcua.domain.workflow.state import DossierState
from motcua.domain.workflow.table import Transition
from motcua.domain.workflow.vocabulary import (
    DEFAULT_POLICY,
    TERMINAL,
    Action,
    Effect,
    Guard,
    NotAllowedReason,
    Role,
    Status,
    SubState,
    SupplementPolicy,
    WorkflowPolicy,
)

# --------------------------------------------------------------------------- guards

_FACTS: Final = frozenset({"reason", "now", "legal_due", "agency_supplement_requests"})
_Facts = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class _GuardSpec:
    """A guard: the facts it needs and a check returning a Vietnamese problem or None."""

    needs: tuple[str, ...]
    check: Callable[[DossierState, _Facts, WorkflowPolicy], str | None]


def _moment(facts: _Facts, name: str) -> datetime:
    """The aware datetime fact `name`; a missing or naive one is a programming error."""
    value = facts.get(name)
    if not isinstance(value, datetime):
        raise TypeError(f"fact {name!r} must be an aware datetime, got {value!r}")
    if value.utcoffset() is None:
        raise InvalidMoment(f"fact {name!r} is a naive datetime")
    return value


def _reason(state: DossierState, facts: _Facts, policy: WorkflowPolicy) -> str | None:
    reason = facts.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise TypeError(f"fact 'reason' must be a string, got {reason!r}")
    return None if reason and reason.strip() else "phải nêu rõ lý do"


def _before_legal_due(state: DossierState, facts: _Facts, policy: WorkflowPolicy) -> str | None:
    now, legal_due = _moment(facts, "now"), _moment(facts, "legal_due")
    if now < legal_due:
        return None
    due = legal_due.astimezone(VN_TZ)
    return (
        f"đã đến hạn giải quyết theo quy định ({due:%H:%M %d/%m/%Y}); phiếu xin lỗi và hẹn "
        "lại phải gửi trước thời hạn đó"
    )


def _prior_supplements(state: DossierState, facts: _Facts) -> int:
    """Requests the requesting agency already made; without the fact, the dossier's total."""
    value = facts.get("agency_supplement_requests", state.supplement_requests)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"fact 'agency_supplement_requests' must be an int >= 0, got {value!r}")
    return value


def _supplement_policy(state: DossierState, facts: _Facts, policy: WorkflowPolicy) -> str | None:
    if policy.supplement is SupplementPolicy.WARN or not _prior_supplements(state, facts):
        return None
    return "cơ quan đã yêu cầu bổ sung hồ sơ này; mỗi cơ quan chỉ yêu cầu bổ sung một lần"


def _state_guard(
    predicate: Callable[[DossierState], bool], problem: str
) -> Callable[[DossierState, _Facts, WorkflowPolicy], str | None]:
    return lambda state, facts, policy: None if predicate(state) else problem


G = Guard  # short name for the table below

# fmt: off
_GUARDS: Final[Mapping[Guard, _GuardSpec]] = MappingProxyType({
    G.REASON_GIVEN: _GuardSpec(("reason",), _reason),
    G.RECEIVED: _GuardSpec((), _state_guard(
        lambda s: s.received, "hồ sơ chưa được tiếp nhận")),
    G.NOT_INTEROPERATING: _GuardSpec((), _state_guard(
        lambda s: s.sub_state is not SubState.INTEROPERATING,
        "hồ sơ đang chuyển liên thông; cần nhận lại kết quả liên thông trước")),
    G.INTEROPERATING: _GuardSpec((), _state_guard(
        lambda s: s.sub_state is SubState.INTEROPERATING,
        "hồ sơ không ở trạng thái chuyển liên thông")),
    G.NOT_POSTING: _GuardSpec((), _state_guard(
        lambda s: s.sub_state is not SubState.POSTING, "kết quả đã được chuyển qua bưu chính")),
    G.NOT_YET_REAPPOINTED: _GuardSpec((), _state_guard(
        lambda s: not s.reappointed,
        "hồ sơ đã được hẹn lại ngày trả kết quả một lần; chỉ được hẹn lại một lần")),
    G.BEFORE_LEGAL_DUE: _GuardSpec(("now", "legal_due"), _before_legal_due),
    G.SUPPLEMENT_POLICY: _GuardSpec((), _supplement_policy),
    G.WITHDRAWAL_PENDING: _GuardSpec((), _state_guard(
        lambda s: s.withdrawal_requested, "người nộp hồ sơ chưa đề nghị rút hồ sơ")),
    G.NO_WITHDRAWAL_PENDING: _GuardSpec((), _state_guard(
        lambda s: not s.withdrawal_requested,
        "đang có đề nghị rút hồ sơ chờ xem xét; cần xử lý đề nghị này trước")),
})
# fmt: on
del G

# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of an allowed action: next state, table row, form to issue, warnings.

    `form` is the row's `FormKind` resolved in the dossier's rule set (None when the
    regime has no such form, e.g. the stop notice before 2025). `warnings` are
    Vietnamese notes the service logs with the event (today: a repeated supplement
    request under `SupplementPolicy.WARN`).
    """

    state: DossierState
    transition: Transition
    form: Form | None
    warnings: tuple[str, ...] = ()


def _role(value: str) -> Role:
    """`value` as a `Role` (the plain string values are accepted too)."""
    try:
        return Role(value)
    except ValueError:
        raise ValueError(f"unknown role {value!r}") from None


def _action(value: str) -> Action:
    """`value` as an `Action` (the plain string values are accepted too)."""
    try:
        return Action(value)
    except ValueError:
        raise ValueError(f"unknown action {value!r}") from None


def _status_text(status: Status | None) -> str:
    """“ở trạng thái …” for a message, or “chưa lập hồ sơ” when there is no record."""
    return "chưa lập hồ sơ" if status is None else f"ở trạng thái “{status.label_vi}”"


def _row(rule_set: RuleSet, state: DossierState, action: Action) -> Transition | None:
    """The table row for (status, action), its `before_receipt` variant if never received."""
    row = rule_set.transitions.get((state.status, action))
    if row is not None and row.before_receipt is not None and not state.received:
        return row.before_receipt
    return row


def _failed(
    row: Transition, state: DossierState, facts: _Facts, policy: WorkflowPolicy, *, partial: bool
) -> list[tuple[Guard, str]]:
    """Guards of `row` that fail; with `partial`, guards whose facts are absent are skipped."""
    failed = []
    for guard in row.guards:
        spec = _GUARDS[guard]
        if partial and not all(name in facts for name in spec.needs):
            continue
        problem = spec.check(state, facts, policy)
        if problem is not None:
            failed.append((guard, problem))
    return failed


def _apply(row: Transition, state: DossierState) -> DossierState:
    """The state after `row`: new status, sub-state rule, effects on the flags."""
    if row.sets_sub_state:
        sub_state = row.sub_state
    else:
        sub_state = state.sub_state if row.target == state.status else None
    effects = row.effects
    # A pending withdrawal request lapses when the dossier closes another way.
    withdrawal = (state.withdrawal_requested or Effect.OPEN_WITHDRAWAL in effects) and (
        Effect.CLOSE_WITHDRAWAL not in effects and row.target not in TERMINAL
    )
    return DossierState(
        status=row.target,
        sub_state=sub_state,
        received=state.received or Effect.MARK_RECEIVED in effects,
        reappointed=state.reappointed or Effect.MARK_REAPPOINTED in effects,
        supplement_requests=state.supplement_requests + int(Effect.COUNT_SUPPLEMENT in effects),
        withdrawal_requested=withdrawal,
    )


def _check_facts(facts: _Facts) -> None:
    """Refuse misspelt fact names: a typo must not silently skip a guard."""
    unknown = set(facts) - _FACTS
    if unknown:
        raise TypeError(f"unknown workflow facts: {sorted(unknown)}; known: {sorted(_FACTS)}")


def decide(
    rule_set: RuleSet,
    state: DossierState,
    action: Action,
    role: Role,
    *,
    policy: WorkflowPolicy = DEFAULT_POLICY,
    **facts: object,
) -> Decision:
    """Check `action` by `role` on `state` under `rule_set` and return the `Decision`.

    Checks in order: the (status, action) pair is in the table, the role is listed, and
    every guard holds. _Facts: `reason` (str; refusal, stop, supplement, completion,
    apology, return to a step, rejected withdrawal), `now` and `legal_due` (aware
    datetimes; apology only before the legal due moment), `agency_supplement_requests`
    (int; earlier supplement requests by the requesting agency, defaults to the dossier's
    count). Raises `TransitionNotAllowed` with a Vietnamese message; `TypeError` for an
    unknown, missing or ill-typed fact (a programming error), `InvalidMoment` if naive.
    """
    _check_facts(facts)
    action, role = _action(action), _role(role)
    row = _row(rule_set, state, action)
    if row is None:
        raise TransitionNotAllowed(
            f"Không thể “{action.label_vi}” khi hồ sơ {_status_text(state.status)}.",
            reason=NotAllowedReason.WRONG_STATUS,
        )
    if role not in row.roles:
        allowed = ", ".join(f"“{r.label_vi}”" for r in Role if r in row.roles)
        raise TransitionNotAllowed(
            f"Vai trò “{role.label_vi}” không được “{action.label_vi}”; chỉ {allowed} được làm.",
            reason=NotAllowedReason.WRONG_ROLE,
        )
    failed = _failed(row, state, facts, policy, partial=False)
    if failed:
        raise TransitionNotAllowed(
            f"Không thể “{action.label_vi}”: " + "; ".join(p for _, p in failed) + ".",
            reason=NotAllowedReason.GUARD_FAILED,
            guards=tuple(guard for guard, _ in failed),
        )
    return Decision(
        _apply(row, state), row, rule_set.form_for(row.form), _warnings(row, state, facts)
    )


def _warnings(row: Transition, state: DossierState, facts: _Facts) -> tuple[str, ...]:
    """Vietnamese warnings to log with an allowed action (repeated supplement request)."""
    if Guard.SUPPLEMENT_POLICY in row.guards and _prior_supplements(state, facts):
        return (
            "Cơ quan đã yêu cầu bổ sung hồ sơ này trước đó; yêu cầu lần này vẫn được thực hiện "
            "vì quy định “mỗi cơ quan chỉ yêu cầu bổ sung một lần” chưa được đối chiếu.",
        )
    return ()


def transition(
    rule_set: RuleSet,
    state: DossierState,
    action: Action,
    role: Role,
    *,
    policy: WorkflowPolicy = DEFAULT_POLICY,
    **facts: object,
) -> DossierState:
    """The next state after `action` by `role`, or `TransitionNotAllowed` (see `decide`)."""
    return decide(rule_set, state, action, role, policy=policy, **facts).state


def allowed_actions(
    rule_set: RuleSet,
    state: DossierState,
    role: Role,
    *,
    policy: WorkflowPolicy = DEFAULT_POLICY,
    **facts: object,
) -> list[Action]:
    """The actions `role` may take on `state`, in `Action` order: the desk's buttons.

    Guards that only read the state are applied; guards needing facts are applied only
    when those facts are given (pass `now` and `legal_due` to hide the apology button
    after the due moment; the reason is asked for after the click).
    """
    _check_facts(facts)
    role = _role(role)
    return [
        action
        for action in Action
        if (row := _row(rule_set, state, action)) is not None
        and role in row.roles
        and not _failed(row, state, facts, policy, partial=True)
    ]
