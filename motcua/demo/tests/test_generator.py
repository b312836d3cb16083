"""The synthetic province generator (issue #10): real codes, valid lives, equal reports.

PostgreSQL only: on SQLite every test checks that the generator refuses with a clear message
(the suite runs on both databases and never skips). On PostgreSQL the demo province and
N dossiers are generated once per module, committed, and flushed at the end; each test runs
in a transaction that is rolled back, so tests that generate again leave nothing behind.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time, timedelta
from itertools import pairwise

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion, Requirement
from motcua.demo.generator import MARK, GeneratorError, Plan, generate
from motcua.domain.codes import parse_code
from motcua.domain.reporting import Period
from motcua.domain.workflow import Channel, Status
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierPause
from motcua.dossiers.services import Applicant, ComponentInput, dossier_submit_online
from motcua.org.models import Agency
from motcua.reports.refresh import refresh_summaries
from motcua.reports.selectors import GroupBy, form06, form06_recount
from motcua.reports.sources import facts, local_day, received
from motcua.testing.dossier_world import pdf_upload
from motcua.workcal.selectors import work_calendar

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = "2026-03-10 23:59:59 +07:00"  # the evening of the last generated day
END = date(2026, 3, 10)
N = 3000
PLAN = Plan(dossiers=N, seed=11, years=2, end=END, events=True)
TABLES = ("dossiers_dossier", "dossiers_dossierpause", "dossiers_dossierevent")


def _schema() -> dict[str, list[tuple[str, str]]]:
    """Every index and constraint definition of the tables the generator rebuilds."""
    out = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "UNION ALL SELECT conname, pg_get_constraintdef(oid) || convalidated::text "
                "FROM pg_constraint WHERE conrelid = %s::regclass ORDER BY 1, 2",
                [table, table],
            )
            out[table] = cursor.fetchall()
    return out


def _fingerprint() -> str:
    """md5 over what the generated dossiers are: code, secret, status, channel, every moment,
    procedure and agencies, pauses and timeline."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(concat_ws('|', d.code, d.lookup_secret, d.status, d.channel,"
            " d.applicant_name, d.submitted_at, d.received_at, d.due_at, d.legal_due_at,"
            " d.resolved_at, d.returned_at, d.closed_at, d.timeliness, d.deadline_status,"
            " d.procedure_version_id, d.case_id, d.receiving_agency_id, d.lead_agency_id,"
            " d.version, p.started_at, p.ended_at, (SELECT string_agg(e.action || e.at, ','"
            " ORDER BY e.at, e.id) FROM dossiers_dossierevent e WHERE e.dossier_id = d.id)),"
            " ',' ORDER BY d.code)) "
            "FROM dossiers_dossier d LEFT JOIN dossiers_dossierpause p ON p.dossier_id = d.id "
            "WHERE d.lookup_secret LIKE %s",
            [MARK + "%"],
        )
        return cursor.fetchone()[0]


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """The demo province with N generated dossiers, committed (PostgreSQL); None on SQLite."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            yield None
            return
        try:
            with time_machine.travel(NOW, tick=False):
                from motcua.demo.loader import load_demo

                load_demo()
                before = {
                    "schema": _schema(),
                    "counters": list(
                        DossierCodeCounter.objects.values_list("unit_identifier", "day", "last")
                    ),
                }
                result = generate(PLAN)
            yield {**before, "result": result, "fingerprint": _fingerprint()}
        finally:
            call_command("flush", interactive=False, verbosity=0)


def _refuses(province) -> bool:
    """On SQLite: the generator refuses, naming PostgreSQL (the test then has nothing more)."""
    if province is not None:
        return False
    with pytest.raises(GeneratorError, match="PostgreSQL"):
        generate(Plan(dossiers=10))
    return True


def _generated():
    return Dossier.objects.filter(lookup_secret__startswith=MARK)


def test_it_generates_n_dossiers_with_real_unique_gap_free_codes(province):
    if _refuses(province):
        return
    assert _generated().count() == N == province["result"].dossiers
    per_day: dict[tuple[str, date], list[tuple[int, object]]] = defaultdict(list)
    demo_history = "LS"  # motcua.demo.history numbers its codes from 9001: left out
    rows = Dossier.objects.exclude(lookup_secret__startswith=demo_history).values_list(
        "code", "submitted_at", "receiving_agency__identifier_code"
    )
    for code, submitted_at, identifier in rows:
        parsed = parse_code(code)
        assert parsed.unit_identifier == identifier
        assert parsed.day == local_day(submitted_at)  # the day the code was reserved
        per_day[(parsed.unit_identifier, parsed.day)].append((parsed.sequence, submitted_at))
    for key, numbered in per_day.items():
        numbered.sort()
        assert [n for n, _ in numbered] == list(range(1, len(numbered) + 1)), key
        moments = [m for _, m in numbered]
        assert moments == sorted(moments), key  # numbered in the order they came
    assert len(per_day) > 500


def test_counters_and_id_sequences_continue_after_the_generated_rows(province):
    if _refuses(province):
        return
    last_used: dict[tuple[str, date], int] = defaultdict(int)
    for code in _generated().values_list("code", flat=True):
        parsed = parse_code(code)
        key = (parsed.unit_identifier, parsed.day)
        last_used[key] = max(last_used[key], parsed.sequence)
    counters = {
        (u, d): last
        for u, d, last in DossierCodeCounter.objects.values_list("unit_identifier", "day", "last")
    }
    assert all(counters[key] == last for key, last in last_used.items())
    with connection.cursor() as cursor:
        for table in (*TABLES, "dossiers_dossiercodecounter"):
            cursor.execute(
                f"SELECT (SELECT last_value FROM {table}_id_seq) >= (SELECT max(id) FROM {table})"
            )
            assert cursor.fetchone()[0], table


def test_a_real_online_submission_afterwards_continues_the_day_sequence(province, time_machine):
    if _refuses(province):
        return
    time_machine.move_to(NOW, tick=False)
    version = ProcedureVersion.objects.get(procedure__code="1.004873", status="published")
    desk = Agency.objects.filter(code__startswith="ttpvhcc-").exclude(identifier_code=None).first()
    counter, _ = DossierCodeCounter.objects.get_or_create(
        unit_identifier=desk.identifier_code, day=END
    )
    required = version.components.filter(requirement=Requirement.REQUIRED, case__isnull=True)
    dossier = dossier_submit_online(
        actor=_citizen(),
        procedure_code=version.procedure.code,
        case_id=version.cases.first().pk,
        receiving_agency=desk,
        applicant=Applicant(name="Nguyễn Văn An", identity_number="033090001234"),
        components=[ComponentInput(c.pk, originals=1, files=(pdf_upload(),)) for c in required],
    )
    assert dossier.code == f"{desk.identifier_code}-260310-{counter.last + 1:04d}"
    assert Dossier.objects.filter(code__startswith=f"{desk.identifier_code}-260310-").count() == (
        counter.last + 1
    )


def _citizen():
    from motcua.accounts.models import User

    return User.objects.get(username="0912345678")


def test_every_history_is_valid_for_the_reports(province):
    if _refuses(province):
        return
    seen = sum(1 for _ in facts(received()))  # History.__post_init__ checks every dossier
    assert seen == received().count() > N * 0.9


def test_form06_from_the_summary_tables_equals_the_recount(province):
    if _refuses(province):
        return
    with time_machine.travel(NOW, tick=False):
        refresh_summaries(rebuild=True)  # the set-based SQL rebuild on PostgreSQL
        periods = [
            Period.quarter(2025, 1),
            Period.quarter(2025, 3),
            Period.month(2026, 3),
            Period(date(2024, 3, 1), END),
        ]
        for period in periods:
            for group_by in (GroupBy.AGENCY, GroupBy.PROCEDURE):
                summary = form06(period=period, group_by=group_by)
                recount = form06_recount(period=period, group_by=group_by)
                assert summary.total == recount.total, period
                assert [line.row for line in summary.lines] == [line.row for line in recount.lines]
        whole = form06(period=Period(date(2024, 3, 11), END)).total
    assert whole.new_online + whole.new_direct >= N * 0.9


def test_lives_are_realistic(province):
    if _refuses(province):
        return
    rows = list(_generated().values())
    share = lambda test: sum(1 for r in rows if test(r)) / len(rows)  # noqa: E731
    first_year = [
        r for r in rows if r["submitted_at"] < timezone.make_aware(_at(date(2025, 3, 10)))
    ]
    last_year = [r for r in rows if r not in first_year]

    def online(part):
        return sum(r["channel"] == Channel.ONLINE for r in part) / len(part)

    assert 0.1 < online(first_year) < online(last_year) < 0.7
    assert 0.06 < share(lambda r: r["supplement_requests"] == 1) < 0.14
    assert 0.015 < share(lambda r: r["reappointed_at"] is not None) < 0.05
    assert 0.02 < share(lambda r: r["timeliness"] == "late") < 0.12
    assert share(lambda r: r["timeliness"] == "early") > 0.5
    for status in (Status.SUBMITTED, Status.REFUSED, Status.PROCESSING, Status.WITHDRAWN,
                   Status.STOPPED, Status.RETURNED):  # fmt: skip
        assert any(r["status"] == status for r in rows), status
    cal = work_calendar()
    for r in rows:
        if r["received_at"] is not None:
            local = timezone.localtime(r["received_at"])
            assert cal.is_working_day(local.date()) and time(7) <= local.time() <= time(17)


def _at(day: date):
    from datetime import datetime

    return datetime.combine(day, time(0))


def test_statuses_and_moments_agree_with_the_engine_rules(province):
    if _refuses(province):
        return
    end = timezone.make_aware(_at(END + timedelta(days=1)))
    pauses = defaultdict(list)
    for pause in DossierPause.objects.filter(dossier__lookup_secret__startswith=MARK):
        pauses[pause.dossier_id].append(pause)
    for d in _generated():
        moments = [d.submitted_at, d.received_at, d.resolved_at, d.returned_at, d.closed_at]
        assert all(m is None or m < end for m in moments)
        assert (d.received_at is None) == (d.status in (Status.SUBMITTED, Status.REFUSED))
        assert (d.resolved_at is not None) == (d.status in (Status.RESOLVED, Status.RETURNED))
        assert (d.returned_at is not None) == (d.status == Status.RETURNED)
        assert (d.closed_at is not None) == (d.status in (3, 7, 8))
        assert (d.paused_since is not None) == (d.status == Status.SUPPLEMENT_REQUESTED)
        assert d.supplement_requests == len(pauses[d.pk]) <= 1
        if d.received_at is not None:
            assert d.submitted_at <= d.received_at <= d.legal_due_at <= d.due_at
            assert (d.due_at > d.legal_due_at) == (d.reappointed_at is not None)
            assert d.lead_agency_id is not None
        if d.resolved_at is not None:
            resolved, due = local_day(d.resolved_at), local_day(d.legal_due_at)
            expected = "early" if resolved < due else "on_time" if resolved == due else "late"
            assert d.timeliness == expected and d.received_at < d.resolved_at
        for pause in pauses[d.pk]:
            assert d.received_at < pause.started_at
            assert (pause.ended_at is None) == (d.status == Status.SUPPLEMENT_REQUESTED)
            ended = d.resolved_at or d.closed_at
            if ended is not None:
                assert pause.ended_at is not None and pause.ended_at <= ended


def test_the_timeline_replays_to_the_status_and_counts_in_the_version(province):
    if _refuses(province):
        return
    timelines = defaultdict(list)
    rows = DossierEvent.objects.filter(dossier__lookup_secret__startswith=MARK).order_by(
        "dossier_id", "at", "id"
    )
    for event in rows.values("dossier_id", "at", "action", "from_status", "to_status"):
        timelines[event["dossier_id"]].append(event)
    assert sum(len(t) for t in timelines.values()) == province["result"].events > 3 * N
    for d in _generated().only("id", "status", "version", "channel", "submitted_at"):
        timeline = timelines[d.pk]
        assert len(timeline) == d.version
        first = timeline[0]
        assert first["from_status"] is None and first["at"] == d.submitted_at
        assert first["action"] == (
            "receive"
            if d.channel == Channel.COUNTER
            else ("submit_online" if d.channel == Channel.ONLINE else "register_postal")
        )
        for before, after in pairwise(timeline):
            assert after["from_status"] == before["to_status"], (d.pk, timeline)
        assert timeline[-1]["to_status"] == d.status


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(province):
    if _refuses(province):
        return
    assert _fingerprint() == province["fingerprint"]

    def regenerate(seed: int) -> str:
        with connection.cursor() as cursor:
            for table in ("dossiers_dossierpause", "dossiers_dossierevent"):
                cursor.execute(
                    f"DELETE FROM {table} WHERE dossier_id IN "
                    "(SELECT id FROM dossiers_dossier WHERE lookup_secret LIKE %s)",
                    [MARK + "%"],
                )
        _generated().delete()
        DossierCodeCounter.objects.all().delete()
        DossierCodeCounter.objects.bulk_create(
            DossierCodeCounter(unit_identifier=u, day=d, last=last)
            for u, d, last in province["counters"]
        )
        generate(Plan(dossiers=N, seed=seed, years=2, end=END, events=True))
        return _fingerprint()

    assert regenerate(11) == province["fingerprint"]
    assert regenerate(12) != province["fingerprint"]


def test_indexes_and_constraints_are_restored_exactly(province):
    if _refuses(province):
        return
    assert province["result"].indexes_rebuilt
    assert _schema() == province["schema"]


def test_it_refuses_to_generate_twice_unless_appending(province):
    if _refuses(province):
        return
    with pytest.raises(GeneratorError, match="--append"):
        generate(PLAN)
    before = _fingerprint()
    result = generate(Plan(dossiers=200, seed=11, years=2, end=END, append=True))
    assert result.salt == N and not result.indexes_rebuilt  # 200 rows: indexes kept live
    assert _generated().count() == N + 200
    per_day = defaultdict(list)
    for code in Dossier.objects.exclude(lookup_secret__startswith="LS").values_list(
        "code", flat=True
    ):
        parsed = parse_code(code)
        per_day[(parsed.unit_identifier, parsed.day)].append(parsed.sequence)
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in per_day.values())
    assert _fingerprint() != before


def test_the_command_generates_on_postgresql_and_refuses_sqlite(province, capsys):
    if province is None:
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("generate_province", "--dossiers", "10")
        return
    call_command(
        "generate_province", "--dossiers", "50", "--append", "--end", "2026-03-10", "--years", "2"
    )
    out = capsys.readouterr().out
    assert "50 dossiers" in out and "summary tables" in out
    assert _generated().count() == N + 50
