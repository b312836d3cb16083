# SPDX-License-Identifier: MPL-2.0
"""Import procedures from a JSON or Excel file (docs/catalogue-import.md): all or nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.catalog.io import catalogue_import, catalogue_read_file
from motcua.catalog.services import CatalogError


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục từ tệp .json hoặc .xlsx. Có lỗi ở bất kỳ dòng nào thì không nhập gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp .json (danh sách thủ tục) hoặc .xlsx")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Công bố các thủ tục có số và ngày quyết định công bố.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra và đếm, không ghi gì.")

    def handle(self, *args: Any, path: str, publish: bool, dry_run: bool, **options: Any) -> None:
        try:
            rows = catalogue_read_file(path)
        except (CatalogError, OSError) as exc:
            messages = exc.messages if isinstance(exc, CatalogError) else [str(exc)]
            self._fail(messages)
        result = catalogue_import(actor=None, rows=rows, publish=publish, dry_run=dry_run)
        if result.errors:
            self._fail(result.errors)
        summary = _(
            "Số thủ tục: %(total)s; tạo mới %(created)s, phiên bản mới %(updated)s, "
            "công bố %(published)s, không có thay đổi: %(unchanged)s."
        ) % {
            "total": len(rows),
            "created": result.created,
            "updated": result.updated,
            "published": result.published,
            "unchanged": result.unchanged,
        }
        if dry_run:
            summary = _("Chạy thử, không ghi gì. ") + summary
        self.stdout.write(self.style.SUCCESS(summary))

    def _fail(self, messages: list[str]) -> None:
        for message in messages:
            self.stderr.write(message)
        raise CommandError(
            _("Không nhập thủ tục nào. Số lỗi: %(n)s.") % {"n": len(messages)}, returncode=1
        )
