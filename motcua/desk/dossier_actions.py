# SPDX-License-Identifier: MPL-2.0
"""Which actions an officer may take on a dossier now, and how the desk offers each one.

The workflow table decides (`domain.workflow.allowed_actions`, over every role the user
holds on the dossier, guards applied with the facts `now` and `legal_due`); on top of it
the desk hides what the service would refuse for cheap-to-know reasons (the holder rule,
the last step of the process, a supplement deadline not yet passed), so a button is only
shown when pressing it can work. Intake (online submission, postal registration, walk-in)
is not here: it creates the dossier and lives in the counter intake wizard. Applicant
actions are the portal's; a staff member who is also the applicant acts there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Final

from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import User
from motcua.desk import action_fields
from motcua.desk import action_forms as af
from motcua.domain.workflow import Action
from motcua.dossiers import services
from motcua.dossiers.access import (
    is_leader_of,
    may_act_as_holder,
    may_sign_apology,
    may_stop,
)
from motcua.dossiers.models import Dossier, PauseKind
from motcua.dossiers.services._base import staff_actions
from motcua.dossiers.services.routing import next_step


@dataclass(frozen=True)
class ActionSpec:
    """One action as the desk offers it: URL slug, Vietnamese label, form and service.

    `irreversible` actions ask for a confirmation box; `inline` ones are small enough to be
    posted straight from the dossier page (`inline_form` is then set by `available_actions`).
    """

    action: Action
    slug: str
    label: str
    irreversible: bool
    form_class: type[af.ActionForm]
    service: Callable[..., Dossier]
    inline: bool = False
    inline_form: af.ActionForm | None = field(default=None, compare=False)


def _spec(
    action: Action,
    slug: str,
    form_class: type[af.ActionForm],
    service: Callable[..., Dossier],
    *,
    inline: bool = False,
) -> ActionSpec:
    return ActionSpec(
        action=action,
        slug=slug,
        label=action.label_vi,
        irreversible=form_class.irreversible,
        form_class=form_class,
        service=service,
        inline=inline,
    )


A, S = Action, services
# fmt: off
SPECS: Final[dict[Action, ActionSpec]] = {spec.action: spec for spec in (
    _spec(A.RECEIVE, "tiep-nhan", af.ReceiveForm, S.dossier_receive, inline=True),
    _spec(A.REQUEST_COMPLETION, "yeu-cau-hoan-thien", af.ComponentRequestForm,
          S.dossier_request_completion),
    _spec(A.REFUSE, "tu-choi", af.RefuseForm, S.dossier_refuse),
    _spec(A.FORWARD, "chuyen-xu-ly", af.ForwardForm, S.dossier_forward),
    _spec(A.ASSIGN, "phan-cong", af.AssignForm, S.dossier_assign),
    _spec(A.COMPLETE_STEP, "hoan-thanh-buoc", af.CompleteStepForm, S.dossier_complete_step),
    _spec(A.RETURN_TO_STEP, "tra-lai-buoc", af.ReturnToStepForm, S.dossier_return_to_step),
    _spec(A.SEND_INTERAGENCY, "chuyen-lien-thong", af.SendInteragencyForm,
          S.dossier_send_interagency),
    _spec(A.RECEIVE_INTERAGENCY, "nhan-lien-thong", af.NoteForm, S.dossier_receive_interagency,
          inline=True),
    _spec(A.REQUEST_SUPPLEMENT, "yeu-cau-bo-sung", af.ComponentRequestForm,
          S.dossier_request_supplement),
    _spec(A.RECEIVE_SUPPLEMENT, "nhan-bo-sung", af.ReceiveSupplementForm,
          S.dossier_receive_supplement),
    _spec(A.SUPPLEMENT_DEADLINE_EXPIRED, "het-han-bo-sung", af.ExpireSupplementForm,
          S.dossier_expire_supplement),
    _spec(A.REQUEST_FINANCIAL_OBLIGATION, "yeu-cau-nghia-vu-tai-chinh", af.FinancialRequestForm,
          S.dossier_request_financial_obligation),
    _spec(A.CONFIRM_FINANCIAL_OBLIGATION, "xac-nhan-nghia-vu-tai-chinh",
          af.FinancialConfirmForm, S.dossier_confirm_financial_obligation, inline=True),
    _spec(A.APOLOGISE_AND_REAPPOINT, "xin-loi-hen-lai", af.ApologiseForm, S.dossier_apologise),
    _spec(A.STOP, "dung-giai-quyet", af.StopForm, S.dossier_stop),
    _spec(A.ISSUE_RESULT, "ban-hanh-ket-qua", af.IssueResultForm, S.dossier_issue_result),
    _spec(A.HAND_TO_POST, "chuyen-buu-chinh", af.HandToPostForm, S.dossier_hand_to_post,
          inline=True),
    _spec(A.RETURN_RESULT, "tra-ket-qua", af.ReturnResultForm, S.dossier_return_result),
    _spec(A.REQUEST_WITHDRAWAL, "de-nghi-rut", af.ReasonForm, S.dossier_request_withdrawal),
    _spec(A.APPROVE_WITHDRAWAL, "dong-y-rut", af.ApproveWithdrawalForm,
          partial(S.dossier_decide_withdrawal, approve=True)),
    _spec(A.REJECT_WITHDRAWAL, "khong-dong-y-rut", af.ReasonForm,
          partial(S.dossier_decide_withdrawal, approve=False)),
)}
# fmt: on
BY_SLUG: Final[dict[str, ActionSpec]] = {spec.slug: spec for spec in SPECS.values()}
del A, S


def spec_for_slug(slug: str) -> ActionSpec:
    """The action with URL `slug`; an unknown slug is a missing page."""
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404("No such action") from None


# --------------------------------------------------------------------------- availability


def _may_complete_step(user: User, dossier: Dossier) -> bool:
    not_last = dossier.current_step_id is None or next_step(dossier) is not None
    return not_last and may_act_as_holder(user, dossier)


def _may_return_to_step(user: User, dossier: Dossier) -> bool:
    return bool(action_fields.earlier_steps(dossier)) and may_act_as_holder(user, dossier)


def _supplement_expired(user: User, dossier: Dossier) -> bool:
    pause = action_fields.open_pause(dossier, PauseKind.SUPPLEMENT)
    return bool(pause and pause.respond_by and pause.respond_by <= timezone.now())


#: What the services check beyond the workflow table, when it is cheap to know beforehand.
_SERVICE_CHECKS: Final[dict[Action, Callable[[User, Dossier], bool]]] = {
    Action.ASSIGN: lambda user, dossier: is_leader_of(user, dossier.current_agency),
    Action.COMPLETE_STEP: _may_complete_step,
    Action.RETURN_TO_STEP: _may_return_to_step,
    Action.SEND_INTERAGENCY: may_act_as_holder,
    Action.REQUEST_SUPPLEMENT: may_act_as_holder,
    Action.REQUEST_FINANCIAL_OBLIGATION: may_act_as_holder,
    Action.SUPPLEMENT_DEADLINE_EXPIRED: _supplement_expired,
    Action.STOP: may_stop,
    Action.APOLOGISE_AND_REAPPOINT: may_sign_apology,
}


def allowed_specs(*, user: User, dossier: Dossier) -> list[ActionSpec]:
    """The desk actions `user` may take on `dossier` now, in workflow order (no forms)."""
    allowed = staff_actions(user, dossier)
    return [
        spec
        for action, spec in SPECS.items()
        if action in allowed and _SERVICE_CHECKS.get(action, lambda u, d: True)(user, dossier)
    ]


def available_actions(*, user: User, dossier: Dossier) -> list[ActionSpec]:
    """The actions `user` may take on `dossier` now, inline ones with their unbound form."""
    return [
        replace(
            spec,
            inline_form=spec.form_class(dossier=dossier, user=user, auto_id=f"id_{spec.slug}_%s"),
        )
        if spec.inline
        else spec
        for spec in allowed_specs(user=user, dossier=dossier)
    ]
