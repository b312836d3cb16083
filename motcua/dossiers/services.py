# SPDX-License-Identifier: MPL-2.0
"""State changes of dossiers. Each runs in one transaction and writes, together, the
dossier, its timeline event, the audit entry and the outbox message (STYLE.md).

So far: online submission and reception (form 01, due date). Processing and return follow
the same shape (lock → `workflow.decide` → deadline → write → audit → outbox).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.validators import validate_identity_number, validate_phone
from motcua.audit.services import record
from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.catalog.selectors import NotSubmittable, version_for_submission
from motcua.domain.codes import format_code, next_sequence
from motcua.domain.deadlines import DurationUnit, deadline_status
from motcua.domain.errors import TransitionNotAllowed
from motcua.domain.workflow import (
    Action,
    Channel,
    DossierState,
    Role,
    Status,
    decide,
    rule_set_for,
)
from motcua.dossiers.access import can_receive_for
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from motcua.org.models import Agency
from motcua.outbox.services import enqueue
from motcua.workcal.selectors import deadline_compute, work_calendar


class DossierError(Exception):
    """A request that cannot be carried out; ``messages`` say in Vietnamese what to fix."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Applicant:
    name: str
    identity_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def reserve_code(*, agency: Agency) -> str:
    """The next dossier code of ``agency`` for today (local date), under a row lock.

    SPEC §4.1: `<unit identifier>-<yymmdd>-<NNNN>`, the sequence restarting each day per
    unit. Must run inside the caller's transaction: a rollback returns the number.
    """
    if not agency.identifier_code:
        raise DossierError([_("Cơ quan tiếp nhận chưa có mã định danh điện tử.")])
    day = timezone.localdate()
    DossierCodeCounter.objects.get_or_create(unit_identifier=agency.identifier_code, day=day)
    counter = DossierCodeCounter.objects.select_for_update().get(
        unit_identifier=agency.identifier_code, day=day
    )
    counter.last = next_sequence(counter.last or None)
    counter.save(update_fields=["last"])
    return format_code(agency.identifier_code, day, counter.last)


def _check_applicant(applicant: Applicant) -> list[str]:
    errors = [] if applicant.name.strip() else [_("Vui lòng nhập họ tên người nộp hồ sơ.")]
    for value, validator in (
        (applicant.identity_number, validate_identity_number),
        (applicant.phone, validate_phone),
    ):
        if value:
            try:
                validator(value)
            except ValidationError as exc:
                errors.extend(exc.messages)
    return errors


def _pinned_case(code: str, case_id: int) -> tuple[ProcedureVersion, ProcedureCase]:
    try:
        version = version_for_submission(code=code, online=True)
    except NotSubmittable as exc:
        raise DossierError([_("Thủ tục này hiện không nhận hồ sơ trực tuyến.")]) from exc
    case = version.cases.filter(pk=case_id).first()
    if case is None:
        raise DossierError([_("Trường hợp đã chọn không thuộc thủ tục đang áp dụng.")])
    return version, case


@transaction.atomic
def dossier_submit_online(
    *,
    actor: User,
    procedure_code: str,
    case_id: int,
    receiving_agency: Agency,
    applicant: Applicant,
) -> Dossier:
    """An applicant submits online (status 1, SPEC §2.3 step 1). The dossier is pinned to
    the procedure version in force now and keeps it when a new version is published."""
    version, case = _pinned_case(procedure_code, case_id)
    errors = _check_applicant(applicant)
    if errors:
        raise DossierError(errors)
    now = timezone.now()
    rule_set = rule_set_for(timezone.localdate())
    decision = decide(rule_set, DossierState(), Action.SUBMIT_ONLINE, Role.APPLICANT)
    dossier = Dossier.objects.create(
        code=reserve_code(agency=receiving_agency),
        procedure_version=version,
        case=case,
        rule_set=rule_set.code,
        channel=Channel.ONLINE,
        status=decision.state.status,
        receiving_agency=receiving_agency,
        applicant=actor,
        submitted_at=now,
        applicant_name=applicant.name.strip(),
        applicant_identity=applicant.identity_number,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
    )
    _write_event(dossier, actor=actor, action=Action.SUBMIT_ONLINE, from_status=None)
    record(
        actor=actor,
        action="dossier.submit_online",
        object_type="dossiers.dossier",
        object_id=dossier.code,
        summary=f"Nộp trực tuyến hồ sơ {dossier.code}",
        data={"procedure": procedure_code, "version": version.number, "case": case.pk},
    )
    enqueue(
        topic="notify.dossier_status",
        idempotency_key=f"{dossier.code}:submitted",
        payload={"code": dossier.code, "status": dossier.status},
    )
    return dossier


def _write_event(
    dossier: Dossier,
    *,
    actor: User | None,
    action: Action,
    from_status: int | None,
    note: str = "",
    data: dict | None = None,
) -> None:
    DossierEvent.objects.create(
        dossier=dossier,
        at=timezone.now(),
        action=action.value,
        actor=actor,
        from_status=from_status,
        to_status=dossier.status,
        note=note,
        data=data or {},
    )


def _state(dossier: Dossier) -> DossierState:
    """What the pure workflow needs to know about a stored dossier."""
    return DossierState(status=Status(dossier.status), received=dossier.received_at is not None)


@transaction.atomic
def dossier_receive(*, actor: User, dossier_id: int) -> Dossier:
    """Receive a complete submitted dossier (status 1 → 2, SPEC §2.3 step 2c, form 01).

    The due moment is computed now, from the case's processing time and the calendar and
    policy in force today, and stored (`due_at` = `legal_due_at`); later calendar changes
    never move it silently (SPEC §11.4). The rule set becomes the one in force on the
    receipt date (SPEC §0.2).
    """
    dossier = (
        Dossier.objects.select_for_update()
        .select_related("case", "receiving_agency")
        .get(pk=dossier_id)
    )
    if not can_receive_for(actor, dossier.receiving_agency):
        raise DossierError([_("Bạn không được phân công tiếp nhận hồ sơ của cơ quan này.")])
    rule_set = rule_set_for(timezone.localdate())
    state = _state(dossier)
    try:
        decide(rule_set, state, Action.RECEIVE, Role.COUNTER_OFFICER)
    except TransitionNotAllowed as exc:
        raise DossierError([str(exc)]) from exc
    now = timezone.now()
    deadline = deadline_compute(
        received_at=now,
        amount=dossier.case.processing_amount,
        unit=DurationUnit(dossier.case.processing_unit),
    )
    previous = dossier.status
    dossier.status, dossier.rule_set, dossier.received_at = Status.RECEIVED, rule_set.code, now
    dossier.due_at, dossier.legal_due_at = deadline.due, deadline.legal_due
    dossier.deadline_status = deadline_status(now, deadline.due, work_calendar()).value
    dossier.save(
        update_fields=[
            "status",
            "rule_set",
            "received_at",
            "due_at",
            "legal_due_at",
            "deadline_status",
            "updated_at",
        ]
    )
    _write_event(
        dossier,
        actor=actor,
        action=Action.RECEIVE,
        from_status=previous,
        data={"due": deadline.due.isoformat()},
    )
    record(
        actor=actor,
        action="dossier.receive",
        object_type="dossiers.dossier",
        object_id=dossier.code,
        summary=f"Tiếp nhận hồ sơ {dossier.code}",
        data={"due": deadline.due, "legal_due": deadline.legal_due},
    )
    enqueue(
        topic="notify.dossier_status",
        idempotency_key=f"{dossier.code}:received",
        payload={"code": dossier.code, "status": dossier.status, "due": deadline.due.isoformat()},
    )
    return dossier
