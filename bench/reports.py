"""Benchmark: the quarterly form-06 report for the whole province at 1 M and 10 M dossiers.

Run from the repository root:  python bench/reports.py [N ...]   (default 1000000 10000000)

For each N, on PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/motcua_reports_bench): migrate, load the demo province,
generate N dossiers with five years of realistic lives (procedures weighted by popularity,
online share growing over time, durations around the legal time limit so some are late,
withdrawals, stops, supplements, a backlog of open ones) reproducibly from a seed, rebuild
the summary tables, then print in the same run:

- SCAN: an unindexed aggregate over the whole dossier table (the reference);
- REPORT: form06() for the last complete quarter, grouped by agency with sub-units (median
  of 7) and its ratio to SCAN (issue #8 target at 10 M: at most 0.10);
- the same report recounted by brute force in SQL, dossier by dossier, and whether the two
  are equal cell by cell (they must be).

Figures only; nothing passes or fails here (issue #10 gates them).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, timedelta
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
YEARS = 5


def _ensure_database() -> None:
    import psycopg

    name = URL.rsplit("/", 1)[1]
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _default_sql(field) -> str:  # type: ignore[no-untyped-def]
    from django.db import models

    if field.null:
        return "NULL"
    if isinstance(field, models.BooleanField):
        return "false"
    if isinstance(field, models.JSONField):
        return "'[]'::jsonb" if field.default is list else "'{}'::jsonb"
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return "0"
    if isinstance(field, models.DateTimeField):
        return "now()"
    return "''"


def _generate(n: int) -> float:
    """Top the table up to `n` generated dossiers (code prefix G); seconds taken.

    Every row draws r1..r9 from random() after setseed(SEED), so a seed reproduces the data
    set (INSERT ... SELECT runs without parallel workers)."""
    from django.db import connection

    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import Dossier, DossierPause
    from motcua.org.models import Agency

    existing = Dossier.objects.filter(code__startswith="G").count()
    if existing >= n:
        return 0.0
    versions = list(
        ProcedureVersion.objects.filter(status="published", cases__isnull=False)
        .distinct()
        .order_by("pk")
    )
    communes = list(
        Agency.objects.filter(identifier_code__isnull=False, administrative_unit__level="commune")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = []
    for i, version in enumerate(versions):
        agency = version.processing_agency_id or version.receiving_agency_id
        case = version.cases.order_by("pk").first()
        assert case is not None
        span = [5, 7, 7, 10, 14, 21][i % 6]
        if agency is None:  # commune procedures: spread over the communes
            for commune in communes[:: max(1, len(communes) // 12)]:
                rows.append((version.pk, case.pk, commune, span))
        else:
            rows.append((version.pk, case.pk, agency, span))
    values = ", ".join(f"({i + 1}, {v}, {c}, {a}, {s})" for i, (v, c, a, s) in enumerate(rows))
    today = date.today()
    first = today - timedelta(days=365 * YEARS)
    dossier_cols = {
        "code": "'G' || g",
        "lookup_secret": "substr(md5(g::text), 1, 8)",
        "procedure_version_id": "version_id",
        "case_id": "case_id",
        "rule_set": "CASE WHEN received_day >= date '2025-07-01' THEN '2025' ELSE '2018' END",
        "channel": "CASE WHEN r8 < 0.2 + 0.5 * age THEN 2 WHEN r8 > 0.97 THEN 3 ELSE 1 END",
        "status": (
            "CASE WHEN r5 < 0.93 AND end_day < %(today)s THEN 10 "
            "WHEN r5 < 0.985 AND end_day < %(today)s THEN CASE WHEN r7 < 0.5 THEN 7 ELSE 8 END "
            "WHEN r9 < 0.25 THEN 5 ELSE 4 END"
        ),
        "receiving_agency_id": "agency_id",
        "lead_agency_id": "agency_id",
        "current_agency_id": "agency_id",
        "applicant_name": "'Người nộp ' || g",
        "applicant_kind": "'citizen'",
        "result_delivery": "'counter'",
        "version": "1",
        "supplement_requests": "0",
        "submitted_at": "received_at - interval '30 minutes'",
        "received_at": "received_at",
        "due_at": "due_at",
        "legal_due_at": "due_at",
        "resolved_at": (
            "CASE WHEN r5 < 0.93 AND end_day < %(today)s THEN "
            "(end_day + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END"
        ),
        "returned_at": (
            "CASE WHEN r5 < 0.93 AND end_day < %(today)s THEN "
            "(end_day + time '15:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END"
        ),
        "timeliness": (
            "CASE WHEN NOT (r5 < 0.93 AND end_day < %(today)s) THEN '' "
            "WHEN end_day < received_day + span THEN 'early' "
            "WHEN end_day = received_day + span THEN 'on_time' ELSE 'late' END"
        ),
        "closed_at": (
            "CASE WHEN r5 >= 0.93 AND r5 < 0.985 AND end_day < %(today)s THEN "
            "(end_day + time '11:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END"
        ),
        "paused_since": (
            "CASE WHEN NOT (r5 < 0.985 AND end_day < %(today)s) AND r9 < 0.25 THEN "
            "received_at + interval '1 day' END"
        ),
        "created_at": "received_at",
        "updated_at": "received_at",
    }
    fields = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    select = ", ".join(dossier_cols.get(f.column, _default_sql(f)) for f in fields)
    params = {
        "today": f"date '{today.isoformat()}'",
        "first": f"'{first.isoformat()} 00:00+07'",
        "days": 365 * YEARS,
        "nv": len(rows),
    }
    lives = f"""
        SELECT g, v.version_id, v.case_id, v.agency_id, v.span, r.received_at, r.age,
               r.received_day,
               ((r.received_day + v.span) + time '16:30') AT TIME ZONE 'Asia/Ho_Chi_Minh'
                   AS due_at,
               r.received_day + floor(v.span * 1.4 * (0.3 + r.r6 * 0.95))::int AS end_day,
               r.r5, r.r7, r.r8, r.r9
        FROM (
            SELECT g, received_at, (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                       AS received_day,
                   extract(epoch FROM received_at - {params["first"]}::timestamptz)
                       / (86400.0 * {params["days"]}) AS age,
                   r1, r5, r6, r7, r8, r9
            FROM (
                SELECT g,
                       {params["first"]}::timestamptz
                           + floor(random() * {params["days"]}) * interval '1 day'
                           + (8 + random() * 9) * interval '1 hour' AS received_at,
                       random() AS r1, random() AS r5, random() AS r6, random() AS r7,
                       random() AS r8, random() AS r9
                FROM generate_series({existing + 1}, {n}) AS g
            ) raw
        ) r
        JOIN (VALUES {values}) AS v(idx, version_id, case_id, agency_id, span)
          ON v.idx = 1 + floor(power(r.r1, 2.2) * {params["nv"]})::int
    """
    sql = (
        f"INSERT INTO dossiers_dossier ({columns}) SELECT {select % params} FROM ({lives}) AS life"
    )
    pause_fields = [f for f in DossierPause._meta.concrete_fields if not f.primary_key]
    pause_cols = {
        "dossier_id": "d.id",
        "kind": "'supplement'",
        "started_at": "d.received_at + interval '1 day'",
        "ended_at": (
            "CASE WHEN d.status = 5 THEN NULL ELSE LEAST(d.received_at + "
            "(2 + d.id %% 5) * interval '1 day', COALESCE(d.resolved_at, d.closed_at)) END"
        ),
        "reason": "'Bổ sung giấy tờ'",
    }
    pause_sql = (
        f"INSERT INTO dossiers_dossierpause "
        f"({', '.join(f.column for f in pause_fields)}) "
        f"SELECT {', '.join(pause_cols.get(f.column, _default_sql(f)) for f in pause_fields)} "
        f"FROM dossiers_dossier d WHERE d.code LIKE 'G%%' AND d.id > %(after)s "
        f"AND (d.status = 5 OR ((d.id * 2654435761) %% 1000 < 100 "
        f"AND COALESCE(d.resolved_at, d.closed_at, 'infinity') > d.received_at + interval '1 day'))"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(max(id), 0) FROM dossiers_dossier")
        after = cursor.fetchone()[0]
        cursor.execute("SELECT setseed(%s)", [(SEED % 1000) / 1000])
        cursor.execute(sql)
        cursor.execute(pause_sql, {"after": after})
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_dossierpause")
    return time.perf_counter() - started


_RECOUNT = """
WITH l AS (
    SELECT d.id, d.channel, d.status,
           (d.received_at AT TIME ZONE %(tz)s)::date AS received_on,
           (d.legal_due_at AT TIME ZONE %(tz)s)::date AS due_on,
           (COALESCE(d.resolved_at, d.closed_at) AT TIME ZONE %(tz)s)::date AS ended_on,
           d.resolved_at IS NOT NULL AS resolved, d.timeliness
    FROM dossiers_dossier d WHERE d.received_at IS NOT NULL
), c AS (
    SELECT l.*,
           received_on < %(start)s AS carried,
           ended_on IS NOT NULL AND ended_on <= %(end)s AS ended_in,
           EXISTS (
               SELECT 1 FROM dossiers_dossierpause p WHERE p.dossier_id = l.id
               AND (p.started_at AT TIME ZONE %(tz)s)::date <= %(end)s
               AND (p.ended_at IS NULL OR (p.ended_at AT TIME ZONE %(tz)s)::date > %(end)s)
           ) AS paused_at_end
    FROM l
    WHERE received_on <= %(end)s AND (ended_on IS NULL OR ended_on >= %(start)s)
)
SELECT
    COUNT(*) FILTER (WHERE carried),
    COUNT(*) FILTER (WHERE NOT carried AND channel = 2),
    COUNT(*) FILTER (WHERE NOT carried AND channel <> 2),
    COUNT(*) FILTER (WHERE ended_in AND resolved AND timeliness = 'early'),
    COUNT(*) FILTER (WHERE ended_in AND resolved AND timeliness = 'on_time'),
    COUNT(*) FILTER (WHERE ended_in AND resolved AND timeliness = 'late'),
    COUNT(*) FILTER (WHERE NOT ended_in AND NOT paused_at_end
                     AND (due_on IS NULL OR due_on >= %(end)s)),
    COUNT(*) FILTER (WHERE NOT ended_in AND NOT paused_at_end AND due_on < %(end)s),
    COUNT(*) FILTER (WHERE NOT ended_in AND paused_at_end),
    COUNT(*) FILTER (WHERE ended_in AND NOT resolved)
FROM c
"""


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
        cursor.execute("SET enable_indexscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        cursor.execute("SET enable_indexonlyscan = off")
        cursor.execute(
            "SELECT lead_agency_id, status, count(*), count(resolved_at) "
            "FROM dossiers_dossier GROUP BY 1, 2"
        )
        cursor.fetchall()
        cursor.execute("RESET enable_indexscan")
        cursor.execute("RESET enable_bitmapscan")
        cursor.execute("RESET enable_indexonlyscan")


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
        rebuild = refresh_summaries(rebuild=True).seconds
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE reports_flowday")
            cursor.execute("VACUUM ANALYZE reports_openday")
        scan = _median(_scan, 3)
        report = _median(lambda: form06(period=period), 7)
        result = form06(period=period)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                _RECOUNT, {"tz": settings.TIME_ZONE, "start": period.start, "end": period.end}
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


if __name__ == "__main__":
    main()
