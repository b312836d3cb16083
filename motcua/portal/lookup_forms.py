# SPDX-License-Identifier: MPL-2.0
"""The status lookup form: the dossier code, and the lookup secret if the applicant has it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.public import CODE_MAX_LENGTH, normalise_code


class LookupForm(forms.Form):
    """Posted, never sent by GET: the secret must stay out of addresses and server logs."""

    code = forms.CharField(
        label=_("Mã hồ sơ"),
        error_messages={"required": _("Vui lòng nhập mã hồ sơ.")},
        max_length=CODE_MAX_LENGTH + 10,  # room for stray spaces, removed when cleaned
        help_text=_("In trên giấy tiếp nhận hồ sơ, ví dụ 000.00.06.H31-260302-0001."),
        widget=forms.TextInput(
            attrs={
                "class": "mc-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    secret = forms.CharField(
        label=_("Mã tra cứu"),
        required=False,
        max_length=20,
        help_text=_(
            "Không bắt buộc. 8 ký tự in trên giấy tiếp nhận, cạnh mã hồ sơ; nhập để xem thêm "
            "họ tên người nộp, cách tính ngày hẹn trả và nội dung cần bổ sung (nếu có)."
        ),
        widget=forms.TextInput(
            attrs={
                "class": "mc-input mc-input--medium",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])

    def clean_secret(self) -> str:
        return str(self.cleaned_data["secret"]).strip()
