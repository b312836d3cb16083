# SPDX-License-Identifier: MPL-2.0
"""Compute a due date with the province calendar, and explain it day by day.

python manage.py due_date --received "2023-10-27 09:32" --amount 5 --unit working_days
python manage.py due_date --received "2026-02-13 16:00" --amount 3 --unit working_days --json
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.domain.deadlines import DurationUnit
from motcua.domain.errors import DomainError
from motcua.workcal.selectors import deadline_compute


def _received(raw: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"):
        try:
            return timezone.make_aware(datetime.strptime(raw, fmt))  # noqa: DTZ007
        except ValueError:
            continue
    raise CommandError(
        f'--received {raw!r}: hãy nhập thời điểm tiếp nhận dạng "YYYY-MM-DD HH:MM" '
        '(giờ Việt Nam), ví dụ "2026-02-13 16:00".'
    )


def _amount(raw: str) -> Decimal:
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:
        raise CommandError(f"--amount {raw!r}: phải là một số, ví dụ 5 hoặc 0.5.") from exc


class Command(BaseCommand):
    help = "Tính ngày hẹn trả kết quả theo lịch làm việc của tỉnh và giải thích từng ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--received",
            required=True,
            help='thời điểm tiếp nhận, giờ Việt Nam: "YYYY-MM-DD HH:MM"',
        )
        parser.add_argument("--amount", required=True, help="thời hạn giải quyết, ví dụ 5 hoặc 0.5")
        parser.add_argument("--unit", required=True, choices=[u.value for u in DurationUnit])
        parser.add_argument("--json", action="store_true", help="in một đối tượng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        received = _received(options["received"])
        try:
            deadline = deadline_compute(
                received_at=received,
                amount=_amount(options["amount"]),
                unit=DurationUnit(options["unit"]),
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        trail = [entry.text for entry in deadline.trail]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "received": received.isoformat(),
                        "due": deadline.due.isoformat(),
                        "legal_due": deadline.legal_due.isoformat(),
                        "trail": trail,
                    },
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(f"Hẹn trả kết quả: {deadline.due:%H:%M %d/%m/%Y}")
        for line in trail:
            self.stdout.write(f"  – {line}")
