# SPDX-License-Identifier: MPL-2.0
"""The processes a benchmark run drives: gunicorn with the production settings, wrk, pgbench.

Everything listens and connects on loopback only, and every call is bounded in time.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HOST = "127.0.0.1"
#: Sent with every request: gunicorn sits where nginx would pass it TLS-terminated traffic.
PROXY_HEADERS = (("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "127.0.0.1"))


class BenchError(RuntimeError):
    """A run cannot go on: a tool is missing, a server did not start, a check failed."""


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        raise BenchError(
            f"missing tools: {', '.join(missing)} (Debian: apt-get install wrk postgresql-client)"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def production_env(database_url: str, *, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server (deploy/env.production), on loopback.

    Limits meant for one citizen's address are lifted: every request of the load comes from
    127.0.0.1, so the per-address lookup and API rate limits would otherwise answer 429."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "MOTCUA_ENV_FILE": "/dev/null",
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "PUBLIC_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",
        "BEHIND_TLS_PROXY": "true",
        "SECURE_SSL_REDIRECT": "true",
        # as deploy/env.production: Redis (BENCH_CACHE_URL=db://motcua_cache measures the
        # database cache instead)
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_STORAGE": "filesystem",
        "MEDIA_ROOT": str(workdir / "media"),
        "STAFF_REQUIRE_2FA": "true",
        "LOOKUP_RATE_LIMIT": "1000000000",
        "API_CLIENT_RATE": "1000000000/minute",
        "API_ANON_RATE": "1000000000/minute",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.update(extra)
    return env


def python(env: Mapping[str, str], *argv: str, timeout: float = 3600) -> str:
    """`python <argv>` in the repository with `env`; its standard output, or BenchError."""
    done = subprocess.run(
        [PYTHON, *argv],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode:
        raise BenchError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def manage(env: Mapping[str, str], *args: str, timeout: float = 3600) -> str:
    return python(env, "manage.py", *args, timeout=timeout)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def wait_http(url: str, *, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=dict(PROXY_HEADERS))
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise BenchError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def gunicorn(
    env: Mapping[str, str],
    *,
    log: Path,
    workers: int | None = None,
    threads: int | None = None,
    prefix: tuple[str, ...] = (),
) -> Iterator[Server]:
    """gunicorn -c deploy/gunicorn.conf.py with `env`, on a free loopback port."""
    port = free_port()
    run_env = dict(env, GUNICORN_BIND=f"{HOST}:{port}", GUNICORN_MAX_REQUESTS="0")
    if workers:
        run_env["GUNICORN_WORKERS"] = str(workers)
    if threads:
        run_env["GUNICORN_THREADS"] = str(threads)
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [*prefix, PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=run_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, process, log, run_env)
    try:
        wait_http(f"{server.base}/livez/", timeout=60, process=process)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --------------------------------------------------------------------------- wrk


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rate: float  # requests per second
    non_2xx: int
    socket_errors: int
    timeouts: int
    p50_ms: float
    p99_ms: float
    output: str


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match[1]) * _UNITS[match[2]] if match else float("nan")


def wrk(
    url: str,
    *,
    connections: int,
    seconds: float,
    threads: int = 1,
    script: Path | None = None,
    args: tuple[str, ...] = (),
    headers: tuple[tuple[str, str], ...] = PROXY_HEADERS,
) -> WrkResult:
    """wrk closed-loop at `connections` for `seconds`: the throughput ceiling."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    command += ["--timeout", "10s"]
    for name, value in headers:
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if args:
        command += ["--", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    out = done.stdout
    if done.returncode or done.stderr.strip():  # a script error leaves wrk sending GET /
        raise BenchError(f"wrk failed: {done.stderr or out}")
    total = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    if not total:
        raise BenchError(f"wrk said nothing useful:\n{out}\n{done.stderr}")
    seconds_taken = _ms(total[2] + total[3]) / 1000
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    return WrkResult(
        requests=int(total[1]),
        seconds=seconds_taken,
        rate=int(total[1]) / seconds_taken,
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(errors[i]) for i in (1, 2, 3)) if errors else 0,
        timeouts=int(errors[4]) if errors else 0,
        p50_ms=_ms(p50[1]) if p50 else float("nan"),
        p99_ms=_ms(p99[1]) if p99 else float("nan"),
        output=out,
    )


# --------------------------------------------------------------------------- pgbench


@dataclass(frozen=True)
class PgbenchResult:
    transactions: int
    tps: float
    failed: int
    latency_ms: float
    output: str


def pgbench(
    database_url: str, script: str, *, clients: int, seconds: float, jobs: int = 2
) -> PgbenchResult:
    """pgbench -n with a custom script (no vacuum, no pgbench tables)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as file:
        file.write(script)
    try:
        command = [
            "pgbench",
            "-n",
            "-c",
            str(clients),
            "-j",
            str(min(jobs, clients)),
            "-T",
            str(int(seconds)),
            "-f",
            file.name,
            database_url,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(file.name)
    out = done.stdout + done.stderr
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    if done.returncode or not tps:
        raise BenchError(f"pgbench failed:\n{out}")
    count = re.search(r"number of transactions actually processed: (\d+)", out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    return PgbenchResult(
        transactions=int(count[1]) if count else 0,
        tps=float(tps[1]),
        failed=int(failed[1]) if failed else 0,
        latency_ms=float(latency[1]) if latency else float("nan"),
        output=out,
    )
