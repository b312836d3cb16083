# SPDX-License-Identifier: MPL-2.0
"""A light HTTP/1.1 load client for the benchmark harness: latency percentiles, stdlib only.

The server under test shares a 2-core machine with this client, so the client spends as
little CPU as it can: raw asyncio streams, persistent keep-alive connections, requests
serialised by hand and responses parsed only as far as framing needs (status line, headers,
a Content-Length or chunked body; a body without either is read to EOF).

Two drivers, both blocking calls (each runs its own event loop with `asyncio.run`):

- `open_loop`: constant arrival rate. Request i is due at t0 + i / rate; it goes out on a
  free connection of a pool of at most `connections` (opened lazily), else waits in a FIFO
  queue. Its latency counts from its due time, queueing included (coordinated omission
  corrected), and a scheduler that falls behind sends late requests at once, never skips them.
- `closed_loop`: `concurrency` workers, each with one connection, each sending its next
  request as soon as the previous response is in.

Per-request failures never raise: a transport error gives status 0 and the exception's class
name in `error` ("timeout" when `timeout` ran out), and the connection is reopened for the
next request. An exception from the caller's own make_request or keep_response does propagate.
Times are `time.perf_counter()` seconds.

    python -m bench.harness.loadgen http://127.0.0.1:8000/healthz --rate 200 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import math
import sys
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ProtocolError", "Request", "Result", "Run", "closed_loop", "open_loop"]

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_READ_LIMIT = 1 << 20  # longest header block / chunk-size line accepted
_EPSILON = 1e-9  # so that int(rate * duration) is not one short on a float like 28.999999999


class ProtocolError(Exception):
    """The response is not HTTP/1.x as this client reads it."""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    tag: str = ""  # opaque, handed back in the Result


@dataclass
class Result:
    index: int
    tag: str
    intended: float  # due time (open loop) or send time (closed loop)
    sent: float  # taken off the queue by a connection (connecting, if needed, counts after)
    done: float
    status: int  # 0 on a transport error or timeout
    error: str  # "" when a response arrived
    headers: dict[str, str]  # lower-cased names; only when kept, else {}
    body: bytes  # only when kept, else b""

    @property
    def latency(self) -> float:
        """Seconds from the intended time to the end of the response."""
        return self.done - self.intended


@dataclass
class Run:
    mode: str  # "open" or "closed"
    results: list[Result]  # by index
    started: float
    finished: float
    offered_rate: float | None = None  # open loop: requests per second

    def ok(self) -> list[Result]:
        return [r for r in self.results if 200 <= r.status < 300]

    def completed(self) -> list[Result]:
        """Results with a response (any status)."""
        return [r for r in self.results if r.status != 0]

    def errors(self) -> int:
        """Transport errors, timeouts and 5xx responses."""
        return sum(1 for r in self.results if r.status == 0 or r.status >= 500)

    def non_2xx(self) -> int:
        """Responses whose status is not 2xx (transport errors not included)."""
        return sum(1 for r in self.results if r.status != 0 and not 200 <= r.status < 300)

    def transport_errors(self) -> int:
        return sum(1 for r in self.results if r.status == 0)

    def throughput(self) -> float:
        """Completed responses per second over the run."""
        elapsed = self.finished - self.started
        return len(self.completed()) / elapsed if elapsed > 0 else 0.0

    def latencies(self) -> list[float]:
        """Latencies of the completed requests, in seconds, ascending."""
        return sorted(r.latency for r in self.results if r.status != 0)

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the completed requests' latency (seconds); NaN if none."""
        return _nearest_rank(self.latencies(), q)

    def summary(self) -> dict[str, Any]:
        """Percentiles and max in milliseconds (None when nothing completed), counts, rates."""
        ordered = self.latencies()
        out: dict[str, Any] = {"mode": self.mode}
        for name, q in (("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99), ("p999", 99.9)):
            out[name] = _ms(_nearest_rank(ordered, q))
        out["max"] = _ms(ordered[-1] if ordered else math.nan)
        out.update(
            count=len(self.results),
            ok=len(self.ok()),
            non_2xx=self.non_2xx(),
            transport_errors=self.transport_errors(),
            errors=self.errors(),
            duration=round(self.finished - self.started, 3),
            throughput=round(self.throughput(), 2),
            offered_rate=self.offered_rate,
        )
        return out


def _run(coroutine: Coroutine[Any, Any, Run]) -> Run:
    """`asyncio.run`, or in a thread of its own when this thread already runs an event loop
    (a caller inside async code, or a test process where Playwright left one running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _nearest_rank(ordered: list[float], q: float) -> float:
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside [0, 100]")
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _ms(seconds: float) -> float | None:
    return None if math.isnan(seconds) else round(seconds * 1000, 3)


# --- wire -----------------------------------------------------------------------------------


def _host_header(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    return f"{host}:{port}"


def _serialize(request: Request, host_header: str) -> bytes:
    names = {name.lower() for name, _ in request.headers}
    lines = [f"{request.method} {request.path or '/'} HTTP/1.1\r\n"]
    if "host" not in names:
        lines.append(f"Host: {host_header}\r\n")
    lines.extend(f"{name}: {value}\r\n" for name, value in request.headers)
    if (
        "content-length" not in names
        and "transfer-encoding" not in names
        and (request.body or request.method.upper() in _BODY_METHODS)
    ):
        lines.append(f"Content-Length: {len(request.body)}\r\n")
    if "connection" not in names:
        lines.append("Connection: keep-alive\r\n")
    lines.append("\r\n")
    return "".join(lines).encode("latin-1") + request.body


async def _read_chunked(reader: asyncio.StreamReader, keep: bool) -> bytes:
    parts: list[bytes] = []
    while True:
        line = await reader.readline()
        if not line.endswith(b"\n"):
            raise asyncio.IncompleteReadError(line, None)
        try:
            size = int(line.split(b";", 1)[0], 16)
        except ValueError:
            raise ProtocolError(f"bad chunk size line {line[:40]!r}") from None
        if size == 0:
            break
        data = await reader.readexactly(size + 2)  # the chunk and its CRLF
        if keep:
            parts.append(data[:-2])
    while True:  # trailer section, up to the empty line
        line = await reader.readline()
        if line in (b"\r\n", b"\n"):
            break
        if not line.endswith(b"\n"):
            raise asyncio.IncompleteReadError(line, None)
    return b"".join(parts)


async def _read_response(
    reader: asyncio.StreamReader, head_only: bool, keep: bool
) -> tuple[int, dict[str, str], bytes, bool]:
    """Read one response: (status, headers, body if kept, whether the connection is reusable)."""
    while True:
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        if not version.startswith("HTTP/1.") or not rest[:3].isdigit():
            raise ProtocolError(f"bad status line {lines[0][:80]!r}")
        status = int(rest[:3])
        headers: dict[str, str] = {}
        for line in lines[1:-2]:  # the block ends with two CRLFs: two empty strings
            name, _, value = line.partition(":")
            name = name.strip().lower()
            value = value.strip()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        if not 100 <= status < 200 or status == 101:
            break  # skip interim responses (100 Continue, 103 Early Hints)
    tokens = {t.strip() for t in headers.get("connection", "").lower().split(",")}
    reusable = "close" not in tokens and (version != "HTTP/1.0" or "keep-alive" in tokens)
    transfer = headers.get("transfer-encoding", "").lower()
    if head_only or status in (101, 204, 304):
        body = b""
        reusable = reusable and status != 101
    elif transfer.rsplit(",", 1)[-1].strip() == "chunked":
        body = await _read_chunked(reader, keep)
    elif "content-length" in headers:
        try:
            length = int(headers["content-length"])
        except ValueError:
            raise ProtocolError(f"bad Content-Length {headers['content-length']!r}") from None
        body = await reader.readexactly(length)
    else:  # delimited by the end of the connection
        body = await reader.read()
        reusable = False
    return status, headers, body if keep else b"", reusable


class _Connection:
    """One persistent connection, (re)opened on demand."""

    __slots__ = ("host", "port", "reader", "writer")

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def exchange(
        self, data: bytes, head_only: bool, keep: bool
    ) -> tuple[int, dict[str, str], bytes]:
        reader, writer = self.reader, self.writer
        # at_eof: the server closed the idle connection (keep-alive timeout); do not send on it
        if reader is None or writer is None or reader.at_eof() or writer.is_closing():
            self.close()
            reader, writer = await asyncio.open_connection(self.host, self.port, limit=_READ_LIMIT)
            self.reader, self.writer = reader, writer
        writer.write(data)
        await writer.drain()
        status, headers, body, reusable = await _read_response(reader, head_only, keep)
        if not reusable:
            self.close()
        return status, headers if keep else {}, body


async def _issue(
    conn: _Connection,
    index: int,
    request: Request,
    host_header: str,
    keep: bool,
    intended: float | None,
    timeout: float,
) -> Result:
    sent = time.perf_counter()
    data = _serialize(request, host_header)
    head_only = request.method.upper() == "HEAD"
    deadline = asyncio.timeout(timeout)
    try:
        async with deadline:
            status, headers, body = await conn.exchange(data, head_only, keep)
        error = ""
    except Exception as exc:  # any per-request failure is a result, never an exception
        conn.close()
        status, headers, body = 0, {}, b""
        error = "timeout" if deadline.expired() else type(exc).__name__
    done = time.perf_counter()
    return Result(
        index=index,
        tag=request.tag,
        intended=sent if intended is None else intended,
        sent=sent,
        done=done,
        status=status,
        error=error,
        headers=headers,
        body=body,
    )


def _keeper(keep_response: Callable[[int], bool] | bool) -> Callable[[int], bool]:
    if callable(keep_response):
        return keep_response
    flag = bool(keep_response)
    return lambda _index: flag


async def _settle(conns: list[_Connection]) -> None:
    for conn in conns:
        conn.close()
    await asyncio.sleep(0)  # let the transports release their sockets before the loop ends


# --- open loop ------------------------------------------------------------------------------


async def _open_loop(
    host: str,
    port: int,
    make_request: Callable[[int], Request],
    rate: float,
    duration: float,
    connections: int,
    timeout: float,
    keep: Callable[[int], bool],
    warmup: float,
) -> Run:
    count = int(rate * duration + _EPSILON)
    warm = int(rate * warmup + _EPSILON)
    host_header = _host_header(host, port)
    results: list[Result | None] = [None] * count
    pool: list[_Connection] = []
    idle: list[_Connection] = []  # LIFO: reuse the warmest connection, open new ones only if needed
    queue: deque[tuple[int, Request, bool, float]] = deque()  # due, no free connection yet
    tasks: set[asyncio.Task[None]] = set()

    async def drive(conn: _Connection, item: tuple[int, Request, bool, float]) -> None:
        while True:
            index, request, kept, due = item
            result = await _issue(conn, index, request, host_header, kept, due, timeout)
            if index >= 0:
                results[index] = result
            if not queue:
                break
            item = queue.popleft()
        idle.append(conn)

    t0 = time.perf_counter()
    for k in range(warm + count):
        due = t0 + k / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        index = k - warm  # warmup requests get the negative indices -warm .. -1
        item = (index, make_request(index), index >= 0 and keep(index), due)
        if idle:
            conn = idle.pop()
        elif len(pool) < connections:
            conn = _Connection(host, port)
            pool.append(conn)
        else:
            queue.append(item)
            continue
        task = asyncio.create_task(drive(conn, item))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.gather(*tasks)  # drive() drains the queue, so no new task appears now
    finished = time.perf_counter()
    await _settle(pool)
    done = [r for r in results if r is not None]
    assert len(done) == count
    return Run("open", done, t0 + warm / rate, finished, rate)


def open_loop(
    *,
    host: str,
    port: int,
    make_request: Callable[[int], Request],
    rate: float,
    duration: float,
    connections: int = 64,
    timeout: float = 10.0,
    keep_response: Callable[[int], bool] | bool = False,
    warmup: float = 0.0,
) -> Run:
    """Send int(rate * duration) requests at a constant rate; latency counts from the due time.

    `warmup` seconds of requests go first at the same rate and are left out of the results;
    make_request sees them with the negative indices -n .. -1 (keep_response never does).
    """
    if rate <= 0 or duration < 0 or warmup < 0 or connections < 1 or timeout <= 0:
        raise ValueError("need rate > 0, duration >= 0, warmup >= 0, connections >= 1, timeout > 0")
    return _run(
        _open_loop(
            host,
            port,
            make_request,
            rate,
            duration,
            connections,
            timeout,
            _keeper(keep_response),
            warmup,
        )
    )


# --- closed loop ----------------------------------------------------------------------------


async def _closed_loop(
    host: str,
    port: int,
    make_request: Callable[[int], Request],
    concurrency: int,
    count: int | None,
    duration: float | None,
    timeout: float,
    keep: Callable[[int], bool],
) -> Run:
    host_header = _host_header(host, port)
    results: list[Result] = []
    conns = [_Connection(host, port) for _ in range(concurrency)]
    next_index = 0
    started = time.perf_counter()
    stop = math.inf if duration is None else started + duration

    async def worker(conn: _Connection) -> None:
        nonlocal next_index
        while (count is None or next_index < count) and time.perf_counter() < stop:
            index = next_index
            next_index += 1
            request = make_request(index)
            results.append(
                await _issue(conn, index, request, host_header, keep(index), None, timeout)
            )

    await asyncio.gather(*(worker(conn) for conn in conns))
    finished = time.perf_counter()
    await _settle(conns)
    results.sort(key=lambda r: r.index)
    return Run("closed", results, started, finished, None)


def closed_loop(
    *,
    host: str,
    port: int,
    make_request: Callable[[int], Request],
    concurrency: int,
    count: int | None = None,
    duration: float | None = None,
    timeout: float = 10.0,
    keep_response: Callable[[int], bool] | bool = False,
) -> Run:
    """`concurrency` workers send back to back until `count` requests or `duration` seconds."""
    if count is None and duration is None:
        raise ValueError("closed_loop needs count or duration")
    if concurrency < 1 or timeout <= 0 or (count or 0) < 0 or (duration or 0) < 0:
        raise ValueError("need concurrency >= 1, timeout > 0, count and duration >= 0")
    return _run(
        _closed_loop(
            host,
            port,
            make_request,
            concurrency,
            count,
            duration,
            timeout,
            _keeper(keep_response),
        )
    )


# --- command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.harness.loadgen", description="HTTP/1.1 load; prints summary JSON"
    )
    parser.add_argument("url", help="http://host:port/path?query")
    parser.add_argument("--rate", type=float, default=100.0, help="open loop: requests/s")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("--connections", type=int, default=64, help="open loop: pool size")
    parser.add_argument("--warmup", type=float, default=0.0, help="open loop: seconds")
    parser.add_argument("--concurrency", type=int, help="closed loop with this many workers")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("-X", "--method", default="GET")
    parser.add_argument("-H", "--header", action="append", default=[], help="'Name: value'")
    parser.add_argument("-d", "--data", default="", help="request body")
    args = parser.parse_args(argv)
    url = urlsplit(args.url)
    if url.scheme != "http" or not url.hostname:
        parser.error("the URL must be http://host[:port]/...")
    path = (url.path or "/") + (f"?{url.query}" if url.query else "")
    headers = tuple(
        (name.strip(), value.strip()) for name, _, value in (h.partition(":") for h in args.header)
    )
    request = Request(args.method.upper(), path, headers, args.data.encode())
    host, port = url.hostname, url.port or 80
    if args.concurrency:
        run = closed_loop(
            host=host,
            port=port,
            make_request=lambda _i: request,
            concurrency=args.concurrency,
            duration=args.duration,
            timeout=args.timeout,
        )
    else:
        run = open_loop(
            host=host,
            port=port,
            make_request=lambda _i: request,
            rate=args.rate,
            duration=args.duration,
            connections=args.connections,
            timeout=args.timeout,
            warmup=args.warmup,
        )
    print(json.dumps(run.summary(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
