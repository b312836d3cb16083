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
    e-mail or phone number an applicant registered with (``vneid.<number>`` for an account
    opened by national sign-on). E-mail and phone are each unique,
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
    identity_verified_at = models.DateTimeField(
        _("xác thực định danh lúc"),
        null=True,
        blank=True,
        help_text=_(
            "Thời điểm số định danh được xác thực qua tài khoản định danh điện tử (VNeID). "
            "Để trống: số định danh do người dùng tự khai."
        ),
    )
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


#: Kinds an applicant may declare for themselves (a state agency is set up by staff).
APPLICANT_ORGANISATION_KINDS = (
    OrganisationKind.BUSINESS,
    OrganisationKind.HOUSEHOLD_BUSINESS,
    OrganisationKind.ORGANISATION,
)


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


class VerificationPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Đăng ký tài khoản")
    CONTACT_CHANGE = "contact_change", _("Đổi số điện thoại, thư điện tử")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Số điện thoại")
    EMAIL = "email", _("Thư điện tử")


class VerificationStatus(models.TextChoices):
    OPEN = "open", _("Đang chờ nhập mã")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REPLACED = "replaced", _("Đã thay bằng mã mới")
    CANCELLED = "cancelled", _("Đã hủy")


class VerificationCode(TimeStampedModel):
    """A one-time code sent to a phone number or e-mail address to prove it is the user's.

    Only a keyed hash of the code is stored (``accounts.verification``). A code lives
    ``CODE_TTL`` (10 minutes) and accepts ``MAX_ATTEMPTS`` (5) wrong entries; asking for a
    new one replaces it. A registration code also carries the name and the (hashed)
    password typed with it, so that confirming applies exactly what that person chose even
    if someone else started a registration for the same number in the meantime.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="verification_codes",
        verbose_name=_("tài khoản"),
    )
    purpose = models.CharField(_("mục đích"), max_length=20, choices=VerificationPurpose.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=ContactChannel.choices)
    target = models.CharField(_("gửi tới"), max_length=254)
    code_hash = models.CharField(_("mã băm"), max_length=64)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.OPEN,
    )
    pending_full_name = models.CharField(_("họ và tên đăng ký"), max_length=200, blank=True)
    pending_password = models.CharField(_("mật khẩu đăng ký (đã băm)"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("mã xác nhận")
        verbose_name_plural = _("mã xác nhận")
        indexes = [
            # Resend throttle and hourly cap: the latest codes sent to one address.
            models.Index(fields=["target", "created_at"], name="accounts_code_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.target} ({self.get_status_display()})"
