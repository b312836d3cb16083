# SPDX-License-Identifier: MPL-2.0
"""Test helpers: deliver the queued verification codes and read them where they arrive."""

from __future__ import annotations

import re

from django.core import mail

from motcua.outbox.models import OutboxMessage
from motcua.outbox.worker import Worker

_CODE = re.compile(r"\b(\d{6})\b")


def deliver() -> None:
    """Run one round of the real outbox worker (the handler prints SMS, sends e-mail)."""
    Worker(worker_id="test").run_once()


def code_in(text: str) -> str:
    """The 6-digit code in a delivered message."""
    match = _CODE.search(text)
    assert match, f"no 6-digit code in {text!r}"
    return match.group(1)


def sms_code(capsys) -> str:
    """Deliver, and read the code from the console SMS of the demo channel."""
    deliver()
    lines = [line for line in capsys.readouterr().out.splitlines() if "[SMS tới" in line]
    assert lines, "no SMS was printed"
    return code_in(lines[-1])


def email_code() -> str:
    """Deliver, and read the code from the last e-mail sent."""
    deliver()
    assert mail.outbox, "no e-mail was sent"
    return code_in(mail.outbox[-1].body)


def verification_messages() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(topic="notify.verification_code").order_by("id"))
