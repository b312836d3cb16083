# SPDX-License-Identifier: MPL-2.0
"""Import of interchange rows through the catalogue services, all or nothing.

A new code gets ``procedure_create``; an existing code gets a new draft (a published version
is never changed) whose fields go through ``version_update``; with ``publish``, a row with
publication data is published through ``version_publish``. Any error undoes the whole import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog import services
from motcua.catalog.io.exporting import catalogue_export_json
from motcua.catalog.io.format import LEVEL_FIELDS, Row
from motcua.catalog.io.validation import validate_rows
from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.org.models import Agency


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do); nothing is written when errors."""

    created: int = 0
    updated: int = 0
    published: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def catalogue_import(
    *, actor: User | None, rows: list[Row], publish: bool, dry_run: bool = False
) -> ImportResult:
    """Create or refresh procedures from interchange rows, all or nothing.

    Every row is checked first; any error means nothing is written. A new code gets a first
    draft; an existing code gets a new draft when its content differs from the newest version
    (published versions stay untouched); a row equal to the newest version is left alone, so
    importing the same file twice creates nothing. With ``publish``, rows carrying publication
    data are published (the version in force becomes superseded); a completeness error from
    ``version_publish`` is a row error and undoes the whole import. ``dry_run`` does all of it
    and rolls back.
    """
    result = ImportResult(dry_run=dry_run)
    parsed, agencies, result.errors = validate_rows(rows)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, row in enumerate(parsed, start=1):
                _import_row(
                    row, number, actor=actor, publish=publish, agencies=agencies, result=result
                )
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if result.errors:
        result.created = result.updated = result.published = result.unchanged = 0
    return result


def _import_row(
    row: Row,
    number: int,
    *,
    actor: User | None,
    publish: bool,
    agencies: dict[str, Agency],
    result: ImportResult,
) -> None:
    """One row written in a savepoint; its errors are recorded so later rows are still checked."""
    where = _("Dòng %(n)s (mã %(code)s)") % {"n": number, "code": row["code"]}
    try:
        with transaction.atomic():
            _write_row(row, actor=actor, publish=publish, agencies=agencies, result=result)
    except services.CatalogError as exc:
        result.errors += [
            _("%(where)s: không nhập được: %(msg)s") % {"where": where, "msg": m}
            for m in exc.messages
        ]
    except ValidationError as exc:
        result.errors += [f"{where}: {m}" for m in exc.messages]


def _write_row(
    row: Row,
    *,
    actor: User | None,
    publish: bool,
    agencies: dict[str, Agency],
    result: ImportResult,
) -> None:
    procedure = Procedure.objects.filter(code=row["code"]).first()
    if procedure is not None and _unchanged(procedure, row, publish):
        result.unchanged += 1
        return
    fields = _version_fields(row, agencies)
    if procedure is None:
        version = services.procedure_create(actor=actor, code=row["code"], **fields)
        result.created += 1
    else:
        draft = services.version_create_draft(actor=actor, procedure=procedure)
        version = services.version_update(actor=actor, version=draft, **fields)
        result.updated += 1
    _replace_children(version, row, agencies, new=procedure is None)
    if publish and row["publication"]:
        services.version_publish(
            actor=actor, version=version, publication=_publication(row["publication"])
        )
        result.published += 1


def _publication(data: Mapping[str, str]) -> services.Publication:
    return services.Publication(
        decision_number=data["decision_number"],
        decision_date=date.fromisoformat(data["decision_date"]),
        effective_date=date.fromisoformat(data["effective_date"]),
    )


def _unchanged(procedure: Procedure, row: Row, publish: bool) -> bool:
    """The newest version already says what the row says (and is published if it must be)."""
    newest = procedure.versions.order_by("-number").first()
    if newest is None:
        return False
    current = catalogue_export_json([newest])[0]
    if {**current, "publication": None} != {**row, "publication": None}:
        return False
    if not (publish and row["publication"]):
        return True
    return newest.status == VersionStatus.PUBLISHED and current["publication"] == row["publication"]


def _version_fields(row: Row, agencies: dict[str, Agency]) -> dict[str, Any]:
    levels = set(row["levels"])
    channels = row["channels"]
    return {
        "name": row["name"],
        "field": services.field_get_or_create(name=row["field"]),
        **{attr: level in levels for level, attr in LEVEL_FIELDS.items()},
        "receiving_agency": agencies.get(row["receiving_agency"] or ""),
        "processing_agency": agencies.get(row["processing_agency"] or ""),
        "processing_agency_text": row["processing_agency_text"],
        "deciding_authority": row["deciding_authority"],
        "coordinating_agencies": "\n".join(row["coordinating_agencies"]),
        "subjects": "\n".join(row["subjects"]),
        "steps": row["steps"],
        "requirements": "\n".join(row["requirements"]),
        "result": "\n".join(row["result"]),
        "legal_basis": row["legal_basis"],
        "channel_counter": channels["counter"],
        "channel_post": channels["post"],
        "channel_online": channels["online"],
        "online_level": row["online_level"],
        "online_level_2018": row["online_level_2018"],
        "one_stop": row["one_stop"],
        "inter_agency": row["inter_agency"],
        "inter_agency_note": row["inter_agency_note"],
        "fee_note": row["fee_note"],
        "source_url": row["source_url"],
    }


# --- the draft's child rows ------------------------------------------------------------------
# Not ``services_children``: its ``version_steps_replace`` renumbers steps 1..n, while the
# format keeps the step numbers it is given (1, 3, 5 stays 1, 3, 5), and an import compares
# the row with the export of the newest version; renumbering would make every re-import of
# such a file a new (published) version.


def _replace_children(
    version: ProcedureVersion, row: Row, agencies: dict[str, Agency], *, new: bool
) -> None:
    """The draft's cases, components, fees and steps become the row's (templates are kept)."""
    templates: dict[tuple[str, str], str] = {}
    if not new:  # a draft copied from the previous version: clear what was copied
        templates = _kept_templates(version)
        for model in (Component, Fee, ProcessStep, ProcedureCase):
            model.objects.filter(version=version).delete()  # type: ignore[attr-defined]
    cases = _bulk(ProcedureCase, _case_objects(version, row))
    by_code = {case.code: case for case in cases if case.code}
    _bulk(Component, _component_objects(version, row, by_code, templates))
    _bulk(Fee, _fee_objects(version, row, by_code))
    _bulk(ProcessStep, _step_objects(version, row, agencies))


def _kept_templates(version: ProcedureVersion) -> dict[tuple[str, str], str]:
    """Template files by (group, name): an import has no files, so it keeps the draft's."""
    components = version.components.exclude(template="")
    return {(c.group, c.name): c.template.name for c in components}


def _case_objects(version: ProcedureVersion, row: Row) -> list[ProcedureCase]:
    return [
        ProcedureCase(
            version=version,
            order=order,
            code=case["code"],
            name=case["name"],
            processing_amount=Decimal(str(case["processing_amount"])),
            processing_unit=case["processing_unit"],
            note=case["note"],
        )
        for order, case in enumerate(row["cases"], start=1)
    ]


def _component_objects(
    version: ProcedureVersion,
    row: Row,
    by_code: dict[str, ProcedureCase],
    templates: dict[tuple[str, str], str],
) -> list[Component]:
    return [
        Component(
            version=version,
            order=order,
            case=by_code.get(item["case_code"] or ""),
            template=templates.get((item["group"], item["name"]), ""),
            **{k: v for k, v in item.items() if k != "case_code"},
        )
        for order, item in enumerate(row["components"], start=1)
    ]


def _fee_objects(
    version: ProcedureVersion, row: Row, by_code: dict[str, ProcedureCase]
) -> list[Fee]:
    return [
        Fee(
            version=version,
            order=order,
            case=by_code.get(item["case_code"] or ""),
            **{k: v for k, v in item.items() if k != "case_code"},
        )
        for order, item in enumerate(row["fees"], start=1)
    ]


def _step_objects(
    version: ProcedureVersion, row: Row, agencies: dict[str, Agency]
) -> list[ProcessStep]:
    return [
        ProcessStep(
            version=version,
            order=step["order"],
            name=step["name"],
            responsible_role=step["responsible_role"],
            responsible_agency=agencies.get(step["responsible_agency"] or ""),
            duration_hours=Decimal(str(step["duration_hours"])),
            output=step["output"],
        )
        for step in row["process_steps"]
    ]


def _bulk(model: type[models.Model], objects: list) -> list:
    """Field checks without the per-row foreign-key queries of ``full_clean``, then one insert."""
    for obj in objects:
        obj.clean_fields(exclude=["version", "case", "responsible_agency"])
    return model.objects.bulk_create(objects)  # type: ignore[attr-defined]
