# SPDX-License-Identifier: MPL-2.0
"""What stops a submission in progress from being submitted, keyed for the page that
fixes it (`DraftError.fields`; the keys are listed in `services.drafts`).

Read-only: `draft_problems` is what `draft_submit` checks first and what the portal's
review page lists. The applicant rules are those of `services._base.check_applicant`,
keyed by field; the declaration is checked against the version's form schema
(`catalog.form_schema`); every required published component of the case needs a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.accounts.validators import (
    normalize_phone,
    validate_identity_number,
    validate_phone,
    validate_tax_code,
)
from motcua.catalog.form_schema import validate_form_data
from motcua.catalog.models import Requirement
from motcua.catalog.selectors import NotSubmittable, version_for_submission
from motcua.dossiers.models import ApplicantKind, ResultDelivery, SubmissionDraft
from motcua.dossiers.selectors_applicant import receiving_agencies_for
from motcua.dossiers.services._base import Applicant, DossierError
from motcua.dossiers.services.components import published_components

#: The applicant's fields, as `Applicant` names them (the keys of `SubmissionDraft.applicant`).
APPLICANT_KEYS = tuple(f.name for f in dataclass_fields(Applicant))
#: Longest value kept per field (the Dossier columns they end up in); others: 300.
MAX_LENGTHS = {
    "name": 200,
    "email": 254,
    "address": 300,
    "representative_name": 200,
    "authorisation": 300,
    "delivery_address": 300,
}


class DraftError(DossierError):
    """What to fix in a draft: ``fields`` maps a key (see `services.drafts`) to a message."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(list(fields.values()))
        self.fields = fields


def _valid_email(value: str) -> None:
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValidationError(
            _("Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@example.vn.")
        ) from exc


def _valid_kind(value: str) -> None:
    if value not in ApplicantKind.values:
        raise ValidationError(_("Chọn đối tượng: công dân, doanh nghiệp hoặc tổ chức."))


_APPLICANT_CHECKS: dict[str, Callable[[str], None]] = {
    "identity_number": validate_identity_number,
    "representative_identity": validate_identity_number,
    "phone": validate_phone,
    "tax_code": validate_tax_code,
    "email": _valid_email,
    "kind": _valid_kind,
}


def applicant_problems(
    values: Mapping[str, str], *, keys: Iterable[str], partial: bool
) -> dict[str, str]:
    """Problems with the applicant `values`, for `keys` only; `partial` skips completeness
    (the same rules as `services._base.check_applicant`, keyed by field)."""
    errors = {}
    for key in keys:
        value, check = values.get(key, ""), _APPLICANT_CHECKS.get(key)
        if value and len(value) > MAX_LENGTHS.get(key, 300):
            errors[f"applicant.{key}"] = _("Nội dung dài tối đa %(n)d ký tự.") % {
                "n": MAX_LENGTHS.get(key, 300)
            }
        elif value and check is not None:
            try:
                check(value)
            except ValidationError as exc:
                errors[f"applicant.{key}"] = str(exc.messages[0])
    if partial:
        return errors
    if not values.get("name"):
        errors["applicant.name"] = _("Vui lòng nhập họ tên người nộp hồ sơ.")
    if values.get("kind", ApplicantKind.CITIZEN) != ApplicantKind.CITIZEN and not values.get(
        "tax_code"
    ):
        errors.setdefault(
            "applicant.tax_code",
            _("Vui lòng nhập mã số thuế hoặc mã số doanh nghiệp của tổ chức."),
        )
    if values.get("representative_name") and not values.get("authorisation"):
        errors["applicant.authorisation"] = _(
            "Người được ủy quyền nộp hồ sơ cần có giấy ủy quyền; vui lòng ghi rõ."
        )
    return errors


def normalised_applicant(applicant: Mapping[str, Any]) -> dict[str, str]:
    values = {k: str(applicant[k] or "").strip() for k in APPLICANT_KEYS if k in applicant}
    if values.get("phone"):
        values["phone"] = normalize_phone(values["phone"])
    return values


def _version_problem(draft: SubmissionDraft) -> dict[str, str]:
    """A draft is pinned to the version in force when it began; a newer one means anew."""
    try:
        current = version_for_submission(code=draft.procedure_version.procedure.code, online=True)
    except NotSubmittable:
        return {"version": _("Thủ tục này hiện không nhận hồ sơ trực tuyến.")}
    if current.pk != draft.procedure_version_id:
        return {
            "version": _(
                "Thủ tục đã được cập nhật từ khi bạn bắt đầu soạn hồ sơ. Vui lòng soạn hồ sơ "
                "mới theo thủ tục đang áp dụng."
            )
        }
    return {}


def _component_problems(draft: SubmissionDraft) -> dict[str, str]:
    have = set(draft.files.values_list("component_id", flat=True))
    required = published_components(draft.procedure_version, draft.case).filter(
        requirement=Requirement.REQUIRED
    )
    return {
        f"component.{c.pk}": _("Vui lòng đính kèm giấy tờ “%(name)s”.") % {"name": c.name[:80]}
        for c in required
        if c.pk not in have
    }


def _delivery_problems(result_delivery: str, address: str) -> dict[str, str]:
    if result_delivery not in ResultDelivery.values:
        return {"result_delivery": _("Vui lòng chọn hình thức nhận kết quả.")}
    if result_delivery == ResultDelivery.POST and not address:
        return {"delivery_address": _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")}
    return {}


def draft_problems(draft: SubmissionDraft) -> dict[str, str]:
    """Everything that stops `draft` from being submitted now (empty: ready), keyed as
    `DraftError.fields`. Read-only: the review page lists these before submission."""
    problems = _version_problem(draft)
    if draft.case_id is None:
        problems["case"] = _("Vui lòng chọn trường hợp thực hiện thủ tục.")
    agencies = receiving_agencies_for(version=draft.procedure_version)
    if draft.receiving_agency_id not in {a.pk for a in agencies}:
        problems["receiving_agency"] = _("Vui lòng chọn nơi nộp hồ sơ.")
    problems.update(applicant_problems(draft.applicant, keys=APPLICANT_KEYS, partial=False))
    _cleaned, errors = validate_form_data(draft.procedure_version.form_schema, draft.form_data)
    problems.update({f"form.{name}": message for name, message in errors.items()})
    if draft.case_id is not None:
        problems.update(_component_problems(draft))
    problems.update(_delivery_problems(draft.result_delivery, draft.delivery_address))
    return problems
