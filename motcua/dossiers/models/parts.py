# SPDX-License-Identifier: MPL-2.0
"""What a dossier is made of and what happened to it, beyond its status.

Components and files (TaiLieuNop), fee lines (DanhSachLePhi), pauses for supplements and
financial obligations (DanhSachHoSoBoSung), the result document (DanhSachGiayToKetQua) and
the process control sheet (Phiếu kiểm soát, TT 01/2018 form 05 = TT 03/2025 form 06).
Field lists follow the DVCQG synchronisation payload (SPEC §4.4). Written by
`dossiers.services` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Collection, Component, Fee, ProcessStep
from motcua.core.models import AppendOnlyModel
from motcua.dossiers.models.dossier import Dossier, Timeliness
from motcua.org.models import Agency


class DossierComponent(models.Model):
    """A published component as handed in for this dossier (SPEC §2.3 steps 2–3).

    Only components of the pinned version can appear here: the directive forbids asking
    for anything outside the published list. `digitised`, `reused` and `from_store` are
    the DVCQG flags DuocSoHoa, DuocTaiSuDung and DuocLayTuKhoDMQG.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        Component, on_delete=models.PROTECT, related_name="+", verbose_name=_("thành phần")
    )
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("số bản sao chứng thực"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("số bản photo"), default=0)
    digitised = models.BooleanField(_("đã số hóa"), default=False)
    reused = models.BooleanField(_("tái sử dụng"), default=False)
    from_store = models.BooleanField(_("lấy từ kho dữ liệu"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("giấy tờ đã nộp")
        verbose_name_plural = _("giấy tờ đã nộp")
        ordering = ["dossier", "component__order", "component_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "component"], name="dossier_component_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.component}"


class DossierFile(models.Model):
    """One stored file of a component (or a supplement, or the result): content-sniffed."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(
        DossierComponent, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    purpose = models.CharField(
        _("mục đích"),
        max_length=12,
        default="component",
        choices=[
            ("component", _("Thành phần hồ sơ")),
            ("supplement", _("Hồ sơ bổ sung")),
            ("result", _("Kết quả giải quyết")),
            ("signature", _("Chữ ký người nhận")),
        ],
    )

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DossierFee(models.Model):
    """A fee line copied from the pinned version at receipt (DVCQG DanhSachLePhi)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fees")
    fee = models.ForeignKey(Fee, null=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("khoản thu"), max_length=300)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    collection = models.CharField(_("thời điểm thu"), max_length=10, choices=Collection.choices)
    paid_at = models.DateTimeField(_("đã thu lúc"), null=True, blank=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("khoản phí, lệ phí của hồ sơ")
        verbose_name_plural = _("khoản phí, lệ phí của hồ sơ")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class PauseKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
    FINANCIAL = "financial", _("Chờ thực hiện nghĩa vụ tài chính")


class DossierPause(models.Model):
    """A stop of the clock (SPEC §11.5): a supplement round or a financial obligation.

    `due_before` / `due_after` keep the appointment before and after the pause (DVCQG
    DanhSachHoSoBoSung: old and new appointment). `items` lists what was asked for, by
    published component only; `extra_note` is anything else the officer wrote, kept apart.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("loại"), max_length=10, choices=PauseKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by_agency = models.ForeignKey(
        Agency, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    reason = models.TextField(_("lý do"))
    items = models.JSONField(_("nội dung yêu cầu"), default=list, blank=True)
    extra_note = models.TextField(_("ghi chú ngoài danh mục"), blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    respond_by = models.DateTimeField(_("hạn bổ sung"), null=True, blank=True)
    due_before = models.DateTimeField(_("hẹn trả trước khi tạm dừng"), null=True, blank=True)
    due_after = models.DateTimeField(_("hẹn trả sau khi tiếp tục"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần tạm dừng tính thời hạn")
        verbose_name_plural = _("lần tạm dừng tính thời hạn")
        ordering = ["dossier", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(ended_at__isnull=True),
                name="dossier_one_open_pause",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.started_at:%d/%m/%Y}"


class DossierResult(models.Model):
    """The result document (SPEC §2.3 step 10; DVCQG DanhSachGiayToKetQua)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="result")
    kind = models.CharField(_("loại văn bản kết quả"), max_length=200)
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    signer = models.CharField(_("người ký"), max_length=200)
    issuing_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    issued_on = models.DateField(_("ngày ban hành"))
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    file = models.OneToOneField(
        DossierFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved = models.BooleanField(
        _("kết quả chấp thuận"),
        default=True,
        help_text=_("Bỏ chọn nếu kết quả là văn bản từ chối hoặc trả lời không đủ điều kiện."),
    )

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class HandoverKind(models.TextChoices):
    FORWARD = "forward", _("Chuyển cơ quan giải quyết")
    ASSIGN = "assign", _("Phân công")
    COMPLETE_STEP = "complete_step", _("Hoàn thành bước")
    RETURN_TO_STEP = "return_to_step", _("Trả lại bước trước")
    SEND_INTERAGENCY = "send_interagency", _("Chuyển liên thông")
    RECEIVE_INTERAGENCY = "receive_interagency", _("Nhận lại từ liên thông")
    RESULT = "result", _("Chuyển kết quả về Bộ phận Một cửa")


class Handover(AppendOnlyModel):
    """One row of the process control sheet (SPEC §3.5): who gave, who received, when.

    `result` is how the giver did against its budget (`giver_due_at`, from its process
    step or its inter-agency deadline), by local date: before time, on time or late.
    Rows are appended, never changed; `seq` orders them.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    seq = models.PositiveSmallIntegerField()
    kind = models.CharField(_("loại"), max_length=20, choices=HandoverKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    giver_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiver_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    step = models.ForeignKey(
        ProcessStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    giver_since = models.DateTimeField(_("giữ hồ sơ từ"), null=True, blank=True)
    giver_due_at = models.DateTimeField(_("hạn của người giao"), null=True, blank=True)
    result = models.CharField(
        _("kết quả xử lý của người giao"), max_length=8, blank=True, choices=Timeliness.choices
    )
    receiver_due_at = models.DateTimeField(_("hạn của người nhận"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("dòng phiếu kiểm soát")
        verbose_name_plural = _("phiếu kiểm soát quá trình giải quyết")
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="handover_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.seq} {self.kind}"
