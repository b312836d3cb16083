# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from motcua.outbox.handlers import FakeRecorder, registered
from motcua.outbox.worker import Worker

T0 = "2026-11-25 09:00 +07:00"


class HalfRandom:
    """rng stub: jitter is always half of its maximum, so delays are exact numbers."""

    def random(self) -> float:
        return 0.5


@pytest.fixture(autouse=True)
def outbox_settings(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 4
    settings.OUTBOX_BACKOFF_BASE_SECONDS = 30
    settings.OUTBOX_BACKOFF_MAX_SECONDS = 3600
    settings.OUTBOX_LEASE_SECONDS = 300
    return settings


@pytest.fixture
def fake():
    recorder = FakeRecorder()
    with registered("fake", recorder):
        yield recorder


@pytest.fixture
def make_worker():
    def make(worker_id: str = "w1", batch: int = 10) -> Worker:
        return Worker(worker_id=worker_id, batch=batch, rng=HalfRandom())  # type: ignore[arg-type]

    return make
