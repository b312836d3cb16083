# SPDX-License-Identifier: MPL-2.0
"""``manage.py refresh_reports``: bring the statistics summary tables up to date.

Run it every few minutes (``--every 300``, under systemd next to the outbox worker), or once
after importing dossiers (``--rebuild``).
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from motcua.reports.refresh import RefreshResult, refresh_summaries

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Refresh the statistics summary tables (form 06) from the dossiers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="recompute every day from the first dossier"
        )
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            help="keep running and refresh every N seconds (default: once)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._report(refresh_summaries(rebuild=options["rebuild"]))
        every = options["every"] or 0
        if every <= 0:
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        while not stop.wait(every):
            close_old_connections()
            try:
                self._report(refresh_summaries())
            except DatabaseError:  # the database restarts: log, keep going, try next round
                logger.exception("reports: refresh failed; retrying in %s s", every)

    def _report(self, result: RefreshResult) -> None:
        self.stdout.write(
            f"reports: {result.dossiers:,} dossiers from {result.since:%d/%m/%Y} to "
            f"{result.through:%d/%m/%Y}: {result.flow_rows:,} flow rows, "
            f"{result.open_rows:,} open rows in {result.seconds:.2f} s"
        )
