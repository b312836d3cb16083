# SPDX-License-Identifier: MPL-2.0
"""People who use motcua: staff of agencies, and citizens or businesses (applicants)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import (
    normalize_phone,
    validate_identity_number,
    validate_phone,
    validate_tax_code,
)
from motcua.core.models import TimeStampedModel


class AccountKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân / tổ chức")
    STAFF = "staff", _("Cán bộ, công chức")


class MotcuaUserManager(UserManager):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Staff sign in with their username; applicants with e-mail or phone.

    ``username`` is the login key: an official user name for staff, and the normalised
    e-mail or phone number an applicant registered with. E-mail and phone are each unique,
    and either may be used to sign in (see ``accounts.backends``).
    """

    username = models.CharField(_("tên đăng nhập"), max_length=150, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"), null=True, blank=True, unique=True)
    phone = models.CharField(
        _("số điện thoại"),
        max_length=15,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_phone],
    )
    identity_number = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        blank=True,
        validators=[validate_identity_number],
        help_text=_("Số căn cước / CCCD gồm 12 chữ số."),
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    kind = models.CharField(
        _("loại tài khoản"), max_length=10, choices=AccountKind.choices, default=AccountKind.CITIZEN
    )
    is_staff = models.BooleanField(
        _("vào trang quản trị"),
        default=False,
        help_text=_("Được vào trang quản trị dữ liệu danh mục (Django admin)."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    date_joined = models.DateTimeField(_("ngày tạo"), default=timezone.now)

    objects = MotcuaUserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})"

    def clean(self) -> None:
        super().clean()
        if self.email:
            self.email = self.email.strip().lower()
        if self.phone:
            self.phone = normalize_phone(self.phone)

    @property
    def is_officer(self) -> bool:
        return self.kind == AccountKind.STAFF

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username


class OrganisationKind(models.TextChoices):
    BUSINESS = "business", _("Doanh nghiệp")
    HOUSEHOLD_BUSINESS = "household", _("Hộ kinh doanh")
    ORGANISATION = "organisation", _("Tổ chức")
    STATE_AGENCY = "state_agency", _("Cơ quan nhà nước")


class Organisation(TimeStampedModel):
    """A business or organisation that applies for procedures (tổ chức, doanh nghiệp)."""

    kind = models.CharField(_("loại"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("tên tổ chức"), max_length=300)
    tax_code = models.CharField(
        _("mã số thuế"), max_length=14, unique=True, validators=[validate_tax_code]
    )
    address = models.CharField(_("địa chỉ trụ sở"), max_length=300, blank=True)
    members = models.ManyToManyField(
        User, through="OrganisationMembership", related_name="organisations"
    )

    class Meta:
        verbose_name = _("tổ chức, doanh nghiệp")
        verbose_name_plural = _("tổ chức, doanh nghiệp")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (MST {self.tax_code})"


class MembershipRole(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_rep", _("Người đại diện theo pháp luật")
    AUTHORISED = "authorised", _("Người được ủy quyền")


class OrganisationMembership(TimeStampedModel):
    """Who may act for an organisation, and on what basis."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, verbose_name=_("tài khoản"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("tổ chức")
    )
    role = models.CharField(_("tư cách"), max_length=20, choices=MembershipRole.choices)

    class Meta:
        verbose_name = _("thành viên tổ chức")
        verbose_name_plural = _("thành viên tổ chức")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="accounts_member_unique")
        ]
