# SPDX-License-Identifier: MPL-2.0
"""``manage.py purge_idempotency_keys``: forget API idempotency keys after a while (daily)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from motcua.clients.services import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete API Idempotency-Key records older than API_IDEMPOTENCY_DAYS (default 30)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.API_IDEMPOTENCY_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = idempotency_keys_purge(older_than_days=options["days"])
        self.stdout.write(f"Đã xóa {deleted} khóa chống gửi trùng cũ hơn {options['days']} ngày.")
