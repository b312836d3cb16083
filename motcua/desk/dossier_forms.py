# SPDX-License-Identifier: MPL-2.0
"""Forms of the desk's dossier lists: inbox search and filters, the register period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import CHANNEL_CHOICES, STATUS_CHOICES
from motcua.dossiers.selectors import InboxQuery

_DATE = {"placeholder": "dd/mm/yyyy", "class": "mc-input mc-input--short"}


class InboxFilterForm(forms.Form):
    """Search by code, name, identity number or phone; filter by procedure, channel, status
    and submission period. Every field is optional; invalid values are reported, not ignored."""

    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        help_text=_("Mã hồ sơ, họ tên, số định danh hoặc số điện thoại."),
        widget=forms.TextInput(attrs={"class": "mc-input", "type": "search"}),
    )
    procedure = forms.CharField(
        label=_("Mã thủ tục"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "mc-input mc-input--short"}),
    )
    channel = forms.TypedChoiceField(
        label=_("Kênh nộp"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tất cả")), *CHANNEL_CHOICES],
        widget=forms.Select(attrs={"class": "mc-select"}),
    )
    status = forms.TypedChoiceField(
        label=_("Trạng thái"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tất cả")), *STATUS_CHOICES],
        widget=forms.Select(attrs={"class": "mc-select"}),
    )
    received_from = forms.DateField(
        label=_("Nộp từ ngày"), required=False, widget=forms.DateInput(attrs=_DATE)
    )
    received_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs=_DATE)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data

    def query(self) -> InboxQuery:
        data = self.cleaned_data if self.is_valid() else {}
        return InboxQuery(
            q=data.get("q", ""),
            procedure=data.get("procedure", ""),
            channel=data.get("channel"),
            status=data.get("status"),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
        )

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class RegisterForm(forms.Form):
    """The period and field of the dossier register (form 06/07)."""

    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=None, widget=forms.Select(attrs={"class": "mc-select"})
    )
    start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs=_DATE))
    end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args: Any, fields_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = fields_qs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if start > end:
                self.add_error("end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
            elif (end - start).days > 366:
                self.add_error("end", _("Mỗi lần in sổ tối đa một năm."))
        return data
