# SPDX-License-Identifier: MPL-2.0
"""What every dossier service shares: errors, locking, the workflow decision, the deadline
recomputation and `commit`, which writes the dossier, its timeline event, the audit entry
and the outbox message together (STYLE.md: one state change, one transaction).

The shape of every action is the same: `lock` → `decide` (roles from `dossiers.access`,
guards from `domain.workflow`) → compute → `commit`.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.validators import validate_identity_number, validate_phone
from motcua.audit.services import record
from motcua.domain.codes import format_code, next_sequence
from motcua.domain.deadlines import (
    Deadline,
    deadline_status,
)
from motcua.domain.errors import SequenceExhausted, TransitionNotAllowed
from motcua.domain.workflow import (
    Action,
    Decision,
    DossierState,
    Role,
    RuleSet,
    Status,
    SubState,
    allowed_actions,
    decide,
    rule_set_by_code,
    rule_set_for,
)
from motcua.dossiers.access import may_act_as_holder, roles_on
from motcua.dossiers.clock import pauses_of, recompute_deadline  # noqa: F401 (re-exported)
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from motcua.dossiers.notify import EVENT_TOPIC, event_key, event_payload
from motcua.org.models import Agency
from motcua.outbox.services import enqueue
from motcua.workcal.selectors import work_calendar


class DossierError(Exception):
    """A request that cannot be carried out; ``messages`` say in Vietnamese what to fix."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Applicant:
    """The dossier owner (chủ hồ sơ) and, when someone acts for them, the representative."""

    name: str
    identity_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    kind: str = "citizen"  # ApplicantKind
    tax_code: str = ""
    representative_name: str = ""
    representative_identity: str = ""
    authorisation: str = ""


def check_applicant(applicant: Applicant) -> list[str]:
    """Vietnamese problems with the applicant data (empty when fine)."""
    errors = [] if applicant.name.strip() else [_("Vui lòng nhập họ tên người nộp hồ sơ.")]
    if applicant.kind != "citizen" and not applicant.tax_code.strip():
        errors.append(_("Vui lòng nhập mã số thuế hoặc mã số doanh nghiệp của tổ chức."))
    if applicant.representative_name.strip() and not applicant.authorisation.strip():
        errors.append(_("Người được ủy quyền nộp hồ sơ cần có giấy ủy quyền; vui lòng ghi rõ."))
    for value, validator in (
        (applicant.identity_number, validate_identity_number),
        (applicant.representative_identity, validate_identity_number),
        (applicant.phone, validate_phone),
    ):
        if value:
            try:
                validator(value)
            except ValidationError as exc:
                errors.extend(exc.messages)
    return errors


def applicant_fields(applicant: Applicant) -> dict[str, str]:
    """The Dossier fields for `applicant`, trimmed."""
    return {
        "applicant_kind": applicant.kind,
        "applicant_name": applicant.name.strip(),
        "applicant_identity": applicant.identity_number.strip(),
        "applicant_tax_code": applicant.tax_code.strip(),
        "applicant_phone": applicant.phone.strip(),
        "applicant_email": applicant.email.strip(),
        "applicant_address": applicant.address.strip(),
        "representative_name": applicant.representative_name.strip(),
        "representative_identity": applicant.representative_identity.strip(),
        "authorisation": applicant.authorisation.strip(),
    }


#: Letters and digits a person can read back without confusion (no 0/O, 1/I/L).
_SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_lookup_secret() -> str:
    """The dossier's lookup secret (8 characters, ~39 bits), printed on form 01: with the
    code it shows the applicant's own data on the public status page."""
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(8))


def reserve_code(*, agency: Agency) -> str:
    """The next dossier code of ``agency`` for today (local date), under a row lock.

    SPEC §4.1: `<unit identifier>-<yymmdd>-<NNNN>`, the sequence restarting each day per
    unit. Must run inside the caller's transaction: a rollback returns the number, so the
    codes of a unit and day have no gaps.
    """
    if not agency.identifier_code:
        raise DossierError([_("Cơ quan tiếp nhận chưa có mã định danh điện tử.")])
    day = timezone.localdate()
    DossierCodeCounter.objects.get_or_create(unit_identifier=agency.identifier_code, day=day)
    counter = DossierCodeCounter.objects.select_for_update().get(
        unit_identifier=agency.identifier_code, day=day
    )
    try:
        counter.last = next_sequence(counter.last or None)
    except SequenceExhausted:  # the caller's transaction rolls back: nothing half-written
        message = _(
            "Đơn vị tiếp nhận đã cấp hết 9.999 mã hồ sơ của ngày %(day)s (mã hồ sơ chỉ có "
            "4 chữ số thứ tự); hồ sơ chưa được tạo, hãy nộp lại từ ngày hôm sau."
        )
        raise DossierError([message % {"day": day.strftime("%d/%m/%Y")}]) from None
    counter.save(update_fields=["last"])
    return format_code(agency.identifier_code, day, counter.last)


#: A dossier's code until `assign_code` gives it its real one, just before the commit.
PENDING_CODE_PREFIX = "TAM-"


def pending_code() -> str:
    """A unique stand-in code, never visible outside the creating transaction."""
    return f"{PENDING_CODE_PREFIX}{uuid.uuid4().hex}"


def assign_code(dossier: Dossier) -> None:
    """Reserve the dossier's real code and store it (SPEC §4.1).

    ⚡️ Called as late as possible in the creating transaction: the unit's daily counter
    row stays locked only from here to the commit, not while files are checked and stored,
    so receipts at one unit do not queue behind each other's uploads.
    """
    dossier.code = reserve_code(agency=dossier.receiving_agency)
    dossier.save(update_fields=["code"])


def lock(dossier_id: int, seen_version: int | None = None) -> Dossier:
    """The dossier, row-locked until the end of the transaction (two officers, one winner).

    `seen_version` is the `Dossier.version` the officer's page showed; if another action
    committed since, the request is refused rather than applied to a state nobody saw.
    """
    try:
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related(
                "case", "receiving_agency", "current_agency", "lead_agency", "procedure_version"
            )
            .get(pk=dossier_id)
        )
    except Dossier.DoesNotExist as exc:
        raise DossierError([_("Không tìm thấy hồ sơ.")]) from exc
    if seen_version is not None and seen_version != dossier.version:
        raise DossierError(
            [_("Hồ sơ vừa được cán bộ khác xử lý; vui lòng tải lại trang để xem tình trạng mới.")]
        )
    return dossier


def state_of(dossier: Dossier) -> DossierState:
    """What the pure workflow needs to know about a stored dossier."""
    return DossierState(
        status=Status(dossier.status),
        sub_state=SubState(dossier.sub_state) if dossier.sub_state else None,
        received=dossier.received_at is not None,
        reappointed=dossier.reappointed_at is not None,
        supplement_requests=dossier.supplement_requests,
        withdrawal_requested=dossier.withdrawal_requested,
    )


# Which of an actor's roles to act in when several fit: the most specific first.
_ROLE_ORDER = (
    Role.APPLICANT,
    Role.COUNTER_OFFICER,
    Role.SPECIALIST,
    Role.UNIT_HEAD,
    Role.RECORDS_CLERK,
    Role.AGENCY_LEADER,
    Role.POSTAL_STAFF,
    Role.SYSTEM,
)


def rule_set_of(dossier: Dossier) -> RuleSet:
    """The rule set `dossier` is handled under: its own, or today's for one without."""
    return (
        rule_set_by_code(dossier.rule_set)
        if dossier.rule_set
        else rule_set_for(timezone.localdate())
    )


def staff_actions(user: User, dossier: Dossier) -> set[Action]:
    """What the workflow table lets `user`'s staff roles on `dossier` do now (the union over
    the roles; the applicant's role is left out). The services' own checks on the actor
    (holder, leader…) come on top; the desk and the API list actions from this."""
    roles = roles_on(user, dossier) - {Role.APPLICANT}
    if not roles:
        return set()
    facts: dict[str, Any] = {"now": timezone.now()}
    if dossier.legal_due_at is not None:
        facts["legal_due"] = dossier.legal_due_at
    state, rule_set = state_of(dossier), rule_set_of(dossier)
    return {a for role in roles for a in allowed_actions(rule_set, state, role, **facts)}


def decide_for(
    dossier: Dossier, actor: User | None, action: Action, **facts: object
) -> tuple[Decision, Role]:
    """The workflow decision for `actor` doing `action` on `dossier`, and the role used.

    The actor's roles come from `dossiers.access.roles_on` (None is the system). A user
    with no role on the dossier gets the same answer as a missing dossier.
    """
    roles = {Role.SYSTEM} if actor is None else roles_on(actor, dossier)
    if not roles:
        raise DossierError([_("Bạn không có quyền thao tác trên hồ sơ này.")])
    rule_set = rule_set_of(dossier)
    state = state_of(dossier)
    ordered = [r for r in _ROLE_ORDER if r in roles]
    first_error: TransitionNotAllowed | None = None
    for role in ordered:
        try:
            return decide(rule_set, state, action, role, **facts), role
        except TransitionNotAllowed as exc:
            first_error = first_error or exc
            if exc.reason != "wrong_role":
                break  # the status or a guard refuses: the same for every role
    assert first_error is not None
    raise DossierError([str(first_error)]) from first_error


def apply_state(dossier: Dossier, decision: Decision) -> list[str]:
    """Copy the decided state onto the dossier; the changed field names."""
    new = decision.state
    if new.status is None:
        raise ValueError("apply_state needs a state with a record")
    dossier.status = new.status
    dossier.sub_state = new.sub_state.value if new.sub_state else ""
    dossier.supplement_requests = new.supplement_requests
    dossier.withdrawal_requested = new.withdrawal_requested
    return ["status", "sub_state", "supplement_requests", "withdrawal_requested"]


def set_due(dossier: Dossier, deadline: Deadline, now: datetime) -> list[str]:
    """Store `deadline` (keeping a later re-appointment) and the live deadline status."""
    dossier.legal_due_at = deadline.legal_due
    reappointed = dossier.reappointed_at
    dossier.due_at = (
        reappointed if reappointed and reappointed > deadline.legal_due else deadline.due
    )
    dossier.deadline_status = deadline_status(now, dossier.due_at, work_calendar()).value
    return ["due_at", "legal_due_at", "deadline_status"]


def commit(
    dossier: Dossier,
    *,
    actor: User | None,
    action: Action,
    previous: int | None,
    fields: Iterable[str] = (),
    note: str = "",
    data: dict[str, Any] | None = None,
    summary: str,
    notify: bool = True,
    created: bool = False,
) -> DossierEvent:
    """Write the dossier (its `fields`), the timeline event, the audit entry and the event's
    outbox message, in the caller's transaction. `notify` says whether the applicant should
    hear about it (an e-mail); webhooks and the national sync do not depend on it."""
    if not created:
        dossier.version += 1
        dossier.save(update_fields=sorted({*fields, "version", "updated_at"}))
    data = data or {}
    event = DossierEvent.objects.create(
        dossier=dossier,
        at=timezone.now(),
        action=action.value,
        actor=actor,
        from_status=previous,
        to_status=dossier.status,
        note=note,
        data=_jsonable(data),
    )
    record(
        actor=actor,
        action=f"dossier.{action.value}",
        object_type="dossiers.dossier",
        object_id=dossier.code,
        summary=f"{summary} {dossier.code}",
        data={**_jsonable(data), "from": previous, "to": dossier.status},
    )
    # One message per event, whatever happens next: the fan-out (e-mail, webhooks, national
    # portal) runs in the worker, outside this transaction (dossiers.notify).
    enqueue(
        topic=EVENT_TOPIC,
        idempotency_key=event_key(dossier, event),
        payload=event_payload(dossier, event, notify=notify),
    )
    return event


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


def require_reason(reason: str) -> str:
    """The trimmed reason, or a Vietnamese error when it is empty."""
    if not reason or not reason.strip():
        raise DossierError([_("Vui lòng nêu rõ lý do.")])
    return reason.strip()


def require_holder(dossier: Dossier, actor: User) -> None:
    """Only the holder acts on a held dossier; the agency's heads may act for anyone."""
    if may_act_as_holder(actor, dossier):
        return
    raise DossierError(
        [
            _(
                "Hồ sơ đang do cán bộ khác xử lý; chỉ người đang giữ hồ sơ hoặc lãnh đạo "
                "đơn vị được thao tác."
            )
        ]
    )
