# SPDX-License-Identifier: MPL-2.0
"""Writes to the parts of a draft version: cases, components, fees, internal process steps.

Each service replaces the whole list of one part of a DRAFT in one transaction: rows with an
``id`` are updated, rows without one are added, existing rows left out are removed, and the
rows are renumbered 1..n in the order given. Everything is validated before anything is
written, so a rejected list leaves the draft as it was. Published versions are immutable
(dossiers are pinned to them, NĐ 63/2010 Art. 8 and the catalogue's versioning rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.models import (
    Component,
    Fee,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.services import CatalogError

Row = Mapping[str, Any]
ORDER_BUMP = 10_000  # moves step numbers out of the way of the (version, order) constraint


def _lock_draft(version: ProcedureVersion) -> ProcedureVersion:
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise CatalogError([_("Phiên bản đã công bố không được sửa; hãy tạo bản dự thảo mới.")])
    return version


def _sorted(rows: Sequence[Row]) -> list[Row]:
    """Rows by their ``order`` (blank last), ties kept in the order given."""
    indexed = enumerate(rows)
    return [row for _i, row in sorted(indexed, key=lambda p: (p[1].get("order") or 10**6, p[0]))]


def _field_label(model: type[models.Model], name: str) -> str:
    if name == "__all__":
        return ""
    return str(model._meta.get_field(name).verbose_name).capitalize() + ": "


def _build(
    version: ProcedureVersion, model: type[models.Model], rows: Sequence[Row]
) -> list[models.Model]:
    """Unsaved (or changed) instances for ``rows``, validated; raises CatalogError."""
    existing = {obj.pk: obj for obj in model.objects.filter(version=version)}  # type: ignore[attr-defined]
    objects, errors = [], []
    for number, row in enumerate(_sorted(rows), start=1):
        pk = row.get("id")
        if pk is not None and pk not in existing:
            raise CatalogError([_("Dòng %(n)s không thuộc bản dự thảo này.") % {"n": number}])
        obj = existing[pk] if pk is not None else model(version=version)
        for name, value in row.items():
            if name != "id":
                setattr(obj, name, value)
        obj.order = number  # type: ignore[attr-defined]
        case = getattr(obj, "case", None) if hasattr(model, "case") else None
        if case is not None and case.version_id != version.pk:
            errors.append(_("Dòng %(n)s: trường hợp không thuộc bản dự thảo này.") % {"n": number})
        try:
            obj.full_clean(exclude=["version"], validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors += [
                    f"{_('Dòng')} {number} – {_field_label(model, name)}{m}" for m in messages
                ]
        objects.append(obj)
    if errors:
        raise CatalogError(errors)
    return objects


def _write(
    version: ProcedureVersion, model: type[models.Model], objects: Iterable[models.Model]
) -> list[models.Model]:
    objects = list(objects)
    kept = {obj.pk for obj in objects if obj.pk is not None}
    model.objects.filter(version=version).exclude(pk__in=kept).delete()  # type: ignore[attr-defined]
    if model is ProcessStep:
        model.objects.filter(version=version).update(order=F("order") + ORDER_BUMP)  # type: ignore[attr-defined]
    for obj in objects:
        obj.save()
    return objects


def _replace(
    version: ProcedureVersion,
    model: type[models.Model],
    rows: Sequence[Row],
    actor: User | None = None,
) -> list[Any]:
    version = _lock_draft(version)
    written = _write(version, model, _build(version, model, rows))
    record(
        actor=actor,
        action="catalog.replace_parts",
        object_type="catalog.procedureversion",
        object_id=f"{version.procedure.code}/v{version.number}",
        summary=f"Cập nhật {model._meta.verbose_name_plural} của dự thảo",
        data={"part": model._meta.model_name, "rows": len(written)},
    )
    return written


@transaction.atomic
def version_cases_replace(
    *, actor: User | None, version: ProcedureVersion, rows: Sequence[Row]
) -> list[ProcedureCase]:
    """Replace the cases (trường hợp) of a draft, each with its legal processing time.

    A case that components or fees still point to cannot be removed: removing it would take
    those rows with it (CASCADE), silently changing the dossier a citizen must submit.
    """
    kept = {row["id"] for row in rows if row.get("id") is not None}
    dropped = ProcedureCase.objects.filter(version=version).exclude(pk__in=kept)
    in_use = [
        case.name
        for case in dropped
        if case.components.exists() or case.fees.exists()  # type: ignore[attr-defined]
    ]
    if in_use:
        raise CatalogError(
            [
                _(
                    "Không xóa được trường hợp “%(case)s”: còn thành phần hồ sơ hoặc phí, lệ phí "
                    "gắn với trường hợp này. Hãy sửa các dòng đó trước."
                )
                % {"case": name}
                for name in in_use
            ]
        )
    return _replace(version, ProcedureCase, rows, actor)


@transaction.atomic
def version_components_replace(
    *, actor: User | None, version: ProcedureVersion, rows: Sequence[Row]
) -> list[Component]:
    """Replace the dossier components (thành phần hồ sơ) of a draft.

    NĐ 61/2018 Art. 19: nothing outside this list may be demanded of the applicant, so the
    list is edited as a whole and each row's case must belong to the same draft.
    """
    return _replace(version, Component, rows, actor)


@transaction.atomic
def version_fees_replace(
    *, actor: User | None, version: ProcedureVersion, rows: Sequence[Row]
) -> list[Fee]:
    """Replace the fees and charges (phí, lệ phí) of a draft; a fee may target one case."""
    return _replace(version, Fee, rows, actor)


@transaction.atomic
def version_steps_replace(
    *, actor: User | None, version: ProcedureVersion, rows: Sequence[Row]
) -> list[ProcessStep]:
    """Replace the internal process (quy trình nội bộ) of a draft, renumbered 1..n.

    Whether the steps add up to each case's legal time is checked at publication
    (``services.process_errors``), not here: a draft may be saved half finished.
    """
    return _replace(version, ProcessStep, rows, actor)
