# SPDX-License-Identifier: MPL-2.0
"""The administrative procedure catalogue (thủ tục hành chính, TTHC), versioned.

NĐ 63/2010/NĐ-CP Art. 3: a procedure is "the sequence, method, dossier and requirements or
conditions set by the State to settle a specific matter"; Art. 8(2) (amended by NĐ 92/2017)
lists the parts it must define. A procedure is published (công bố) by a decision and then
disclosed (công khai). Every dossier is pinned to the version in force when it was
received, so a published version never changes: editing creates a new draft version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.org.models import Agency, Role


class Field(TimeStampedModel):
    """A field of state management (lĩnh vực), e.g. "Hộ tịch", "Hoạt động xây dựng"."""

    code = models.SlugField(_("mã lĩnh vực"), max_length=80, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStampedModel):
    """The identity of a procedure across its versions: the national database code."""

    code = models.CharField(
        _("mã thủ tục"),
        max_length=30,
        unique=True,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.001193."),
    )
    local_code = models.CharField(_("mã hiển thị tại tỉnh"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đang áp dụng")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class OnlineLevel(models.TextChoices):
    """NĐ 42/2022/NĐ-CP Art. 11(1): full online or partial online; else information only."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Cung cấp thông tin")


class LegacyOnlineLevel(models.TextChoices):
    """NĐ 43/2011/NĐ-CP Art. 3(4) levels 1–4, used until NĐ 42/2022 (kept for old reports)."""

    LEVEL_1 = "1", _("Mức độ 1")
    LEVEL_2 = "2", _("Mức độ 2")
    LEVEL_3 = "3", _("Mức độ 3")
    LEVEL_4 = "4", _("Mức độ 4")


class ProcedureVersion(TimeStampedModel):
    """One published (or draft) text of a procedure. Immutable once published."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("thủ tục")
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    search_text = models.TextField(editable=False, default="")
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="versions", verbose_name=_("lĩnh vực")
    )
    level_central = models.BooleanField(_("cấp trung ương"), default=False)
    level_province = models.BooleanField(_("cấp tỉnh"), default=False)
    level_district = models.BooleanField(
        _("cấp huyện"), default=False, help_text=_("Chỉ có đến 30/06/2025.")
    )
    level_commune = models.BooleanField(_("cấp xã"), default=False)
    receiving_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan tiếp nhận"),
        help_text=_("Để trống với thủ tục cấp xã: mỗi xã, phường tự tiếp nhận."),
    )
    processing_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan giải quyết"),
    )
    processing_agency_text = models.CharField(
        _("cơ quan thực hiện (theo quyết định công bố)"), max_length=500, blank=True
    )
    deciding_authority = models.CharField(
        _("cơ quan có thẩm quyền quyết định"), max_length=300, blank=True
    )
    coordinating_agencies = models.TextField(
        _("cơ quan phối hợp"), blank=True, help_text=_("Mỗi cơ quan một dòng.")
    )
    subjects = models.TextField(_("đối tượng thực hiện"), help_text=_("Mỗi đối tượng một dòng."))
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    requirements = models.TextField(
        _("yêu cầu, điều kiện"), blank=True, help_text=_("Mỗi yêu cầu một dòng.")
    )
    result = models.TextField(_("kết quả thực hiện"), help_text=_("Mỗi kết quả một dòng."))
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    channel_counter = models.BooleanField(_("nộp trực tiếp"), default=True)
    channel_post = models.BooleanField(_("nộp qua bưu chính"), default=False)
    channel_online = models.BooleanField(_("nộp trực tuyến"), default=False)
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    online_level_2018 = models.CharField(
        _("mức độ dịch vụ công trực tuyến (trước 2022)"),
        max_length=1,
        blank=True,
        choices=LegacyOnlineLevel.choices,
        help_text=_(
            "Mức độ 1–4 theo NĐ 43/2011/NĐ-CP, dùng cho báo cáo giai đoạn trước "
            "NĐ 42/2022/NĐ-CP. Để trống nếu không có."
        ),
    )
    one_stop = models.BooleanField(_("tiếp nhận qua Bộ phận Một cửa"), default=True)
    inter_agency = models.BooleanField(_("liên thông"), default=False)
    inter_agency_note = models.TextField(_("ghi chú liên thông"), blank=True)
    fee_note = models.TextField(_("ghi chú phí, lệ phí"), blank=True)
    form_schema = models.JSONField(
        _("trường thông tin tờ khai trực tuyến"),
        default=list,
        blank=True,
        help_text=_(
            "Danh sách trường người nộp phải khai khi nộp trực tuyến: "
            '[{"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": true}]. '
            "Kiểu: text, textarea, date, number, choice (kèm choices)."
        ),
    )
    decision_number = models.CharField(_("số quyết định công bố"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định công bố"), null=True, blank=True)
    effective_date = models.DateField(
        _("ngày có hiệu lực"),
        null=True,
        blank=True,
        help_text=_("Ngày văn bản quy định thủ tục có hiệu lực; dùng để đo công bố chậm."),
    )
    published_at = models.DateTimeField(_("công bố trên hệ thống lúc"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)
    abolition_decision = models.CharField(_("số quyết định bãi bỏ"), max_length=100, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người công bố"),
    )
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="catalog_version_unique"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(status="published"),
                name="catalog_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(status="draft"),
                name="catalog_one_draft_version",
            ),
        ]
        indexes = [models.Index(fields=["status", "field"])]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} – {self.name}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def levels_display(self) -> list[str]:
        flags = [
            (self.level_central, _("Trung ương")),
            (self.level_province, _("Cấp tỉnh")),
            (self.level_district, _("Cấp huyện")),
            (self.level_commune, _("Cấp xã")),
        ]
        return [str(label) for on, label in flags if on]

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in getattr(self, name).splitlines() if line.strip()]


class DurationUnitChoice(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")


class ProcedureCase(models.Model):
    """A case (trường hợp) of a procedure, with its own processing time."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="cases")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã trường hợp"), max_length=40, blank=True)
    name = models.CharField(_("tên trường hợp"), max_length=500)
    processing_amount = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
    )
    processing_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=DurationUnitChoice.choices
    )
    note = models.CharField(_("ghi chú thời hạn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Bắt buộc")
    CONDITIONAL = "conditional", _("Trong trường hợp cụ thể")
    OPTIONAL = "optional", _("Không bắt buộc")


class Component(models.Model):
    """A dossier component (thành phần hồ sơ). Nothing outside this list may be demanded."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    case = models.ForeignKey(
        ProcedureCase,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("trường hợp"),
        help_text=_("Để trống nếu áp dụng cho mọi trường hợp."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    group = models.CharField(_("nhóm"), max_length=300, blank=True)
    name = models.TextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    requirement = models.CharField(
        _("yêu cầu"), max_length=12, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    form_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=300, blank=True)
    template = models.FileField(_("tệp mẫu"), upload_to="catalog/templates/", blank=True)
    accepted_types = models.CharField(
        _("định dạng tệp chấp nhận"), max_length=100, default="pdf,jpg,jpeg,png"
    )
    max_files = models.PositiveSmallIntegerField(_("số tệp tối đa"), default=5)
    electronic_form = models.BooleanField(_("có biểu mẫu điện tử"), default=False)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name[:80]


class FeeKind(models.TextChoices):
    FEE = "fee", _("Lệ phí")
    CHARGE = "charge", _("Phí")
    SERVICE = "service", _("Giá dịch vụ")


class Collection(models.TextChoices):
    BEFORE = "before", _("Thu khi tiếp nhận")
    AFTER = "after", _("Thu khi trả kết quả")
    NONE = "none", _("Không thu")


class Fee(models.Model):
    """A fee or charge. ``amount_vnd`` is empty when the amount is set elsewhere (HĐND tỉnh)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    case = models.ForeignKey(
        ProcedureCase,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fees",
        verbose_name=_("trường hợp"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices, default=FeeKind.FEE)
    name = models.CharField(_("tên khoản thu"), max_length=300, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    collection = models.CharField(
        _("thời điểm thu"), max_length=10, choices=Collection.choices, default=Collection.BEFORE
    )
    exempt_groups = models.TextField(_("đối tượng miễn, giảm"), blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class ProcessStep(models.Model):
    """A step of the internal process (quy trình nội bộ) with its time budget."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="process_steps"
    )
    order = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("nội dung công việc"), max_length=300)
    responsible_role = models.CharField(_("vai trò thực hiện"), max_length=30, choices=Role.choices)
    responsible_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị thực hiện"),
    )
    duration_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("8 giờ làm việc = 1 ngày làm việc; nửa ngày = 4 giờ."),
    )
    output = models.CharField(_("kết quả của bước"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("bước quy trình nội bộ")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="catalog_step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
