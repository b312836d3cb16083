# SPDX-License-Identifier: MPL-2.0
"""What the run ran on, and the calibration block measured before and after the scenarios."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import time
from typing import Any

from bench.harness.procs import ROOT, pgbench

NOISE_LIMIT = 0.15


def _run(*command: str) -> str:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=30, check=False, cwd=ROOT
        ).stdout.strip()
    except OSError:
        return ""


def environment(admin_url: str) -> dict[str, Any]:
    import django
    import gunicorn
    import psycopg

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _run("lscpu").splitlines()
            if line.startswith("Model name")
        ),
        platform.processor(),
    )
    with psycopg.connect(admin_url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        settings = dict(
            conn.execute(
                "SELECT name, setting || coalesce(' ' || unit, '') FROM pg_settings "
                "WHERE source NOT IN ('default', 'override', 'client', 'session') "
                "AND name NOT LIKE 'lc_%' ORDER BY name"
            ).fetchall()
        )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    dirty = bool(_run("git", "status", "--porcelain", "--untracked-files=no"))
    return {
        "cpu": cpu,
        "cpus": len(os.sched_getaffinity(0)),
        "memory_gb": round(memory, 1),
        "kernel": platform.release(),
        "postgresql": version,
        "postgresql_settings": settings,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "psycopg": psycopg.__version__,
        "wrk": _run("wrk", "-v").splitlines()[0] if _run("wrk", "-v") else "",
        "pgbench": _run("pgbench", "--version"),
        "commit": _run("git", "rev-parse", "--short", "HEAD") + ("+dirty" if dirty else ""),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def _cpu_rate(seconds: float = 2.0) -> float:
    """Single-core work per second: SHA-256 of 64 KiB blocks in pure Python calls."""
    block = os.urandom(65536)
    count = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(50):
            hashlib.sha256(block).digest()
        count += 50
    return count / seconds


def calibrate(database_url: str) -> dict[str, float]:
    """The machine at its best on trivial work: one core hashing, and PostgreSQL answering
    SELECT 1 to 8 clients. Measured before and after the scenarios."""
    return {
        "cpu_hashes_per_s": round(_cpu_rate(), 1),
        "pg_select1_tps": round(pgbench(database_url, "SELECT 1;\n", clients=8, seconds=5).tps, 1),
    }


def compare(before: dict[str, float], after: dict[str, float]) -> dict[str, Any]:
    drift = {key: abs(after[key] - before[key]) / before[key] for key in before if before[key]}
    return {
        "before": before,
        "after": after,
        "drift": {key: round(value, 3) for key, value in drift.items()},
        "noisy": any(value > NOISE_LIMIT for value in drift.values()),
    }
