# SPDX-License-Identifier: MPL-2.0
"""Load the demo province (Hưng Yên): units, agencies, counters and demo logins. Idempotent."""

from typing import Any

from django.core.management.base import BaseCommand

from motcua.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn tỉnh Hưng Yên (chạy lại nhiều lần vẫn an toàn)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp: {result.units} đơn vị hành chính, {result.agencies} cơ quan, "
                f"{result.counters} quầy, {result.procedures} thủ tục hành chính, "
                f"{result.dossiers} hồ sơ mẫu, {result.history} hồ sơ lịch sử cho thống kê, "
                f"{len(result.logins)} tài khoản trình diễn."
            )
        )
        self.stdout.write(f"\nTài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD})\n")
        for login in result.logins:
            self.stdout.write(f"  {login.door:<8} {login.username:<28} {login.description}")
