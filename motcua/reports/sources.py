# SPDX-License-Identifier: MPL-2.0
"""Dossiers as the report sees them: a `History` of local dates per received dossier.

One place turns the dossier table into the pure domain's input, for the refresh of the
summary tables and for the brute-force recount that tests and benchmarks compare them with.
A dossier is attributed to its lead agency (cơ quan giải quyết), or to its receiving agency
when it has none, and to the procedure version it was submitted under.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from motcua.domain.deadlines import VN_TZ
from motcua.domain.reporting import Ending, History
from motcua.domain.workflow import Channel, Status
from motcua.dossiers.models import Dossier, DossierPause

Key = tuple[int, int]  # (agency id, procedure version id)

_ENDING_OF_TIMELINESS = {"early": Ending.EARLY, "on_time": Ending.ON_TIME, "late": Ending.LATE}


def local_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


def start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=VN_TZ)


@dataclass(frozen=True, slots=True)
class Fact:
    """One received dossier for the report: its key and its history."""

    dossier_id: int
    key: Key
    history: History


def received() -> QuerySet[Dossier]:
    return Dossier.objects.filter(received_at__isnull=False)


def relevant_since(day: date) -> Q:
    """Dossiers that may count on `day` or later: received since, ended since, or open."""
    moment = start_of(day)
    return (
        Q(received_at__gte=moment)
        | Q(resolved_at__gte=moment)
        | Q(resolved_at__isnull=True, closed_at__gte=moment)
        | Q(resolved_at__isnull=True, closed_at__isnull=True)
    )


def _pauses_of(dossier_ids: list[int]) -> dict[int, list[tuple[date, date | None]]]:
    pauses: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    rows = (
        DossierPause.objects.filter(dossier_id__in=dossier_ids)
        .order_by("dossier_id", "started_at")
        .values_list("dossier_id", "started_at", "ended_at")
    )
    for dossier_id, started, ended in rows:
        pauses[dossier_id].append((local_day(started), ended and local_day(ended)))
    return pauses


def _ending(row: dict[str, object]) -> tuple[date | None, Ending | None]:
    resolved_at = row["resolved_at"]
    if isinstance(resolved_at, datetime):
        timeliness = str(row["timeliness"] or "")
        ending = _ENDING_OF_TIMELINESS.get(timeliness)
        if ending is None:  # a result without a recorded timeliness: compare by date
            due = row["legal_due_at"]
            resolved_day = local_day(resolved_at)
            due_day = local_day(due) if isinstance(due, datetime) else resolved_day
            ending = (
                Ending.EARLY
                if resolved_day < due_day
                else Ending.ON_TIME
                if resolved_day == due_day
                else Ending.LATE
            )
        return local_day(resolved_at), ending
    closed_at = row["closed_at"]
    if isinstance(closed_at, datetime):
        kind = Ending.WITHDRAWN if row["status"] == Status.WITHDRAWN else Ending.STOPPED
        return local_day(closed_at), kind
    return None, None


def _history(row: dict[str, object], pauses: list[tuple[date, date | None]]) -> History:
    received_at = row["received_at"]
    assert isinstance(received_at, datetime)
    received_on = local_day(received_at)
    ended_on, ending = _ending(row)
    if ended_on is not None and ended_on < received_on:  # clock skew in imported data
        ended_on = received_on
    limit = ended_on
    kept = []
    for start, end in pauses:  # keep pauses inside the dossier's life, as the domain requires
        start = max(start, received_on)
        if limit is not None and start > limit:
            continue
        if end is not None:
            end = max(end, start)
        kept.append((start, end))
    due = row["legal_due_at"]
    return History(
        received_on=received_on,
        online=row["channel"] == Channel.ONLINE,
        due_on=local_day(due) if isinstance(due, datetime) else None,
        ended_on=ended_on,
        ending=ending,
        pauses=tuple(kept),
    )


_FIELDS = (
    "id",
    "channel",
    "status",
    "received_at",
    "legal_due_at",
    "resolved_at",
    "timeliness",
    "closed_at",
    "procedure_version_id",
)


def facts(queryset: QuerySet[Dossier], *, chunk: int = 5000) -> Iterator[Fact]:
    """The facts of the received dossiers in `queryset`, ordered by key (agency, version)."""
    rows = (
        queryset.filter(received_at__isnull=False)
        .annotate(report_agency_id=Coalesce(F("lead_agency_id"), F("receiving_agency_id")))
        .order_by("report_agency_id", "procedure_version_id", "id")
        .values(*_FIELDS, "report_agency_id")
        .iterator(chunk_size=chunk)
    )
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            yield from _facts_of(batch)
            batch = []
    yield from _facts_of(batch)


def _facts_of(batch: list[dict[str, object]]) -> Iterator[Fact]:
    if not batch:
        return
    pauses = _pauses_of([int(str(row["id"])) for row in batch])
    for row in batch:
        dossier_id = int(str(row["id"]))
        key = (int(str(row["report_agency_id"])), int(str(row["procedure_version_id"])))
        yield Fact(dossier_id, key, _history(row, pauses.get(dossier_id, [])))
