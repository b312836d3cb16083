# SPDX-License-Identifier: MPL-2.0
"""What the dossier engine tells the outside world, through the outbox (docs/outbox.md).

Every timeline event writes one ``dossier.event`` message in the transaction of the state
change (`event_payload`, called by ``services._base.commit``). Its handler lives in
``clients.events``, because it also feeds the API clients' webhooks, which the engine must
not know; it asks `engine_deliveries` what the engine itself sends for the event and
enqueues all of it in one transaction:

- ``email.dossier_status``: the applicant's e-mail, when the action notifies the applicant
  and the dossier has an address (`send_status_email`);
- ``dvcqg.sync``: the dossier's record for the national portal, on every status change and
  re-appointment, when the sync is on (`sync_to_national_portal`).

Each derived key extends the event's key, so a retried fan-out creates no duplicate.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.domain.workflow import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.sync import dossier_record, load_for_sync
from motcua.integrations.dvcqg.base import DvcqgError
from motcua.integrations.dvcqg.registry import get_provider, sync_enabled
from motcua.outbox.handlers import DeliveryError, register
from motcua.outbox.models import OutboxMessage

logger = logging.getLogger("motcua.notify")

EVENT_TOPIC = "dossier.event"
EMAIL_TOPIC = "email.dossier_status"
SYNC_TOPIC = "dvcqg.sync"
#: Actions that change what the national portal shows without changing the status.
SYNC_WITHOUT_STATUS_CHANGE = frozenset({Action.APOLOGISE_AND_REAPPOINT.value})


@dataclass(frozen=True)
class Outgoing:
    """A message to enqueue: what `enqueue` takes."""

    topic: str
    idempotency_key: str
    payload: dict[str, Any]


def event_key(dossier: Dossier, event: DossierEvent) -> str:
    return f"{dossier.code}:event:{event.pk}"


def event_payload(dossier: Dossier, event: DossierEvent, *, notify: bool) -> dict[str, Any]:
    """The ``dossier.event`` payload: identifiers and the state right after the event.

    No personal data: the fan-out reads what it needs from the dossier. ``agencies`` are the
    receiving, lead and current agencies at the time of the event (webhook routing).
    """
    agencies = {dossier.receiving_agency_id, dossier.lead_agency_id, dossier.current_agency_id}
    return {
        "code": dossier.code,
        "dossier": dossier.pk,
        "event": event.pk,
        "at": event.at.isoformat(),
        "action": event.action,
        "from_status": event.from_status,
        "status": dossier.status,
        "due": dossier.due_at.isoformat() if dossier.due_at else None,
        "agencies": sorted(a for a in agencies if a is not None),
        "notify": notify,
    }


def engine_deliveries(message: OutboxMessage) -> list[Outgoing]:
    """The e-mail and national-portal messages the engine sends for one ``dossier.event``."""
    event = message.payload
    key = message.idempotency_key
    outgoing = []
    if (
        event["notify"]
        and Dossier.objects.filter(pk=event["dossier"]).exclude(applicant_email="").exists()
    ):
        email = {name: event[name] for name in ("code", "event", "status", "action", "due")}
        outgoing.append(Outgoing(EMAIL_TOPIC, f"{key}:email", email))
    changed = event["from_status"] != event["status"]
    if sync_enabled() and (changed or event["action"] in SYNC_WITHOUT_STATUS_CHANGE):
        sync = {"code": event["code"], "event": event["event"]}
        sync["updating"] = event["from_status"] is not None
        outgoing.append(Outgoing(SYNC_TOPIC, f"{key}:dvcqg", sync))
    return outgoing


# --- e-mail to the applicant ---------------------------------------------------------------
def _message_id(key: str) -> str:
    """A Message-ID fixed by the outbox key: a resent duplicate is recognisably the same."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "motcua.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def status_email(dossier: Dossier, payload: dict[str, Any], *, key: str) -> EmailMultiAlternatives:
    """The Vietnamese status e-mail: code, procedure, new status, due date and the public
    lookup link. Nothing else: the address may have been mistyped at the counter, so no
    name, no personal data and never the lookup secret."""
    status = Status(payload["status"])
    due = datetime.fromisoformat(payload["due"]) if payload.get("due") else None
    context = {
        "site_name": settings.SITE_NAME,
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "status": status.label_vi,
        "due": timezone.localtime(due).strftime("%d/%m/%Y") if due else "",
        "agency": dossier.receiving_agency.name,
        "link": settings.PUBLIC_BASE_URL.rstrip("/")
        + reverse("portal:lookup_status", args=[dossier.code]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Hồ sơ %(code)s: %(status)s") % context
        text = render_to_string("emails/dossier_status.txt", context)
        html = render_to_string("emails/dossier_status.html", context)
    mail = EmailMultiAlternatives(
        subject, text, to=[dossier.applicant_email], headers={"Message-ID": _message_id(key)}
    )
    mail.attach_alternative(html, "text/html")
    return mail


@register(EMAIL_TOPIC)
def send_status_email(message: OutboxMessage) -> None:
    """Send the status e-mail. An address that cannot be valid, or that the mail server
    refuses for good (5xx), is a permanent error; any other SMTP or network error is
    temporary. SMTP has no idempotency key: a retry after a lost acknowledgement may send a
    second copy, with the same Message-ID."""
    dossier = (
        Dossier.objects.select_related("procedure_version", "receiving_agency")
        .filter(code=message.payload["code"])
        .first()
    )
    if dossier is None or not dossier.applicant_email:
        logger.info("Không gửi thư %s: hồ sơ không còn địa chỉ", message.idempotency_key)
        return
    try:
        validate_email(dossier.applicant_email)
    except ValidationError:
        raise DeliveryError("địa chỉ thư điện tử không hợp lệ", permanent=True) from None
    mail = status_email(dossier, message.payload, key=message.idempotency_key)
    try:
        mail.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        raise DeliveryError(
            f"máy chủ thư từ chối người nhận: {codes}", permanent=permanent
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        # The type and SMTP code only: server texts may quote the address.
        code = getattr(exc, "smtp_code", "")
        raise DeliveryError(f"lỗi gửi thư: {type(exc).__name__} {code}".strip()) from exc
    logger.info("Đã gửi thư báo tình trạng hồ sơ %s", dossier.code)


# --- national portal -----------------------------------------------------------------------
@register(SYNC_TOPIC)
def sync_to_national_portal(message: OutboxMessage) -> None:
    """Send the dossier's current record to the national portal (`dossiers.sync`)."""
    provider = get_provider()
    if provider is None:
        # Switched off after the message was queued: keep it visible for support.
        raise DeliveryError("đồng bộ DVCQG đang tắt (DVCQG_PROVIDER)", permanent=True)
    dossier = load_for_sync(message.payload["code"])
    if dossier is None:
        raise DeliveryError("không tìm thấy hồ sơ", permanent=True)
    try:
        provider.sync_dossier(
            dossier_record(dossier),
            idempotency_key=message.idempotency_key,
            updating=message.payload.get("updating", True),
        )
    except DvcqgError as exc:
        raise DeliveryError(str(exc), permanent=exc.permanent) from exc


# --- staff alerts --------------------------------------------------------------------------
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
