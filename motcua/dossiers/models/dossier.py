# SPDX-License-Identifier: MPL-2.0
"""Dossiers (hồ sơ) and their timeline.

NĐ 63/2010/NĐ-CP Art. 3: a dossier is "the documents the applicant must submit or present".
Every dossier is pinned to the procedure version in force when it was created, whatever
the channel (Directive 01/CT-UBND clause 1i: 100 % of dossiers tracked in the system).
State changes go through `dossiers.services` only; this module holds data, not rules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureCase, ProcedureVersion, ProcessStep
from motcua.core.models import AppendOnlyModel, TimeStampedModel
from motcua.domain.workflow import Channel, Status, SubState
from motcua.org.models import Agency

STATUS_CHOICES = [(s.value, s.label_vi) for s in Status]
CHANNEL_CHOICES = [
    (Channel.COUNTER.value, _("Trực tiếp")),
    (Channel.ONLINE.value, _("Trực tuyến")),
    (Channel.POST.value, _("Bưu chính công ích")),
]
SUB_STATE_CHOICES = [
    (SubState.INTEROPERATING.value, _("Đang chuyển liên thông")),
    (SubState.POSTING.value, _("Đã chuyển bưu chính")),
]


class ApplicantKind(models.TextChoices):
    """Who the dossier is for (DVCQG `LoaiDoiTuong`: công dân, doanh nghiệp, tổ chức)."""

    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Doanh nghiệp")
    ORGANISATION = "organisation", _("Tổ chức")


class ResultDelivery(models.TextChoices):
    """How the result is handed back (SPEC §2.3 step 11; DVCQG `HinhThuc`)."""

    COUNTER = "counter", _("Nhận trực tiếp tại Bộ phận Một cửa")
    POST = "post", _("Qua dịch vụ bưu chính công ích")
    ONLINE = "online", _("Nhận kết quả điện tử")


class Timeliness(models.TextChoices):
    """Resolution against the legal due date, by local date (SPEC §11.3, §12.2)."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class DossierCodeCounter(models.Model):
    """The last sequence number used per unit and day (open-zaak's reservation table).

    Reserved under a row lock in the same transaction as the dossier, so two submissions at
    once never share a code and a rolled-back submission gives its number back.
    """

    unit_identifier = models.CharField(max_length=20)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit_identifier", "day"], name="dossier_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_identifier} {self.day:%d/%m/%Y}: {self.last}"


class Dossier(TimeStampedModel):
    """A dossier: pinned procedure version and case, applicant, channel, status, deadlines."""

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("phiên bản thủ tục"),
    )
    case = models.ForeignKey(
        ProcedureCase,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("trường hợp"),
    )
    rule_set = models.CharField(_("bộ quy định áp dụng"), max_length=10)
    channel = models.PositiveSmallIntegerField(_("kênh nộp"), choices=CHANNEL_CHOICES)
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=STATUS_CHOICES)
    sub_state = models.CharField(
        _("trạng thái phụ"), max_length=20, blank=True, choices=SUB_STATE_CHOICES
    )
    receiving_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tiếp nhận")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("tài khoản người nộp"),
    )
    applicant_kind = models.CharField(
        _("đối tượng"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    applicant_name = models.CharField(_("họ tên người nộp"), max_length=200)
    applicant_identity = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    applicant_tax_code = models.CharField(
        _("mã số thuế, mã số doanh nghiệp"), max_length=14, blank=True
    )
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    representative_name = models.CharField(_("người được ủy quyền"), max_length=200, blank=True)
    representative_identity = models.CharField(
        _("số định danh người được ủy quyền"), max_length=12, blank=True
    )
    authorisation = models.CharField(_("giấy ủy quyền"), max_length=300, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    form_data = models.JSONField(
        _("thông tin tờ khai"),
        default=dict,
        blank=True,
        help_text=_("Các trường thông tin thủ tục yêu cầu, theo biểu mẫu của phiên bản thủ tục."),
    )
    lookup_secret = models.CharField(
        _("mã tra cứu"),
        max_length=12,
        blank=True,
        help_text=_(
            "In trên giấy tiếp nhận; cùng mã hồ sơ, cho xem thông tin cá nhân khi tra cứu."
        ),
    )
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=10,
        choices=ResultDelivery.choices,
        default=ResultDelivery.COUNTER,
    )
    delivery_address = models.CharField(_("địa chỉ nhận kết quả"), max_length=300, blank=True)
    postal_tracking = models.CharField(_("mã bưu gửi hồ sơ"), max_length=40, blank=True)
    # --- where the dossier is and who holds it --------------------------------------------
    lead_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan chủ trì giải quyết"),
    )
    current_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan đang giữ hồ sơ"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ đang xử lý"),
    )
    current_step = models.ForeignKey(
        ProcessStep,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bước đang thực hiện"),
    )
    held_since = models.DateTimeField(_("nhận giữ hồ sơ lúc"), null=True, blank=True)
    hold_due_at = models.DateTimeField(_("hạn của bước hiện tại"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        help_text=_(
            "Tăng sau mỗi thao tác; chống hai cán bộ thao tác trên cùng một tình trạng cũ."
        ),
    )
    # --- workflow flags the pure state needs (see `domain.workflow.DossierState`) ---------
    supplement_requests = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    withdrawal_requested = models.BooleanField(_("đang đề nghị rút hồ sơ"), default=False)
    # --- the clock --------------------------------------------------------------------------
    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    legal_due_at = models.DateTimeField(_("hạn giải quyết theo quy định"), null=True, blank=True)
    reappointed_at = models.DateTimeField(_("hẹn lại ngày trả"), null=True, blank=True)
    paused_since = models.DateTimeField(_("tạm dừng tính thời hạn từ"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    timeliness = models.CharField(
        _("kết quả so với hạn"), max_length=8, blank=True, choices=Timeliness.choices
    )
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("kết thúc lúc"),
        null=True,
        blank=True,
        help_text=_("Từ chối, rút hoặc dừng giải quyết."),
    )
    deadline_status = models.CharField(
        _("tình trạng thời hạn"),
        max_length=10,
        blank=True,
        choices=[
            ("on_track", _("Trong hạn")),
            ("due_soon", _("Sắp đến hạn")),
            ("overdue", _("Quá hạn")),
        ],
        help_text=_("Cập nhật bởi lệnh sweep_deadlines."),
    )
    # --- return (trả kết quả): who took the result, how -------------------------------------
    returned_via = models.CharField(
        _("đã trả qua"), max_length=10, blank=True, choices=ResultDelivery.choices
    )
    recipient_name = models.CharField(_("người nhận kết quả"), max_length=200, blank=True)
    recipient_identity = models.CharField(
        _("số định danh người nhận kết quả"), max_length=12, blank=True
    )
    originals_taken_back = models.BooleanField(_("đã thu lại bản gốc"), default=False)
    return_tracking = models.CharField(_("mã bưu gửi kết quả"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [
            models.Index(fields=["receiving_agency", "status", "due_at"]),
            models.Index(fields=["current_agency", "status", "due_at"]),
            models.Index(fields=["lead_agency", "status", "due_at"]),
            models.Index(fields=["holder", "status", "due_at"]),
            models.Index(fields=["applicant", "-submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None


class DossierEvent(AppendOnlyModel):
    """Append-only timeline: every action on a dossier, who, when, from which status."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    action = models.CharField(_("thao tác"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=STATUS_CHOICES)
    to_status = models.PositiveSmallIntegerField(choices=STATUS_CHOICES)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} → {self.to_status}"
