# SPDX-License-Identifier: MPL-2.0
"""Export the published procedures as JSON or Excel (docs/catalogue-import.md)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.catalog.io import catalogue_export_excel, catalogue_export_json
from motcua.catalog.selectors import published_versions


class Command(BaseCommand):
    help = "Xuất các thủ tục đang áp dụng ra tệp .json hoặc .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp cần ghi")
        parser.add_argument(
            "--format",
            choices=["json", "xlsx"],
            help="Mặc định theo đuôi tệp (.xlsx là Excel, còn lại là JSON).",
        )

    def handle(self, *args: Any, path: str, format: str | None, **options: Any) -> None:
        target = Path(path)
        kind = format or ("xlsx" if target.suffix.lower() == ".xlsx" else "json")
        versions = list(published_versions())
        if kind == "xlsx":
            target.write_bytes(catalogue_export_excel(versions))
        else:
            rows = catalogue_export_json(versions)
            target.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(
                _("Số thủ tục đã xuất: %(n)s (tệp %(path)s).")
                % {"n": len(versions), "path": target}
            )
        )
