# SPDX-License-Identifier: MPL-2.0
"""Reads of dossiers for staff: scope, the timeline, the control sheet, calendar impact.

Scope (SPEC §1.2, brief §8): an officer sees the dossiers their agencies received, lead,
or currently hold (a division: those of its agency), and a service-center counter officer
those of the agencies it serves; provincial supervisors see the whole province; everything else is
answered as "not found" by the callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Collection, ProcedureCase, ProcedureVersion
from motcua.catalog.selectors import procedure_search
from motcua.domain.workflow import TERMINAL, Status
from motcua.dossiers.access import agency_and_divisions
from motcua.dossiers.models import Dossier, DossierEvent, Handover
from motcua.org.access import active_positions, agency_ids_in_scope
from motcua.org.models import Agency, AgencyKind, Role


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


# --------------------------------------------------------------------------- desk inboxes

#: Inboxes of the desk, in menu order: slug → what it holds.
INBOXES = (
    "tiep-nhan",  # submitted online or by post, waiting for the completeness check
    "cua-toi",  # dossiers the user holds
    "sap-den-han",  # due within one working day, not resolved
    "qua-han",  # past the due date, not resolved
    "cho-bo-sung",  # waiting for the applicant: supplement or financial obligation
    "tra-ket-qua",  # result issued, to hand back
    "tat-ca",  # everything in scope (search)
)
_OPEN = [s.value for s in Status if s not in TERMINAL and s != Status.RESOLVED]


def _inbox_filter(inbox: str, user: User) -> Q:
    return {
        "tiep-nhan": Q(status=Status.SUBMITTED),
        "cua-toi": Q(holder=user, status__in=_OPEN),
        "sap-den-han": Q(deadline_status="due_soon", status__in=_OPEN),
        "qua-han": Q(deadline_status="overdue", status__in=_OPEN),
        "cho-bo-sung": Q(
            status__in=[Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION_REQUESTED]
        ),
        "tra-ket-qua": Q(status=Status.RESOLVED),
        "tat-ca": Q(),
    }[inbox]


@dataclass(frozen=True)
class InboxQuery:
    """Search and filters of an inbox (all optional)."""

    q: str = ""
    procedure: str = ""
    channel: int | None = None
    status: int | None = None
    received_from: date | None = None
    received_to: date | None = None


def dossier_inbox_for_staff(
    *, user: User, inbox: str, query: InboxQuery | None = None
) -> QuerySet[Dossier]:
    """One desk inbox of `user`, filtered, soonest due first (no due date last)."""
    query = query or InboxQuery()
    dossiers = dossier_list_for_staff(user=user).filter(_inbox_filter(inbox, user))
    text = query.q.strip()
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        match = (
            Q(code__istartswith=text) | Q(code__iendswith=text) | Q(applicant_name__icontains=text)
        )
        if digits and len(digits) >= 9:
            match |= Q(applicant_identity=digits) | Q(applicant_phone__endswith=digits[-9:])
        dossiers = dossiers.filter(match)
    if query.procedure:
        dossiers = dossiers.filter(procedure_version__procedure__code=query.procedure)
    if query.channel:
        dossiers = dossiers.filter(channel=query.channel)
    if query.status:
        dossiers = dossiers.filter(status=query.status)
    tz = timezone.get_current_timezone()
    if query.received_from:
        start = timezone.make_aware(datetime.combine(query.received_from, time.min), tz)
        dossiers = dossiers.filter(submitted_at__gte=start)
    if query.received_to:
        end = timezone.make_aware(datetime.combine(query.received_to, time.max), tz)
        dossiers = dossiers.filter(submitted_at__lte=end)
    return dossiers.select_related("holder", "case").order_by(
        F("due_at").asc(nulls_last=True), "submitted_at", "id"
    )


def inbox_counts_for_staff(*, user: User) -> dict[str, int]:
    """How many dossiers each inbox holds, for the dashboard and the menu (one query)."""
    base = dossier_list_for_staff(user=user)
    aggregates = {
        slug.replace("-", "_"): Count("id", filter=_inbox_filter(slug, user)) for slug in INBOXES
    }
    row = base.aggregate(**aggregates)
    return {slug: row[slug.replace("-", "_")] for slug in INBOXES}


def get_dossier_for_officer(*, user: User, code: str) -> Dossier:
    """The dossier with `code` if `user` may see it; otherwise 404 (ADR 0003)."""
    try:
        return (
            dossier_list_for_staff(user=user)
            .select_related(
                "lead_agency", "holder", "current_step", "case", "procedure_version__procedure"
            )
            .get(code=code)
        )
    except Dossier.DoesNotExist as exc:
        raise Http404("Dossier not found") from exc


# --------------------------------------------------------------------------- counter intake


def procedures_offered_at(
    agency: Agency, *, postal: bool, query: str = ""
) -> QuerySet[ProcedureVersion]:
    """Published procedures `agency` receives on this channel: those it (or a division)
    receives or processes, and those published without a named agency (one catalogue
    entry shared by every commune), best match first."""
    family = agency_and_divisions(agency)
    versions = procedure_search(query=query).filter(
        Q(processing_agency_id__in=family)
        | Q(receiving_agency_id__in=family)
        | Q(processing_agency__isnull=True, receiving_agency__isnull=True)
    )
    return versions.filter(channel_post=True) if postal else versions.filter(channel_counter=True)


def fee_lines_for(version: ProcedureVersion, case: ProcedureCase) -> dict[str, Any]:
    lines = list(version.fees.filter(Q(case__isnull=True) | Q(case=case)).order_by("order", "id"))
    due = [f for f in lines if f.collection == Collection.BEFORE and f.amount_vnd]
    return {"fees": lines, "fee_total": sum(f.amount_vnd for f in due), "fees_due": bool(due)}


# --------------------------------------------------------------------------- workload


@dataclass(frozen=True)
class Workload:
    """Open dossiers one officer holds, and how many of them are due soon or overdue."""

    holder_id: int | None
    name: str
    open: int
    due_soon: int
    overdue: int


def workload_for_agency(*, agency: Agency) -> list[Workload]:
    """Per holder, the open dossiers `agency` (with its divisions) holds; unassigned first.

    For the leader's view of the agency's load (SPEC §1.2): who holds what, what is late.
    """
    rows = (
        Dossier.objects.filter(current_agency_id__in=agency_and_divisions(agency), status__in=_OPEN)
        .values("holder_id", "holder__full_name")
        .annotate(
            open=Count("id"),
            due_soon=Count("id", filter=Q(deadline_status="due_soon")),
            overdue=Count("id", filter=Q(deadline_status="overdue")),
        )
        .order_by(F("holder_id").asc(nulls_first=True), "holder__full_name")
    )
    return [
        Workload(
            r["holder_id"], r["holder__full_name"] or "", r["open"], r["due_soon"], r["overdue"]
        )
        for r in rows
    ]


def led_agencies(*, user: User) -> list[Agency]:
    """Agencies (and divisions) where `user` is a unit head or agency leader."""
    ids = active_positions(user).filter(role__in=[Role.UNIT_HEAD, Role.AGENCY_LEADER])
    return list(Agency.objects.filter(pk__in=ids.values("agency_id")).order_by("name"))
