"""Verification codes: hashed at rest, not in the outbox, 10 minutes, 5 tries, throttled."""

from datetime import timedelta

import pytest
from django.core import mail

from motcua.accounts.errors import ResendTooSoon, TooManyCodes, VerificationFailed
from motcua.accounts.models import User, VerificationCode, VerificationStatus
from motcua.accounts.services import (
    registration_confirm,
    registration_resend,
    registration_start,
)
from motcua.accounts.tests.codes import email_code, sms_code, verification_messages
from motcua.accounts.verification import (
    HOURLY_LIMIT,
    MAX_ATTEMPTS,
    code_from_payload,
    parse_contact,
)
from motcua.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

T0 = "2026-11-25 09:00 +07:00"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def _start(identifier="0912000100", **kwargs):
    return registration_start(
        actor=None,
        full_name=kwargs.get("full_name", "Nguyễn Thị Hoa"),
        identifier=identifier,
        password=kwargs.get("password", TEST_PASSWORD),
    )


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize(
    ("raw", "channel", "value"),
    [
        ("+84 912 000 100", "phone", "0912000100"),
        ("0912.000.100", "phone", "0912000100"),
        (" Hoa@Example.VN ", "email", "hoa@example.vn"),
    ],
)
def test_it_reads_a_phone_number_or_an_email_address(raw, channel, value):
    contact = parse_contact(raw)
    assert (contact.channel, contact.value) == (channel, value)


@pytest.mark.parametrize("raw", ["12345", "hoa@", "0912 abc"])
def test_it_refuses_what_is_neither(raw):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        parse_contact(raw)


def test_the_code_is_stored_hashed_and_the_outbox_carries_no_code(capsys):
    verification = _start()
    [message] = verification_messages()
    code = code_from_payload(message.payload)
    assert len(code) == 6 and code.isdigit()
    assert code not in str(message.payload)
    assert code not in verification.code_hash and len(verification.code_hash) == 64
    assert sms_code(capsys) == code  # what the phone receives


def test_the_code_expires_after_ten_minutes(capsys, frozen):
    verification = _start()
    code = sms_code(capsys)
    frozen.shift(timedelta(minutes=10))
    with pytest.raises(VerificationFailed, match="hết hạn"):
        registration_confirm(actor=None, verification_id=verification.pk, code=code)
    assert not User.objects.get(username="0912000100").is_active


def test_five_wrong_codes_use_up_the_code_and_each_try_is_counted(capsys):
    verification = _start()
    code = sms_code(capsys)
    for left in range(MAX_ATTEMPTS - 1, -1, -1):
        with pytest.raises(VerificationFailed):
            registration_confirm(actor=None, verification_id=verification.pk, code=_wrong(code))
        verification.refresh_from_db()
        assert verification.attempts == MAX_ATTEMPTS - left  # committed despite the error
    with pytest.raises(VerificationFailed, match="quá 5 lần"):
        registration_confirm(actor=None, verification_id=verification.pk, code=code)


def test_a_new_code_waits_sixty_seconds_and_replaces_the_old_one(capsys, frozen):
    verification = _start()
    old = sms_code(capsys)
    with pytest.raises(ResendTooSoon) as waited:
        registration_resend(actor=None, verification_id=verification.pk)
    assert waited.value.wait_seconds == 60
    frozen.shift(timedelta(seconds=60))
    fresh = registration_resend(actor=None, verification_id=verification.pk)
    new = sms_code(capsys)
    verification.refresh_from_db()
    assert verification.status == VerificationStatus.REPLACED
    with pytest.raises(VerificationFailed, match="không còn hiệu lực"):
        registration_confirm(actor=None, verification_id=verification.pk, code=old)
    user = registration_confirm(actor=None, verification_id=fresh.pk, code=new)
    assert user.is_active and user.check_password(TEST_PASSWORD)


def test_an_address_gets_at_most_five_codes_an_hour(frozen):
    verification = _start()
    for _ in range(HOURLY_LIMIT - 1):
        frozen.shift(timedelta(seconds=61))
        verification = registration_resend(actor=None, verification_id=verification.pk)
    frozen.shift(timedelta(seconds=61))
    with pytest.raises(TooManyCodes):
        registration_resend(actor=None, verification_id=verification.pk)
    frozen.shift(timedelta(hours=1))
    registration_resend(actor=None, verification_id=verification.pk)


def test_the_worker_does_not_send_a_code_that_is_no_longer_live(capsys, frozen):
    _start()
    frozen.shift(timedelta(minutes=11))
    from motcua.accounts.tests.codes import deliver

    deliver()
    assert "[SMS tới" not in capsys.readouterr().out
    assert [m.status for m in verification_messages()] == ["sent"]


def test_an_email_code_goes_out_by_email_with_the_configured_backend():
    _start("hoa@example.vn")
    code = email_code()
    assert mail.outbox[-1].to == ["hoa@example.vn"]
    assert f"là {code}" in mail.outbox[-1].body
    assert VerificationCode.objects.get().channel == "email"


def test_support_sees_the_codes_sent_in_the_admin_but_never_the_code(client):
    from django.urls import reverse

    from motcua.testing.factories import StaffFactory

    verification = _start()
    client.force_login(StaffFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:accounts_verificationcode_changelist"))
    assert "0912000100" in listing.content.decode()
    page = client.get(
        reverse("admin:accounts_verificationcode_change", args=[verification.pk])
    ).content.decode()
    assert verification.code_hash not in page and "pending_password" not in page
