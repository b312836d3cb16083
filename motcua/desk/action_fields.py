# SPDX-License-Identifier: MPL-2.0
"""What the action forms are built from: reads for their choices (officers, process steps,
the open pause) and the field factories with Vietnamese labels and messages. Reads only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import ProcessStep
from motcua.dossiers.access import agency_and_divisions
from motcua.dossiers.models import Dossier, DossierPause
from motcua.dossiers.services import Upload
from motcua.dossiers.services.routing import steps_of
from motcua.org.models import Agency, Role, StaffPosition

HANDLING_ROLES = (Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER, Role.RECORDS_CLERK)


# --------------------------------------------------------------------------- reads


def officers_of(agency: Agency | None, roles: Sequence[str] = HANDLING_ROLES) -> QuerySet[User]:
    """Active officers holding one of `roles` today in `agency` or one of its divisions."""
    if agency is None:
        return User.objects.none()
    positions = StaffPosition.objects.in_force(timezone.localdate()).filter(
        is_active=True,
        agency__is_active=True,
        role__in=roles,
        agency_id__in=agency_and_divisions(agency),
    )
    return User.objects.filter(pk__in=positions.values("user_id"), is_active=True).order_by(
        "full_name", "pk"
    )


def earlier_steps(dossier: Dossier) -> list[ProcessStep]:
    """The steps before the current one (where "return to step" may send the dossier)."""
    current = dossier.current_step
    return [] if current is None else [s for s in steps_of(dossier) if s.order < current.order]


def open_pause(dossier: Dossier, kind: str) -> DossierPause | None:
    return dossier.pauses.filter(kind=kind, ended_at__isnull=True).first()


# --------------------------------------------------------------------------- fields


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when nothing was chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def text_field(
    label: str,
    *,
    required: bool = True,
    rows: int = 0,
    missing: str = "",
    max_length: int = 2000,
    **kwargs: Any,
) -> forms.CharField:
    """A text field (a textarea with `rows`); `missing` is the message when it is empty."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        widget=widget,
        max_length=max_length,
        error_messages={"required": missing or _("Vui lòng nhập nội dung này.")},
        **kwargs,
    )


def reason_field(label: str = _("Lý do"), *, required: bool = True) -> forms.CharField:
    return text_field(label, required=required, rows=3, missing=_("Vui lòng nêu rõ lý do."))


def date_field(label: str, missing: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%d/%m/%Y"],
        help_text=_("Dạng ngày/tháng/năm, ví dụ 15/03/2026."),
        error_messages={
            "invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026."),
            "required": missing,
        },
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"class": "mc-input--medium", "inputmode": "numeric"}
        ),
    )


def officer_field(
    label: str, queryset: QuerySet[User], *, required: bool
) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        empty_label=_("Chọn cán bộ") if required else _("Không chỉ định"),
        error_messages={
            "required": _("Vui lòng chọn cán bộ nhận hồ sơ."),
            "invalid_choice": _("Cán bộ đã chọn không còn trong danh sách; vui lòng chọn lại."),
        },
    )


def upload_of(file: UploadedFile | None) -> Upload | None:
    return None if file is None else Upload(stream=file, name=file.name or "")
