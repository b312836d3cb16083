# SPDX-License-Identifier: MPL-2.0
"""Delivery of dossier status notifications from the outbox.

Until the e-mail/SMS channels exist (issue #9), the applicant notification is written to
the log, so that the demo shows every message the system would send and no message is
lost as "no handler" in the meantime.
"""

from __future__ import annotations

import logging

from motcua.domain.workflow import Status
from motcua.outbox.handlers import register
from motcua.outbox.models import OutboxMessage

logger = logging.getLogger("motcua.notify")


@register("notify.dossier_status")
def notify_dossier_status(message: OutboxMessage) -> None:
    """Tell the applicant the new status of their dossier (logged for now)."""
    payload = message.payload
    status = Status(payload["status"])
    due = f", hẹn trả {payload['due']}" if payload.get("due") else ""
    logger.info("Thông báo hồ sơ %s: %s%s", payload["code"], status.label_vi, due)


@register("notify.deadline")
def notify_deadline(message: OutboxMessage) -> None:
    """Warn the receiving agency that a dossier is due soon or overdue (logged for now)."""
    payload = message.payload
    label = {"due_soon": "sắp đến hạn – cần xin lỗi, hẹn lại trước hạn", "overdue": "quá hạn"}
    logger.warning(
        "Cảnh báo hồ sơ %s: %s (hạn %s)",
        payload["code"],
        label.get(payload["status"], payload["status"]),
        payload["due"],
    )
