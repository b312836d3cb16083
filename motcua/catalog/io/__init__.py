# SPDX-License-Identifier: MPL-2.0
"""Import and export of the procedure catalogue: a JSON interchange format and an Excel workbook.

The format (docs/catalogue-import.md) is a list of procedure versions, one dict per procedure,
with its cases, dossier components, fees and internal process steps nested inside. The Excel
workbook holds the same data in five sheets keyed by procedure code.

An import checks every row before it writes anything and imports nothing when any row is wrong.
Each error names the row (and the case, component, fee or step) and says what to fix, in
Vietnamese. Writes go through the catalogue services: a new code gets ``procedure_create``; an
existing code gets a new draft (a published version is never changed, NĐ 63/2010 Art. 8 and the
versioning rule in ``catalog.models``), and with ``publish`` a row with publication data is
published through ``version_publish``, whose completeness errors also undo the whole import.

Modules: ``format`` (the fields of the format), ``values`` (reading one value), ``validation``
(reading and checking whole rows), ``importing``, ``exporting`` (JSON), ``excel`` (workbook
export and import) and ``files`` (reading an import file).
"""

from motcua.catalog.io.excel import catalogue_export_excel, catalogue_import_excel
from motcua.catalog.io.exporting import catalogue_export_json
from motcua.catalog.io.files import catalogue_read_file
from motcua.catalog.io.format import Row
from motcua.catalog.io.importing import ImportResult, catalogue_import

__all__ = [
    "ImportResult",
    "Row",
    "catalogue_export_excel",
    "catalogue_export_json",
    "catalogue_import",
    "catalogue_import_excel",
    "catalogue_read_file",
]
