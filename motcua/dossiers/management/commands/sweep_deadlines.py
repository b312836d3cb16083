# SPDX-License-Identifier: MPL-2.0
"""Run the deadline watch once (cron or a systemd timer, e.g. every 15 minutes)."""

from typing import Any

from django.core.management.base import BaseCommand

from motcua.dossiers.deadline_watch import sweep_deadlines


class Command(BaseCommand):
    help = "Đánh dấu hồ sơ sắp đến hạn (trong một ngày làm việc) và hồ sơ quá hạn."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_deadlines()
        self.stdout.write(
            f"Đã kiểm tra {result.checked} hồ sơ: {result.due_soon} mới sắp đến hạn, "
            f"{result.overdue} mới quá hạn."
        )
