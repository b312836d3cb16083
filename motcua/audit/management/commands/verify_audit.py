# SPDX-License-Identifier: MPL-2.0
"""Recompute the audit hash chain; exit 1 when an entry was changed, removed or reordered.

python manage.py verify_audit
python manage.py verify_audit --start 1000 --stop 2000
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.audit.selectors import BreakReason, verify_chain


def _reason_text(reason: BreakReason | None) -> str:
    return {
        BreakReason.HASH_MISMATCH: _("nội dung bản ghi đã bị sửa (mã băm không khớp)"),
        BreakReason.PREV_HASH_MISMATCH: _(
            "bản ghi không trỏ tới bản ghi liền trước (bị chèn, đổi thứ tự hoặc giả mạo)"
        ),
        BreakReason.SEQUENCE_GAP: _("thiếu bản ghi (số thứ tự bị đứt quãng)"),
        BreakReason.ACTOR_MISMATCH: _("người thực hiện đã bị thay đổi sau khi ghi"),
        BreakReason.HEAD_MISMATCH: _("đầu chuỗi không khớp bản ghi mới nhất (bản ghi cuối bị xoá)"),
    }.get(reason, "")  # type: ignore[arg-type]


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của chuỗi nhật ký kiểm toán (chuỗi mã băm SHA-256)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", type=int, help="số thứ tự bản ghi đầu tiên cần kiểm tra")
        parser.add_argument("--stop", type=int, help="số thứ tự bản ghi cuối cùng cần kiểm tra")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(start=options["start"], stop=options["stop"])
        if report.ok:
            self.stdout.write(
                _("Chuỗi nhật ký kiểm toán toàn vẹn: đã kiểm tra %(count)s bản ghi.")
                % {"count": report.checked}
            )
            return
        raise CommandError(
            _(
                "Chuỗi nhật ký kiểm toán bị phá vỡ tại bản ghi số %(sequence)s: %(reason)s. "
                "Đã kiểm tra hợp lệ %(count)s bản ghi trước đó. Chi tiết: %(detail)s"
            )
            % {
                "sequence": report.broken_at,
                "reason": _reason_text(report.reason),
                "count": report.checked,
                "detail": report.detail,
            },
            returncode=1,
        )
