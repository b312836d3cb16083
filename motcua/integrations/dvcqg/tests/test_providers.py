# SPDX-License-Identifier: MPL-2.0
"""DVCQG providers without a database: the registry, the fake, and the HTTP client against a
local server (the network is off in tests; 127.0.0.1 is allowed)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.integrations.dvcqg.base import DvcqgError
from motcua.integrations.dvcqg.fake.provider import FakeDvcqgProvider
from motcua.integrations.dvcqg.http_json.provider import HttpDvcqgProvider, check_answer
from motcua.integrations.dvcqg.registry import get_provider, sync_enabled

RECORD = {"MaHoSo": "000.00.06.H31-261125-0001", "TrangThaiHoSo": "2"}


@contextmanager
def portal(answers: list[Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A stand-in portal answering ``answers`` in turn: (status, body) or "slow"."""
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append({"headers": dict(self.headers.items()), "body": json.loads(body)})
            answer = answers.pop(0) if answers else (200, b'{"error_code": 0}')
            if answer == "slow":
                time.sleep(1.5)
                answer = (200, b'{"error_code": 0}')
            status, content = answer
            try:
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "https://elsewhere.example.vn/")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first (the timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/dvcqg", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def http_settings(settings):
    settings.DVCQG_PROVIDER = "http"
    settings.DVCQG_TOKEN = "khoa-thu-nghiem"
    settings.DVCQG_TIMEOUT_SECONDS = 1
    return settings


def test_the_registry_picks_the_configured_provider(settings):
    settings.DVCQG_PROVIDER = "fake"
    assert isinstance(get_provider(), FakeDvcqgProvider) and sync_enabled()
    settings.DVCQG_PROVIDER = ""
    assert get_provider() is None and not sync_enabled()
    settings.DVCQG_PROVIDER = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured):
        get_provider()


def test_the_http_provider_needs_its_credentials(http_settings):
    http_settings.DVCQG_URL = ""
    with pytest.raises(ImproperlyConfigured):
        HttpDvcqgProvider()


def test_the_fake_records_and_fails_on_cue(settings):
    settings.DVCQG_FAKE_FILE = ""
    FakeDvcqgProvider.reset()
    fake = FakeDvcqgProvider()
    FakeDvcqgProvider.fail_next(DvcqgError("HTTP 503"))
    with pytest.raises(DvcqgError):
        fake.sync_dossier(RECORD, idempotency_key="k", updating=False)
    fake.sync_dossier(RECORD, idempotency_key="k", updating=False)
    assert [(s.record, s.idempotency_key, s.updating) for s in fake.sent] == [(RECORD, "k", False)]
    FakeDvcqgProvider.reset()


def test_the_http_provider_posts_the_sync_envelope_with_its_token(http_settings):
    with portal([]) as (url, seen):
        http_settings.DVCQG_URL = url
        HttpDvcqgProvider().sync_dossier(RECORD, idempotency_key="k:dvcqg", updating=True)
    (request,) = seen
    assert request["body"] == {"service": "DongBoHoSoMC", "isUpdating": True, "data": [RECORD]}
    assert request["headers"]["Authorization"] == "Bearer khoa-thu-nghiem"
    assert request["headers"]["Idempotency-Key"] == "k:dvcqg"


@pytest.mark.parametrize(
    ("answer", "permanent"),
    [
        ((200, b'{"error_code": "2", "message": "MaTTHC sai"}'), True),
        ((200, b"<html>gateway</html>"), False),
        ((401, b""), True),
        ((400, b""), True),
        ((429, b""), False),
        ((500, b""), False),
        ((502, b""), False),
        ((302, b""), True),
        ("slow", False),
    ],
)
def test_http_answers_decide_between_retry_and_dead(http_settings, answer, permanent):
    with portal([answer]) as (url, seen):
        http_settings.DVCQG_URL = url
        with pytest.raises(DvcqgError) as error:
            HttpDvcqgProvider().sync_dossier(RECORD, idempotency_key="k", updating=False)
    assert error.value.permanent is permanent
    assert len(seen) == 1  # never follows a redirect


def test_an_unreachable_portal_is_temporary(http_settings):
    with portal([]) as (url, _seen):
        pass
    http_settings.DVCQG_URL = url
    with pytest.raises(DvcqgError) as error:
        HttpDvcqgProvider().sync_dossier(RECORD, idempotency_key="k", updating=False)
    assert not error.value.permanent


@pytest.mark.parametrize(
    "answer", [b"", b"{}", b'{"error_code": 0}', b'{"error_code": "0"}', b"[]"]
)
def test_accepted_answers(answer):
    check_answer(answer)
