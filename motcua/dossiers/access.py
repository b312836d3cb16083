# SPDX-License-Identifier: MPL-2.0
"""Who may act on which dossier, in which workflow role (one place, like ``org.access``).

* Counter officers act for the receiving agency: the agencies in their scope and those
  whose counter they staff at a service center (the center receives on their behalf).
* Specialists, unit heads, leaders and clerks act on the dossiers their agency holds
  (`current_agency`), or leads (`lead_agency`), through positions in that agency or in
  one of its divisions.
* The applicant acts on their own dossier (supplement, withdrawal request).
What each role may do is decided by the workflow table, not here.
"""

from __future__ import annotations

from motcua.accounts.models import User
from motcua.core.request_cache import per_request
from motcua.domain.workflow import Role as WorkflowRole
from motcua.dossiers.models import Dossier
from motcua.org.access import active_positions, agency_ids_in_scope
from motcua.org.models import Agency, Role

_HANDLING_ROLES = (Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER, Role.RECORDS_CLERK)


@per_request
def can_receive_for(user: User, agency: Agency) -> bool:
    """Whether `user` is a counter officer who may receive dossiers addressed to `agency`."""
    positions = active_positions(user).filter(role=Role.COUNTER_OFFICER)
    if not positions.exists():
        return False
    scope = agency_ids_in_scope(user)
    if scope is None or agency.pk in scope:
        return True
    return positions.filter(counter__agencies=agency).exists()


@per_request
def agency_and_divisions(agency: Agency) -> set[int]:
    """`agency` and every agency below it (divisions, one-stop sections)."""
    ids, frontier = {agency.pk}, {agency.pk}
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier -= ids
        ids |= frontier
    return ids


@per_request
def handling_roles(user: User, agency: Agency | None) -> set[WorkflowRole]:
    """The processing roles `user` holds in `agency` or one of its divisions."""
    if agency is None:
        return set()
    roles = active_positions(user).filter(
        role__in=_HANDLING_ROLES, agency_id__in=agency_and_divisions(agency)
    )
    return {WorkflowRole(r) for r in roles.values_list("role", flat=True)}


def roles_on(user: User, dossier: Dossier) -> set[WorkflowRole]:
    """Every workflow role `user` may act in on `dossier` (empty: no business with it)."""
    roles: set[WorkflowRole] = set()
    if dossier.applicant_id is not None and dossier.applicant_id == user.pk:
        roles.add(WorkflowRole.APPLICANT)
    if can_receive_for(user, dossier.receiving_agency):
        roles.add(WorkflowRole.COUNTER_OFFICER)
    roles |= handling_roles(user, dossier.current_agency)
    if dossier.lead_agency_id and dossier.lead_agency_id != dossier.current_agency_id:
        roles |= handling_roles(user, dossier.lead_agency)
    return roles


def is_leader_of(user: User, agency: Agency | None) -> bool:
    """Whether `user` heads `agency` or one of its divisions (may act for any holder)."""
    return bool(handling_roles(user, agency) & {WorkflowRole.UNIT_HEAD, WorkflowRole.AGENCY_LEADER})


@per_request
def is_counter_officer(user: User) -> bool:
    """Whether `user` holds an active counter-officer position (tiếp nhận, trả kết quả)."""
    return active_positions(user).filter(role=Role.COUNTER_OFFICER).exists()


@per_request
def counter_agencies(user: User) -> list[Agency]:
    """The agencies `user` receives for: those of their service-center counters, else the
    agency of their counter-officer position; each confirmed by ``can_receive_for``."""
    positions = active_positions(user).filter(role=Role.COUNTER_OFFICER)
    ids = set(positions.values_list("counter__agencies", flat=True)) - {None}
    ids |= set(positions.filter(counter__isnull=True).values_list("agency_id", flat=True))
    agencies = Agency.objects.filter(pk__in=ids, is_active=True).order_by("name")
    return [agency for agency in agencies if can_receive_for(user, agency)]


def may_act_as_holder(user: User, dossier: Dossier) -> bool:
    """The holder rule: only the holder acts on a held dossier; the heads of the holding
    agency (or one of its divisions) may act for anyone. One place for the services,
    which refuse, and the desk, which hides the buttons."""
    return dossier.holder_id in (None, user.pk) or is_leader_of(user, dossier.current_agency)


def may_stop(user: User, dossier: Dossier) -> bool:
    """Only the heads of the agency answerable for the dossier stop it (not a coordinator)."""
    return is_leader_of(user, dossier.lead_agency)


def may_sign_apology(user: User, dossier: Dossier) -> bool:
    """The lead agency's leader signs form 04 (SPEC §2.3 step 9)."""
    return WorkflowRole.AGENCY_LEADER in handling_roles(user, dossier.lead_agency)
