# SPDX-License-Identifier: MPL-2.0
"""The restore drill (issue #10): dump, restore into a new database, and the dossier count and
a checksum of dossier codes and statuses match (`scripts/restore_drill.sh`).

Backups are a PostgreSQL matter, so the drill always runs against PostgreSQL:
- on the suite's PostgreSQL run the source is pytest-django's own test database, filled through
  the dossier engine (walk-in receipts: events, files, audit entries) plus dossiers with a past,
  all committed (`transaction=True`) so that pg_dump, another session, sees them;
- on the SQLite run the test makes a dedicated PostgreSQL database on
  RESTORE_DRILL_SERVER_URL (default: CI's server, postgres://postgres@127.0.0.1:5432/postgres),
  migrated and filled the same way in a subprocess, and drops it afterwards.
Marked `postgres` like the project's other PostgreSQL tests, and like them never skipped in CI:
without a reachable server it fails there (and skips on a laptop without PostgreSQL, as the
browser tests do without Chromium).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DRILL = ROOT / "scripts" / "restore_drill.sh"
SERVER_URL = os.environ.get(
    "RESTORE_DRILL_SERVER_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
WALK_INS = 3
PAST = 40


def fill() -> int:
    """Dossiers of every kind the drill fingerprints; returns how many dossiers exist."""
    from motcua.dossiers.models import Dossier
    from motcua.testing.dossier_world import build_world, receive_walk_in
    from motcua.testing.report_world import past_dossier

    world = build_world()
    for _ in range(WALK_INS):
        receive_walk_in(world)  # events, files, audit entries, outbox rows
    for i in range(PAST):
        day = f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025"
        past_dossier(
            agency=world.stp,
            version=world.version,
            received=day,
            due=day,
            resolved=day if i % 3 else None,
            timeliness="on_time" if i % 3 else "",
        )
    return Dossier.objects.count()


def _url(*, user: str, password: str, host: str, port: str, name: str) -> str:
    auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return f"postgres://{auth}@{host}{f':{port}' if port else ''}/{quote(name, safe='')}"


def _with_name(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/" + name


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "MOTCUA_PYTHON": sys.executable, "MOTCUA_ENV_FILE": "/dev/null", **extra}


def _drill(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(DRILL), *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
        check=False,
    )


def _server_or_skip() -> None:
    try:
        psycopg.connect(SERVER_URL, connect_timeout=3, autocommit=True).close()
    except psycopg.OperationalError as exc:
        message = f"the restore drill needs PostgreSQL at {SERVER_URL}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def dedicated_source():
    """For the SQLite run: a migrated, filled PostgreSQL database of our own."""
    _server_or_skip()
    name = f"motcua_drill_src_{os.getpid()}_{secrets.token_hex(3)}"
    url = _with_name(SERVER_URL, name)
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = _env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="motcua.settings_test")
        for command in (
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from tests.ops.test_restore_drill import fill; print(fill())",
            ],
        ):
            subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=600)
        yield url
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source_url(request) -> str:
    """The database to drill: the suite's own on PostgreSQL, else a dedicated one."""
    if connection.vendor != "postgresql":
        return request.getfixturevalue("dedicated_source")
    assert fill() == WALK_INS + PAST
    s = connection.settings_dict
    return _url(
        user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"], name=s["NAME"]
    )


def _databases(url: str) -> set[str]:
    with psycopg.connect(url, autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def test_a_restored_dump_has_the_same_dossiers_and_a_sound_audit_chain(source_url):
    result = _drill(source_url)

    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    dossiers = next(line for line in out.splitlines() if "dossiers (code:status)" in line)
    assert dossiers.split()[-3:] == [str(WALK_INS + PAST), str(WALK_INS + PAST), "equal"]
    assert "audit entries" in out and "DIFFERENT" not in out
    assert "verify_audit (copy)" in out and "FAILED" not in out
    for timed in ("pg_dump -Fc", "pg_restore", "drop copy"):
        assert timed in out
    assert "restore drill: OK" in out
    copy_name = out.splitlines()[0].rsplit("/", 1)[1]  # "restore drill: <source> -> <copy>"
    assert "_drill_" in copy_name
    assert copy_name not in _databases(source_url)  # dropped


def test_it_catches_a_copy_whose_statuses_or_audit_entries_differ(source_url):
    kept = _drill("--keep-copy", "--no-audit", source_url)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    copy = next(line[6:] for line in kept.stdout.splitlines() if line.startswith("copy: "))
    try:
        assert _drill("--compare", source_url, copy).returncode == 0
        with psycopg.connect(copy, autocommit=True) as conn:
            # Same count, one status changed: only the checksum can tell.
            conn.execute(
                "UPDATE dossiers_dossier SET status = status + 1 "
                "WHERE id = (SELECT min(id) FROM dossiers_dossier)"
            )
            conn.execute(
                "UPDATE audit_auditentry SET summary = summary || '.' "
                "WHERE sequence = (SELECT min(sequence) FROM audit_auditentry)"
            )

        result = _drill("--compare", source_url, copy)

        assert result.returncode == 1, result.stdout + result.stderr
        lines = result.stdout.splitlines()
        dossiers = next(line for line in lines if "dossiers (code:status)" in line)
        assert dossiers.split()[-1] == "DIFFERENT"
        assert "verify_audit (copy)" in result.stdout and "FAILED" in result.stdout
        assert "compare: MISMATCH" in result.stdout
    finally:
        with psycopg.connect(source_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{copy.rsplit("/", 1)[1]}" WITH (FORCE)')
