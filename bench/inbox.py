"""Benchmark: desk inboxes of a restricted officer over 1,000,000 dossiers on PostgreSQL.

Run from the repository root:  python bench/inbox.py [N]   (default N = 1,000,000)

Creates (or reuses) the database in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/motcua_bench), migrates it, loads the demo province,
then fills `dossiers_dossier` with N generated rows spread over every agency of the demo
(one INSERT ... SELECT generate_series, so it takes seconds, not hours). It then times, for
the specialist `chuyenvien.stp` (Sở Tư pháp only), each inbox as the desk runs it (first
page of 25 rows plus the paginator's count) and the dashboard counts, and prints the
median of 7 runs, the number of rows in the officer's scope and whether the plan uses an
index. Figures only: nothing passes or fails here (issue #10 gates them).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("DEBUG", "true")


def _ensure_database() -> None:
    import psycopg

    name = URL.rsplit("/", 1)[1]
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _value_sql(field) -> str:  # type: ignore[no-untyped-def]
    """A SQL expression for a column not generated explicitly."""
    from django.db import models

    if field.null:
        return "NULL"
    if isinstance(field, models.BooleanField):
        return "false"
    if isinstance(field, models.JSONField):
        return "'{}'::jsonb"
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return "0"
    return "''"


GENERATED = {
    "code": "'BENCH-' || g",
    "procedure_version_id": "%(version)s",
    "case_id": "%(case)s",
    "rule_set": "'2025'",
    "channel": "1 + (g %% 3)",
    "status": "(ARRAY[1,2,4,4,4,5,6,9,10,10,10,10,3,7,8])[1 + (g %% 15)]",
    "receiving_agency_id": "(%(agencies)s)[1 + (g %% %(n_agencies)s)]",
    "lead_agency_id": "(%(agencies)s)[1 + (g %% %(n_agencies)s)]",
    "current_agency_id": "(%(agencies)s)[1 + (g %% %(n_agencies)s)]",
    "applicant_name": "'Người nộp ' || g",
    "applicant_identity": "lpad((34000000000 + g)::text, 12, '0')",
    "applicant_phone": "'09' || lpad((g %% 100000000)::text, 8, '0')",
    "applicant_kind": "'citizen'",
    "result_delivery": "'counter'",
    "version": "1",
    "submitted_at": "now() - (g %% 1800) * interval '1 day'",
    "received_at": "now() - (g %% 1800) * interval '1 day'",
    "due_at": "now() - (g %% 1800) * interval '1 day' + interval '7 days'",
    "legal_due_at": "now() - (g %% 1800) * interval '1 day' + interval '7 days'",
    "deadline_status": "(ARRAY['on_track','on_track','due_soon','overdue'])[1 + (g %% 4)]",
    "created_at": "now()",
    "updated_at": "now()",
}


def _fill(n: int) -> None:
    from django.db import connection

    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import Dossier
    from motcua.org.models import Agency

    existing = Dossier.objects.filter(code__startswith="BENCH-").count()
    if existing >= n:
        return
    version = ProcedureVersion.objects.filter(status="published").first()
    assert version is not None
    agencies = list(Agency.objects.filter(is_active=True).values_list("id", flat=True))
    fields = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    values = ", ".join(GENERATED.get(f.column, _value_sql(f)) for f in fields)
    params = {
        "version": version.pk,
        "case": version.cases.first().pk,  # type: ignore[union-attr]
        "agencies": "ARRAY[" + ",".join(map(str, agencies)) + "]",
        "n_agencies": len(agencies),
    }
    sql = (
        f"INSERT INTO dossiers_dossier ({columns}) SELECT {values % params} "
        f"FROM generate_series({existing + 1}, {n}) AS g"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.execute("ANALYZE dossiers_dossier")
    print(f"generated {n - existing:,} dossiers in {time.perf_counter() - started:.1f} s")


def _median_ms(run, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    _ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection

    from motcua.accounts.models import User
    from motcua.dossiers.selectors import (
        INBOXES,
        dossier_inbox_for_staff,
        dossier_list_for_staff,
        inbox_counts_for_staff,
    )

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", verbosity=0, stdout=quiet)
    _fill(n)
    officer = User.objects.get(username="chuyenvien.stp")
    scope = dossier_list_for_staff(user=officer).count()
    print(f"dossiers: {n:,}; in the officer's scope: {scope:,}")
    print(f"{'inbox':<14}{'page of 25 + count (ms)':>26}  plan")
    for inbox in INBOXES:
        query = dossier_inbox_for_staff(user=officer, inbox=inbox)

        def page(query=query) -> None:  # type: ignore[no-untyped-def]
            paginator = Paginator(query, 25)
            list(paginator.get_page(1))

        with connection.cursor() as cursor:
            sql, params = query[:25].query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
        uses_index = "Index" in plan or "Bitmap" in plan
        print(f"{inbox:<14}{_median_ms(page):>26.1f}  {'index' if uses_index else 'seq scan'}")
    counts = _median_ms(lambda: inbox_counts_for_staff(user=officer))
    print(f"{'dashboard counts':<14}{counts:>24.1f}")


if __name__ == "__main__":
    main()
