# SPDX-License-Identifier: MPL-2.0
"""What stops or moves the clock (SPEC §2.3 steps 7–9, §11.5).

A supplement request (status 5) and a financial obligation (status 6) pause the clock;
when they end, the due moment moves by the working time they took, and the pause keeps
the old and new appointment (DVCQG DanhSachHoSoBoSung). The apology and re-appointment
moves only the appointment shown to the applicant, once, before the legal due moment;
statistics keep the legal due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.domain.workflow import Action
from motcua.dossiers.access import may_sign_apology
from motcua.dossiers.models import Dossier, DossierPause, PauseKind
from motcua.dossiers.services._base import (
    DossierError,
    apply_state,
    commit,
    decide_for,
    lock,
    recompute_deadline,
    require_holder,
    require_reason,
    set_due,
)
from motcua.dossiers.services.components import (
    ComponentInput,
    RequestItem,
    check_items,
    cleanup_on_error,
    store_file,
)
from motcua.dossiers.services.intake import log_extra_note, respond_by_for
from motcua.workcal.selectors import work_calendar


def _open_pause(dossier: Dossier, kind: str) -> DossierPause:
    pause = dossier.pauses.filter(ended_at__isnull=True, kind=kind).first()
    if pause is None:
        raise DossierError([_("Hồ sơ không có yêu cầu nào đang chờ.")])
    return pause


def _pause(
    dossier: Dossier, *, actor: User, kind: str, reason: str, now: datetime, **extra: object
) -> list[str]:
    DossierPause.objects.create(
        dossier=dossier,
        kind=kind,
        requested_by=actor,
        requested_by_agency=dossier.current_agency,
        started_at=now,
        reason=reason,
        due_before=dossier.due_at,
        **extra,
    )
    dossier.paused_since = now
    return ["paused_since"]


def _resume(dossier: Dossier, pause: DossierPause, now: datetime) -> list[str]:
    """Close `pause` and move the due moment by the working time it took."""
    pause.ended_at = now
    pause.save(update_fields=["ended_at"])
    dossier.paused_since = None
    fields = ["paused_since"]
    if dossier.received_at is not None:
        fields += set_due(dossier, recompute_deadline(dossier), now)
        pause.due_after = dossier.due_at
        pause.save(update_fields=["due_after"])
        if dossier.hold_due_at is not None and dossier.hold_due_at > pause.started_at:
            # The holder's step budget keeps the working time it had left when the clock
            # stopped, counted again from now.
            calendar, local = work_calendar(), timezone.localtime
            left = calendar.working_time_between(
                local(pause.started_at), local(dossier.hold_due_at)
            )
            start = calendar.next_working_moment(local(now))
            dossier.hold_due_at = calendar.add_working_time(start, left)
            fields.append("hold_due_at")
    return fields


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    items: Sequence[RequestItem],
    reason: str,
    respond_within_days: int | None = None,
    extra_note: str = "",
) -> Dossier:
    """The competent agency asks for a supplement during processing (2/4 → 5, form 02).

    The clock pauses now; time already used still counts. Each agency asks once (NĐ
    61/2018 Art. 20; the guard warns or refuses by province policy). Only published
    components may be asked for; anything else goes to `extra_note`, logged apart.
    """
    dossier = lock(dossier_id, seen_version)
    reason = require_reason(reason)
    asked = dossier.pauses.filter(
        kind=PauseKind.SUPPLEMENT,
        requested_by_agency=dossier.current_agency,
        started_at__gte=dossier.received_at or timezone.now(),
    ).count()
    decision, _role = decide_for(
        dossier, actor, Action.REQUEST_SUPPLEMENT, reason=reason, agency_supplement_requests=asked
    )
    require_holder(dossier, actor)
    rows = check_items(dossier, items)
    now = timezone.now()
    respond_by = respond_by_for(now, respond_within_days)
    previous = dossier.status
    fields = apply_state(dossier, decision)
    fields += _pause(
        dossier,
        actor=actor,
        kind=PauseKind.SUPPLEMENT,
        reason=reason,
        now=now,
        items=rows,
        extra_note=extra_note.strip(),
        respond_by=respond_by,
    )
    commit(
        dossier,
        actor=actor,
        action=Action.REQUEST_SUPPLEMENT,
        previous=previous,
        fields=fields,
        note=reason,
        summary="Yêu cầu bổ sung hồ sơ",
        data={
            "items": rows,
            "extra_note": extra_note.strip(),
            "warnings": list(decision.warnings),
            "respond_by": respond_by,
        },
    )
    log_extra_note(actor, dossier.code, extra_note)
    return dossier


@transaction.atomic
def dossier_receive_supplement(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    components: Sequence[ComponentInput] = (),
    note: str = "",
) -> Dossier:
    """The supplement arrives (5 → 4; never received: 5 → 1 for a new check).

    The due moment moves by the working time the request waited (SPEC §11.5, Thanh Hóa
    GetNgayHenTraBoSung). Files are added to the components that were asked for.
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.RECEIVE_SUPPLEMENT)
    pause = _open_pause(dossier, PauseKind.SUPPLEMENT)
    asked = {int(item["component"]) for item in pause.items}
    if any(c.component_id not in asked for c in components):
        raise DossierError([_("Chỉ nộp bổ sung các thành phần hồ sơ đã được yêu cầu.")])
    now = timezone.now()
    with cleanup_on_error() as stored:
        for item in components:
            row, _created = dossier.components.get_or_create(component_id=item.component_id)
            row.originals = max(row.originals, item.originals)
            row.certified_copies = max(row.certified_copies, item.certified_copies)
            row.photocopies = max(row.photocopies, item.photocopies)
            row.digitised = row.digitised or item.digitised or bool(item.files)
            row.reused, row.from_store = (
                row.reused or item.reused,
                row.from_store or item.from_store,
            )
            row.save()
            if row.files.count() + len(item.files) > row.component.max_files:
                raise DossierError(
                    [
                        _("Thành phần “%(name)s” nhận tối đa %(n)d tệp.")
                        % {"name": row.component.name[:80], "n": row.component.max_files}
                    ]
                )
            for upload in item.files:
                store_file(
                    dossier,
                    upload,
                    actor=actor,
                    purpose="supplement",
                    accepted=row.component.accepted_types,
                    stored=stored,
                    component=row,
                )
        previous = dossier.status
        fields = apply_state(dossier, decision)
        fields += _resume(dossier, pause, now)
        commit(
            dossier,
            actor=actor,
            action=Action.RECEIVE_SUPPLEMENT,
            previous=previous,
            fields=fields,
            note=note,
            summary="Nhận hồ sơ bổ sung",
            data={"due_before": pause.due_before, "due_after": dossier.due_at},
        )
    return dossier


@transaction.atomic
def dossier_expire_supplement(
    *, actor: User | None, dossier_id: int, seen_version: int | None = None
) -> Dossier:
    """The supplement deadline passed without an answer: stop (8), or refuse (3) if the
    dossier was never received (SPEC §2.4; local practice, basis unconfirmed)."""
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.SUPPLEMENT_DEADLINE_EXPIRED)
    pause = _open_pause(dossier, PauseKind.SUPPLEMENT)
    now = timezone.now()
    if pause.respond_by is None:
        raise DossierError(
            [_("Yêu cầu bổ sung này không đặt hạn bổ sung; không thể coi là quá hạn.")]
        )
    if pause.respond_by > now:
        raise DossierError([_("Chưa hết hạn bổ sung hồ sơ.")])
    pause.ended_at = now
    pause.save(update_fields=["ended_at"])
    previous = dossier.status
    fields = apply_state(dossier, decision)
    dossier.closed_at, dossier.paused_since = now, None
    commit(
        dossier,
        actor=actor,
        action=Action.SUPPLEMENT_DEADLINE_EXPIRED,
        previous=previous,
        fields=[*fields, "closed_at", "paused_since"],
        summary="Hết hạn bổ sung hồ sơ",
        note=_("Quá hạn bổ sung hồ sơ"),
    )
    return dossier


@transaction.atomic
def dossier_request_financial_obligation(
    *, actor: User, dossier_id: int, seen_version: int | None = None, amount_vnd: int, reason: str
) -> Dossier:
    """Ask the applicant to pay a financial obligation (4 → 6; the clock pauses)."""
    dossier = lock(dossier_id, seen_version)
    reason = require_reason(reason)
    decision, _role = decide_for(dossier, actor, Action.REQUEST_FINANCIAL_OBLIGATION)
    require_holder(dossier, actor)
    if amount_vnd <= 0:
        raise DossierError([_("Số tiền nghĩa vụ tài chính phải lớn hơn 0 đồng.")])
    now = timezone.now()
    previous = dossier.status
    fields = apply_state(dossier, decision)
    fields += _pause(
        dossier,
        actor=actor,
        kind=PauseKind.FINANCIAL,
        reason=reason,
        now=now,
        amount_vnd=amount_vnd,
    )
    commit(
        dossier,
        actor=actor,
        action=Action.REQUEST_FINANCIAL_OBLIGATION,
        previous=previous,
        fields=fields,
        note=reason,
        data={"amount_vnd": amount_vnd},
        summary="Thông báo thực hiện nghĩa vụ tài chính",
    )
    return dossier


@transaction.atomic
def dossier_confirm_financial_obligation(
    *, actor: User | None, dossier_id: int, seen_version: int | None = None, receipt_number: str
) -> Dossier:
    """Payment confirmed (6 → 4): the clock resumes and the due moment moves."""
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.CONFIRM_FINANCIAL_OBLIGATION)
    if not receipt_number.strip():
        raise DossierError([_("Vui lòng nhập số chứng từ nộp tiền.")])
    pause = _open_pause(dossier, PauseKind.FINANCIAL)
    previous = dossier.status
    fields = apply_state(dossier, decision)
    fields += _resume(dossier, pause, timezone.now())
    commit(
        dossier,
        actor=actor,
        action=Action.CONFIRM_FINANCIAL_OBLIGATION,
        previous=previous,
        fields=fields,
        note=receipt_number.strip(),
        summary="Xác nhận hoàn thành nghĩa vụ tài chính",
        data={
            "receipt": receipt_number.strip(),
            "due_before": pause.due_before,
            "due_after": dossier.due_at,
        },
    )
    return dossier


@transaction.atomic
def dossier_apologise(
    *, actor: User, dossier_id: int, seen_version: int | None = None, reason: str, new_due: datetime
) -> Dossier:
    """Apologise and set a new appointment (form 04), once, before the legal due moment.

    NĐ 61/2018 Art. 20, NĐ 107/2021 (once), NĐ 118/2025. Only the appointment moves: the
    legal due date stays, so statistics still count the dossier against it.
    """
    dossier = lock(dossier_id, seen_version)
    reason = require_reason(reason)
    now = timezone.now()
    facts: dict[str, object] = {"reason": reason, "now": now}
    if dossier.legal_due_at is not None:
        facts["legal_due"] = dossier.legal_due_at
    decision, _role = decide_for(dossier, actor, Action.APOLOGISE_AND_REAPPOINT, **facts)
    if not may_sign_apology(actor, dossier):
        # The head of the agency answerable for the dossier signs form 04 (SPEC §2.3 step 9).
        raise DossierError([_("Chỉ lãnh đạo cơ quan chủ trì giải quyết được ký phiếu xin lỗi.")])
    assert dossier.due_at is not None
    if new_due <= dossier.due_at:
        raise DossierError([_("Ngày hẹn trả mới phải sau ngày hẹn hiện tại.")])
    if not work_calendar().is_working_day(timezone.localtime(new_due).date()):
        raise DossierError([_("Ngày hẹn trả mới phải là ngày làm việc.")])
    previous, old_due = dossier.status, dossier.due_at
    fields = apply_state(dossier, decision)
    dossier.reappointed_at = dossier.due_at = new_due
    commit(
        dossier,
        actor=actor,
        action=Action.APOLOGISE_AND_REAPPOINT,
        previous=previous,
        fields=[*fields, "reappointed_at", "due_at"],
        note=reason,
        data={"old_due": old_due, "new_due": new_due},
        summary="Xin lỗi và hẹn lại ngày trả kết quả",
    )
    return dossier
