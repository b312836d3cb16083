# SPDX-License-Identifier: MPL-2.0
"""One-time codes that prove a phone number or an e-mail address belongs to the user.

Rules (kept here, used by ``accounts.services``):

- a code has 6 digits, lives ``CODE_TTL`` (10 minutes) and accepts ``MAX_ATTEMPTS`` (5)
  wrong entries; after that only a new code helps;
- a new code goes to an address at most once per ``RESEND_INTERVAL`` (60 s) and at most
  ``HOURLY_LIMIT`` (5) times an hour, whoever asks: this protects the owner of the number
  from message floods and bounds guessing to 25 tries an hour (1 in 40 000);
- the database keeps only a keyed hash of the code (``code_hash``).

The code is delivered later by the outbox worker, which must know it. Rather than writing
the code into the outbox payload, the code is *derived* from a random nonce with the
server's ``SECRET_KEY`` (HMAC-SHA256): the payload carries the nonce, the worker derives the
code again. Someone who reads the database (a backup, a support screen) learns neither the
code nor a way to find it without the secret key.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from motcua.accounts.errors import ResendTooSoon, TooManyCodes, VerificationFailed
from motcua.accounts.models import (
    ContactChannel,
    User,
    VerificationCode,
    VerificationStatus,
)
from motcua.accounts.validators import normalize_phone, validate_phone
from motcua.outbox.services import enqueue

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(seconds=60)
HOURLY_LIMIT = 5
TOPIC = "notify.verification_code"

_DERIVE_SALT = "motcua.accounts.verification.code"
_HASH_SALT = "motcua.accounts.verification.hash"


@dataclass(frozen=True)
class Contact:
    """A normalised phone number (``0912345678``) or lower-case e-mail address."""

    channel: str  # ContactChannel
    value: str


def parse_contact(raw: str) -> Contact:
    """Read what the user typed as a phone number or an e-mail address.

    Anything with an "@" is an e-mail address; anything else must be a Vietnamese mobile
    number in any usual spelling (``+84 912 345 678``). Raises ``ValidationError``.
    """
    text = raw.strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                _("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.vn."), code="invalid"
            ) from None
        return Contact(ContactChannel.EMAIL, text.lower())
    validate_phone(text)
    return Contact(ContactChannel.PHONE, normalize_phone(text))


def derive_code(nonce: str) -> str:
    """The 6-digit code of ``nonce`` (HMAC-SHA256 with the secret key, reduced mod 10⁶)."""
    digest = salted_hmac(_DERIVE_SALT, nonce, algorithm="sha256").hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"


def code_from_payload(payload: dict[str, Any]) -> str:
    """The code an outbox message must deliver (the worker's side of ``derive_code``)."""
    return derive_code(payload["nonce"])


def _hash(target: str, code: str) -> str:
    return salted_hmac(_HASH_SALT, f"{target}:{code}", algorithm="sha256").hexdigest()


def expired(verification: VerificationCode, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= verification.expires_at


def _throttle(target: str, now: datetime) -> None:
    recent = VerificationCode.objects.filter(target=target, created_at__gt=now - timedelta(hours=1))
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and now - last < RESEND_INTERVAL:
        wait = RESEND_INTERVAL - (now - last)
        raise ResendTooSoon(max(1, int(wait.total_seconds() + 0.999)))
    if recent.count() >= HOURLY_LIMIT:
        raise TooManyCodes()


def code_issue(
    *,
    user: User,
    purpose: str,
    contact: Contact,
    pending_full_name: str = "",
    pending_password: str = "",
) -> VerificationCode:
    """Create a code for ``contact`` and queue its delivery, in the caller's transaction.

    Raises ``ResendTooSoon`` or ``TooManyCodes`` when the address had its share of codes.
    The outbox payload holds the nonce, not the code (see the module docstring).
    """
    now = timezone.now()
    _throttle(contact.value, now)
    nonce = secrets.token_urlsafe(24)
    verification = VerificationCode.objects.create(
        user=user,
        purpose=purpose,
        channel=contact.channel,
        target=contact.value,
        code_hash=_hash(contact.value, derive_code(nonce)),
        expires_at=now + CODE_TTL,
        pending_full_name=pending_full_name,
        pending_password=pending_password,
    )
    enqueue(
        topic=TOPIC,
        payload={
            "verification": verification.pk,
            "purpose": purpose,
            "channel": contact.channel,
            "target": contact.value,
            "nonce": nonce,
        },
        idempotency_key=f"verification:{verification.pk}",
    )
    return verification


def code_replace(verification: VerificationCode) -> VerificationCode:
    """Send a fresh code for the same request; the old code stops working.

    The new code carries over what the old one was for (registration name and password),
    and gets a full ``MAX_ATTEMPTS`` and ``CODE_TTL``. Throttled like ``code_issue``.
    """
    if verification.status != VerificationStatus.OPEN:
        raise VerificationFailed(_("Yêu cầu này đã kết thúc. Vui lòng bắt đầu lại."))
    fresh = code_issue(
        user=verification.user,
        purpose=verification.purpose,
        contact=Contact(verification.channel, verification.target),
        pending_full_name=verification.pending_full_name,
        pending_password=verification.pending_password,
    )
    verification.status = VerificationStatus.REPLACED
    verification.save(update_fields=["status", "updated_at"])
    return fresh


def code_check(verification: VerificationCode, code: str) -> VerificationFailed | None:
    """Check ``code`` against a locked, open verification; count a wrong entry.

    Returns the error instead of raising it, so that the caller can commit the attempt
    count before reporting the failure (a raise would roll the count back).
    """
    if verification.status != VerificationStatus.OPEN:
        return VerificationFailed(
            _("Mã xác nhận này không còn hiệu lực. Vui lòng dùng mã mới nhất đã gửi cho bạn.")
        )
    if expired(verification):
        return VerificationFailed(_("Mã xác nhận đã hết hạn. Vui lòng yêu cầu gửi mã mới."))
    if verification.attempts >= MAX_ATTEMPTS:
        return VerificationFailed(
            _("Bạn đã nhập sai mã quá %(count)d lần. Vui lòng yêu cầu gửi mã mới.")
            % {"count": MAX_ATTEMPTS}
        )
    if not constant_time_compare(_hash(verification.target, code.strip()), verification.code_hash):
        verification.attempts += 1
        verification.save(update_fields=["attempts", "updated_at"])
        left = MAX_ATTEMPTS - verification.attempts
        if left == 0:
            return VerificationFailed(
                _("Mã xác nhận không đúng. Bạn đã hết lượt nhập; vui lòng yêu cầu gửi mã mới.")
            )
        return VerificationFailed(
            _("Mã xác nhận không đúng. Bạn còn %(left)d lần nhập.") % {"left": left}
        )
    return None


def code_close(verification: VerificationCode) -> None:
    """Mark a verification confirmed, and cancel the user's other open codes of that
    purpose (a registration or change started elsewhere can no longer complete)."""
    verification.status = VerificationStatus.CONFIRMED
    verification.save(update_fields=["status", "updated_at"])
    VerificationCode.objects.filter(
        user=verification.user, purpose=verification.purpose, status=VerificationStatus.OPEN
    ).update(status=VerificationStatus.CANCELLED, updated_at=timezone.now())


def verification_lock(
    *, verification_id: int | None, purpose: str, user: User | None = None
) -> VerificationCode:
    """The verification row, locked; one of ``user``'s when given. Raises
    ``VerificationFailed`` when there is none (a stale or forged session value)."""
    rows = VerificationCode.objects.select_for_update().select_related("user")
    rows = rows.filter(pk=verification_id, purpose=purpose)
    if user is not None:
        rows = rows.filter(user=user)
    verification = rows.first() if verification_id else None
    if verification is None:
        raise VerificationFailed(_("Không tìm thấy yêu cầu xác nhận. Vui lòng bắt đầu lại."))
    return verification
