# SPDX-License-Identifier: MPL-2.0
"""A real webhook receiver for tests: an HTTP server on 127.0.0.1 in a thread.

It behaves like a careful client system: it checks the signature, keeps the idempotency keys
it has processed and processes each key once, and answers from a script (one entry per
request, then 200). A scripted ``"process-then-500"`` processes the event and then fails,
like a receiver that crashed after committing: the retry must not be processed again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from motcua.clients.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    secret: str = ""
    script: list[Any] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    processed: dict[str, bytes] = field(default_factory=dict)
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, request: Request) -> tuple[int, dict[str, str]]:
        with self.lock:
            self.requests.append(request)
            step = self.script.pop(0) if self.script else 200
            if isinstance(step, int) and step != 200:
                return step, {}
            if isinstance(step, tuple):  # (status, headers), e.g. a redirect
                return step
            signed = verify_signature(
                self.secret,
                request.headers.get(TIMESTAMP_HEADER, ""),
                request.body,
                request.headers.get(SIGNATURE_HEADER, ""),
            )
            if not signed:
                self.bad_signatures += 1
                return 401, {}
            key = request.headers["Idempotency-Key"]
            self.processed.setdefault(key, request.body)  # a repeat is acknowledged only
            return (500 if step == "process-then-500" else 200), {}

    def keys(self) -> list[str]:
        return [r.headers["Idempotency-Key"] for r in self.requests]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            request = Request(self.path, dict(self.headers.items()), self.rfile.read(length))
            status, headers = receiver.answer(request)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    return Handler


@contextmanager
def running_receiver(path: str = "/hook") -> Iterator[Receiver]:
    receiver = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
