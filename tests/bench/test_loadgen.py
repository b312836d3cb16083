# SPDX-License-Identifier: MPL-2.0
"""The benchmark harness's load client (`bench/harness/loadgen.py`) against real local servers.

A threaded stdlib HTTP/1.1 server on 127.0.0.1 (keep-alive, chunked, Connection: close, a
slow path, a truncated body, an echo), a listening socket that never answers, and a closed
port. No timed assertions beyond wide margins: counts, statuses, bodies, connection reuse.
"""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.harness.loadgen import Request, Result, Run, closed_loop, main, open_loop

CHUNKS = (b"hello", b", ", b"chunked world")


class _Server(ThreadingHTTPServer):
    accepted = 0
    lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.accepted += 1

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/ok":
            self._send(200, b"ok")
        elif self.path == "/slow":
            time.sleep(0.05)
            self._send(200, b"slow")
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in CHUNKS:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/close":
            self._send(200, b"closing", (("Connection", "close"),))
        elif self.path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"short")
        elif self.path == "/busy":
            self._send(503, b"busy")
        else:
            self._send(404, b"not found")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/echo":
            headers = (
                ("X-Echo-Tag", self.headers.get("X-Tag", "")),
                ("X-Seen-Length", self.headers.get("Content-Length", "none")),
            )
            self._send(200, body, headers)
        else:
            self._send(404, b"not found")


@dataclass
class Server:
    host: str
    port: int
    httpd: _Server

    @property
    def accepted(self) -> int:
        with self.httpd.lock:
            return self.httpd.accepted


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server("127.0.0.1", httpd.server_address[1], httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()


def get(path: str) -> Request:
    return Request("GET", path)


def assert_sane(run: Run) -> None:
    for result in run.results:
        assert result.intended <= result.sent <= result.done
        assert result.latency >= 0
    p50, p90, p99 = run.percentile(50), run.percentile(90), run.percentile(99)
    assert 0 <= p50 <= p90 <= p99 <= run.percentile(100) == max(r.latency for r in run.results)


def test_closed_loop_issues_each_index_once_over_kept_alive_connections(server: Server) -> None:
    before = server.accepted
    run = closed_loop(
        host=server.host,
        port=server.port,
        make_request=lambda i: Request("GET", "/ok", tag=f"t{i}"),
        concurrency=4,
        count=100,
        keep_response=True,
    )
    assert run.mode == "closed" and run.offered_rate is None
    assert [r.index for r in run.results] == list(range(100))
    assert [r.tag for r in run.results] == [f"t{i}" for i in range(100)]
    assert all(r.status == 200 and r.error == "" and r.body == b"ok" for r in run.results)
    assert all(r.headers["content-length"] == "2" for r in run.results)
    assert all(r.intended == r.sent for r in run.results)
    assert server.accepted - before <= 4  # keep-alive: one connection per worker
    assert len(run.ok()) == 100 and run.errors() == run.non_2xx() == 0
    assert run.throughput() > 0
    assert_sane(run)


def test_open_loop_issues_rate_times_duration(server: Server) -> None:
    run = open_loop(
        host=server.host,
        port=server.port,
        make_request=lambda i: get("/ok"),
        rate=200,
        duration=1.0,
        connections=16,
    )
    assert run.mode == "open" and run.offered_rate == 200
    assert [r.index for r in run.results] == list(range(200))
    assert all(r.status == 200 and r.body == b"" and r.headers == {} for r in run.results)
    intended = [r.intended for r in run.results]
    assert intended == sorted(intended) and intended[0] == run.started
    assert intended[-1] - intended[0] == pytest.approx(199 / 200)
    assert 20 < run.throughput() <= 201  # 200 responses over at least the 0.995 s schedule
    assert_sane(run)
    summary = run.summary()
    assert summary["count"] == summary["ok"] == 200
    assert summary["non_2xx"] == summary["transport_errors"] == 0
    assert summary["p50"] <= summary["p90"] <= summary["p95"] <= summary["p99"]
    assert summary["p99"] <= summary["p999"] <= summary["max"]
    assert summary["offered_rate"] == 200
    json.dumps(summary)


def test_warmup_requests_are_sent_first_and_left_out(server: Server) -> None:
    seen: list[int] = []

    def make(i: int) -> Request:
        seen.append(i)
        return get("/ok")

    run = open_loop(
        host=server.host, port=server.port, make_request=make, rate=100, duration=0.2, warmup=0.1
    )
    assert seen == list(range(-10, 20))
    assert [r.index for r in run.results] == list(range(20))
    assert all(r.status == 200 for r in run.results)


def test_chunked_bodies_are_read_and_the_connection_kept(server: Server) -> None:
    before = server.accepted
    run = closed_loop(
        host=server.host,
        port=server.port,
        make_request=lambda i: get("/chunked" if i % 2 else "/ok"),
        concurrency=1,
        count=6,
        keep_response=True,
    )
    assert [r.status for r in run.results] == [200] * 6
    assert [r.body for r in run.results] == [b"ok", b"".join(CHUNKS)] * 3
    assert run.results[1].headers["transfer-encoding"] == "chunked"
    assert server.accepted - before == 1


def test_connection_close_responses_reopen_the_connection(server: Server) -> None:
    before = server.accepted
    run = closed_loop(
        host=server.host,
        port=server.port,
        make_request=lambda i: get("/close"),
        concurrency=1,
        count=5,
        keep_response=True,
    )
    assert [(r.status, r.body) for r in run.results] == [(200, b"closing")] * 5
    assert server.accepted - before == 5


def test_post_bodies_headers_and_selective_keep(server: Server) -> None:
    def make(i: int) -> Request:
        body = b"" if i == 4 else f"payload-{i}".encode()
        return Request("POST", "/echo", (("X-Tag", f"k{i}"),), body, tag=f"m{i}")

    run = open_loop(
        host=server.host,
        port=server.port,
        make_request=make,
        rate=100,
        duration=0.1,
        connections=2,
        keep_response=lambda i: i % 2 == 0,
    )
    assert [r.index for r in run.results] == list(range(10))
    for r in run.results:
        assert r.status == 200 and r.tag == f"m{r.index}"
        if r.index % 2:
            assert r.body == b"" and r.headers == {}
        else:
            expected = b"" if r.index == 4 else f"payload-{r.index}".encode()
            assert r.body == expected
            assert r.headers["x-echo-tag"] == f"k{r.index}"
            assert r.headers["x-seen-length"] == str(len(expected))  # Content-Length: 0 added


def test_5xx_counts_as_error_and_non_2xx(server: Server) -> None:
    run = closed_loop(
        host=server.host,
        port=server.port,
        make_request=lambda i: get("/busy"),
        concurrency=1,
        count=3,
    )
    assert [r.status for r in run.results] == [503] * 3
    assert run.ok() == [] and run.errors() == 3 and run.non_2xx() == 3
    assert run.transport_errors() == 0
    assert not math.isnan(run.percentile(50))  # a 503 is a completed request


def test_truncated_body_is_a_transport_error_and_the_next_request_reconnects(
    server: Server,
) -> None:
    run = closed_loop(
        host=server.host,
        port=server.port,
        make_request=lambda i: get("/truncated" if i % 2 == 0 else "/ok"),
        concurrency=1,
        count=4,
        keep_response=True,
    )
    assert [(r.status, r.error) for r in run.results] == [
        (0, "IncompleteReadError"),
        (200, ""),
    ] * 2
    assert run.results[1].body == b"ok"


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


def test_refused_port_gives_status_0_for_every_request() -> None:
    port = _closed_port()
    closed = closed_loop(
        host="127.0.0.1", port=port, make_request=lambda i: get("/"), concurrency=2, count=6
    )
    opened = open_loop(
        host="127.0.0.1", port=port, make_request=lambda i: get("/"), rate=50, duration=0.2
    )
    for run, count in ((closed, 6), (opened, 10)):
        assert len(run.results) == count
        assert all(r.status == 0 and r.error == "ConnectionRefusedError" for r in run.results)
        assert run.transport_errors() == run.errors() == count and run.non_2xx() == 0
        assert run.throughput() == 0 and math.isnan(run.percentile(99))
        summary = run.summary()
        assert summary["p50"] is None and summary["max"] is None
        json.dumps(summary)


def test_a_stalled_server_gives_timeouts() -> None:
    with socket.socket() as listener:  # accepts into its backlog, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        port = listener.getsockname()[1]
        closed = closed_loop(
            host="127.0.0.1",
            port=port,
            make_request=lambda i: get("/"),
            concurrency=2,
            count=2,
            timeout=0.2,
        )
        opened = open_loop(
            host="127.0.0.1",
            port=port,
            make_request=lambda i: get("/"),
            rate=20,
            duration=0.1,
            connections=1,
            timeout=0.2,
        )
    for run in (closed, opened):
        assert len(run.results) == 2
        assert all(r.status == 0 and r.error == "timeout" for r in run.results)
        assert all(r.done - r.sent >= 0.2 for r in run.results)


def test_open_loop_counts_queueing_from_the_due_time(server: Server) -> None:
    """Coordinated omission: 100/s on one connection to a 50 ms endpoint piles up a queue."""
    run = open_loop(
        host=server.host,
        port=server.port,
        make_request=lambda i: get("/slow"),
        rate=100,
        duration=0.5,
        connections=1,
    )
    assert len(run.results) == 50 and all(r.status == 200 for r in run.results)
    assert max(r.latency for r in run.results) > 0.2
    assert run.results[-1].latency > run.results[0].latency
    assert run.results[-1].sent - run.results[-1].intended > 0.2  # waited in the queue
    assert_sane(run)


def _result(index: int, latency_ms: float, status: int = 200) -> Result:
    return Result(index, "", 0.0, 0.0, latency_ms / 1000, status, "", {}, b"")


def test_percentiles_are_nearest_rank_over_completed_requests() -> None:
    results = [_result(i, i + 1) for i in range(100)] + [_result(100, 5000, status=0)]
    run = Run("closed", results, 0.0, 1.0)
    assert run.percentile(0) == pytest.approx(0.001)
    assert run.percentile(50) == pytest.approx(0.050)
    assert run.percentile(99) == pytest.approx(0.099)
    assert run.percentile(99.9) == run.percentile(100) == pytest.approx(0.100)
    assert run.throughput() == 100
    with pytest.raises(ValueError):
        run.percentile(101)


def test_command_line_prints_summary_json(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://{server.host}:{server.port}/ok"
    assert main([url, "--rate", "50", "--duration", "0.1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["count"] == summary["ok"] == 5 and summary["mode"] == "open"


def test_it_runs_from_inside_a_running_event_loop(server):
    """A test process where Playwright left an event loop running, or async code."""
    import asyncio

    async def inside() -> Run:
        return closed_loop(
            host=server.host,
            port=server.port,
            make_request=lambda i: Request("GET", "/ok"),
            concurrency=2,
            count=10,
        )

    # a thread of our own: this test's thread may itself run Playwright's loop already
    results: list[Run] = []
    thread = threading.Thread(target=lambda: results.append(asyncio.run(inside())))
    thread.start()
    thread.join(30)
    assert [r.status for r in results[0].results] == [200] * 10
