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

from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.core.models import TimeStampedModel
from motcua.domain.workflow import Channel, Status, SubState
from motcua.org.models import Agency

STATUS_CHOICES = [(s.value, s.label_vi) for s in Status]
CHANNEL_CHOICES = [
    (Channel.COUNTER.value, _("Trực tiếp")),
    (Channel.ONLINE.value, _("Trực tuyến")),
    (Channel.POST.value, _("Bưu chính công ích")),
]
SUB_STATE_CHOICES = [(s.value, s.value) for s in SubState]


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
    applicant_name = models.CharField(_("họ tên người nộp"), max_length=200)
    applicant_identity = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    legal_due_at = models.DateTimeField(_("hạn giải quyết theo quy định"), null=True, blank=True)
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

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [
            models.Index(fields=["receiving_agency", "status", "due_at"]),
            models.Index(fields=["applicant", "-submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.code


class DossierEvent(models.Model):
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
