# SPDX-License-Identifier: MPL-2.0
"""Online submissions in progress (bản nháp): saved by the applicant, resumed later.

A draft is not a dossier: it has no code, no status and no deadline, and it is never
counted. `dossiers.services.drafts` turns it into a dossier (status 1) in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, ProcedureCase, ProcedureVersion
from motcua.core.models import TimeStampedModel
from motcua.org.models import Agency


class SubmissionDraft(TimeStampedModel):
    """What an applicant has filled in so far for one online submission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submission_drafts"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        ProcedureCase, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    receiving_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applicant = models.JSONField(_("người nộp"), default=dict, blank=True)
    form_data = models.JSONField(_("thông tin tờ khai"), default=dict, blank=True)
    result_delivery = models.CharField(_("hình thức nhận kết quả"), max_length=10, blank=True)
    delivery_address = models.CharField(_("địa chỉ nhận kết quả"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hồ sơ đang soạn")
        verbose_name_plural = _("hồ sơ đang soạn")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.procedure_version_id}"


class DraftFile(models.Model):
    """A file attached to a draft, already checked by content (moved to the dossier on
    submission)."""

    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("tệp"), upload_to="drafts/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của hồ sơ đang soạn")
        verbose_name_plural = _("tệp của hồ sơ đang soạn")
        ordering = ["draft", "component_id", "id"]

    def __str__(self) -> str:
        return self.original_name
