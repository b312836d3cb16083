# SPDX-License-Identifier: MPL-2.0
"""Intake on the three channels and the completeness check (SPEC §2.3 steps 1–2, §2.4).

Online and postal dossiers arrive in status 1 and wait for the one-stop section; a walk-in
gets a record only when the officer receives (form 01) or refuses (form 03) it; a walk-in
who is only guided (form 02) leaves an audit entry and no dossier. On receipt the rule set
in force that day, the due moment and the fee lines are fixed (SPEC §0.2, §11.4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.form_schema import validate_form_data
from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.catalog.selectors import NotSubmittable, version_for_submission
from motcua.domain.deadlines import DurationUnit
from motcua.domain.errors import TransitionNotAllowed
from motcua.domain.workflow import Action, Channel, DossierState, Role, Status, decide, rule_set_for
from motcua.dossiers.access import can_receive_for
from motcua.dossiers.models import Dossier, DossierPause, PauseKind, ResultDelivery
from motcua.dossiers.services._base import (
    Applicant,
    DossierError,
    applicant_fields,
    assign_code,
    check_applicant,
    commit,
    decide_for,
    lock,
    new_lookup_secret,
    pending_code,
    recompute_deadline,
    require_reason,
    set_due,
)
from motcua.dossiers.services.components import (
    ComponentInput,
    RequestItem,
    check_items,
    checked_items,
    cleanup_on_error,
    missing_required,
    open_fee_lines,
    store_components,
)
from motcua.dossiers.services.routing import step_due
from motcua.org.models import Agency
from motcua.workcal.selectors import deadline_compute


def _pinned_case(
    code: str, case_id: int, *, channel: Channel
) -> tuple[ProcedureVersion, ProcedureCase]:
    """The published version in force and the chosen case; refused if the channel is closed."""
    try:
        version = version_for_submission(code=code, online=channel == Channel.ONLINE)
    except NotSubmittable as exc:
        message = {
            Channel.ONLINE: _("Thủ tục này hiện không nhận hồ sơ trực tuyến."),
            Channel.POST: _("Thủ tục này hiện không được công bố để tiếp nhận."),
            Channel.COUNTER: _("Thủ tục này hiện không được công bố để tiếp nhận."),
        }[channel]
        raise DossierError([message]) from exc
    if channel == Channel.POST and not version.channel_post:
        raise DossierError([_("Thủ tục này không nhận hồ sơ qua dịch vụ bưu chính công ích.")])
    if channel == Channel.COUNTER and not version.channel_counter:
        raise DossierError([_("Thủ tục này không nhận hồ sơ nộp trực tiếp.")])
    case = version.cases.filter(pk=case_id).first()
    if case is None:
        raise DossierError([_("Trường hợp đã chọn không thuộc thủ tục đang áp dụng.")])
    return version, case


def _counter_check(actor: User, agency: Agency) -> None:
    if not can_receive_for(actor, agency):
        raise DossierError([_("Bạn không được phân công tiếp nhận hồ sơ của cơ quan này.")])


def _walk_in_decision(action: Action, **facts: object) -> None:
    """The workflow check for an applicant at the counter who has no record yet."""
    try:
        decide(
            rule_set_for(timezone.localdate()),
            DossierState(),
            action,
            Role.COUNTER_OFFICER,
            **facts,
        )
    except TransitionNotAllowed as exc:
        raise DossierError([str(exc)]) from exc


def _delivery(result_delivery: str, delivery_address: str) -> dict[str, str]:
    if result_delivery not in ResultDelivery.values:
        raise DossierError([_("Hình thức nhận kết quả không hợp lệ.")])
    if result_delivery == ResultDelivery.POST and not delivery_address.strip():
        raise DossierError([_("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")])
    return {"result_delivery": result_delivery, "delivery_address": delivery_address.strip()}


def _new_dossier(
    *,
    actor: User | None,
    version: ProcedureVersion,
    case: ProcedureCase,
    channel: Channel,
    status: Status,
    agency: Agency,
    applicant: Applicant,
    applicant_account: User | None,
    **extra: object,
) -> Dossier:
    errors = check_applicant(applicant)
    if errors:
        raise DossierError(errors)
    return Dossier.objects.create(
        code=pending_code(),
        lookup_secret=new_lookup_secret(),
        procedure_version=version,
        case=case,
        rule_set=rule_set_for(timezone.localdate()).code,
        channel=channel,
        status=status,
        receiving_agency=agency,
        current_agency=agency,
        applicant=applicant_account,
        submitted_at=timezone.now(),
        **applicant_fields(applicant),
        **extra,
    )


@transaction.atomic
def dossier_submit_online(
    *,
    actor: User,
    procedure_code: str,
    case_id: int,
    receiving_agency: Agency,
    applicant: Applicant,
    components: Sequence[ComponentInput] = (),
    result_delivery: str = ResultDelivery.ONLINE,
    delivery_address: str = "",
    form_data: Mapping[str, Any] | None = None,
    on_behalf: bool = False,
) -> Dossier:
    """An applicant submits online (status 1, SPEC §2.3 step 1; NĐ 45/2020/NĐ-CP).

    The dossier is pinned to the version in force now and keeps it when a new version is
    published; its files are checked by content before anything is stored, and the
    declaration (`form_data`) against the version's form schema. With `on_behalf` (a
    connected system or an officer submitting for someone), the actor is recorded as who
    did it but does not become the dossier's applicant account.
    """
    version, case = _pinned_case(procedure_code, case_id, channel=Channel.ONLINE)
    declared, problems = validate_form_data(version.form_schema, form_data or {})
    if problems:
        raise DossierError(list(problems.values()))
    decide(rule_set_for(timezone.localdate()), DossierState(), Action.SUBMIT_ONLINE, Role.APPLICANT)
    with cleanup_on_error() as stored:
        dossier = _new_dossier(
            actor=actor,
            version=version,
            case=case,
            channel=Channel.ONLINE,
            status=Status.SUBMITTED,
            agency=receiving_agency,
            applicant=applicant,
            applicant_account=None if on_behalf else actor,
            form_data=declared,
            **_delivery(result_delivery, delivery_address),
        )
        store_components(dossier, components, actor=actor, stored=stored)
        assign_code(dossier)
        commit(
            dossier,
            actor=actor,
            action=Action.SUBMIT_ONLINE,
            previous=None,
            created=True,
            summary="Nộp trực tuyến hồ sơ",
            data={"procedure": procedure_code, "version": version.number, "case": case.pk},
        )
    return dossier


@transaction.atomic
def dossier_register_postal(
    *,
    actor: User,
    procedure_code: str,
    case_id: int,
    receiving_agency: Agency,
    applicant: Applicant,
    tracking_number: str,
    components: Sequence[ComponentInput] = (),
    result_delivery: str = ResultDelivery.POST,
    delivery_address: str = "",
) -> Dossier:
    """Register a dossier delivered by public post (status 1, channel 3; QĐ 45/2016/QĐ-TTg).

    The counter officer records the postal tracking number and what the envelope held;
    the completeness check (receive, request completion, refuse) follows as for online.
    """
    _counter_check(actor, receiving_agency)
    if not tracking_number.strip():
        raise DossierError([_("Vui lòng nhập mã bưu gửi của hồ sơ.")])
    version, case = _pinned_case(procedure_code, case_id, channel=Channel.POST)
    decide(
        rule_set_for(timezone.localdate()),
        DossierState(),
        Action.REGISTER_POSTAL,
        Role.COUNTER_OFFICER,
    )
    with cleanup_on_error() as stored:
        dossier = _new_dossier(
            actor=actor,
            version=version,
            case=case,
            channel=Channel.POST,
            status=Status.SUBMITTED,
            agency=receiving_agency,
            applicant=applicant,
            applicant_account=None,
            postal_tracking=tracking_number.strip(),
            **_delivery(result_delivery, delivery_address or applicant.address),
        )
        store_components(dossier, components, actor=actor, stored=stored)
        assign_code(dossier)
        commit(
            dossier,
            actor=actor,
            action=Action.REGISTER_POSTAL,
            previous=None,
            created=True,
            summary="Tiếp nhận hồ sơ qua bưu chính",
            data={"tracking": dossier.postal_tracking},
        )
    return dossier


def _mark_received(dossier: Dossier, *, actor: User, paid: bool) -> list[str]:
    """Fix the rule set, receipt moment, lead agency, holder, due date and fee lines."""
    now = timezone.now()
    dossier.rule_set = rule_set_for(timezone.localdate()).code
    dossier.received_at = now
    dossier.lead_agency = dossier.procedure_version.processing_agency or dossier.receiving_agency
    dossier.holder, dossier.held_since = actor, now
    first = dossier.procedure_version.process_steps.order_by("order").first()
    dossier.current_step = (
        first if first and first.responsible_role == Role.COUNTER_OFFICER else None
    )
    dossier.hold_due_at = step_due(now, dossier.current_step)
    fields = ["rule_set", "received_at", "lead_agency", "holder", "held_since"]
    fields += ["current_step", "hold_due_at", *set_due(dossier, recompute_deadline(dossier), now)]
    open_fee_lines(dossier, paid=paid)
    return fields


@transaction.atomic
def dossier_receive(
    *, actor: User, dossier_id: int, seen_version: int | None = None, fees_paid: bool = False
) -> Dossier:
    """Receive a complete submitted dossier (status 1 → 2, SPEC §2.3 step 2c, form 01).

    The due moment is computed now, from the case's processing time and the calendar and
    policy in force today, and stored (`due_at` = `legal_due_at`); later calendar changes
    never move it silently (SPEC §11.4). The rule set becomes the one in force on the
    receipt date (SPEC §0.2). The one-stop section holds it until it is forwarded.
    """
    dossier = lock(dossier_id, seen_version)
    _counter_check(actor, dossier.receiving_agency)
    decision, _role = decide_for(dossier, actor, Action.RECEIVE)
    missing = missing_required(dossier)
    if missing:
        raise DossierError(
            [
                _(
                    "Hồ sơ còn thiếu thành phần bắt buộc: %(names)s. "
                    "Hãy yêu cầu bổ sung, hoàn thiện."
                )
                % {"names": "; ".join(m[:80] for m in missing)}
            ]
        )
    previous = dossier.status
    dossier.status = decision.state.status
    fields = ["status", *_mark_received(dossier, actor=actor, paid=fees_paid)]
    commit(
        dossier,
        actor=actor,
        action=Action.RECEIVE,
        previous=previous,
        fields=fields,
        summary="Tiếp nhận hồ sơ",
        data={"due": dossier.due_at, "legal_due": dossier.legal_due_at},
    )
    return dossier


@transaction.atomic
def dossier_receive_at_counter(
    *,
    actor: User,
    procedure_code: str,
    case_id: int,
    receiving_agency: Agency,
    applicant: Applicant,
    components: Sequence[ComponentInput],
    fees_paid: bool = False,
    result_delivery: str = ResultDelivery.COUNTER,
    delivery_address: str = "",
) -> Dossier:
    """Receive a complete dossier from an applicant at the counter (— → 2, form 01).

    The officer ticks the published components handed in (counts, digitised, reused);
    a dossier missing a required component is not received: give form 02 instead.
    """
    _counter_check(actor, receiving_agency)
    version, case = _pinned_case(procedure_code, case_id, channel=Channel.COUNTER)
    _walk_in_decision(Action.RECEIVE)
    with cleanup_on_error() as stored:
        dossier = _new_dossier(
            actor=actor,
            version=version,
            case=case,
            channel=Channel.COUNTER,
            status=Status.RECEIVED,
            agency=receiving_agency,
            applicant=applicant,
            applicant_account=None,
            **_delivery(result_delivery, delivery_address),
        )
        store_components(dossier, components, actor=actor, stored=stored)
        missing = missing_required(dossier)
        if missing:
            raise DossierError(
                [
                    _(
                        "Hồ sơ còn thiếu thành phần bắt buộc: %(names)s. "
                        "Hãy hướng dẫn bổ sung, hoàn thiện (mẫu 02)."
                    )
                    % {"names": "; ".join(m[:80] for m in missing)}
                ]
            )
        fields = _mark_received(dossier, actor=actor, paid=fees_paid)
        dossier.save(update_fields=fields)
        assign_code(dossier)
        commit(
            dossier,
            actor=actor,
            action=Action.RECEIVE,
            previous=None,
            created=True,
            summary="Tiếp nhận trực tiếp hồ sơ",
            data={"due": dossier.due_at, "legal_due": dossier.legal_due_at},
        )
    return dossier


def respond_by_for(now: datetime, days: int | None) -> datetime | None:
    """The moment a supplement must arrive by, `days` working days from `now` (None: no limit)."""
    if days is None:
        return None
    if days < 1:
        raise DossierError([_("Hạn bổ sung phải từ 1 ngày làm việc trở lên.")])
    return deadline_compute(received_at=now, amount=days, unit=DurationUnit.WORKING_DAYS).due


def log_extra_note(actor: User, code: str, extra_note: str) -> None:
    """A request beyond the published components is never a requirement; it is logged."""
    if extra_note.strip():
        record(
            actor=actor,
            action="dossier.extra_request_note",
            object_type="dossiers.dossier",
            object_id=code,
            summary=f"Ghi chú ngoài danh mục thành phần đã công bố {code}",
            data={"note": extra_note.strip()},
        )


@transaction.atomic
def dossier_request_completion(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    items: Sequence[RequestItem],
    reason: str,
    extra_note: str = "",
    respond_within_days: int | None = None,
) -> Dossier:
    """Ask the applicant to complete a submitted dossier (1 → 5, form 02; not received).

    The checklist names published components only (SPEC §2.3 step 2a); anything else the
    officer writes goes to `extra_note`, logged apart and never a requirement. The clock
    has not started, so nothing pauses; the completed dossier returns to status 1.
    """
    dossier = lock(dossier_id, seen_version)
    _counter_check(actor, dossier.receiving_agency)
    reason = require_reason(reason)
    decision, _role = decide_for(dossier, actor, Action.REQUEST_COMPLETION, reason=reason)
    rows = check_items(dossier, items)
    now = timezone.now()
    DossierPause.objects.create(
        dossier=dossier,
        kind=PauseKind.SUPPLEMENT,
        requested_by=actor,
        requested_by_agency=dossier.receiving_agency,
        started_at=now,
        reason=reason,
        items=rows,
        extra_note=extra_note.strip(),
        respond_by=respond_by_for(now, respond_within_days),
    )
    previous, dossier.status = dossier.status, decision.state.status
    commit(
        dossier,
        actor=actor,
        action=Action.REQUEST_COMPLETION,
        previous=previous,
        fields=["status"],
        note=reason,
        data={"items": rows, "extra_note": extra_note.strip()},
        summary="Yêu cầu bổ sung, hoàn thiện hồ sơ",
    )
    log_extra_note(actor, dossier.code, extra_note)
    return dossier


@dataclass(frozen=True)
class Guidance:
    """Form 02 for a walk-in: what to add, by published component; no dossier is created."""

    version: ProcedureVersion
    case: ProcedureCase
    agency: Agency
    applicant: Applicant
    items: list[dict[str, object]]
    reason: str
    at: object


@transaction.atomic
def guidance_issue(
    *,
    actor: User,
    procedure_code: str,
    case_id: int,
    receiving_agency: Agency,
    applicant: Applicant,
    items: Sequence[RequestItem],
    reason: str,
    extra_note: str = "",
) -> Guidance:
    """Guide a walk-in whose papers are incomplete (form 02, SPEC §2.3 step 2a).

    No dossier code is issued (SPEC §2.4 "no record"); the guidance is audited so that the
    one-time written guidance can be shown later, and extra notes are logged apart.
    """
    _counter_check(actor, receiving_agency)
    version, case = _pinned_case(procedure_code, case_id, channel=Channel.COUNTER)
    reason = require_reason(reason)
    _walk_in_decision(Action.REQUEST_COMPLETION, reason=reason)
    if not applicant.name.strip():
        raise DossierError([_("Vui lòng nhập họ tên người nộp hồ sơ.")])
    rows = checked_items(version, case, items)
    record(
        actor=actor,
        action="dossier.guidance",
        object_type="catalog.procedureversion",
        object_id=f"{procedure_code} v{version.number}",
        summary=f"Hướng dẫn bổ sung, hoàn thiện hồ sơ cho {applicant.name.strip()}",
        data={
            "applicant": applicant.name.strip(),
            "items": rows,
            "reason": reason,
            "extra_note": extra_note.strip(),
        },
    )
    return Guidance(version, case, receiving_agency, applicant, rows, reason, timezone.now())


@transaction.atomic
def dossier_refuse(
    *, actor: User, dossier_id: int, seen_version: int | None = None, reasons: Sequence[str]
) -> Dossier:
    """Refuse a submitted dossier that is not eligible or not ours (1 → 3, form 03)."""
    dossier = lock(dossier_id, seen_version)
    _counter_check(actor, dossier.receiving_agency)
    text = require_reason("\n".join(r.strip() for r in reasons if r.strip()))
    decision, _role = decide_for(dossier, actor, Action.REFUSE, reason=text)
    previous, dossier.status, dossier.closed_at = (
        dossier.status,
        decision.state.status,
        timezone.now(),
    )
    commit(
        dossier,
        actor=actor,
        action=Action.REFUSE,
        previous=previous,
        fields=["status", "closed_at"],
        note=text,
        data={"reasons": [r.strip() for r in reasons if r.strip()]},
        summary="Từ chối tiếp nhận hồ sơ",
    )
    return dossier


@transaction.atomic
def dossier_refuse_walk_in(
    *,
    actor: User,
    procedure_code: str,
    case_id: int,
    receiving_agency: Agency,
    applicant: Applicant,
    reasons: Sequence[str],
) -> Dossier:
    """Refuse a walk-in's dossier (— → 3, form 03). The refusal is recorded with a code so
    that every dossier presented is tracked (Directive 01 clause 1i)."""
    _counter_check(actor, receiving_agency)
    text = require_reason("\n".join(r.strip() for r in reasons if r.strip()))
    version, case = _pinned_case(procedure_code, case_id, channel=Channel.COUNTER)
    _walk_in_decision(Action.REFUSE, reason=text)
    dossier = _new_dossier(
        actor=actor,
        version=version,
        case=case,
        channel=Channel.COUNTER,
        status=Status.REFUSED,
        agency=receiving_agency,
        applicant=applicant,
        applicant_account=None,
        closed_at=timezone.now(),
    )
    assign_code(dossier)
    commit(
        dossier,
        actor=actor,
        action=Action.REFUSE,
        previous=None,
        created=True,
        note=text,
        data={"reasons": [r.strip() for r in reasons if r.strip()]},
        summary="Từ chối tiếp nhận hồ sơ",
        notify=False,
    )
    return dossier
