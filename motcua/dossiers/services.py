# SPDX-License-Identifier: MPL-2.0
"""State changes of dossiers. Each runs in one transaction and writes, together, the
dossier, its timeline event, the audit entry and the outbox message (STYLE.md).

Only online submission exists so far; reception, processing and return follow the same
shape (lock → `workflow.decide` → deadline → write → audit → outbox).
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
from motcua.domain.workflow import (
    Action,
    Channel,
    DossierState,
    Role,
    decide,
    rule_set_for,
)
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from motcua.org.models import Agency
from motcua.outbox.services import enqueue


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
    DossierEvent.objects.create(
        dossier=dossier,
        at=now,
        action=Action.SUBMIT_ONLINE.value,
        actor=actor,
        from_status=None,
        to_status=dossier.status,
    )
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
