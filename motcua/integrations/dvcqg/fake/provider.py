# SPDX-License-Identifier: MPL-2.0
"""The fake national portal: keeps every record it is given, sends nothing.

Records go to an in-memory list (``FakeDvcqgProvider.sent``, per process, for tests) and,
when ``DVCQG_FAKE_FILE`` names a file, one JSON line each to that file, so the demo can show
what the worker would have sent. Failures can be scripted for tests (``fail_next``). Never
for production: the records hold personal data and the province's sync would silently not
happen; settings refuse ``DVCQG_PROVIDER=fake`` when ``DEBUG`` is off.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings

from motcua.integrations.dvcqg.base import DvcqgError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentRecord:
    record: dict[str, Any]
    idempotency_key: str
    updating: bool


class FakeDvcqgProvider:
    name: ClassVar[str] = "fake"
    sent: ClassVar[list[SentRecord]] = []
    _failures: ClassVar[list[DvcqgError]] = []
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.sent.clear()
            cls._failures.clear()

    @classmethod
    def fail_next(cls, *errors: DvcqgError) -> None:
        """Make the next calls raise ``errors``, one each, before succeeding again."""
        with cls._lock:
            cls._failures.extend(errors)

    def sync_dossier(
        self, record: Mapping[str, Any], *, idempotency_key: str, updating: bool
    ) -> None:
        with self._lock:
            if self._failures:
                raise self._failures.pop(0)
            sent = SentRecord(json.loads(json.dumps(record)), idempotency_key, updating)
            self.sent.append(sent)
        path = settings.DVCQG_FAKE_FILE
        if path:
            line = json.dumps(
                {"key": idempotency_key, "updating": updating, "record": sent.record},
                ensure_ascii=False,
            )
            with Path(path).open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        logger.info(
            "DVCQG (giả lập): đồng bộ hồ sơ %s, trạng thái %s",
            record.get("MaHoSo"),
            record.get("TrangThaiHoSo"),
        )
