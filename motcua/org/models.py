# SPDX-License-Identifier: MPL-2.0
"""Administrative units, agencies, service-center counters and staff positions.

Everything here is effective-dated (``valid_from``/``valid_to``): the three-tier local
government (province → district → commune) ended on 30/06/2025 and the two-tier one
(province → commune) began on 01/07/2025 (NĐ 118/2025/NĐ-CP; NQ 1666/NQ-UBTVQH15). Both are
data, so neither needs code to change.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel, ValidityModel
from motcua.core.text import fold

# QCVN 102:2016/BTTTT electronic identifier: four dot-separated levels, e.g. 000.00.06.H31.
IDENTIFIER_CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z]\d{2}$")


def validate_identifier_code(value: str) -> None:
    if not IDENTIFIER_CODE_RE.fullmatch(value):
        raise ValidationError(
            _("Mã định danh điện tử phải có dạng 000.00.06.H31 (theo QCVN 102:2016/BTTTT)."),
            code="invalid_identifier_code",
        )


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class AdministrativeUnit(ValidityModel, TimeStampedModel):
    """An administrative unit (đơn vị hành chính) with its GSO code, as in force on a date.

    Codes are reused across reorganisations (Phường Hiến Nam 11953 became Phường Phố Hiến
    11953 on 01/07/2025), so a code is unique only together with its ``valid_from``.
    """

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10)
    name = models.CharField(_("tên"), max_length=150)
    kind = models.CharField(
        _("loại"), max_length=30, help_text=_("Tỉnh, Huyện, Thị xã, Xã, Phường…")
    )
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("trực thuộc"),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="org_unit_code_from_unique")
        ]
        indexes = [models.Index(fields=["level", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ppc", _("Ủy ban nhân dân")
    OFFICE = "office", _("Văn phòng UBND")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    SERVICE_CENTER = "service_center", _("Trung tâm Phục vụ hành chính công")
    ONE_STOP_SECTION = "one_stop", _("Bộ phận Một cửa")
    DIVISION = "division", _("Phòng, đơn vị trực thuộc")
    VERTICAL = "vertical", _("Cơ quan ngành dọc")


class Agency(ValidityModel, TimeStampedModel):
    """A state agency or unit that receives, handles or decides dossiers.

    Receiving agency, processing agency and deciding authority are separate roles of
    agencies (Directive 01/CT-UBND clause 2d: delegation is data). The electronic
    identifier code (mã định danh điện tử, QCVN 102:2016/BTTTT) prefixes dossier codes.
    """

    code = models.SlugField(_("mã viết tắt"), max_length=40, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=40, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=AgencyKind.choices)
    identifier_code = models.CharField(
        _("mã định danh điện tử"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_identifier_code],
    )
    identifier_verified = models.BooleanField(
        _("mã định danh đã đối chiếu"),
        default=False,
        help_text=_("Chỉ đánh dấu khi đã đối chiếu với danh mục mã định danh chính thức."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("đơn vị hành chính"),
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    feedback_address = models.TextField(
        _("địa chỉ tiếp nhận phản ánh, kiến nghị"),
        blank=True,
        help_text=_("Công khai cùng thủ tục hành chính (Chỉ thị 01/CT-UBND, mục 1c)."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Counter(TimeStampedModel):
    """A counter (quầy) at a service center, staffed for one or more agencies."""

    service_center = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="counters",
        limit_choices_to={"kind__in": [AgencyKind.SERVICE_CENTER, AgencyKind.ONE_STOP_SECTION]},
        verbose_name=_("trung tâm / bộ phận một cửa"),
    )
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=150)
    agencies = models.ManyToManyField(
        Agency,
        related_name="served_at_counters",
        blank=True,
        verbose_name=_("tiếp nhận hồ sơ của cơ quan"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("quầy tiếp nhận")
        verbose_name_plural = _("quầy tiếp nhận")
        ordering = ["service_center", "number"]
        constraints = [
            models.UniqueConstraint(fields=["service_center", "number"], name="org_counter_unique")
        ]

    def __str__(self) -> str:
        return _("Quầy %(number)s – %(name)s") % {"number": self.number, "name": self.name}


class Role(models.TextChoices):
    """Staff roles (SPEC §1.2). What each may do is decided by the workflow, not here."""

    COUNTER_OFFICER = "counter_officer", _("Cán bộ tiếp nhận, trả kết quả")
    SPECIALIST = "specialist", _("Chuyên viên thụ lý")
    UNIT_HEAD = "unit_head", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    RECORDS_CLERK = "records_clerk", _("Văn thư")
    PROCEDURE_CONTROLLER = "procedure_controller", _("Cán bộ đầu mối kiểm soát TTHC")
    PROVINCIAL_SUPERVISOR = "provincial_supervisor", _("Cán bộ giám sát cấp tỉnh")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


# Roles whose holder sees every agency of the province (read access for supervision).
PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.SYSTEM_ADMIN})


class StaffPosition(ValidityModel, TimeStampedModel):
    """A staff member's role in one agency (a person may hold several positions)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("cán bộ"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="positions", verbose_name=_("cơ quan")
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    counter = models.ForeignKey(
        Counter,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officers",
        verbose_name=_("quầy làm việc"),
    )
    title = models.CharField(_("chức danh"), max_length=150, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("vị trí công tác")
        verbose_name_plural = _("vị trí công tác")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="org_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency}"
