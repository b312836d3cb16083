# SPDX-License-Identifier: MPL-2.0
"""Refresh the summary tables (FlowDay, OpenDay) from the dossiers.

`refresh_summaries()` recomputes every day from the first day not yet final up to today, in
one transaction: it deletes those days' rows, reads the dossiers that can count on them
(received since, ended since, or still open: `sources.relevant_since`), and writes the new
rows. Days before the mark are final: events happen now, so nothing new can fall on them.
Run it from the worker every few minutes (`manage.py refresh_reports --every 300`); a full
rebuild (`--rebuild`) starts from the first dossier ever received, e.g. after an import.

The rows for today are provisional, "as of" the refresh time; the report says so.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from motcua.domain.reporting import Flow, OpenState, ending_flow, receipt_flow
from motcua.reports import rebuild_pg
from motcua.reports.models import FlowDay, OpenDay, RefreshMark
from motcua.reports.sources import Fact, Key, facts, local_day, received, relevant_since

BATCH = 5000
_STATE_INDEX = {OpenState.WITHIN: 0, OpenState.OVERDUE: 1, OpenState.PAUSED: 2}


@dataclass(frozen=True)
class RefreshResult:
    since: date | None
    through: date
    dossiers: int
    flow_rows: int
    open_rows: int
    seconds: float


def refresh_summaries(
    *, rebuild: bool = False, today: date | None = None, in_sql: bool | None = None
) -> RefreshResult:
    """Bring the summary tables up to date (see the module docstring).

    A full rebuild runs as set-based SQL on PostgreSQL (`rebuild_pg`) unless `in_sql` is
    False; the incremental refresh and SQLite use the Python path. Both implement the same
    rules and are tested against each other.
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        mark, _ = RefreshMark.objects.select_for_update().get_or_create(pk=1)
        since = None if rebuild else mark.complete_before
        full = since is None
        if in_sql is None:
            in_sql = connection.vendor == "postgresql"
        if full and in_sql:
            dossiers, flows, opens = rebuild_pg.rebuild(today, settings.TIME_ZONE)
            first = FlowDay.objects.aggregate(first=Min("day"))["first"]
            since = first or today
        else:
            if since is None:
                first = received().aggregate(first=Min("received_at"))["first"]
                since = local_day(first) if first is not None else today
            since = min(since, today)
            FlowDay.objects.filter(day__gte=since).delete()
            OpenDay.objects.filter(day__gte=since).delete()
            writer = _Writer()
            dossiers = writer.write(_rows(since, today, _since(since)))
            flows, opens = writer.flows, writer.opens
        seconds = time.monotonic() - started
        mark.complete_before, mark.through = today, today
        mark.refreshed_at, mark.dossiers_seen, mark.seconds = timezone.now(), dossiers, seconds
        mark.save()
    if full and connection.vendor == "postgresql" and not connection.in_atomic_block:
        rebuild_pg.vacuum()  # autovacuum may be off: clear the rows the rebuild deleted
    return RefreshResult(since, today, dossiers, flows, opens, seconds)


def _since(day: date) -> Iterator[Fact]:
    return facts(received().filter(relevant_since(day)))


def _rows(since: date, today: date, source: Iterable[Fact]) -> Iterator[int | FlowDay | OpenDay]:
    """FlowDay and OpenDay rows, key by key; an int after each key: the dossiers it had."""
    key: Key | None = None
    group: list[Fact] = []
    for fact in source:
        if fact.key != key and group and key is not None:
            yield from _flows_of(key, group, since, today)
            yield from _open_of(key, group, since, today)
            yield len(group)
            group = []
        key = fact.key
        group.append(fact)
    if group and key is not None:
        yield from _flows_of(key, group, since, today)
        yield from _open_of(key, group, since, today)
        yield len(group)


def _flows_of(key: Key, group: list[Fact], since: date, today: date) -> Iterator[FlowDay]:
    per_day: dict[date, Counter[Flow]] = defaultdict(Counter)
    for fact in group:
        h = fact.history
        if since <= h.received_on <= today:
            per_day[h.received_on][receipt_flow(h)] += 1
        if h.ended_on is not None and since <= h.ended_on <= today:
            per_day[h.ended_on][ending_flow(h)] += 1
    agency_id, version_id = key
    for day in sorted(per_day):
        counts = per_day[day]
        yield FlowDay(
            day=day,
            agency_id=agency_id,
            procedure_version_id=version_id,
            **{flow.value: n for flow, n in counts.items()},
        )


def _open_of(key: Key, group: list[Fact], since: date, today: date) -> Iterator[OpenDay]:
    """Dense end-of-day open counts for every day in [since, today] with any open dossier."""
    deltas: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for fact in group:
        h = fact.history
        state = h.state_at_end_of(since)
        if state is not None:
            deltas[since][_STATE_INDEX[state]] += 1
        for day, new in h.state_changes():
            if day <= since or day > today:
                continue
            old = h.state_at_end_of(day - timedelta(days=1))
            if old is not None:
                deltas[day][_STATE_INDEX[old]] -= 1
            if new is not None:
                deltas[day][_STATE_INDEX[new]] += 1
    if not deltas:
        return
    agency_id, version_id = key
    running = [0, 0, 0]
    day, last_change = min(deltas), max(deltas)
    while day <= today:
        change = deltas.get(day)
        if change is not None:
            running = [a + b for a, b in zip(running, change, strict=True)]
        if any(running):
            yield OpenDay(
                day=day,
                agency_id=agency_id,
                procedure_version_id=version_id,
                within=running[0],
                overdue=running[1],
                paused=running[2],
            )
        elif day >= last_change:
            return
        day += timedelta(days=1)


class _Writer:
    """Writes rows in batches of `BATCH` per table and counts them."""

    def __init__(self) -> None:
        self.flows = self.opens = 0

    def write(self, rows: Iterable[int | FlowDay | OpenDay]) -> int:
        dossiers = 0
        flows: list[FlowDay] = []
        opens: list[OpenDay] = []
        for row in rows:
            if isinstance(row, int):
                dossiers += row
            elif isinstance(row, FlowDay):
                flows.append(row)
                if len(flows) >= BATCH:
                    self.flows += len(FlowDay.objects.bulk_create(flows))
                    flows = []
            else:
                opens.append(row)
                if len(opens) >= BATCH:
                    self.opens += len(OpenDay.objects.bulk_create(opens))
                    opens = []
        self.flows += len(FlowDay.objects.bulk_create(flows))
        self.opens += len(OpenDay.objects.bulk_create(opens))
        return dossiers
