# SPDX-License-Identifier: MPL-2.0
"""Writes to the catalogue: drafts, validation, publication, abolition.

A published version is immutable (dossiers are pinned to it); every change starts a new
draft copied from the version in force. Publication checks completeness against
NĐ 63/2010 Art. 8(2) and that the internal process fits the legal processing time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.models import (
    Component,
    DurationUnitChoice,
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    VersionStatus,
)
from motcua.core.text import fold

HOURS_PER_DAY = Decimal(8)


class CatalogError(Exception):
    """A catalogue rule was broken; ``messages`` say, in Vietnamese, what to fix."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _audit(
    actor: User | None,
    action: str,
    version: ProcedureVersion,
    summary: str,
    data: dict[str, Any] | None = None,
) -> None:
    """Record a catalogue change in the audit trail, in the caller's transaction."""
    record(
        actor=actor,
        action=f"catalog.{action}",
        object_type="catalog.procedureversion",
        object_id=f"{version.procedure.code}/v{version.number}",
        summary=summary,
        data=data or {},
    )


def search_text_for(version: ProcedureVersion) -> str:
    """Folded text the portal search matches: code, name, field, agency, subjects."""
    parts = [
        version.procedure.code,
        version.name,
        version.field.name,
        version.processing_agency_text,
        version.deciding_authority,
    ]
    if version.processing_agency_id:
        parts.append(version.processing_agency.name)  # type: ignore[union-attr]
    return fold(" ".join(p for p in parts if p))


def field_get_or_create(*, name: str) -> Field:
    """The field (lĩnh vực) with this name, created on first use."""
    from django.utils.text import slugify

    field = Field.objects.filter(name=name).first()
    if field is None:
        base = slugify(fold(name))[:70] or "linh-vuc"
        code, n = base, 1
        while Field.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        field = Field.objects.create(code=code, name=name)
    return field


@transaction.atomic
def procedure_create(*, actor: User | None, code: str, **version_fields: Any) -> ProcedureVersion:
    """Create a procedure with its first draft version."""
    procedure = Procedure.objects.create(code=code.strip())
    version = ProcedureVersion(procedure=procedure, number=1, **version_fields)
    version.search_text = search_text_for(version)
    version.full_clean(exclude=["search_text"])
    version.save()
    _audit(actor, "create", version, f"Tạo thủ tục {procedure.code} (dự thảo phiên bản 1)")
    return version


def _require_draft(version: ProcedureVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise CatalogError([_("Phiên bản đã công bố không được sửa; hãy tạo bản dự thảo mới.")])


@transaction.atomic
def version_update(
    *, actor: User | None, version: ProcedureVersion, **fields: Any
) -> ProcedureVersion:
    """Change fields of a draft version."""
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    for name, value in fields.items():
        setattr(version, name, value)
    version.search_text = search_text_for(version)
    version.full_clean(exclude=["search_text"])
    version.save()
    _audit(actor, "update", version, "Sửa dự thảo", {"fields": sorted(fields)})
    return version


def _copy_children(source: ProcedureVersion, target: ProcedureVersion) -> None:
    case_map: dict[int, ProcedureCase] = {}
    for case in source.cases.all():
        old_id = case.pk
        case.pk, case.version = None, target
        case.save()
        case_map[old_id] = case
    for model in (Component, Fee):
        for row in model.objects.filter(version=source):
            row.pk, row.version = None, target
            row.case = case_map.get(row.case_id) if row.case_id else None
            row.save()
    for step in source.process_steps.all():
        step.pk, step.version = None, target
        step.save()


@transaction.atomic
def version_create_draft(*, actor: User | None, procedure: Procedure) -> ProcedureVersion:
    """A new draft copied from the newest version (there is at most one draft at a time)."""
    Procedure.objects.select_for_update().get(pk=procedure.pk)
    existing = procedure.versions.filter(status=VersionStatus.DRAFT).first()
    if existing:
        return existing
    source = procedure.versions.order_by("-number").first()
    if source is None:
        raise CatalogError([_("Thủ tục chưa có phiên bản nào để sao chép.")])
    number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ProcedureVersion.objects.get(pk=source.pk)
    draft.pk, draft.number, draft.status = None, number, VersionStatus.DRAFT
    draft.published_at = draft.published_by = draft.valid_to = None
    draft.decision_number, draft.decision_date, draft.effective_date = "", None, None
    draft.save()
    _copy_children(source, draft)
    _audit(actor, "draft", draft, f"Tạo dự thảo phiên bản {number} từ phiên bản {source.number}")
    return draft


def _hours(amount: Decimal, unit: str) -> Decimal | None:
    if unit == DurationUnitChoice.WORKING_DAYS:
        return amount * HOURS_PER_DAY
    if unit == DurationUnitChoice.WORKING_HOURS:
        return amount
    return None  # calendar days cannot be compared with working time


def _fmt(hours: Decimal) -> str:
    days = hours / HOURS_PER_DAY
    shown = f"{days.normalize():f}".replace(".", ",")
    return _("%(days)s ngày làm việc") % {"days": shown}


def process_errors(version: ProcedureVersion) -> list[str]:
    """The internal process must add up exactly to the legal processing time of each case."""
    steps = list(version.process_steps.all())
    if not steps:
        return []
    total = sum((s.duration_hours for s in steps), Decimal(0))
    errors = []
    for case in version.cases.all():
        legal = _hours(case.processing_amount, case.processing_unit)
        if legal is not None and legal != total:
            errors.append(
                _(
                    "Tổng thời gian các bước quy trình nội bộ (%(total)s) phải bằng thời hạn giải "
                    "quyết (%(legal)s) của trường hợp “%(case)s”."
                )
                % {"total": _fmt(total), "legal": _fmt(legal), "case": case.name}
            )
    return errors


def completeness_errors(version: ProcedureVersion) -> list[str]:
    """What NĐ 63/2010 Art. 8(2) requires before a procedure can be published."""
    checks = [
        (version.name.strip(), _("Thiếu tên thủ tục.")),
        (version.steps.strip(), _("Thiếu trình tự thực hiện.")),
        (
            version.channel_counter or version.channel_post or version.channel_online,
            _("Phải chọn ít nhất một cách thức thực hiện (trực tiếp, bưu chính, trực tuyến)."),
        ),
        (version.cases.exists(), _("Phải có ít nhất một trường hợp với thời hạn giải quyết.")),
        (version.components.exists(), _("Thiếu thành phần hồ sơ.")),
        (version.subjects.strip(), _("Thiếu đối tượng thực hiện.")),
        (
            version.processing_agency_id or version.processing_agency_text.strip(),
            _("Thiếu cơ quan giải quyết."),
        ),
        (version.result.strip(), _("Thiếu kết quả thực hiện.")),
        (
            version.level_central
            or version.level_province
            or version.level_district
            or version.level_commune,
            _("Phải chọn ít nhất một cấp thực hiện."),
        ),
        (
            not version.channel_online or version.online_level != "none",
            _(
                "Thủ tục nộp trực tuyến phải có mức độ dịch vụ công trực tuyến "
                "(toàn trình hoặc một phần)."
            ),
        ),
    ]
    return [message for ok, message in checks if not ok] + process_errors(version)


@dataclass(frozen=True)
class Publication:
    decision_number: str
    decision_date: date
    effective_date: date


@transaction.atomic
def version_publish(
    *, actor: User | None, version: ProcedureVersion, publication: Publication
) -> ProcedureVersion:
    """Publish a complete draft; the version in force until now becomes superseded."""
    Procedure.objects.select_for_update().get(pk=version.procedure_id)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    errors = completeness_errors(version)
    if not publication.decision_number.strip():
        errors.insert(0, _("Thiếu số quyết định công bố."))
    if publication.effective_date < publication.decision_date:
        errors.append(_("Ngày có hiệu lực không được trước ngày quyết định công bố."))
    if errors:
        raise CatalogError(errors)
    day_before = publication.effective_date - timedelta(days=1)
    ProcedureVersion.objects.filter(
        procedure_id=version.procedure_id, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.SUPERSEDED, valid_to=day_before)
    version.status = VersionStatus.PUBLISHED
    version.decision_number = publication.decision_number.strip()
    version.decision_date = publication.decision_date
    version.effective_date = publication.effective_date
    version.published_at = timezone.now()
    version.published_by = actor
    version.save()
    _audit(
        actor,
        "publish",
        version,
        f"Công bố theo quyết định {version.decision_number}",
        {
            "decision_number": version.decision_number,
            "decision_date": publication.decision_date,
            "effective_date": publication.effective_date,
        },
    )
    return version


@transaction.atomic
def version_abolish(
    *, actor: User | None, version: ProcedureVersion, decision_number: str, last_day: date
) -> ProcedureVersion:
    """Abolish a procedure (bãi bỏ): the published version ends on ``last_day``."""
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PUBLISHED:
        raise CatalogError([_("Chỉ bãi bỏ được phiên bản đang áp dụng.")])
    if not decision_number.strip():
        raise CatalogError([_("Thiếu số quyết định bãi bỏ.")])
    version.status, version.valid_to = VersionStatus.ABOLISHED, last_day
    version.abolition_decision = decision_number.strip()
    version.save(update_fields=["status", "valid_to", "abolition_decision", "updated_at"])
    _audit(
        actor,
        "abolish",
        version,
        f"Bãi bỏ theo quyết định {version.abolition_decision}",
        {"decision_number": version.abolition_decision, "last_day": last_day},
    )
    return version
