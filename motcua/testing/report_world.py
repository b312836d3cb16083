# SPDX-License-Identifier: MPL-2.0
"""Dossiers with a known past, written straight into the tables, for report tests.

The dossier engine only acts "now"; the report needs lives spread over months. `past_dossier`
records one such life (received, due, paused, ended) the way the engine would have left it.
Test data only: production code never writes dossiers like this.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

from motcua.catalog.models import ProcedureVersion
from motcua.domain.deadlines import VN_TZ
from motcua.domain.workflow import Channel, Status
from motcua.dossiers.models import Dossier, DossierPause
from motcua.org.models import Agency

_numbers = itertools.count(1)


def at(day: str, hour: int = 9) -> datetime:
    """'dd/mm/yyyy' at `hour` o'clock, Hà Nội time."""
    d, m, y = (int(x) for x in day.split("/"))
    return datetime.combine(date(y, m, d), time(hour), VN_TZ)


def past_dossier(
    *,
    agency: Agency,
    version: ProcedureVersion,
    received: str | None,
    channel: Channel = Channel.COUNTER,
    due: str | None = None,
    reappointed_due: str | None = None,
    resolved: str | None = None,
    timeliness: str = "",
    closed: str | None = None,
    status: Status | None = None,
    pauses: tuple[tuple[str, str | None], ...] = (),
) -> Dossier:
    """A dossier with the given past (dates 'dd/mm/yyyy'); status inferred when not given."""
    if status is None:
        status = (
            Status.SUBMITTED
            if received is None
            else Status.RESOLVED
            if resolved
            else Status.STOPPED
            if closed
            else Status.SUPPLEMENT_REQUESTED
            if pauses and pauses[-1][1] is None
            else Status.PROCESSING
        )
    n = next(_numbers)
    submitted = at(received, 8) if received else at("01/01/2026", 8)
    dossier = Dossier.objects.create(
        code=f"TEST-{n:06d}",
        lookup_secret=f"s{n:09d}",
        procedure_version=version,
        case=version.cases.first(),
        rule_set="2025",
        channel=channel,
        status=status,
        receiving_agency=agency,
        lead_agency=agency if received else None,
        current_agency=agency,
        applicant_name=f"Người nộp {n}",
        applicant_kind="citizen",
        submitted_at=submitted,
        received_at=at(received) if received else None,
        due_at=at(reappointed_due or due, 17) if due else None,
        legal_due_at=at(due, 17) if due else None,
        reappointed_at=at(received, 10) if reappointed_due and received else None,
        resolved_at=at(resolved, 15) if resolved else None,
        timeliness=timeliness,
        closed_at=at(closed, 15) if closed else None,
        paused_since=at(pauses[-1][0], 11) if pauses and pauses[-1][1] is None else None,
    )
    for start, end in pauses:
        DossierPause.objects.create(
            dossier=dossier,
            kind="supplement",
            started_at=at(start, 11),
            ended_at=at(end, 11) if end else None,
            reason="Bổ sung giấy tờ",
        )
    return dossier
