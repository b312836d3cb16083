"""Properties of the report over random dossier histories (issue #8 acceptance).

For random lives of dossiers in a small agency tree: the identities hold on every row, each
agency's line equals its own dossiers plus its sub-units' lines, the summary tables give the
same figures as classifying every dossier, and refreshing day by day gives the same tables
as one rebuild.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.domain.reporting import CountingRules, Period, Row
from motcua.domain.workflow import Channel, Status
from motcua.dossiers.models import Dossier, DossierPause
from motcua.reports.models import FlowDay, OpenDay, RefreshMark
from motcua.reports.refresh import refresh_summaries
from motcua.reports.selectors import (
    GroupBy,
    Scope,
    form06,
    form06_recount,
    per_key,
    per_key_recount,
)
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.factories import AgencyFactory, UnitFactory
from motcua.testing.report_world import at, past_dossier

pytestmark = pytest.mark.django_db
START = date(2025, 11, 1)
TODAY = date(2026, 6, 30)
RANDOM = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def tree():
    unit = UnitFactory(province=True)
    root = AgencyFactory(name="UBND tỉnh", administrative_unit=unit)
    agencies = [root]
    for i in range(2):
        department = AgencyFactory(name=f"Sở {i}", parent=root, administrative_unit=unit)
        agencies.append(department)
        for j in range(2):
            agencies.append(
                AgencyFactory(
                    division=True,
                    name=f"Phòng {i}.{j}",
                    parent=department,
                    administrative_unit=unit,
                )
            )
    versions = [VersionFactory(published=True) for _ in range(2)]
    return agencies, versions


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _random_dossier(
    rng: random.Random, agencies, versions, *, last: date = TODAY, received: date | None = None
) -> None:
    if received is None:
        received = START + timedelta(days=rng.randrange((last - START).days + 1))
    due = received + timedelta(days=rng.randrange(0, 40))
    kw: dict[str, object] = {}
    ending = rng.random()
    if ending < 0.55:
        resolved = received + timedelta(days=rng.randrange(0, 60))
        if resolved <= last:
            timeliness = "early" if resolved < due else "on_time" if resolved == due else "late"
            kw = {"resolved": _fmt(resolved), "timeliness": timeliness}
    elif ending < 0.7:
        closed = received + timedelta(days=rng.randrange(0, 30))
        if closed <= last:
            kw = {
                "closed": _fmt(closed),
                "status": rng.choice([Status.WITHDRAWN, Status.STOPPED]),
            }
    pauses: list[tuple[str, str | None]] = []
    if rng.random() < 0.3:
        start = received + timedelta(days=rng.randrange(0, 10))
        limit = last
        if "resolved" in kw or "closed" in kw:
            text = str(kw.get("resolved") or kw.get("closed"))
            d, m, y = (int(x) for x in text.split("/"))
            limit = date(y, m, d)
        if start <= limit:
            end = start + timedelta(days=rng.randrange(0, 12))
            open_pause = not kw and rng.random() < 0.5
            pauses.append((_fmt(start), None if open_pause else _fmt(min(end, limit))))
    if rng.random() < 0.05:
        kw["received"] = None  # submitted online, never received
    past_dossier(
        agency=rng.choice(agencies),
        version=rng.choice(versions),
        received=kw.pop("received", _fmt(received)),  # type: ignore[arg-type]
        channel=rng.choice(list(Channel)),
        due=_fmt(due),
        pauses=tuple(pauses),
        **kw,  # type: ignore[arg-type]
    )


def _reset() -> None:
    DossierPause.objects.all().delete()
    Dossier.objects.all().delete()
    FlowDay.objects.all().delete()
    OpenDay.objects.all().delete()
    RefreshMark.objects.all().delete()


periods = st.builds(
    lambda start, length: Period(
        START + timedelta(days=start), START + timedelta(days=start + length)
    ),
    st.integers(-10, 230),
    st.integers(0, 120),
)


@RANDOM
@given(seed=st.integers(0, 10_000), period=periods, withdrawn=st.booleans())
def test_random_histories(tree, time_machine, seed, period, withdrawn):
    agencies, versions = tree
    _reset()
    time_machine.move_to(f"{TODAY.isoformat()} 21:00 +07:00", tick=False)
    rng = random.Random(seed)
    for _ in range(40):
        _random_dossier(rng, agencies, versions)
    refresh_summaries()
    rules = CountingRules(withdrawn_as_resolved=withdrawn)

    fast, _provisional = per_key(period, Scope(), rules)
    assert fast == per_key_recount(period, Scope(), rules)

    report = form06(period=period, rules=rules)
    lines = {int(line.key): line for line in report.lines}
    for line in report.lines:
        assert line.row.identities_hold(), line.label
    own: dict[int, Row] = {}
    for (agency_id, _version), row in fast.items():
        own[agency_id] = own.get(agency_id, Row()) + row
    for agency in agencies:
        children = [a for a in agencies if a.parent_id == agency.pk]
        expected = own.get(agency.pk, Row()) + Row.total(
            lines[c.pk].row for c in children if c.pk in lines
        )
        if agency.pk in lines:
            assert lines[agency.pk].row == expected, agency.name
        else:
            assert expected == Row()
    root = lines.get(agencies[0].pk)
    assert (root.row if root else Row()) == report.total  # the root holds the whole province
    for group_by in (GroupBy.LEVEL, GroupBy.FIELD, GroupBy.PROCEDURE):
        assert form06(period=period, group_by=group_by, rules=rules).total == report.total


def _tables() -> tuple[list[tuple], list[tuple]]:
    flows = sorted(
        FlowDay.objects.values_list(
            "day",
            "agency_id",
            "procedure_version_id",
            "new_online",
            "new_direct",
            "early",
            "on_time",
            "late",
            "withdrawn_early",
            "withdrawn_on_time",
            "withdrawn_late",
            "stopped",
        )
    )
    opens = sorted(
        OpenDay.objects.values_list(
            "day", "agency_id", "procedure_version_id", "within", "overdue", "paused"
        )
    )
    return flows, opens


def test_refreshing_day_by_day_equals_one_rebuild(tree, time_machine):
    """The worker refreshes every few minutes; new dossiers arrive and old ones end 'now'."""
    agencies, versions = tree
    rng = random.Random(7)
    day = date(2026, 3, 1)
    while day <= date(2026, 4, 15):
        time_machine.move_to(f"{day.isoformat()} 18:00 +07:00", tick=False)
        for _ in range(rng.randrange(0, 4)):
            _random_dossier(rng, agencies, versions, last=day, received=day)
        # end some open dossiers today, as the engine would
        for dossier in Dossier.objects.filter(
            received_at__isnull=False, resolved_at__isnull=True, closed_at__isnull=True
        )[: rng.randrange(0, 3)]:
            dossier.resolved_at = at(day.strftime("%d/%m/%Y"), 15)
            dossier.timeliness = "late"
            dossier.status = Status.RESOLVED
            dossier.save()
            DossierPause.objects.filter(dossier=dossier, ended_at__isnull=True).update(
                ended_at=dossier.resolved_at
            )
        refresh_summaries()
        day += timedelta(days=rng.choice([1, 1, 2, 3]))
    assert Dossier.objects.filter(resolved_at__isnull=False).count() > 10
    incremental = _tables()
    assert len(incremental[0]) > 20 and len(incremental[1]) > 20
    result = refresh_summaries(rebuild=True)
    assert result.since is not None and result.since >= date(2026, 3, 1)
    assert result.dossiers == Dossier.objects.filter(received_at__isnull=False).count()
    assert _tables() == incremental
    period = Period(date(2026, 3, 10), date(2026, 4, 10))
    assert form06(period=period).total == form06_recount(period=period).total


def test_refresh_is_idempotent_and_reports_provisional_days(tree, time_machine):
    agencies, versions = tree
    time_machine.move_to("2026-05-20 10:00 +07:00", tick=False)
    rng = random.Random(3)
    for _ in range(30):
        _random_dossier(rng, agencies, versions, last=date(2026, 5, 20))
    first = refresh_summaries()
    tables = _tables()
    second = refresh_summaries()
    assert _tables() == tables
    assert second.since == first.through == date(2026, 5, 20)
    assert form06(period=Period.month(2026, 5)).provisional
    assert not form06(period=Period.month(2026, 4)).provisional
    assert form06(period=Period.month(2026, 7)).lines == []  # not started yet


def test_the_sql_rebuild_equals_the_python_rebuild(tree, time_machine):
    """On PostgreSQL the full rebuild is set-based SQL; it must write the same rows."""
    from django.db import connection

    agencies, versions = tree
    time_machine.move_to(f"{TODAY.isoformat()} 21:00 +07:00", tick=False)
    rng = random.Random(11)
    for _ in range(120):
        _random_dossier(rng, agencies, versions)
    refresh_summaries(rebuild=True, in_sql=False)
    python_tables = _tables()
    assert len(python_tables[1]) > 100
    default = refresh_summaries(rebuild=True)
    assert _tables() == python_tables
    assert default.dossiers == Dossier.objects.filter(received_at__isnull=False).count()
    if connection.vendor == "postgresql":
        assert refresh_summaries(rebuild=True, in_sql=True).flow_rows == len(python_tables[0])
        assert _tables() == python_tables


@pytest.mark.django_db(transaction=True)
def test_a_full_rebuild_vacuums_the_tables_on_postgresql_only(tree, time_machine):
    """Without autovacuum the rows a rebuild deletes would stay, and reports would read them.
    SQLite has no such need (and its rebuild sends no VACUUM)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agencies, versions = tree
    time_machine.move_to(f"{TODAY.isoformat()} 21:00 +07:00", tick=False)
    rng = random.Random(5)
    for _ in range(20):
        _random_dossier(rng, agencies, versions)
    refresh_summaries(rebuild=True)
    before = _tables()
    with CaptureQueriesContext(connection) as queries:
        refresh_summaries(rebuild=True)  # deletes every row and writes it again
    assert _tables() == before
    vacuums = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("VACUUM")]
    if connection.vendor != "postgresql":
        assert vacuums == []
        return
    assert vacuums == ["VACUUM (ANALYZE) reports_flowday, reports_openday"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, last_vacuum IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('reports_flowday', 'reports_openday') ORDER BY relname"
        )
        assert cursor.fetchall() == [("reports_flowday", True), ("reports_openday", True)]
