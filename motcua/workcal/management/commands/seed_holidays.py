# SPDX-License-Identifier: MPL-2.0
"""Seed public holidays and make-up working days from the `holidays` package (VN)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from motcua.workcal.services import holidays_seed


class Command(BaseCommand):
    help = (
        "Nạp ngày nghỉ lễ, Tết và ngày làm bù từ gói holidays; không ghi đè ngày "
        "quản trị viên đã khai báo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        this_year = timezone.localdate().year
        parser.add_argument("--from-year", type=int, default=this_year - 1)
        parser.add_argument("--to-year", type=int, default=this_year + 1)
        parser.add_argument(
            "--include-unconfirmed",
            action="store_true",
            help="nạp cả ngày nghỉ chưa xác nhận căn cứ pháp lý (24/11)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = holidays_seed(
            actor=None,
            years=range(options["from_year"], options["to_year"] + 1),
            include_unconfirmed=options["include_unconfirmed"],
        )
        self.stdout.write(f"Đã thêm {result.created} ngày, giữ nguyên {result.kept} ngày đã có.")
        for skipped in result.skipped_unconfirmed:
            self.stdout.write(f"  Chưa nạp (chưa xác nhận căn cứ): {skipped}")
