# SPDX-License-Identifier: MPL-2.0
"""Account forms: sign-in (staff and applicants at different doors), registration, codes,
the applicant's profile, change of contact and organisations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import APPLICANT_ORGANISATION_KINDS, AccountKind, User
from motcua.accounts.validators import validate_identity_number, validate_tax_code
from motcua.accounts.verification import Contact, parse_contact


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


def _input(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "mc-input", **attrs})


class _ContactField(forms.CharField):
    """A phone number or an e-mail address; cleans to ``verification.Contact``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Số điện thoại hoặc thư điện tử"))
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", _input(autocomplete="username"))
        kwargs.setdefault(
            "error_messages", {"required": _("Vui lòng nhập số điện thoại hoặc thư điện tử.")}
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Contact:  # type: ignore[override]
        return parse_contact(super().clean(value))


class RegistrationForm(forms.Form):
    """Open an applicant account with a phone number or an e-mail address."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        widget=_input(autocomplete="name"),
        error_messages={"required": _("Vui lòng nhập họ và tên.")},
    )
    identifier = _ContactField(
        help_text=_("Mã xác nhận gồm 6 chữ số sẽ được gửi tới số điện thoại hoặc thư điện tử này.")
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "mc-input", "autocomplete": "new-password"}),
        help_text=_(
            "Ít nhất 10 ký tự, không chỉ gồm chữ số, không giống số điện thoại hay thư điện tử."
        ),
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "mc-input", "autocomplete": "new-password"}),
        error_messages={"required": _("Vui lòng nhập lại mật khẩu.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai lần nhập mật khẩu không giống nhau."))
        elif password2:
            # The similarity check compares with what the account will hold.
            contact = data.get("identifier")
            probe = User(
                full_name=data.get("full_name", ""), username=getattr(contact, "value", "")
            )
            try:
                password_validation.validate_password(password2, user=probe)
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return data


class VerificationCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã xác nhận"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "invalid": _("Mã xác nhận gồm đúng 6 chữ số."),
            "required": _("Vui lòng nhập mã xác nhận 6 chữ số."),
        },
        widget=_input(inputmode="numeric", autocomplete="one-time-code", maxlength="6"),
    )


class ProfileForm(forms.Form):
    """The applicant's own details. A number verified through VNeID is shown, not edited."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        widget=_input(autocomplete="name"),
        error_messages={"required": _("Vui lòng nhập họ và tên.")},
    )
    identity_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        required=False,
        max_length=12,
        validators=[validate_identity_number],
        help_text=_("Số căn cước / CCCD gồm 12 chữ số."),
        widget=_input(inputmode="numeric", autocomplete="off"),
    )
    address = forms.CharField(
        label=_("Địa chỉ"),
        required=False,
        max_length=300,
        widget=_input(autocomplete="street-address"),
    )

    def __init__(self, *args: Any, identity_verified: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if identity_verified:
            field = self.fields["identity_number"]
            field.disabled = True
            field.help_text = _("Đã xác thực qua tài khoản định danh điện tử VNeID.")


class ContactChangeForm(forms.Form):
    identifier = _ContactField(
        label=_("Số điện thoại hoặc thư điện tử mới"),
        widget=_input(autocomplete="off"),
        help_text=_("Thông tin mới chỉ được lưu sau khi bạn nhập đúng mã xác nhận gửi tới đó."),
    )


class OrganisationLinkForm(forms.Form):
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=14,
        validators=[validate_tax_code],
        widget=_input(inputmode="numeric", autocomplete="off"),
        error_messages={"required": _("Vui lòng nhập mã số thuế.")},
    )
    name = forms.CharField(
        label=_("Tên tổ chức, doanh nghiệp"),
        max_length=300,
        widget=_input(autocomplete="organization"),
        error_messages={"required": _("Vui lòng nhập tên tổ chức, doanh nghiệp.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại hình"),
        choices=[(kind.value, kind.label) for kind in APPLICANT_ORGANISATION_KINDS],
        widget=forms.Select(attrs={"class": "mc-select"}),
    )
    address = forms.CharField(
        label=_("Địa chỉ trụ sở"), required=False, max_length=300, widget=_input()
    )
