# SPDX-License-Identifier: MPL-2.0
"""`make bench`: every figure of issue #10 next to its reference, measured in one run.

    python bench/run.py [--only G1,G3,...] [--seconds 8] [--repetitions 3] [--quick]

What it does (docs/benchmarks.md explains each figure):

1. Checks its tools (wrk, pgbench, faketime), records the machine, and makes or reuses the
   data sets on PostgreSQL (127.0.0.1:5432 unless BENCH_PG_URL says otherwise) with the
   synthetic province generator: 1 M dossiers with their timelines (the load scenarios),
   1 M, 10 M and 50 M without (lookups and reports at scale). Made once, reused after.
2. Calibration block: one core hashing and PostgreSQL answering SELECT 1.
3. The scenarios, each interleaved with its reference A B A B A B; the figure is the median
   of the per-pair ratios. Throughput ceilings come from wrk (closed loop); latency
   percentiles from an open-loop, constant-arrival-rate client (bench/harness/loadgen.py)
   at a stated rate. Servers are gunicorn with the production settings on loopback.
4. Correctness: every acknowledged submission exists exactly once with its content; files
   match their hash with no orphan; codes have no gap and no duplicate per unit and day.
5. Calibration block again (a drift over 15 % marks the run noisy); results as JSON and
   Markdown under bench/results/, the table printed.

Writes go to a throwaway copy of the 1 M data set, dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
import traceback
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import loadgen  # noqa: E402
from bench.harness.app import INBOX  # noqa: E402
from bench.harness.figures import (  # noqa: E402
    Check,
    Figure,
    describe,
    latest,
    markdown,
    write,
)
from bench.harness.machine import calibrate, compare, environment  # noqa: E402
from bench.harness.procs import (  # noqa: E402
    HOST,
    PROXY_HEADERS,
    BenchError,
    Server,
    gunicorn,
    manage,
    pgbench,
    production_env,
    python,
    require,
    wrk,
)
from bench.harness.recount import NO_INDEX_SCANS, SCAN  # noqa: E402

PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
SEED = int(os.environ.get("BENCH_SEED", "2026"))
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

#: name → (dossiers, with timelines)
DATASETS = {
    "1m_ev": (1_000_000, True),
    "1m": (1_000_000, False),
    "10m": (10_000_000, False),
    "50m": (50_000_000, False),
}
QUICK_DATASETS = {
    "1m_ev": (100_000, True),
    "1m": (100_000, False),
    "10m": (300_000, False),
    "50m": (600_000, False),
}
#: open-loop arrival rates (requests per second) at which latency percentiles are stated
RATES = {"G1": 100.0, "G2": 10.0, "G3": 100.0, "G4": 20.0, "G8": 100.0}
ALL = ["DUE", "G1", "G2", "G3", "G4", "G5", "G7", "G8", "G10", "G12"]


def log(message: str) -> None:
    print(message, flush=True)


def url(name: str) -> str:
    return f"{PG}/{name}"


def psql(database: str, sql: str, *, timeout: float = 3600) -> str:
    import psycopg

    with psycopg.connect(url(database), autocommit=True) as conn:
        cursor = conn.execute(sql)  # type: ignore[arg-type]
        rows = cursor.fetchall() if cursor.description else []
    return "\n".join("|".join(str(v) for v in row) for row in rows)


def exists(database: str) -> bool:
    return bool(psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{database}'"))


# --------------------------------------------------------------------------- data sets


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.seconds = args.seconds
        self.reps = args.repetitions
        self.stamp = datetime.now(LOCAL).strftime("%Y%m%d-%H%M%S")
        self.marker = f"BENCH{self.stamp.replace('-', '')}"
        self.work = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
        self.datasets = QUICK_DATASETS if args.quick else DATASETS
        self.facts: dict[str, Any] = {}
        self.static_done = False
        self.prepared: dict[str, dict[str, Any]] = {}
        # one key for every process of the run: sessions made by `prepare` must be valid
        # in the servers (the session hash is keyed by it)
        self.secret = secrets.token_urlsafe(50)

    def dbname(self, key: str) -> str:
        size, _ = self.datasets[key]
        return f"motcua_bench_{key}_{size}_s{SEED}"

    def dataset(self, key: str) -> str:
        """The database of data set `key`, generated if missing or incomplete."""
        size, events = self.datasets[key]
        name = self.dbname(key)
        count = 0
        if exists(name):
            try:
                count = int(psql(name, "SELECT count(*) FROM dossiers_dossier") or 0)
                done = psql(name, "SELECT 1 FROM bench_dataset") if count else ""
            except Exception:
                done = ""
            if count >= size and done:
                self.facts.setdefault(key, {"dossiers": count, "generated_now": False})
                return name
            psql("postgres", f'DROP DATABASE "{name}" WITH (FORCE)')
        psql("postgres", f'CREATE DATABASE "{name}"')
        log(f"  generating {key}: {size:,} dossiers{' with timelines' if events else ''} …")
        started = time.perf_counter()
        options = ["--dossiers", str(size), "--seed", str(SEED), "--database-url", url(name)]
        env = dict(os.environ, MOTCUA_ENV_FILE="/dev/null", DEBUG="true")
        manage(
            env, "generate_province", *options, *(["--events"] if events else []), timeout=4 * 3600
        )
        # autovacuum may be off (it is on these machines): set the visibility map and hint
        # bits once, so that the first scan of a run does not pay for them
        psql(name, "VACUUM (ANALYZE)")
        psql(name, "CREATE TABLE bench_dataset (made_at timestamptz DEFAULT now())")
        psql(name, "INSERT INTO bench_dataset DEFAULT VALUES")
        seconds = time.perf_counter() - started
        count = int(psql(name, "SELECT count(*) FROM dossiers_dossier"))
        self.facts[key] = {"dossiers": count, "generated_now": True, "seconds": round(seconds)}
        log(f"  {key}: {count:,} dossiers in {seconds:,.0f} s")
        return name

    @contextmanager
    def scratch(self) -> Iterator[str]:
        """A throwaway copy of the 1 M data set with timelines, for the writes."""
        source = self.dataset("1m_ev")
        name = f"motcua_bench_run_{os.getpid()}"
        psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        started = time.perf_counter()
        psql("postgres", f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        log(f"  scratch copy of {source}: {time.perf_counter() - started:.0f} s")
        try:
            yield name
        finally:
            psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # ----------------------------------------------------------------------- servers

    def env(self, database_url: str, **extra: str) -> dict[str, str]:
        env = production_env(database_url, workdir=self.work, SECRET_KEY=self.secret, **extra)
        if not self.static_done:
            manage(env, "collectstatic", "--no-input", "-v", "0")
            self.static_done = True
        return env

    def prepare(self, database_url: str) -> dict[str, Any]:
        if database_url not in self.prepared:
            out = self.work / f"codes-{len(self.prepared)}.txt"
            result = app(self.env(database_url), "prepare", "--out", str(out))
            result["codes_file"] = str(out)
            result["codes"] = out.read_text().split()
            self.prepared[database_url] = result
        return self.prepared[database_url]

    def prepare_lookup(self, database_url: str) -> dict[str, Any]:
        """Only a sample of codes (a data set used for reads only stays as generated)."""
        out = self.work / f"codes-lookup-{len(self.prepared)}.txt"
        result = app(self.env(database_url), "prepare", "--out", str(out), "--lookup-only")
        result["codes"] = out.read_text().split()
        return result

    @contextmanager
    def server(self, database_url: str, name: str, **extra: str) -> Iterator[Server]:
        prefix: tuple[str, ...] = ()
        faked = extra.pop("FAKETIME_AT", "")
        env = self.env(database_url, **extra)
        if faked:
            prefix = ("faketime", "-f", faked)
            # (the monotonic clock is faked too: with it left real, sleep() fails with EINVAL)
        manage(env, "createcachetable")
        with gunicorn(env, log=self.work / f"{name}.log", prefix=prefix) as server:
            yield server

    def lua(self, name: str, text: str) -> Path:
        path = self.work / f"{name}.lua"
        path.write_text(text)
        return path


def app(env: dict[str, str], *args: str, timeout: float = 3600) -> dict[str, Any]:
    """`python -m bench.harness.app <args>`: the JSON it prints last."""
    out = python(env, "-m", "bench.harness.app", *args, timeout=timeout)
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(server: Server, path: str, headers: tuple[tuple[str, str], ...] = ()) -> tuple[int, str]:
    """One GET, redirects not followed (wrk counts a 3xx as a success: the harness does not)."""
    request = urllib.request.Request(server.base + path, headers=dict(PROXY_HEADERS + headers))
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


# --------------------------------------------------------------------------- load shapes


def lookup_lua(codes_file: str) -> str:
    headers = ", ".join(f'["{k}"] = "{v}"' for k, v in PROXY_HEADERS)
    return f"""
local n = 0
function setup(thread) thread:set("tid", n); n = n + 1 end
function init(args)
  codes = {{}}
  for line in io.lines("{codes_file}") do codes[#codes + 1] = line end
  math.randomseed(1000 + tid)
end
function request()
  local code = codes[math.random(#codes)]
  return wrk.format("GET", "/tra-cuu/" .. code .. "/", {{ {headers} }})
end
"""


def submit_body(payload: dict[str, Any], tag: str) -> bytes:
    copy = json.loads(json.dumps(payload))
    copy["applicant"]["name"] = tag
    return json.dumps(copy, ensure_ascii=False).encode()


def submit_lua(prepared: dict[str, Any], marker: str, *, pdf: Path | None = None) -> str:
    """wrk: each request a new submission tagged `<marker>-<thread>-<n>` (the applicant's
    name and the Idempotency-Key), JSON or, with `pdf`, multipart with the file."""
    payload = prepared["payload_file"] if pdf else prepared["payload"]
    head, tail = submit_body(payload, "@@TAG@@").decode().split("@@TAG@@")
    auth = f"Bearer {prepared['token']}"
    proxy = "".join(f'h["{k}"] = "{v}"; ' for k, v in PROXY_HEADERS)
    prelude = ""
    build = 'h["Content-Type"] = "application/json"; body = head .. tag .. tail'
    if pdf is not None:
        b = BOUNDARY
        prelude = (
            f'local f = assert(io.open("{pdf}", "rb")); local data = f:read("*a"); f:close()\n'
            f'  filepart = "\\r\\n--{b}\\r\\nContent-Disposition: form-data; name=\\"tep\\"; '
            f'filename=\\"to-khai.pdf\\"\\r\\nContent-Type: application/pdf\\r\\n\\r\\n" '
            f'.. data .. "\\r\\n--{b}--\\r\\n"'
        )
        build = (
            f'h["Content-Type"] = "multipart/form-data; boundary={b}"; '
            f'body = "--{b}\\r\\nContent-Disposition: form-data; name=\\"payload\\"'
            f'\\r\\n\\r\\n" .. head .. tag .. tail .. filepart'
        )
    return f"""
local n = 0
function setup(thread) thread:set("tid", n); n = n + 1 end
function init(args)
  counter = 0
  -- a new prefix for every wrk run: a key seen before would be a replay, not a new dossier
  nonce = tostring(os.time())
  head = {lua_string(head)}
  tail = {lua_string(tail)}
  {prelude}
end
function request()
  counter = counter + 1
  local tag = "{marker}-" .. nonce .. "-" .. tid .. "-" .. counter
  local h = {{}}; {proxy}
  h["Authorization"] = "{auth}"; h["Idempotency-Key"] = tag
  local body; {build}
  return wrk.format("POST", "/api/v1/dossiers", h, body)
end
"""


BOUNDARY = "motcuabenchboundary"


def lua_string(text: str) -> str:
    """A Lua string literal of `text` as UTF-8 (decimal escapes: LuaJIT has no \\u)."""
    return (
        '"'
        + "".join(
            chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:03d}" for b in text.encode()
        )
        + '"'
    )


def multipart(prepared: dict[str, Any], tag: str, pdf: bytes) -> tuple[bytes, str]:
    boundary = BOUNDARY
    payload = submit_body(prepared["payload_file"], tag)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n'.encode()
        + payload
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="tep"; '
        f'filename="to-khai.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def acks_of(run: loadgen.Run) -> list[dict[str, str]]:
    acks = []
    for result in run.results:
        if 200 <= result.status < 300 and result.body:
            acks.append({"code": json.loads(result.body)["code"], "tag": result.tag})
    return acks


def write_acks(path: Path, acks: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in acks))
    return path


def latency_checks(fig: Figure, run: loadgen.Run, *, pct: str, limit_ms: float) -> None:
    summary = run.summary()
    fig.notes[f"open_loop_{pct}"] = summary
    fig.checks.append(
        Check.compare(f"{pct} at {run.offered_rate:g}/s (ms)", summary[pct], "<=", limit_ms)
    )
    failed = summary["non_2xx"] + summary["transport_errors"]
    fig.checks.append(Check.zero("non-2xx or failed in the open loop", failed))


# --------------------------------------------------------------------------- scenarios


def figure_due(run: Run) -> list[Figure]:
    """The due-date engine against a bare Python loop of the same size."""
    sys.path.insert(0, str(ROOT / "bench"))
    import due_date  # bench/due_date.py

    fig = Figure("DUE", "due-date computations", "bare Python loop", "/s", ">=", 0.0)
    requests = due_date.build_requests()
    fig.notes["requests"] = len(requests)
    fig.measure(
        lambda: due_date.engine_rate(requests),
        lambda: due_date.bare_rate(len(requests)),
        repetitions=run.reps,
        log=log,
    )
    fig.checks.append(Check.compare("computations/s", fig.value or 0, ">=", 100_000))
    return [fig]


def wrk_rate(result: Any) -> float:
    if result.non_2xx or result.socket_errors:
        raise BenchError(
            f"{result.non_2xx} non-2xx responses, {result.socket_errors} socket errors"
        )
    return float(result.rate)


def figures_with_server(run: Run, wanted: set[str]) -> list[Figure]:
    """G1, G2, G3, G4 and G10 on the throwaway copy of the 1 M data set."""
    figures: list[Figure] = []
    with run.scratch() as database:
        db_url = url(database)
        prepared = run.prepare(db_url)
        with run.server(db_url, "scratch") as server:

            def ping() -> float:
                return wrk_rate(wrk(f"{server.base}/livez/", connections=8, seconds=run.seconds))

            if "G3" in wanted:
                figures += guarded("G3", lambda: g3(run, server, prepared, db_url, ping))
            if "G4" in wanted:
                figures += guarded("G4", lambda: g4(run, server, prepared, ping))
            if "G1" in wanted or "G2" in wanted:
                figures += guarded("G1", lambda: g1_g2(run, server, prepared, db_url, wanted))
        if "G10" in wanted:
            figures += guarded("G10", lambda: g10(run, prepared, db_url))
    return figures


def guarded(fid: str, body: Callable[[], list[Figure]]) -> list[Figure]:
    """A figure whose run failed is reported as failed, and the run goes on."""
    try:
        return body()
    except Exception as exc:
        traceback.print_exc()
        fig = Figure(fid, fid, "", "", ">=", 0.0, error=f"{type(exc).__name__}: {exc}"[:500])
        return [fig]


def g3(run: Run, server: Server, prepared: dict[str, Any], db_url: str, ping: Any) -> list[Figure]:
    """Public status page by code (HTML with the timeline) vs RAW_LOOKUP and PING."""
    codes = prepared["codes"]
    status, html = fetch(server, f"/tra-cuu/{codes[0]}/")
    if status != 200 or codes[0] not in html:
        raise BenchError(f"the status page answered {status}")
    script = run.lua("lookup", lookup_lua(prepared["codes_file"]))

    def page() -> float:
        return wrk_rate(wrk(f"{server.base}/", connections=8, seconds=run.seconds, script=script))

    def raw() -> float:
        return pgbench(db_url, prepared["lookup_sql"], clients=8, seconds=run.seconds).tps

    vs_raw = Figure("G3", "status page by code (HTML)", "RAW_LOOKUP", "req/s", ">=", 0.03)
    vs_ping = Figure("G3·PING", "status page by code (HTML)", "PING", "req/s", ">=", 0.20)
    for repetition in range(1, run.reps + 1):
        a, b, c = page(), raw(), ping()
        vs_raw.pairs.append((a, b))
        vs_ping.pairs.append((a, c))
        log(f"  G3 #{repetition}: page {a:,.0f}/s, RAW_LOOKUP {b:,.0f}/s, PING {c:,.0f}/s")
    rate = RATES["G3"]
    open_run = open_loop(run, server, rate, status_pages(codes), warmup=1.0)
    latency_checks(vs_raw, open_run, pct="p99", limit_ms=50)
    return [vs_raw, vs_ping]


def g4(run: Run, server: Server, prepared: dict[str, Any], ping: Any) -> list[Figure]:
    """A restricted officer's inbox (first page of 25) at 1 M dossiers vs PING."""
    session = prepared["session"]
    cookie = (("Cookie", f"{session['cookie']}={session['value']}"),)
    status, html = fetch(server, INBOX, cookie)
    rows = html.count("<tr") - 1  # the header row
    if status != 200 or rows < 25:
        raise BenchError(f"the inbox answered {status} with {rows} rows")
    fig = Figure("G4", "officer's inbox, 25 rows, 1 M", "PING", "req/s", ">=", 0.10)

    def inbox() -> float:
        address = f"{server.base}{INBOX}"
        headers = PROXY_HEADERS + cookie
        return wrk_rate(wrk(address, connections=8, seconds=run.seconds, headers=headers))

    fig.measure(inbox, ping, repetitions=run.reps, log=log)
    inbox_page = loadgen.Request("GET", INBOX, PROXY_HEADERS + cookie)
    open_run = open_loop(run, server, RATES["G4"], lambda i: inbox_page, warmup=1.0)
    latency_checks(fig, open_run, pct="p95", limit_ms=300)
    queries = app(server.env, "inbox-queries")
    fig.notes.update(rows_on_page=rows, queries=queries)
    fig.checks.append(
        Check(
            "queries: page 1 = page 40 = other inbox",
            str(queries["counts"]),
            "all equal",
            len(set(queries["counts"].values())) == 1,
        )
    )
    # a redirect to the sign-in page would have a constant count too
    fig.checks.append(
        Check(
            "those pages answered 200",
            str(queries["statuses"]),
            "all 200",
            set(queries["statuses"].values()) == {200},
        )
    )
    return [fig]


def g1_g2(
    run: Run, server: Server, prepared: dict[str, Any], db_url: str, wanted: set[str]
) -> list[Figure]:
    """Online submission through the API, without and with a 1 MB PDF."""
    marker = f"{run.marker}G1"
    script = run.lua("submit", submit_lua(prepared, marker))
    counts = {"wrk_ok": 0}

    def submit_ceiling(lua: Path) -> float:
        result = wrk(f"{server.base}/", connections=8, seconds=run.seconds, script=lua)
        counts["wrk_ok"] += result.requests - result.non_2xx
        return wrk_rate(result)

    def raw() -> float:
        return pgbench(db_url, prepared["submit_sql"], clients=8, seconds=run.seconds).tps

    g1 = Figure("G1", "online submission, no file, c=8", "RAW_SUBMIT", "req/s", ">=", 0.05)
    g1.measure(lambda: submit_ceiling(script), raw, repetitions=run.reps, log=log)
    g1.checks.append(Check.compare("submissions/s", g1.value or 0, ">=", 100))

    def open_submit(i: int) -> loadgen.Request:
        tag = f"{marker}-open-{i}"
        headers = (
            *PROXY_HEADERS,
            ("Authorization", f"Bearer {prepared['token']}"),
            ("Idempotency-Key", tag),
            ("Content-Type", "application/json"),
        )
        return loadgen.Request(
            "POST", "/api/v1/dossiers", headers, submit_body(prepared["payload"], tag), tag
        )

    open_run = open_loop(run, server, RATES["G1"], open_submit, keep=True)
    latency_checks(g1, open_run, pct="p99", limit_ms=250)
    acks = write_acks(run.work / "acks-g1.jsonl", acks_of(open_run))
    check = app(server.env, "verify", "--acks", str(acks), "--marker", marker)
    g1.notes["correctness"] = check
    g1.notes["wrk_acknowledged"] = counts["wrk_ok"]
    g1.checks += [
        Check.zero("acknowledged but missing", check["missing"]),
        Check.zero("wrong content", check["wrong_content"]),
        Check.zero("duplicates", check["duplicates"]),
        Check.compare(
            "in database − acknowledged",
            check["in_database"] - counts["wrk_ok"] - check["acknowledged"],
            ">=",
            0,
        ),
    ]
    figures = [g1]
    if "G2" not in wanted:
        return figures
    pdf = run.work / "one-megabyte.pdf"
    pdf.write_bytes(make_pdf(1_000_000))
    marker2 = f"{run.marker}G2"
    script2 = run.lua("submit-pdf", submit_lua(prepared, marker2, pdf=pdf))
    g2 = Figure("G2", "submission with a 1 MB PDF, c=8", "G1 (same run)", "req/s", ">=", 0.4)
    g2.measure(
        lambda: submit_ceiling(script2),
        lambda: submit_ceiling(script),
        repetitions=run.reps,
        log=log,
    )
    data = pdf.read_bytes()

    def open_file(i: int) -> loadgen.Request:
        tag = f"{marker2}-open-{i}"
        body, kind = multipart(prepared, tag, data)
        headers = (
            *PROXY_HEADERS,
            ("Authorization", f"Bearer {prepared['token']}"),
            ("Idempotency-Key", tag),
            ("Content-Type", kind),
        )
        return loadgen.Request("POST", "/api/v1/dossiers", headers, body, tag)

    open_run = open_loop(run, server, RATES["G2"], open_file, keep=True)
    latency_checks(g2, open_run, pct="p99", limit_ms=1000)
    acks = write_acks(run.work / "acks-g2.jsonl", acks_of(open_run))
    check = app(
        server.env,
        "verify",
        "--acks",
        str(acks),
        "--marker",
        marker2,
        "--media",
        str(run.work / "media"),
        "--pdf",
        str(pdf),
    )
    g2.notes["correctness"] = check
    g2.checks += [
        Check.zero("acknowledged but missing", check["missing"]),
        Check.zero("duplicates", check["duplicates"]),
        Check.zero("files with a wrong hash", check["files_bad_hash"]),
        Check.zero("orphan files", check["orphan_files"]),
        Check.zero("missing files", check["missing_files"]),
        Check.compare("files checked", check["files"], ">=", check["acknowledged"]),
    ]
    figures.append(g2)
    return figures


def open_loop(
    run: Run,
    server: Server,
    rate: float,
    make_request: Callable[[int], loadgen.Request],
    *,
    warmup: float = 0.0,
    keep: bool = False,
) -> loadgen.Run:
    """The open-loop client on `server` at `rate` for the run's latency window (answers kept
    with `keep`, for the codes of submissions)."""
    return loadgen.open_loop(
        host=HOST,
        port=server.port,
        rate=rate,
        duration=max(10.0, run.seconds * 1.5),
        warmup=warmup,
        make_request=make_request,
        keep_response=keep,
    )


def status_pages(codes: list[str]) -> Callable[[int], loadgen.Request]:
    """Request i: the public status page of sampled code i (round robin)."""
    return lambda i: loadgen.Request("GET", f"/tra-cuu/{codes[i % len(codes)]}/", PROXY_HEADERS)


def make_pdf(size: int) -> bytes:
    """A valid PDF of about `size` bytes (one page, padded with a comment stream)."""
    head = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    head += b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    head += b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    pad = b"% " + os.urandom((size - len(head) - 64) // 2).hex().encode() + b"\n"
    tail = b"trailer<</Root 1 0 R>>\n%%EOF\n"
    return head + pad + tail


def g10(run: Run, prepared: dict[str, Any], db_url: str) -> list[Figure]:
    """Numbering under c=8 and c=32 across a local midnight: no duplicate, no gap."""
    require("faketime")
    per_run = 15_000 if not run.args.quick else 1_500
    fig = Figure("G10", f"numbering across midnight, 2 × {per_run:,}", "", "codes", ">=", 0.0)
    marker = f"{run.marker}G10"
    clients = prepared["clients"]
    fig.notes["receiving_units"] = len(clients)
    for concurrency in (8, 32):
        today = datetime.now(LOCAL).date()
        # start 40 s before the local midnight; at about 150/s the run crosses it
        start = datetime.combine(today, datetime.min.time(), LOCAL) + timedelta(days=1, seconds=-40)
        faked = "@" + start.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M:%S")
        with run.server(db_url, f"g10-c{concurrency}", FAKETIME_AT=faked, TZ="UTC") as server:

            def submit(i: int, c: int = concurrency) -> loadgen.Request:
                tag = f"{marker}-c{c}-{i}"
                sender = clients[i % len(clients)]
                headers = (
                    *PROXY_HEADERS,
                    ("Authorization", f"Bearer {sender['token']}"),
                    ("Content-Type", "application/json"),
                )
                body = submit_body(sender["payload"], tag)
                return loadgen.Request("POST", "/api/v1/dossiers", headers, body, tag)

            closed = loadgen.closed_loop(
                host=HOST,
                port=server.port,
                make_request=submit,
                concurrency=concurrency,
                count=per_run,
                keep_response=True,
                timeout=30,
            )
        acks = acks_of(closed)
        fig.notes[f"c{concurrency}"] = closed.summary()
        fig.checks.append(Check.zero(f"errors at c={concurrency}", closed.errors()))
        fig.checks.append(
            Check.compare(f"acknowledged at c={concurrency}", len(acks), ">=", per_run)
        )
        log(f"  G10 c={concurrency}: {len(acks):,} acknowledged, {closed.throughput():,.0f}/s")
    check = app(run.env(db_url), "numbering", "--marker", marker)
    fig.notes["numbering"] = check
    fig.pairs.append((float(check["run_dossiers"]), 1.0))
    fig.checks += [
        Check.zero("duplicate codes", check["duplicates"]),
        Check.zero("gaps", check["gaps"]),
        Check.compare("local days crossed", len(check["per_day"]), ">=", 2),
        Check.compare("submissions", check["run_dossiers"], ">=", 2 * per_run),
    ]
    return [fig]


# --------------------------------------------------------------------------- reports


def scan_ms(database: str) -> float:
    """SCAN: an unindexed aggregate over the whole dossier table (what the machine does at
    best without the summary tables)."""
    import psycopg

    with psycopg.connect(url(database), autocommit=True) as conn:
        for setting in NO_INDEX_SCANS:
            conn.execute(f"SET {setting} = off")  # type: ignore[arg-type]
        started = time.perf_counter()
        conn.execute(SCAN).fetchall()  # type: ignore[arg-type]
        return (time.perf_counter() - started) * 1000


def report_ms(env: dict[str, str]) -> float:
    """form06 for the last complete quarter by agency: the second call in a fresh process."""
    return float(app(env, "form06", "--repetitions", "2")["ms"][-1])


def figures_reports(run: Run, wanted: set[str]) -> list[Figure]:
    figures: list[Figure] = []
    ten = run.dataset("10m")
    env10 = run.env(url(ten))
    if "G5" in wanted:

        def g5() -> list[Figure]:
            fig = Figure("G5", "form 06, a quarter, 10 M", "SCAN_10M", "ms", "<=", 0.10)
            fig.measure(
                lambda: report_ms(env10), lambda: scan_ms(ten), repetitions=run.reps, log=log
            )
            check = app(env10, "form06", "--recount")
            fig.notes["recount"] = check
            fig.checks.append(
                Check(
                    "equal to the brute-force recount",
                    str(check["equal"]),
                    "True",
                    bool(check["equal"]),
                )
            )
            return [fig]

        figures += guarded("G5", g5)
    if "G7" in wanted:

        def g7() -> list[Figure]:
            fifty = run.dataset("50m")
            env50 = run.env(url(fifty))
            fig = Figure("G7", "form 06, a quarter, 50 M", "the same at 10 M", "ms", "<=", 2.0)
            fig.measure(
                lambda: report_ms(env50), lambda: report_ms(env10), repetitions=run.reps, log=log
            )
            return [fig]

        figures += guarded("G7", g7)
    return figures


def g8(run: Run) -> list[Figure]:
    """Status-page p99 at 50 M against 1 M, open loop at the same rate."""
    small, big = run.dataset("1m"), run.dataset("50m")
    fig = Figure("G8", "status page p99, 50 M", "the same at 1 M", "ms", "<=", 1.5)
    prepared = {name: run.prepare_lookup(url(name)) for name in (small, big)}
    with run.server(url(big), "g8-50m") as s50, run.server(url(small), "g8-1m") as s1:

        def p99(server: Server, codes: list[str]) -> float:
            result = open_loop(run, server, RATES["G8"], status_pages(codes), warmup=1.0)
            if result.errors():
                raise BenchError(f"{result.errors()} errors in the open loop")
            return float(result.summary()["p99"])

        fig.measure(
            lambda: p99(s50, prepared[big]["codes"]),
            lambda: p99(s1, prepared[small]["codes"]),
            repetitions=run.reps,
            log=log,
        )
    return [fig]


# --------------------------------------------------------------------------- SQLite


def g12(run: Run) -> list[Figure]:
    """The embedded mode: SQLite against PostgreSQL with the same demo data and server."""
    sqlite = f"sqlite:///{run.work / 'demo.sqlite3'}"
    pg_name = "motcua_bench_demo"
    if not exists(pg_name) or psql(pg_name, "SELECT to_regclass('bench_dataset')") == "None":
        psql("postgres", f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        psql("postgres", f'CREATE DATABASE "{pg_name}"')
        demo(run.env(url(pg_name)))
        psql(pg_name, "CREATE TABLE bench_dataset (made_at timestamptz DEFAULT now())")
    demo(run.env(sqlite))
    lookups = Figure("G12", "status page, SQLite", "the same on PostgreSQL", "req/s", ">=", 0.9)
    submits = Figure(
        "G12·submit", "submission, SQLite", "the same on PostgreSQL", "req/s", ">=", 0.5
    )
    prepared = {db: run.prepare(db) for db in (sqlite, url(pg_name))}
    locked = 0
    # the same in-process cache for both: the database is what is compared
    with (
        run.server(sqlite, "g12-sqlite", CACHE_URL="locmem://") as lite,
        run.server(url(pg_name), "g12-pg", CACHE_URL="locmem://") as pg,
    ):
        servers = {sqlite: lite, url(pg_name): pg}

        def page(db: str) -> float:
            script = run.lua(f"lookup-{len(db)}", lookup_lua(prepared[db]["codes_file"]))
            return wrk_rate(
                wrk(f"{servers[db].base}/", connections=8, seconds=run.seconds, script=script)
            )

        def submit(db: str) -> float:
            marker = f"{run.marker}G12{'L' if db == sqlite else 'P'}"
            script = run.lua(f"submit-{len(db)}", submit_lua(prepared[db], marker))
            return wrk_rate(
                wrk(f"{servers[db].base}/", connections=8, seconds=run.seconds, script=script)
            )

        lookups.measure(
            lambda: page(sqlite), lambda: page(url(pg_name)), repetitions=run.reps, log=log
        )
        submits.measure(
            lambda: submit(sqlite), lambda: submit(url(pg_name)), repetitions=run.reps, log=log
        )
        locked = lite.log_text().count("database is locked")
    submits.checks.append(Check.zero('"database is locked"', locked))
    return [lookups, submits]


def demo(env: dict[str, str]) -> None:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(dict(env, DEBUG="true"), "load_demo")


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(ALL), help=f"figures to run ({','.join(ALL)})")
    parser.add_argument("--seconds", type=float, default=8, help="length of each measurement")
    parser.add_argument("--repetitions", type=int, default=3, help="A B pairs per figure")
    parser.add_argument(
        "--quick", action="store_true", help="small data sets, for trying the harness"
    )
    args = parser.parse_args()
    wanted = {w.strip().upper() for w in args.only.split(",") if w.strip()}
    unknown = wanted - set(ALL)
    if unknown:
        parser.error(f"unknown figures: {', '.join(sorted(unknown))}")
    require("wrk", "pgbench", "psql")
    run = Run(args)
    started = time.perf_counter()
    log(f"motcua benchmarks {run.stamp}: {', '.join(f for f in ALL if f in wanted)}")
    env = environment(url("postgres"))
    log("data sets")
    needed = set()
    if wanted & {"G1", "G2", "G3", "G4", "G10"}:
        needed.add("1m_ev")
    if wanted & {"G5", "G7"}:
        needed.add("10m")
    if wanted & {"G7", "G8"}:
        needed.add("50m")
    if "G8" in wanted:
        needed.add("1m")
    for key in DATASETS:
        if key in needed:
            run.dataset(key)
    env["datasets"] = {k: run.facts[k]["dossiers"] for k in run.facts}
    env["dataset_generation"] = run.facts
    env["seed"] = SEED
    env["rates"] = RATES
    log(describe(env))
    log("calibration (before)")
    before = calibrate(url("postgres"))
    log(f"  {before}")
    figures: list[Figure] = []
    try:
        if "DUE" in wanted:
            figures += guarded("DUE", lambda: figure_due(run))
        if wanted & {"G1", "G2", "G3", "G4", "G10"}:
            figures += figures_with_server(run, wanted)
        if wanted & {"G5", "G7"}:
            figures += figures_reports(run, wanted)
        if "G8" in wanted:
            figures += guarded("G8", lambda: g8(run))
        if "G12" in wanted:
            figures += guarded("G12", lambda: g12(run))
    finally:
        log("calibration (after)")
        after = calibrate(url("postgres"))
        log(f"  {after}")
        calibration = compare(before, after)
        env["seconds"] = round(time.perf_counter() - started)
        json_path, md_path = write(
            RESULTS, run.stamp, environment=env, calibration=calibration, figures=figures
        )
        (RESULTS / "latest.md").write_text(
            "# Latest figures (newest run of each; `python -m bench.harness.figures`)\n\n"
            + latest(RESULTS)
        )
        log("")
        log(markdown(figures, noisy=calibration["noisy"]))
        where = f"{json_path}, {md_path}"
        log(f"results: {where} ({env['seconds']} s)")
        logs = RESULTS / "logs" / run.stamp
        logs.mkdir(parents=True, exist_ok=True)
        for path in run.work.glob("*.log"):
            shutil.copyfile(path, logs / path.name)
        shutil.rmtree(run.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
