# SPDX-License-Identifier: MPL-2.0
"""``manage.py run_outbox``: deliver outbox messages (run one or more under systemd)."""

from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from motcua.outbox.worker import Worker, default_worker_id


class Command(BaseCommand):
    help = "Deliver due outbox messages; with --once, one batch then exit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="process one batch and exit")
        parser.add_argument("--batch", type=int, default=settings.OUTBOX_BATCH_SIZE)
        parser.add_argument(
            "--sleep",
            type=float,
            default=settings.OUTBOX_POLL_SECONDS,
            help="seconds to wait when nothing is due",
        )
        parser.add_argument("--worker-id", default="", help="lease owner name (default host:pid)")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(
            worker_id=options["worker_id"] or default_worker_id(), batch=options["batch"]
        )
        if options["once"]:
            result = worker.run_once()
            self.stdout.write(f"outbox {worker.worker_id}: {result}")
            return

        def request_stop(signum: int, frame: object) -> None:
            # Finish the message in hand, give back the rest of the batch, then exit.
            worker.stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"outbox worker {worker.worker_id} started")
        worker.run(sleep=options["sleep"])
        self.stdout.write(f"outbox worker {worker.worker_id} stopped")
