# SPDX-License-Identifier: MPL-2.0
"""Reading an import file: a .json list of interchange dicts or an .xlsx workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog import services
from motcua.catalog.io.excel import catalogue_import_excel
from motcua.catalog.io.format import Row


def catalogue_read_file(path: str | Path) -> list[Row]:
    """Rows from a .json (a list of interchange dicts) or .xlsx file; ``CatalogError`` if bad."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return catalogue_import_excel(path)
    if suffix != ".json":
        raise services.CatalogError([_("Chỉ nhập được tệp .json hoặc .xlsx.")])
    rows = _read_json(path)
    if not isinstance(rows, list):
        raise services.CatalogError([_("Tệp JSON phải chứa một danh sách thủ tục.")])
    return rows


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise services.CatalogError([_("Tệp JSON phải được mã hóa UTF-8.")]) from None
    except json.JSONDecodeError as exc:
        raise services.CatalogError(
            [
                _("Tệp JSON không hợp lệ (dòng %(line)s, cột %(col)s): %(msg)s")
                % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
            ]
        ) from None
