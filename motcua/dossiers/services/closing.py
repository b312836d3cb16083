# SPDX-License-Identifier: MPL-2.0
"""Returning the result and withdrawal (SPEC §2.3 steps 11–12).

The result goes back at the counter (the recipient's identity, originals taken back,
optionally the signed receipt), by public post (handed to the post with a tracking
number, then delivered), or electronically. Fees collected "after" are marked paid at
the counter. Withdrawal is asked by the applicant and decided by the competent unit.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.validators import validate_identity_number
from motcua.catalog.models import Collection
from motcua.domain.workflow import Action
from motcua.dossiers.models import Dossier, ResultDelivery
from motcua.dossiers.services._base import (
    DossierError,
    apply_state,
    commit,
    decide_for,
    lock,
    require_reason,
)
from motcua.dossiers.services.components import Upload, cleanup_on_error, store_file


@transaction.atomic
def dossier_hand_to_post(
    *, actor: User, dossier_id: int, seen_version: int | None = None, tracking_number: str
) -> Dossier:
    """Hand the result to the public post (status 9, sub-state "posting")."""
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.HAND_TO_POST)
    if not tracking_number.strip():
        raise DossierError([_("Vui lòng nhập mã bưu gửi của kết quả.")])
    previous = dossier.status
    fields = apply_state(dossier, decision)
    dossier.return_tracking = tracking_number.strip()
    commit(
        dossier,
        actor=actor,
        action=Action.HAND_TO_POST,
        previous=previous,
        fields=[*fields, "return_tracking"],
        data={"tracking": dossier.return_tracking},
        summary="Chuyển kết quả qua bưu chính",
    )
    return dossier


@transaction.atomic
def dossier_return_result(
    *,
    actor: User | None,
    dossier_id: int,
    seen_version: int | None = None,
    via: str,
    recipient_name: str = "",
    recipient_identity: str = "",
    originals_taken_back: bool = False,
    fees_paid: bool = False,
    signed_receipt: Upload | None = None,
) -> Dossier:
    """Return the result (9 → 10) and write the register entry (form 06/07).

    At the counter the recipient's name and identity number are required; by post the
    result must have been handed to the post first; online the electronic result file
    must exist. Fees collected on return must be paid first.
    """
    dossier = lock(dossier_id, seen_version)
    decision, _role = decide_for(dossier, actor, Action.RETURN_RESULT)
    _check_return(dossier, via, recipient_name, recipient_identity)
    unpaid = dossier.fees.filter(
        collection=Collection.AFTER, paid_at__isnull=True, amount_vnd__gt=0
    )
    if unpaid.exists() and not fees_paid:
        raise DossierError([_("Hồ sơ còn phí, lệ phí thu khi trả kết quả chưa nộp.")])
    now = timezone.now()
    with cleanup_on_error() as stored:
        if signed_receipt is not None:
            store_file(
                dossier,
                signed_receipt,
                actor=actor,
                purpose="signature",
                accepted="pdf,jpg,jpeg,png",
                stored=stored,
            )
        unpaid.update(paid_at=now)
        previous = dossier.status
        fields = apply_state(dossier, decision)
        dossier.returned_at, dossier.returned_via = now, via
        dossier.recipient_name = recipient_name.strip() or dossier.applicant_name
        dossier.recipient_identity = recipient_identity.strip()
        dossier.originals_taken_back = originals_taken_back
        dossier.holder = None
        commit(
            dossier,
            actor=actor,
            action=Action.RETURN_RESULT,
            previous=previous,
            fields=[
                *fields,
                "returned_at",
                "returned_via",
                "recipient_name",
                "recipient_identity",
                "originals_taken_back",
                "holder",
            ],
            data={"via": via, "recipient": dossier.recipient_name},
            summary="Trả kết quả hồ sơ",
        )
    return dossier


def _check_return(dossier: Dossier, via: str, name: str, identity: str) -> None:
    if via == ResultDelivery.COUNTER:
        errors = [] if name.strip() else [_("Vui lòng nhập họ tên người nhận kết quả.")]
        if not identity.strip():
            errors.append(_("Vui lòng nhập số định danh cá nhân của người nhận kết quả."))
        else:
            try:
                validate_identity_number(identity.strip())
            except Exception as exc:  # ValidationError: its messages are Vietnamese
                errors.extend(getattr(exc, "messages", [str(exc)]))
        if errors:
            raise DossierError(errors)
    elif via == ResultDelivery.POST:
        if not dossier.return_tracking:
            raise DossierError([_("Kết quả chưa được chuyển cho bưu chính.")])
    elif via == ResultDelivery.ONLINE:
        if not dossier.files.filter(purpose="result").exists():
            raise DossierError([_("Chưa có tệp kết quả điện tử để trả trực tuyến.")])
    else:
        raise DossierError([_("Hình thức trả kết quả không hợp lệ.")])


@transaction.atomic
def dossier_request_withdrawal(
    *, actor: User, dossier_id: int, seen_version: int | None = None, reason: str
) -> Dossier:
    """The applicant asks to withdraw before the result is issued (status unchanged)."""
    dossier = lock(dossier_id, seen_version)
    reason = require_reason(reason)
    decision, _role = decide_for(dossier, actor, Action.REQUEST_WITHDRAWAL)
    previous = dossier.status
    fields = apply_state(dossier, decision)
    commit(
        dossier,
        actor=actor,
        action=Action.REQUEST_WITHDRAWAL,
        previous=previous,
        fields=fields,
        note=reason,
        summary="Đề nghị rút hồ sơ",
    )
    return dossier


@transaction.atomic
def dossier_decide_withdrawal(
    *,
    actor: User,
    dossier_id: int,
    seen_version: int | None = None,
    approve: bool,
    reason: str = "",
) -> Dossier:
    """The competent unit approves (→ 7, the clock stops for good) or refuses, with a
    reason, a pending withdrawal request (Thanh Hóa TraLaiXinRutKhongKyDuyet)."""
    dossier = lock(dossier_id, seen_version)
    action = Action.APPROVE_WITHDRAWAL if approve else Action.REJECT_WITHDRAWAL
    facts = {} if approve else {"reason": require_reason(reason)}
    decision, _role = decide_for(dossier, actor, action, **facts)
    now = timezone.now()
    previous = dossier.status
    fields = apply_state(dossier, decision)
    if approve:
        dossier.pauses.filter(ended_at__isnull=True).update(ended_at=now)
        dossier.closed_at, dossier.paused_since, dossier.holder = now, None, None
        fields += ["closed_at", "paused_since", "holder"]
    commit(
        dossier,
        actor=actor,
        action=action,
        previous=previous,
        fields=fields,
        note=reason.strip(),
        summary="Đồng ý cho rút hồ sơ" if approve else "Không đồng ý cho rút hồ sơ",
    )
    return dossier
