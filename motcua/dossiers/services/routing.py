# SPDX-License-Identifier: MPL-2.0
"""Hand-overs: the process control sheet (TT 01/2018 form 05 = TT 03/2025 form 06).

Every time a dossier changes hands a `Handover` row is appended: the giver, the receiver,
the moment, and how the giver did against its budget — its process step's working hours,
its inter-agency deadline, or else the dossier's due date — by local date (before time,
on time, late; SPEC §3.5). The dossier then records its new agency, holder, step and
budget. Used by the processing services; never called by interfaces.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import ProcessStep
from motcua.domain.deadlines import DurationUnit, classify_resolution
from motcua.dossiers.access import handling_roles
from motcua.dossiers.models import Dossier, Handover
from motcua.dossiers.services._base import DossierError
from motcua.org.models import Agency, Role
from motcua.workcal.selectors import deadline_compute


def step_due(start: datetime, step: ProcessStep | None) -> datetime | None:
    """The end of `step`'s budget of working hours started at `start` (None without step)."""
    if step is None:
        return None
    return deadline_compute(
        received_at=start, amount=step.duration_hours, unit=DurationUnit.WORKING_HOURS
    ).due


def working_days_due(start: datetime, days: int) -> datetime:
    """`days` working days from `start` (an inter-agency step's own deadline)."""
    return deadline_compute(received_at=start, amount=days, unit=DurationUnit.WORKING_DAYS).due


def steps_of(dossier: Dossier) -> list[ProcessStep]:
    return list(dossier.procedure_version.process_steps.order_by("order"))


def next_step(dossier: Dossier) -> ProcessStep | None:
    """The step after the current one; from the one-stop section, the first non-counter step."""
    steps = steps_of(dossier)
    current = dossier.current_step
    if current is None:
        return next((s for s in steps if s.responsible_role != Role.COUNTER_OFFICER), None)
    return next((s for s in steps if s.order > current.order), None)


def check_receiver(receiver: User | None, agency: Agency, step: ProcessStep | None) -> None:
    """A named receiver must work in `agency` (or a division), in the step's role if any."""
    if receiver is None:
        return
    roles = handling_roles(receiver, agency)
    if not roles:
        raise DossierError(
            [_("Người nhận hồ sơ không thuộc cơ quan %(agency)s.") % {"agency": agency.name}]
        )
    if step is not None and step.responsible_role not in {r.value for r in roles}:
        raise DossierError(
            [
                _("Bước “%(step)s” do %(role)s thực hiện; người nhận không giữ vai trò này.")
                % {"step": step.name, "role": step.get_responsible_role_display()}
            ]
        )


def hand_over(
    dossier: Dossier,
    *,
    kind: str,
    giver: User | None,
    to_agency: Agency,
    to_user: User | None,
    step: ProcessStep | None,
    receiver_due: datetime | None,
    note: str = "",
    now: datetime | None = None,
) -> list[str]:
    """Append a control-sheet row and move the dossier to its new holder; changed fields.

    Handing a dossier to the person who already holds it is refused: it is what a second
    officer acting on a stale page would do after the first one already handed it over.
    """
    if to_user is not None and to_user.pk == dossier.holder_id and step == dossier.current_step:
        raise DossierError(
            [
                _("Hồ sơ đã ở %(name)s; vui lòng tải lại trang để xem tình trạng mới.")
                % {"name": to_user.full_name or to_user.username}
            ]
        )
    now = now or timezone.now()
    budget = dossier.hold_due_at or dossier.due_at
    Handover.objects.create(
        dossier=dossier,
        seq=dossier.handovers.count() + 1,
        kind=kind,
        at=now,
        giver=giver,
        giver_agency=dossier.current_agency or dossier.receiving_agency,
        receiver=to_user,
        receiver_agency=to_agency,
        step=dossier.current_step,
        giver_since=dossier.held_since,
        giver_due_at=budget,
        result=classify_resolution(now, budget).value if budget else "",
        receiver_due_at=receiver_due,
        note=note,
    )
    dossier.current_agency, dossier.holder, dossier.current_step = to_agency, to_user, step
    dossier.held_since, dossier.hold_due_at = now, receiver_due
    return ["current_agency", "holder", "current_step", "held_since", "hold_due_at"]
