# SPDX-License-Identifier: MPL-2.0
"""Sign-in forms. Staff and applicants sign in at different doors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import AccountKind, User


class _LoginForm(AuthenticationForm):
    account_kind: str = ""
    wrong_door_message = ""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng kiểm tra lại "
            "(mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")
        for field in self.fields.values():
            field.widget.attrs["class"] = "mc-input"

    def confirm_login_allowed(self, user: User) -> None:  # type: ignore[override]
        super().confirm_login_allowed(user)
        if user.kind != self.account_kind:
            raise forms.ValidationError(self.wrong_door_message, code="wrong_door")


class CitizenLoginForm(_LoginForm):
    account_kind = AccountKind.CITIZEN
    wrong_door_message = _("Tài khoản cán bộ đăng nhập tại trang Một cửa điện tử dành cho cán bộ.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Số điện thoại hoặc thư điện tử")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class StaffLoginForm(_LoginForm):
    account_kind = AccountKind.STAFF
    wrong_door_message = _(
        "Đây là trang đăng nhập dành cho cán bộ. Công dân vui lòng đăng nhập tại Cổng dịch vụ công."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")


class TokenForm(forms.Form):
    """A 6-digit TOTP code from the officer's authenticator app."""

    token = forms.RegexField(
        label=_("Mã xác thực 6 chữ số"),
        regex=r"^\d{6}$",
        error_messages={
            "invalid": _(
                "Mã xác thực gồm đúng 6 chữ số, lấy từ ứng dụng xác thực trên điện thoại."
            ),
            "required": _("Vui lòng nhập mã xác thực 6 chữ số."),
        },
        widget=forms.TextInput(
            attrs={
                "class": "mc-input",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "6",
            }
        ),
    )
