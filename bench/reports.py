"""Benchmark: the quarterly form-06 report for the whole province at 1 M and 10 M dossiers.

Run from the repository root:  python bench/reports.py [N ...]   (default 1000000 10000000)

For each N, on PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/motcua_reports_bench): migrate, load the demo province,
generate N dossiers with five years of realistic lives with the synthetic province generator
(`motcua/demo/generator.py`: real codes, procedures weighted by popularity, online share
growing over time, supplements, re-appointments, late ones, withdrawals, stops, a backlog of
open ones; see docs/benchmarks.md) reproducibly from a seed, rebuild the summary tables,
then print in the same run:

- SCAN: an unindexed aggregate over the whole dossier table (the reference);
- REPORT: form06() for the last complete quarter, grouped by agency with sub-units (median
  of 7) and its ratio to SCAN (issue #8 target at 10 M: at most 0.10);
- the same report recounted by brute force in SQL, dossier by dossier, and whether the two
  are equal cell by cell (they must be);
- form06() grouped by agency, level, field and procedure (median of 7 each), whether each
  total equals the SQL recount and, up to 2 M dossiers (or with BENCH_LINES=1), whether every
  line equals the same grouping of the Python recount (`per_key_recount`, minutes at 10 M).

Figures only; nothing passes or fails here (issue #10 gates them).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motcua_reports_bench"
)
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("DEBUG", "true")
SEED = int(os.environ.get("BENCH_SEED", "2026"))

from bench.harness.recount import NO_INDEX_SCANS, RECOUNT, SCAN  # noqa: E402

YEARS = 5


def _ensure_database() -> None:
    import psycopg

    name = URL.rsplit("/", 1)[1]
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _generate(n: int) -> float:
    """Top the table up to `n` generated dossiers (`motcua.demo.generator`); seconds taken.

    The same seed, size and end date (yesterday) give the same data set; a second, larger
    size appends to the first with the next draws of the same seed."""
    from motcua.demo.generator import MARK, Plan, generate
    from motcua.dossiers.models import Dossier

    existing = Dossier.objects.filter(lookup_secret__startswith=MARK).count()
    if existing >= n:
        return 0.0
    plan = Plan(dossiers=n - existing, seed=SEED, years=YEARS, append=existing > 0)
    return generate(plan).total_seconds


def _median(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _scan() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for setting in NO_INDEX_SCANS:
            cursor.execute(f"SET {setting} = off")
        cursor.execute(SCAN)
        cursor.fetchall()
        for setting in NO_INDEX_SCANS:
            cursor.execute(f"RESET {setting}")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000]
    _ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from motcua.domain.reporting import Period, Row
    from motcua.dossiers.models import Dossier
    from motcua.reports.refresh import refresh_summaries
    from motcua.reports.selectors import form06

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", verbosity=0, stdout=quiet)
    today = date.today()
    quarter = (today.month - 1) // 3  # the last complete quarter
    period = Period.quarter(today.year, quarter) if quarter else Period.quarter(today.year - 1, 4)
    print(f"seed {SEED}; quarter {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}; PostgreSQL")
    header = (
        f"{'dossiers':>12} {'generate s':>11} {'rebuild s':>10} {'SCAN ms':>9} "
        f"{'report ms':>10} {'ratio':>7} {'recount ms':>11}  equal"
    )
    print(header)
    for n in sizes:
        generated = _generate(n)
        total = Dossier.objects.count()
        rebuild = refresh_summaries(rebuild=True).seconds  # then VACUUM (ANALYZE) both tables
        scan = _median(_scan, 3)
        report = _median(lambda: form06(period=period), 7)
        result = form06(period=period)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                RECOUNT, {"tz": settings.TIME_ZONE, "start": period.start, "end": period.end}
            )
            recount = Row(*cursor.fetchone())
        recount_s = time.perf_counter() - started
        equal = recount == result.total
        print(
            f"{total:>12,} {generated:>11.1f} {rebuild:>10.1f} {scan * 1000:>9.0f} "
            f"{report * 1000:>10.1f} {report / scan:>7.3f} {recount_s * 1000:>11.0f}  "
            f"{'yes' if equal else 'NO'}"
        )
        if not equal:
            print(f"  summary: {result.total}\n  recount: {recount}")
        _groupings(period, recount, lines=n <= 2_000_000 or bool(os.environ.get("BENCH_LINES")))


def _groupings(period, recount, *, lines: bool) -> None:  # type: ignore[no-untyped-def]
    """form06() by each grouping: time, total against the SQL recount, lines against the
    Python recount folded the same way."""
    from motcua.domain.reporting import DEFAULT_RULES
    from motcua.reports.selectors import GroupBy, Scope, _fold, _lines, form06, per_key_recount

    def cells(lines):  # type: ignore[no-untyped-def]
        return [(x.key, x.label, x.depth, x.code, x.row) for x in lines]

    rows = per_key_recount(period, Scope(), DEFAULT_RULES) if lines else None
    for group_by in GroupBy:
        ms = _median(lambda: form06(period=period, group_by=group_by), 7) * 1000  # noqa: B023
        report = form06(period=period, group_by=group_by)
        line_check = ""
        if rows is not None:
            slow = _lines(_fold(rows, group_by), group_by, Scope())
            line_check = f"; lines equal: {'yes' if cells(report.lines) == cells(slow) else 'NO'}"
        print(
            f"  by {group_by.value:<10} {ms:>8.1f} ms  {len(report.lines):>5} lines; "
            f"total equal: {'yes' if report.total == recount else 'NO'}{line_check}"
        )


if __name__ == "__main__":
    main()
