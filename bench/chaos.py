# SPDX-License-Identifier: MPL-2.0
"""`make chaos`: the fault drill of issue #10.

    python bench/chaos.py --yes [--private-pg] [--keep] [--rate 40] [--seconds 75]

WARNING: by default this kills the local PostgreSQL server (kill -9 of its postmaster) and
restarts it with pg_ctlcluster: every other client of that server loses its connection and
its transaction in progress (other people's tests, a data-set generation). It refuses to run
without --yes (or CHAOS_OK=1), and refuses while other databases of the server have client
sessions unless --disrupt-others is given. --private-pg runs the drill against a throwaway
PostgreSQL cluster of its own (initdb in a temporary directory, a free port) instead,
disturbs nobody and needs no --yes.

Under G1 load (online API submissions without a file, at most 8 in flight) on gunicorn with
the production settings (2 workers):

1. A database of its own, `motcua_chaos` (dropped and created): migrate, load_demo, prepare.
2. An open loop at --rate submissions/s for --seconds; each request is tagged
   `CHAOS<stamp>-<i>` in the applicant's name and carries Idempotency-Key = the tag.
3. At t ≈ 10 s every gunicorn worker is killed with SIGKILL (the master forks new ones).
4. At t ≈ 30 s the PostgreSQL postmaster is killed with SIGKILL and started again.
5. After the load, every request not acknowledged (transport error or 5xx) is sent again
   with its same key, every 0.5 s, until 201 or 60 s have passed: a replayed key must
   answer the first dossier, never create a second one.
6. Checks: every acknowledged submission exists exactly once with its content, no tag is in
   the database twice, every request ends acknowledged, and each recovery (from a kill to
   the first 201 of a request sent after it) takes < 60 s.

Prints a table, writes bench/results/chaos-<stamp>.json, exits 1 if a check fails. The
database is dropped at the end (kept with --keep), and PostgreSQL is always left running.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import loadgen  # noqa: E402
from bench.harness.procs import (  # noqa: E402
    HOST,
    PROXY_HEADERS,
    BenchError,
    Server,
    free_port,
    gunicorn,
    manage,
    production_env,
)
from bench.run import acks_of, app, demo, submit_body, write_acks  # noqa: E402

PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = "motcua_chaos"  # the only database this drill creates, writes or drops
RESULTS = ROOT / "bench" / "results"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
RECOVERY_LIMIT = 60.0  # seconds, issue #10
RETRY_BUDGET = 60.0  # seconds of client retries after the load
RETRY_PAUSE = 0.5
CONCURRENCY = 8
TIMEOUT = 5.0  # per request
PG_START_BUDGET = 60.0


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- pure parts


def retryable(result: loadgen.Result) -> bool:
    """What the drill's client sends again with the same key: no answer, or a 5xx."""
    return result.status == 0 or result.status >= 500


def recovery(results: Iterable[loadgen.Result], since: float) -> float | None:
    """Seconds from `since` to the end of the first 201 of a request sent after it."""
    first = min((r.done for r in results if r.status == 201 and r.sent >= since), default=None)
    return None if first is None else round(first - since, 3)


def outcome(result: loadgen.Result) -> str:
    return str(result.status) if result.status else f"0 {result.error}"


def phases(results: Iterable[loadgen.Result], marks: dict[str, float]) -> dict[str, dict[str, int]]:
    """Outcomes (status, or 0 and the transport error) per phase between the marks."""
    ordered = sorted(marks.items(), key=lambda kv: kv[1])
    out: dict[str, Counter[str]] = {"before": Counter()}
    for name, _ in ordered:
        out[f"after {name}"] = Counter()
    for r in results:
        phase = "before"
        for name, at in ordered:
            if r.sent >= at:
                phase = f"after {name}"
        out[phase][outcome(r)] += 1
    return {k: dict(v) for k, v in out.items()}


def log_evidence(text: str, limit: int = 12) -> dict[str, Any]:
    """What the server log says about the faults: exception lines counted, worker events."""
    exceptions = Counter(
        line.strip()[:200]
        for line in text.splitlines()
        if re.match(r"^\s*(\w+\.)*\w+(Error|Exception|Exit)\b.*", line) and "Traceback" not in line
    )
    samples: dict[str, str] = {}  # one traceback per distinct last line, the first seen
    for block in text.split("Traceback (most recent call last):")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        last = next(
            (line.strip() for line in lines if re.match(r"^(\w+\.)*\w+(Error|Exception)\b", line)),
            "",
        )
        if last and "OperationalError" not in last and last[:200] not in samples:
            samples[last[:200]] = "\n".join(lines[:60])[-3000:]
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "samples": dict(list(samples.items())[:limit]),
        "workers_booted": text.count("Booting worker"),
        "workers_killed": len(re.findall(r"Worker \(pid:\d+\) was sent SIGKILL", text)),
        "exceptions": dict(exceptions.most_common(limit)),
    }


def checks_of(report: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """(name, passed, detail) of every check of the drill."""
    v = report.get("verify") or {}
    out: list[tuple[str, bool, str]] = []

    def zero(name: str, value: Any) -> None:
        out.append((name, value == 0, str(value)))

    def fast(name: str, seconds: Any) -> None:
        ok = seconds is not None and seconds < RECOVERY_LIMIT
        out.append((name, ok, "never" if seconds is None else f"{seconds:.2f} s"))

    zero("acknowledged but missing", v.get("missing"))
    zero("wrong content", v.get("wrong_content"))
    zero("duplicates (a tag twice in the database)", v.get("duplicates"))
    zero("never acknowledged", report.get("never_acknowledged"))
    fast("worker-kill recovery < 60 s", report.get("recovery_workers"))
    fast("PostgreSQL-kill recovery < 60 s", report.get("recovery_postgres"))
    out.append(("PostgreSQL up at the end", bool(report.get("postgres_up_at_end")), ""))
    return out


# --------------------------------------------------------------------------- PostgreSQL


def sql(url: str, statement: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        cursor = conn.execute(statement)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (a container's init may not reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL's tools refuse to run as root: run them as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A PostgreSQL server the drill may kill and start again."""

    url: str  # postgres://user@host:port, no database

    def setup(self) -> None: ...

    def teardown(self, keep: bool) -> None: ...

    def start(self) -> subprocess.CompletedProcess[str]:
        raise NotImplementedError

    def data_directory(self) -> Path:
        return Path(sql(f"{self.url}/postgres", "SHOW data_directory")[0][0])

    def ready(self) -> bool:
        parts = urlsplit(self.url)
        command = ["pg_isready", "-q", "-h", parts.hostname or HOST, "-p", str(parts.port or 5432)]
        command += ["-U", parts.username or "postgres"]
        return subprocess.run(command, check=False, timeout=15).returncode == 0

    def others(self) -> dict[str, int]:
        """Client sessions of other databases (other people's work a kill would break)."""
        rows = sql(
            f"{self.url}/postgres",
            "SELECT datname, count(*) FROM pg_stat_activity WHERE backend_type = "
            f"'client backend' AND pid <> pg_backend_pid() AND datname <> '{DATABASE}' "
            "GROUP BY datname ORDER BY datname",
        )
        return {str(name): int(count) for name, count in rows}

    def crash_and_restart(self) -> dict[str, Any]:
        """kill -9 the postmaster, start the server again; times are perf_counter()."""
        pidfile = self.data_directory() / "postmaster.pid"
        pid = int(pidfile.read_text().split()[0])
        killed = time.perf_counter()
        os.kill(pid, signal.SIGKILL)
        while alive(pid) and time.perf_counter() < killed + 10:
            time.sleep(0.05)
        facts: dict[str, Any] = {"postmaster_pid": pid, "killed_at": killed, "start_attempts": 0}
        # the new postmaster refuses to start while backends of the old one still hold its
        # shared memory: they notice the postmaster's death and exit on their own
        errors: list[str] = []
        while time.perf_counter() < killed + PG_START_BUDGET:
            facts["start_attempts"] += 1
            done = self.start()
            if done.returncode == 0 and self.ready():
                break
            errors.append((done.stdout + done.stderr).strip()[-300:])
            time.sleep(0.5)
        facts["ready_after"] = round(time.perf_counter() - killed, 3) if self.ready() else None
        facts["start_errors"] = errors[-3:]
        return facts

    def ensure_up(self) -> bool:
        deadline = time.monotonic() + PG_START_BUDGET
        while not self.ready() and time.monotonic() < deadline:
            self.start()
            time.sleep(1)
        return self.ready()


class SystemPostgres(Postgres):
    """The machine's cluster (BENCH_PG_URL), started again with pg_ctlcluster."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cluster: tuple[str, str] | None = None

    def setup(self) -> None:
        if not self.ready():
            raise BenchError(f"PostgreSQL at {self.url} is not running")
        data = self.data_directory()  # /var/lib/postgresql/<version>/<cluster>
        versions = sorted(
            os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
        )
        version = data.parent.name if data.parent.name in versions else versions[-1]
        self.cluster = (version, data.name)

    def start(self) -> subprocess.CompletedProcess[str]:
        if self.cluster is None:
            raise BenchError("SystemPostgres.setup() was not called")
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", *self.cluster, "start"]
        return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


class PrivatePostgres(Postgres):
    """A throwaway cluster of the drill's own: initdb in a temporary directory, free port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"postgres://postgres@{HOST}:{self.port}"
        self.dir = Path(tempfile.mkdtemp(prefix="motcua-chaos-pg-"))
        self.data = self.dir / "data"
        self.bin = Path(self._bindir())

    @staticmethod
    def _bindir() -> str:
        found = shutil.which("pg_config")
        if found:
            out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
            if out.returncode == 0 and (Path(out.stdout.strip()) / "initdb").exists():
                return out.stdout.strip()
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not candidates:
            raise BenchError("initdb not found (Debian: apt-get install postgresql)")
        return str(candidates[-1].parent)

    def setup(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        command = [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres"]
        command += ["-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
        done = subprocess.run(
            as_postgres(command), capture_output=True, text=True, timeout=300, check=False
        )
        if done.returncode:
            raise BenchError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        done = self.start()
        if done.returncode or not self.ready():
            raise BenchError(f"the private PostgreSQL did not start:\n{done.stdout}\n{done.stderr}")

    def start(self) -> subprocess.CompletedProcess[str]:
        options = f"-p {self.port} -c listen_addresses={HOST} -k {self.dir} -c max_connections=100"
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log")]
        command += ["-w", "-t", "60", "-o", options, "start"]
        return subprocess.run(
            as_postgres(command), capture_output=True, text=True, timeout=90, check=False
        )

    def teardown(self, keep: bool) -> None:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
        subprocess.run(as_postgres(command), capture_output=True, timeout=60, check=False)
        if keep:
            log(f"private cluster kept (stopped) in {self.data}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------- the drill


def sleep_until(moment: float) -> None:
    delay = moment - time.perf_counter()
    if delay > 0:
        time.sleep(delay)


class Drill:
    def __init__(self, args: argparse.Namespace, pg: Postgres, server: Server) -> None:
        self.args = args
        self.pg = pg
        self.server = server
        self.stamp = args.stamp
        self.marker = f"CHAOS{self.stamp.replace('-', '')}"
        self.prepared: dict[str, Any] = args.prepared

    def request(self, i: int) -> loadgen.Request:
        tag = f"{self.marker}-{i}"
        headers = (
            *PROXY_HEADERS,
            ("Authorization", f"Bearer {self.prepared['token']}"),
            ("Idempotency-Key", tag),
            ("Content-Type", "application/json"),
        )
        body = submit_body(self.prepared["payload"], tag)
        return loadgen.Request("POST", "/api/v1/dossiers", headers, body, tag)

    def load_with_faults(self, report: dict[str, Any]) -> loadgen.Run:
        args = self.args
        box: dict[str, Any] = {}

        def load() -> None:
            try:
                box["run"] = loadgen.open_loop(
                    host=HOST,
                    port=self.server.port,
                    make_request=self.request,
                    rate=args.rate,
                    duration=args.seconds,
                    connections=CONCURRENCY,
                    timeout=TIMEOUT,
                    keep_response=True,
                )
            except BaseException as exc:  # reported by the main thread
                box["error"] = exc

        t0 = time.perf_counter()
        thread = threading.Thread(target=load, name="chaos-load", daemon=True)
        thread.start()
        log(f"load: {args.rate:g} submissions/s for {args.seconds:g} s, ≤ {CONCURRENCY} in flight")

        sleep_until(t0 + args.kill_workers_at)
        old = self.server.worker_pids()
        killed = time.perf_counter()
        for pid in old:
            os.kill(pid, signal.SIGKILL)
        log(f"t={killed - t0:5.1f} s  kill -9 gunicorn workers {old}")
        respawned = None
        while time.perf_counter() < killed + 30:
            now = self.server.worker_pids()
            if len(now) >= len(old) and not set(now) & set(old):
                respawned = round(time.perf_counter() - killed, 3)
                break
            time.sleep(0.05)
        report["workers_killed"] = old
        report["workers_respawned_after"] = respawned
        report["workers_killed_at"] = round(killed - t0, 3)

        sleep_until(t0 + args.kill_pg_at)
        others = self.pg.others()
        if others and not args.disrupt_others:
            report["postgres_kill"] = {"skipped": f"other sessions appeared: {others}"}
            log(f"PostgreSQL NOT killed: other databases have sessions {others}")
        else:
            log(f"t={time.perf_counter() - t0:5.1f} s  kill -9 the PostgreSQL postmaster")
            facts = self.pg.crash_and_restart()
            log(
                f"          PostgreSQL ready after {facts['ready_after']} s "
                f"({facts['start_attempts']} start attempt(s))"
            )
            report["postgres_kill"] = facts | {"killed_at": round(facts["killed_at"] - t0, 3)}
            report["_pg_killed"] = facts["killed_at"]

        # an overloaded server falls behind and the open loop never skips a request: at
        # worst every request waits for its whole timeout, CONCURRENCY at a time
        thread.join(args.rate * args.seconds * TIMEOUT / CONCURRENCY + 120)
        if "error" in box:
            raise box["error"]
        if "run" not in box:
            raise BenchError("the load did not finish")
        run: loadgen.Run = box["run"]
        report["recovery_workers"] = recovery(run.results, killed)
        pg_killed = report.pop("_pg_killed", None)
        report["recovery_postgres"] = (
            recovery(run.results, pg_killed) if pg_killed is not None else None
        )
        marks = {"worker kill": killed}
        if pg_killed is not None:
            marks["PostgreSQL kill"] = pg_killed
        report["load"] = run.summary()
        report["outcomes"] = phases(run.results, marks)
        return run

    def retry(self, run: loadgen.Run, report: dict[str, Any]) -> list[loadgen.Result]:
        """Send every retryable request again with its key until 201 or the budget is out."""
        pending = {r.index for r in run.results if retryable(r)}
        report["retried"] = len(pending)
        final: dict[int, loadgen.Result] = {}
        acked: list[loadgen.Result] = []
        deadline = time.perf_counter() + RETRY_BUDGET
        rounds = 0
        while pending and time.perf_counter() < deadline:
            time.sleep(RETRY_PAUSE)
            rounds += 1
            batch = sorted(pending)
            again = loadgen.closed_loop(
                host=HOST,
                port=self.server.port,
                make_request=lambda k, batch=batch: self.request(batch[k]),
                concurrency=CONCURRENCY,
                count=len(batch),
                timeout=TIMEOUT,
                keep_response=True,
            )
            for result in again.results:
                index = batch[result.index]
                final[index] = result
                if not retryable(result):
                    pending.discard(index)
                    if result.status == 201:
                        acked.append(result)
        refused = {i: r for i, r in final.items() if not retryable(r) and r.status != 201}
        report["retry_rounds"] = rounds
        report["retry_acknowledged"] = len(acked)
        report["retry_replayed"] = sum(
            1 for r in acked if r.headers.get("idempotent-replayed") == "true"
        )
        report["retry_refused"] = {
            str(i): {
                "tag": r.tag,
                "status": r.status,
                "body": r.body.decode(errors="replace")[:300],
            }
            for i, r in sorted(refused.items())[:10]
        }
        report["retry_refused_count"] = len(refused)
        report["retry_still_failing"] = len(pending)
        report["never_acknowledged"] = len(refused) + len(pending)
        return acked

    def verify(self, acks: list[dict[str, str]], report: dict[str, Any], work: Path) -> None:
        path = write_acks(work / "acks.jsonl", acks)
        report["verify"] = app(
            self.server.env, "verify", "--acks", str(path), "--marker", self.marker
        )
        db = f"{self.pg.url}/{DATABASE}"
        # a key remembered without its dossier: the request died between the two writes
        rows = sql(
            db,
            "SELECT count(*) FILTER (WHERE result = ''), count(*) FROM clients_idempotencykey "
            f"WHERE key LIKE '{self.marker}-%'",
        )
        report["idempotency_keys"] = {"without_result": rows[0][0], "total": rows[0][1]}
        v = report["verify"]
        report["in_database_unacknowledged"] = v["in_database"] - v["acknowledged"]


# --------------------------------------------------------------------------- main


def table(report: dict[str, Any], checks: list[tuple[str, bool, str]]) -> str:
    v = report.get("verify") or {}

    def secs(value: Any) -> str:
        return "—" if value is None else f"{value:.2f}"

    rows = [
        ("requests sent", report.get("load", {}).get("count", "—")),
        ("acknowledged", v.get("acknowledged", "—")),
        ("  of which after a retry", report.get("retry_acknowledged", "—")),
        ("  of which replayed (Idempotent-Replayed)", report.get("retry_replayed", "—")),
        ("in database", v.get("in_database", "—")),
        ("in database, never acknowledged", report.get("in_database_unacknowledged", "—")),
        ("missing", v.get("missing", "—")),
        ("wrong content", v.get("wrong_content", "—")),
        ("duplicates", v.get("duplicates", "—")),
        ("never acknowledged", report.get("never_acknowledged", "—")),
        ("worker-kill recovery s", secs(report.get("recovery_workers"))),
        ("PostgreSQL-kill recovery s", secs(report.get("recovery_postgres"))),
        ("PostgreSQL ready after kill s", secs(report.get("postgres_kill", {}).get("ready_after"))),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"  {name:<{width}}  {value}" for name, value in rows]
    lines.append("")
    for name, ok, detail in checks:
        lines.append(f"  [{'pass' if ok else 'FAIL'}] {name}{f' ({detail})' if detail else ''}")
    verdict = "PASS" if checks and all(ok for _, ok, _ in checks) else "FAIL"
    lines.append(f"\n  drill: {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--yes", action="store_true", help="yes, kill PostgreSQL")
    parser.add_argument("--private-pg", action="store_true", help="a throwaway cluster of its own")
    parser.add_argument(
        "--disrupt-others", action="store_true", help="kill the server despite others' sessions"
    )
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database")
    parser.add_argument("--rate", type=float, default=40.0, help="submissions per second")
    parser.add_argument("--seconds", type=float, default=75.0, help="length of the load")
    parser.add_argument("--kill-workers-at", type=float, default=10.0, metavar="S")
    parser.add_argument("--kill-pg-at", type=float, default=30.0, metavar="S")
    args = parser.parse_args(argv)
    if not (args.yes or args.private_pg or os.environ.get("CHAOS_OK") == "1"):
        log(
            "bench/chaos.py kills and restarts the local PostgreSQL server (every client of it "
            "is cut off).\nRun it with --yes or CHAOS_OK=1, or with --private-pg for a "
            "throwaway cluster of its own."
        )
        return 2
    args.stamp = datetime.now(LOCAL).strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="motcua-chaos-"))
    pg: Postgres = PrivatePostgres() if args.private_pg else SystemPostgres(PG)
    report: dict[str, Any] = {
        "stamp": args.stamp,
        "postgres": "private cluster" if args.private_pg else PG,
        "rate": args.rate,
        "seconds": args.seconds,
        "gunicorn_workers": 2,
        "concurrency": CONCURRENCY,
    }
    log(f"motcua fault drill {args.stamp} (PostgreSQL: {report['postgres']})")
    server_log = work / "gunicorn.log"
    created = False
    try:
        pg.setup()
        if not args.private_pg:
            others = pg.others()
            if others and not args.disrupt_others:
                raise BenchError(
                    f"other databases of {PG} have client sessions {others}: killing the server "
                    "would break them. Use --private-pg, or --disrupt-others if that is fine."
                )
        admin = f"{pg.url}/postgres"
        sql(admin, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        sql(admin, f'CREATE DATABASE "{DATABASE}"')
        created = True
        env = production_env(
            f"{pg.url}/{DATABASE}", workdir=work, SECRET_KEY=secrets.token_urlsafe(50)
        )
        log(f"database {DATABASE}: migrate, load_demo, collectstatic, prepare")
        demo(env)
        manage(env, "collectstatic", "--no-input", "-v", "0")
        args.prepared = app(env, "prepare", "--out", str(work / "codes.txt"), "--sample", "50")
        with gunicorn(env, log=server_log, workers=2) as server:
            drill = Drill(args, pg, server)
            report["marker"] = drill.marker
            run = drill.load_with_faults(report)
            log(f"load done: {report['outcomes']}")
            retried = drill.retry(run, report)
            log(
                f"retries: {report['retried']} requests, {report['retry_rounds']} round(s), "
                f"{report['retry_acknowledged']} acknowledged, "
                f"{report['retry_refused_count']} refused, "
                f"{report['retry_still_failing']} still failing"
            )
            acks = acks_of(run)
            for result in retried:
                acks.append({"code": json.loads(result.body)["code"], "tag": result.tag})
            drill.verify(acks, report, work)
    except Exception as exc:
        traceback.print_exc()
        report["error"] = f"{type(exc).__name__}: {exc}"[:2000]
    finally:
        report["postgres_up_at_end"] = pg.ensure_up()
        if not report["postgres_up_at_end"]:
            log(f"!!! PostgreSQL at {pg.url} is NOT running: start it by hand")
        if server_log.exists():
            report["server_log"] = log_evidence(server_log.read_text(errors="replace"))
        if created and not args.keep and report["postgres_up_at_end"]:
            try:
                sql(f"{pg.url}/postgres", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            except Exception as exc:
                log(f"could not drop {DATABASE}: {exc}")
        pg.teardown(args.keep)
        if args.keep:
            log(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    checks = checks_of(report)
    if "error" in report:
        checks.append(("the drill ran to the end", False, report["error"].splitlines()[0]))
    report["checks"] = [{"name": n, "passed": ok, "detail": d} for n, ok, d in checks]
    report["passed"] = all(ok for _, ok, _ in checks)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"chaos-{args.stamp}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    log("")
    log(table(report, checks))
    log(f"\n  results: {out.relative_to(ROOT)}")
    if report.get("server_log", {}).get("exceptions"):
        log("  server log exceptions (count):")
        for line, count in report["server_log"]["exceptions"].items():
            log(f"    {count:>5}  {line}")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
