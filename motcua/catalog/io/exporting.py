# SPDX-License-Identifier: MPL-2.0
"""Export of procedure versions to the interchange format (a list of dicts, ready for JSON).

The export is normalised exactly as an import reads it, so exporting and importing again
changes nothing; the importer relies on this to leave unchanged procedures alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects

from motcua.catalog.io.format import COMPONENT_COLS, FEE_COLS, LEVEL_FIELDS, Row
from motcua.catalog.io.validation import read_json_row
from motcua.catalog.models import Component, Fee, ProcedureVersion, ProcessStep


def catalogue_export_json(versions: Iterable[ProcedureVersion]) -> list[Row]:
    """The versions in the interchange format (normalised exactly as an import reads it)."""
    versions = list(versions)
    prefetch_related_objects(
        versions,
        "procedure",
        "field",
        "receiving_agency",
        "processing_agency",
        "cases",
        Prefetch("components", queryset=Component.objects.select_related("case")),
        Prefetch("fees", queryset=Fee.objects.select_related("case")),
        Prefetch(
            "process_steps", queryset=ProcessStep.objects.select_related("responsible_agency")
        ),
    )
    return [read_json_row(_raw_row(version), []) for version in versions]


def _raw_row(version: ProcedureVersion) -> Row:
    """The version as an interchange dict, before normalisation."""
    return {
        **_procedure_fields(version),
        "cases": _cases(version),
        "components": _components(version),
        "fees": _fees(version),
        "process_steps": _process_steps(version),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _procedure_fields(version: ProcedureVersion) -> Row:
    return {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.field.name,
        "levels": [level.value for level, attr in LEVEL_FIELDS.items() if getattr(version, attr)],
        "receiving_agency": version.receiving_agency.code if version.receiving_agency else None,
        "processing_agency": version.processing_agency.code if version.processing_agency else None,
        "processing_agency_text": version.processing_agency_text,
        "deciding_authority": version.deciding_authority,
        "coordinating_agencies": version.lines("coordinating_agencies"),
        "subjects": version.lines("subjects"),
        "steps": version.steps,
        "requirements": version.lines("requirements"),
        "result": version.lines("result"),
        "legal_basis": version.legal_basis,
        "channels": {
            "counter": version.channel_counter,
            "post": version.channel_post,
            "online": version.channel_online,
        },
        "online_level": version.online_level,
        "online_level_2018": version.online_level_2018,
        "one_stop": version.one_stop,
        "inter_agency": version.inter_agency,
        "inter_agency_note": version.inter_agency_note,
        "fee_note": version.fee_note,
        "publication": {
            "decision_number": version.decision_number,
            "decision_date": _iso(version.decision_date),
            "effective_date": _iso(version.effective_date),
        },
        "source_url": version.source_url,
    }


def _by_order(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.order, item.pk))


def _case_code(item: Component | Fee) -> str | None:
    return item.case.code if item.case_id else None  # type: ignore[union-attr]


def _cases(version: ProcedureVersion) -> list[Row]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "processing_amount": c.processing_amount,
            "processing_unit": c.processing_unit,
            "note": c.note,
        }
        for c in _by_order(version.cases.all())
    ]


def _components(version: ProcedureVersion) -> list[Row]:
    return [
        {"case_code": _case_code(c)} | {col.key: getattr(c, col.key) for col in COMPONENT_COLS[1:]}
        for c in _by_order(version.components.all())
    ]


def _fees(version: ProcedureVersion) -> list[Row]:
    return [
        {"case_code": _case_code(f)} | {col.key: getattr(f, col.key) for col in FEE_COLS[1:]}
        for f in _by_order(version.fees.all())
    ]


def _process_steps(version: ProcedureVersion) -> list[Row]:
    return [
        {
            "order": s.order,
            "name": s.name,
            "responsible_role": s.responsible_role,
            "responsible_agency": s.responsible_agency.code if s.responsible_agency else None,
            "duration_hours": s.duration_hours,
            "output": s.output,
        }
        for s in sorted(version.process_steps.all(), key=lambda s: s.order)
    ]
