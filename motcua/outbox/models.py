# SPDX-License-Identifier: MPL-2.0
"""OutboxMessage: one thing to tell the outside world, written in the same transaction as
the state change that caused it (ADR 0004), and delivered at least once by `run_outbox`."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    IN_PROGRESS = "in_progress", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DEAD = "dead", _("Gửi thất bại")


class OutboxMessage(models.Model):
    """A message waiting for, or done with, delivery to an external channel.

    Invariants: a row exists if and only if the transaction that enqueued it committed;
    ``idempotency_key`` is unique, so one business event gives one row; a row is never
    deleted by the worker, it ends ``sent`` or ``dead``. ``in_progress`` rows carry a lease
    (``locked_until``); once it has passed, another worker may claim the row again.
    """

    topic = models.CharField(_("chủ đề"), max_length=100)
    payload = models.JSONField(_("nội dung"), default=dict, encoder=DjangoJSONEncoder)
    idempotency_key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=OutboxStatus, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    locked_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    locked_by = models.CharField(_("tiến trình giữ"), max_length=200, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông điệp chờ gửi")
        verbose_name_plural = _("thông điệp chờ gửi")
        indexes = [
            # The worker's two "due" queries: pending by next_attempt_at, and
            # in_progress rows whose lease has expired.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["status", "locked_until"], name="outbox_lease_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.idempotency_key} ({self.status})"
