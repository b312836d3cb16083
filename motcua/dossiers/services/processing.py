# SPDX-License-Identifier: MPL-2.0
"""Processing at the competent agency (SPEC §2.3 steps 4–6, 10, 13).

Forward from the one-stop section, assign, complete a step of the internal process,
return to an earlier step, send to and receive back from another agency or level
(liên thông), issue the result, stop. Each action locks the dossier, asks the workflow
table, writes a control-sheet row where the dossier changes hands, and commits the
dossier, its event, the audit entry and the outbox message together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import ProcessStep
from motcua.domain.deadlines import classify_resolution
from motcua.domain.workflow import Action, Decision
from motcua.dossiers.access import handling_roles, is_leader_of, may_stop
from motcua.dossiers.models import Dossier, DossierResult, HandoverKind
from motcua.dossiers.services._base import (
    DossierError,
    apply_state,
    commit,
    decide_for,
    lock,
    require_holder,
    require_reason,
)
from motcua.dossiers.services.components import Upload, cleanup_on_error, store_file
from motcua.dossiers.services.routing import (
    check_receiver,
    hand_over,
    next_step,
    step_due,
    steps_of,
    working_days_due,
)
from motcua.org.models import Agency


def _pass_on(
    dossier: Dossier,
    decision: Decision,
    *,
    actor: User,
    action: Action,
    kind: str,
    to_agency: Agency,
    to_user: User | None,
    step: ProcessStep | None,
    receiver_due: datetime | None,
    note: str,
    data: dict[str, object],
    summary: str,
    now: datetime,
    notify: bool = True,
) -> Dossier:
    """Apply the decision, append the control-sheet row that hands the dossier to
    `to_user` of `to_agency`, and commit: the shape every hand-over action shares."""
    previous = dossier.status
    fields = apply_state(dossier, decision)
    fields += hand_over(
        dossier,
        kind=kind,
        giver=actor,
        to_agency=to_agency,
        to_user=to_user,
        step=step,
        receiver_due=receiver_due,
        note=note,
        now=now,
    )
    commit(
        dossier,
        actor=actor,
        action=action,
        previous=previous,
        fields=fields,
        note=note,
        data=data,
        summary=summary,
        notify=notify,
    )
    return dossier


@transaction.atomic
def dossier_forward(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    to_agency: Agency | None = None,
    to_user: User | None = None,
    note: str = "",
) -> Dossier:
    """Forward a received dossier to the competent agency (2 → 4; control sheet opened).

    NĐ 61/2018 Art. 19: the one-stop section transfers the dossier and opens the process
    control sheet; the first row records the counter's hand-over against its own step.
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.FORWARD)
    step = next_step(dossier)
    target = to_agency or (step.responsible_agency if step and step.responsible_agency else None)
    target = target or dossier.lead_agency or dossier.receiving_agency
    check_receiver(
        to_user,
        target,
        step if to_user and step and step.responsible_agency in (None, target) else None,
    )
    now = timezone.now()
    return _pass_on(
        dossier,
        decision,
        actor=actor,
        action=Action.FORWARD,
        kind=HandoverKind.FORWARD,
        to_agency=target,
        to_user=to_user,
        step=step,
        receiver_due=step_due(now, step),
        note=note,
        data={"to_agency": target.code},
        summary="Chuyển hồ sơ đến cơ quan giải quyết",
        now=now,
    )


@transaction.atomic
def dossier_assign(
    *, actor: User, dossier_id: int, seen_version: int | None = None, to_user: User, note: str = ""
) -> Dossier:
    """A leader assigns (or reassigns) the dossier to an officer of the agency (status 4).

    Assignment keeps the current step and its budget; the row records the hand-over.
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.ASSIGN)
    if not is_leader_of(actor, dossier.current_agency):
        raise DossierError([_("Chỉ lãnh đạo cơ quan, đơn vị đang giữ hồ sơ được phân công.")])
    agency = dossier.current_agency
    assert agency is not None
    check_receiver(to_user, agency, None)
    now = timezone.now()
    return _pass_on(
        dossier,
        decision,
        actor=actor,
        action=Action.ASSIGN,
        kind=HandoverKind.ASSIGN,
        to_agency=agency,
        to_user=to_user,
        step=dossier.current_step,
        receiver_due=dossier.hold_due_at,
        note=note,
        data={"to_user": to_user.username},
        summary="Phân công xử lý hồ sơ",
        now=now,
        notify=False,
    )


@transaction.atomic
def dossier_complete_step(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    to_user: User | None = None,
    note: str = "",
) -> Dossier:
    """The holder finishes the current step and hands the dossier to the next step.

    The next step is the following step of the approved internal process; its agency and
    budget come from the catalogue. Without an internal process the holder names who
    takes the dossier next, within the same agency.
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.COMPLETE_STEP)
    require_holder(dossier, actor)
    step = next_step(dossier) if dossier.current_step else None
    if dossier.current_step is not None and step is None:
        raise DossierError([_("Đây là bước cuối của quy trình; hãy ban hành kết quả giải quyết.")])
    if step is None and to_user is None:
        raise DossierError([_("Vui lòng chọn cán bộ nhận hồ sơ ở bước tiếp theo.")])
    agency = (
        step.responsible_agency if step and step.responsible_agency else None
    ) or dossier.current_agency
    assert agency is not None
    check_receiver(to_user, agency, step)
    now = timezone.now()
    return _pass_on(
        dossier,
        decision,
        actor=actor,
        action=Action.COMPLETE_STEP,
        kind=HandoverKind.COMPLETE_STEP,
        to_agency=agency,
        to_user=to_user,
        step=step,
        receiver_due=step_due(now, step),
        note=note,
        data={"step": step.order if step else None},
        summary="Hoàn thành bước xử lý hồ sơ",
        now=now,
        notify=False,
    )


@transaction.atomic
def dossier_return_to_step(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    step_order: int,
    reason: str,
    to_user: User | None = None,
) -> Dossier:
    """Send the dossier back to an earlier step ("if not agreed, return to step N") with
    the reason on the control sheet; the step starts a fresh budget."""
    dossier = lock(dossier_id, seen_version)
    reason = require_reason(reason)
    decision, _role = decide_for(dossier, actor, Action.RETURN_TO_STEP, reason=reason)
    require_holder(dossier, actor)
    current = dossier.current_step
    step = next((s for s in steps_of(dossier) if s.order == step_order), None)
    if step is None or current is None or step.order >= current.order:
        raise DossierError([_("Chỉ được trả hồ sơ về một bước trước bước hiện tại của quy trình.")])
    agency = step.responsible_agency or dossier.current_agency
    assert agency is not None
    check_receiver(to_user, agency, step)
    now = timezone.now()
    return _pass_on(
        dossier,
        decision,
        actor=actor,
        action=Action.RETURN_TO_STEP,
        kind=HandoverKind.RETURN_TO_STEP,
        to_agency=agency,
        to_user=to_user,
        step=step,
        receiver_due=step_due(now, step),
        note=reason,
        data={"step": step.order},
        summary="Trả hồ sơ về bước trước",
        now=now,
        notify=False,
    )


@transaction.atomic
def dossier_send_interagency(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    to_agency: Agency,
    working_days: int,
    note: str = "",
) -> Dossier:
    """Send the dossier to another agency or level (liên thông, NĐ 61/2018 Art. 21).

    The dossier joins that agency's queue with its own deadline of `working_days`
    (SPEC §2.3 step 6); the status stays 4 with the sub-state "interoperating".
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.SEND_INTERAGENCY)
    require_holder(dossier, actor)
    if to_agency.pk == dossier.current_agency_id or not to_agency.is_active:
        raise DossierError([_("Vui lòng chọn một cơ quan phối hợp khác cơ quan đang giữ hồ sơ.")])
    if working_days < 1:
        raise DossierError([_("Thời hạn của cơ quan phối hợp phải từ 1 ngày làm việc trở lên.")])
    now = timezone.now()
    return _pass_on(
        dossier,
        decision,
        actor=actor,
        action=Action.SEND_INTERAGENCY,
        kind=HandoverKind.SEND_INTERAGENCY,
        to_agency=to_agency,
        to_user=None,
        step=dossier.current_step,
        receiver_due=working_days_due(now, working_days),
        note=note,
        data={"to_agency": to_agency.code, "working_days": working_days},
        summary="Chuyển liên thông hồ sơ",
        now=now,
    )


@transaction.atomic
def dossier_receive_interagency(
    *, actor: User, dossier_id: int, seen_version: int | None = None, note: str = ""
) -> Dossier:
    """The coordinating agency's answer comes back to the lead agency (end of liên thông).

    An officer of either agency records it; the dossier returns to the officer who sent
    it, and the row says whether the coordinating agency kept its own deadline.
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.RECEIVE_INTERAGENCY)
    sent = dossier.handovers.filter(kind=HandoverKind.SEND_INTERAGENCY).order_by("-seq").first()
    assert sent is not None
    if not handling_roles(actor, dossier.current_agency) and not handling_roles(
        actor, sent.giver_agency
    ):
        raise DossierError(
            [_("Bạn không thuộc cơ quan chủ trì hoặc cơ quan phối hợp của hồ sơ này.")]
        )
    now = timezone.now()
    back_due = sent.giver_due_at if sent.giver_due_at and sent.giver_due_at > now else None
    return _pass_on(
        dossier,
        decision,
        actor=actor,
        action=Action.RECEIVE_INTERAGENCY,
        kind=HandoverKind.RECEIVE_INTERAGENCY,
        to_agency=sent.giver_agency,
        to_user=sent.giver,
        step=sent.step,
        receiver_due=back_due,
        note=note,
        data={"from_agency": sent.receiver_agency.code},
        summary="Nhận kết quả liên thông",
        now=now,
        notify=False,
    )


@dataclass(frozen=True)
class ResultDocument:
    """The result document's metadata (SPEC §2.3 step 10) and, usually, its signed file."""

    kind: str
    number: str
    signer: str
    issued_on: date
    summary: str = ""
    approved: bool = True
    file: Upload | None = None


@transaction.atomic
def dossier_issue_result(
    *, actor: User, dossier_id: int, seen_version: int | None = None, result: ResultDocument
) -> Dossier:
    """The agency issues the result (4 → 9) and hands it to the one-stop section.

    The resolution moment (NgayKetThucXuLy) is now; timeliness is recorded against the
    legal due date, so a re-appointment never turns a late dossier into an on-time one
    (SPEC §2.3 step 9, §12.2). The last control-sheet row is the hand-back.
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.ISSUE_RESULT)
    missing = [
        label
        for label, value in (
            (_("loại văn bản"), result.kind),
            (_("số, ký hiệu"), result.number),
            (_("người ký"), result.signer),
        )
        if not value.strip()
    ]
    if missing:
        raise DossierError(
            [_("Vui lòng nhập %(fields)s của văn bản kết quả.") % {"fields": ", ".join(missing)}]
        )
    if result.issued_on > timezone.localdate():
        raise DossierError([_("Ngày ban hành kết quả không được sau ngày hôm nay.")])
    now = timezone.now()
    with cleanup_on_error() as stored:
        row = DossierResult(
            dossier=dossier,
            kind=result.kind.strip(),
            number=result.number.strip(),
            signer=result.signer.strip(),
            issuing_agency=dossier.current_agency or dossier.lead_agency,
            issued_on=result.issued_on,
            summary=result.summary.strip(),
            approved=result.approved,
        )
        if result.file is not None:
            row.file = store_file(
                dossier, result.file, actor=actor, purpose="result", accepted="pdf", stored=stored
            )
        row.save()
        previous = dossier.status
        fields = apply_state(dossier, decision)
        assert dossier.legal_due_at is not None
        dossier.resolved_at = now
        dossier.timeliness = classify_resolution(now, dossier.legal_due_at).value
        fields += ["resolved_at", "timeliness"]
        fields += hand_over(
            dossier,
            kind=HandoverKind.RESULT,
            giver=actor,
            to_agency=dossier.receiving_agency,
            to_user=None,
            step=None,
            receiver_due=None,
            now=now,
        )
        commit(
            dossier,
            actor=actor,
            action=Action.ISSUE_RESULT,
            previous=previous,
            fields=fields,
            data={"result": f"{row.kind} {row.number}", "timeliness": dossier.timeliness},
            summary="Ban hành kết quả giải quyết hồ sơ",
        )
    return dossier


@transaction.atomic
def dossier_stop(
    *, actor: User, dossier_id: int, seen_version: int | None = None, reason: str
) -> Dossier:
    """The competent agency stops processing (4, 5, 6 → 8) with a written notice.

    TT 03/2025 form 05 "Thông báo dừng giải quyết hồ sơ"; under the 2018 regime a notice
    in writing without a numbered form (SPEC §2.3 step 13). An open pause is closed.
    """
    dossier = lock(dossier_id, seen_version)
    reason = require_reason(reason)
    decision, _role = decide_for(dossier, actor, Action.STOP, reason=reason)
    if not may_stop(actor, dossier):
        # Only the agency answerable for the dossier stops it, not a coordinating one.
        raise DossierError([_("Chỉ lãnh đạo cơ quan giải quyết được dừng giải quyết hồ sơ.")])
    now = timezone.now()
    dossier.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    previous = dossier.status
    fields = apply_state(dossier, decision)
    dossier.closed_at, dossier.paused_since = now, None
    commit(
        dossier,
        actor=actor,
        action=Action.STOP,
        previous=previous,
        fields=[*fields, "closed_at", "paused_since"],
        note=reason,
        summary="Dừng giải quyết hồ sơ",
    )
    return dossier
