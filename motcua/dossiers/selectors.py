# SPDX-License-Identifier: MPL-2.0
"""Reads of dossiers for staff: scope, the timeline, the control sheet, calendar impact.

Scope (SPEC §1.2, brief §8): an officer sees the dossiers their agencies received, lead,
or currently hold (a division: those of its agency), and a service-center counter officer
those of the agencies it serves; provincial supervisors see the whole province; everything else is
answered as "not found" by the callers.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.domain.workflow import TERMINAL, Status
from motcua.dossiers.models import Dossier, DossierEvent, Handover
from motcua.org.access import active_positions, agency_ids_in_scope
from motcua.org.models import AgencyKind, Role


def dossier_list_for_staff(*, user: User) -> QuerySet[Dossier]:
    """Dossiers `user` may see: received by, led by or held by an agency in their scope."""
    dossiers = Dossier.objects.select_related(
        "procedure_version", "receiving_agency", "current_agency"
    )
    ids = agency_ids_in_scope(user)
    if ids is None:
        return dossiers
    # A service center's counter receives for the agencies of its counters.
    counters = active_positions(user).filter(role=Role.COUNTER_OFFICER, counter__isnull=False)
    served = set(counters.values_list("counter__agencies", flat=True)) - {None}
    # A division works on its agency's dossiers (the holder is recorded, not the division).
    divisions = active_positions(user).filter(agency__kind=AgencyKind.DIVISION)
    parents = set(divisions.values_list("agency__parent_id", flat=True)) - {None}
    handled = ids | parents
    return dossiers.filter(
        Q(receiving_agency_id__in=ids | served)
        | Q(lead_agency_id__in=handled)
        | Q(current_agency_id__in=handled)
    )


def dossier_timeline(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("actor").order_by("at", "id")


def dossier_control_sheet(*, dossier: Dossier) -> QuerySet[Handover]:
    return dossier.handovers.select_related(
        "giver", "receiver", "giver_agency", "receiver_agency", "step"
    ).order_by("seq")


def dossiers_spanning_day(*, day: date, agency_ids: set[int] | None = None) -> QuerySet[Dossier]:
    """Open received dossiers whose receipt-to-due window contains `day`.

    A calendar change on `day` never moves their stored due date silently (SPEC §11.4);
    this lists them so the province can decide, dossier by dossier, what to tell the
    applicants.
    """
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    end = timezone.make_aware(datetime.combine(day, time.max), tz)
    open_statuses = [
        s.value
        for s in Status
        if s not in TERMINAL and s not in (Status.SUBMITTED, Status.RESOLVED)
    ]
    dossiers = Dossier.objects.filter(
        status__in=open_statuses, received_at__lte=end, due_at__gte=start
    ).order_by("due_at")
    if agency_ids is not None:
        dossiers = dossiers.filter(receiving_agency_id__in=agency_ids)
    return dossiers
