# SPDX-License-Identifier: MPL-2.0
"""Delivery of verification codes from the outbox (topic ``notify.verification_code``).

E-mail goes through Django's ``send_mail`` and the configured backend (the console in
development, so the code shows in the terminal of ``make demo``). Until the SMS channel
exists (issue #9, ``integrations/sms``), a text message is printed to standard output and
written to the log: a demo channel that must be replaced before production.

The code is not in the payload: it is derived again from the payload's nonce
(``accounts.verification``). A code that was replaced, used or has expired by the time the
worker gets to it is not sent.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from motcua.accounts.models import (
    ContactChannel,
    VerificationCode,
    VerificationPurpose,
    VerificationStatus,
)
from motcua.accounts.verification import CODE_TTL, TOPIC, code_from_payload, expired
from motcua.outbox.handlers import register
from motcua.outbox.models import OutboxMessage

logger = logging.getLogger("motcua.notify")


def _text(purpose: str, code: str) -> str:
    action = (
        _("đăng ký tài khoản")
        if purpose == VerificationPurpose.REGISTRATION
        else _("đổi số điện thoại, thư điện tử")
    )
    return _(
        "%(site)s: mã xác nhận %(action)s của bạn là %(code)s, có hiệu lực %(minutes)d phút. "
        "Không cung cấp mã này cho bất kỳ ai."
    ) % {
        "site": settings.SITE_NAME,
        "action": action,
        "code": code,
        "minutes": CODE_TTL.seconds // 60,
    }


@register(TOPIC)
def deliver_verification_code(message: OutboxMessage) -> None:
    """Send the code by e-mail, or by the console SMS stand-in; skip a code no longer live."""
    payload = message.payload
    verification = VerificationCode.objects.filter(pk=payload["verification"]).first()
    if (
        verification is None
        or verification.status != VerificationStatus.OPEN
        or expired(verification)
    ):
        logger.info("Bỏ qua mã xác nhận %s: không còn hiệu lực", message.idempotency_key)
        return
    text = _text(payload["purpose"], code_from_payload(payload))
    if payload["channel"] == ContactChannel.EMAIL:
        send_mail(_("Mã xác nhận tài khoản"), text, None, [payload["target"]])
        logger.info("Đã gửi mã xác nhận qua thư điện tử tới %s", payload["target"])
        return
    # Demo SMS channel: the terminal of `make demo` is the phone.
    print(f"[SMS tới {payload['target']}] {text}", flush=True)  # noqa: T201
    logger.info("SMS tới %s: %s", payload["target"], text)
