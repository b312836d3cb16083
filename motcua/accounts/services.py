# SPDX-License-Identifier: MPL-2.0
"""Account services: registration, profile, contact change, organisations, national sign-on.

Each service is the one write path of its change: keyword-only, with the ``actor`` (the
signed-in user, or ``None`` for an anonymous visitor), one transaction, and an audit entry
in it. Codes are sent through the outbox (``accounts.verification``, ``accounts.notify``).

An applicant's account starts *pending* (inactive, no usable password, never used) until
the registration code is confirmed. A pending account proves nothing, so it never blocks a
person who can prove the number: a new registration for the same number reuses it, and a
verified change of contact or a national sign-on releases the number from it.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.errors import AccountError, IdentifierTaken, VerificationFailed
from motcua.accounts.models import (
    APPLICANT_ORGANISATION_KINDS,
    AccountKind,
    ContactChannel,
    MembershipRole,
    Organisation,
    OrganisationMembership,
    User,
    VerificationCode,
    VerificationPurpose,
)
from motcua.accounts.validators import validate_identity_number, validate_tax_code
from motcua.accounts.verification import (
    Contact,
    code_check,
    code_close,
    code_issue,
    code_replace,
    parse_contact,
    verification_lock,
)
from motcua.audit.services import record


def _contact(identifier: str) -> Contact:
    try:
        return parse_contact(identifier)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from None


def is_pending(user: User) -> bool:
    """Registered but not yet confirmed: inactive, no usable password, never signed in.
    (An account locked by an administrator has a password or a last sign-in.)"""
    return not user.is_active and user.last_login is None and not user.has_usable_password()


def _holders(contact: Contact, *, exclude: User | None = None) -> list[User]:
    """Accounts that use ``contact`` as phone, e-mail or user name, locked."""
    if contact.channel == ContactChannel.PHONE:
        uses = Q(phone=contact.value)
    else:
        uses = Q(email__iexact=contact.value)
    rows = User.objects.select_for_update().filter(uses | Q(username__iexact=contact.value))
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return list(rows)


def _claim(contact: Contact, *, owner: User | None = None) -> list[User]:
    """Refuse a contact an established account uses; return the pending ones using it."""
    holders = _holders(contact, exclude=owner)
    if any(not is_pending(user) for user in holders):
        raise IdentifierTaken()
    return holders


def _new_pending_account(contact: Contact, full_name: str) -> User:
    user = User(username=contact.value, full_name=full_name, kind=AccountKind.CITIZEN)
    user.is_active = False
    setattr(user, "phone" if contact.channel == ContactChannel.PHONE else "email", contact.value)
    user.set_unusable_password()
    user.save()
    return user


def registration_start(
    *, actor: User | None, full_name: str, identifier: str, password: str
) -> VerificationCode:
    """Open a pending applicant account for a phone number or e-mail and send it a code.

    Refuses (``IdentifierTaken``) a contact that an active, locked or staff account uses,
    without saying which. A pending account for the same contact is reused: the name and
    password travel with the new code, so confirming applies what *this* person typed.
    Throttled per address (``ResendTooSoon``, ``TooManyCodes``). ``actor`` is ``None``:
    the visitor is anonymous.
    """
    contact = _contact(identifier)
    with transaction.atomic():
        pending = _claim(contact)
        user = pending[0] if pending else _new_pending_account(contact, full_name.strip())
        verification = code_issue(
            user=user,
            purpose=VerificationPurpose.REGISTRATION,
            contact=contact,
            pending_full_name=full_name.strip(),
            pending_password=make_password(password),
        )
        record(
            actor=user,
            action="account.registration_start",
            object_type="accounts.user",
            object_id=user.pk,
            summary="Đăng ký tài khoản: gửi mã xác nhận",
            data={"channel": contact.channel, "verification": verification.pk},
        )
    return verification


def registration_resend(*, actor: User | None, verification_id: int | None) -> VerificationCode:
    """Send a new registration code in place of ``verification_id`` (same name and password)."""
    with transaction.atomic():
        verification = verification_lock(
            verification_id=verification_id, purpose=VerificationPurpose.REGISTRATION
        )
        return code_replace(verification)


def registration_confirm(*, actor: User | None, verification_id: int | None, code: str) -> User:
    """Activate the pending account with the name and password chosen at registration.

    A wrong code counts against ``MAX_ATTEMPTS`` and the count is committed before the
    ``VerificationFailed`` is raised. Confirming cancels the account's other open codes.
    """
    with transaction.atomic():
        verification = verification_lock(
            verification_id=verification_id, purpose=VerificationPurpose.REGISTRATION
        )
        error = code_check(verification, code)
        if error is None:
            user = verification.user
            if not is_pending(user):  # activated meanwhile through another code
                raise VerificationFailed(_("Tài khoản đã được kích hoạt. Vui lòng đăng nhập."))
            user.full_name = verification.pending_full_name or user.full_name
            user.password = verification.pending_password
            user.is_active = True
            user.date_joined = timezone.now()
            user.save(update_fields=["full_name", "password", "is_active", "date_joined"])
            code_close(verification)
            record(
                actor=user,
                action="account.register",
                object_type="accounts.user",
                object_id=user.pk,
                summary="Kích hoạt tài khoản sau khi xác nhận mã",
                data={"channel": verification.channel},
            )
    if error is not None:
        raise error
    return user


def profile_update(*, actor: User, full_name: str, identity_number: str, address: str) -> User:
    """Change the signed-in applicant's own name, personal identification number, address.

    The identification number must have 12 digits (or be empty); once verified through
    national sign-on it can no longer be edited here. Nothing is written when a rule fails.
    """
    full_name, identity_number = full_name.strip(), identity_number.strip()
    if not full_name:
        raise AccountError(_("Vui lòng nhập họ và tên."))
    if identity_number:
        try:
            validate_identity_number(identity_number)
        except ValidationError as exc:
            raise AccountError(exc.messages[0]) from None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if user.identity_verified_at and identity_number != user.identity_number:
            raise AccountError(
                _("Số định danh đã được xác thực qua VNeID nên không sửa được tại đây.")
            )
        values = {"full_name": full_name, "identity_number": identity_number, "address": address}
        changed = sorted(name for name, value in values.items() if getattr(user, name) != value)
        if changed:
            for name in changed:
                setattr(user, name, values[name])
            user.save(update_fields=changed)
            record(
                actor=user,
                action="account.profile_update",
                object_type="accounts.user",
                object_id=user.pk,
                summary="Cập nhật thông tin tài khoản",
                data={"fields": changed},
            )
    return user


def contact_change_start(*, actor: User, identifier: str) -> VerificationCode:
    """Send a code to a new phone number or e-mail of the signed-in user.

    The new contact must not belong to another established account (``IdentifierTaken``)
    and must differ from the current one. Nothing changes until the code is confirmed.
    """
    contact = _contact(identifier)
    field = "phone" if contact.channel == ContactChannel.PHONE else "email"
    if (getattr(actor, field) or "").lower() == contact.value:
        raise AccountError(_("Đây đã là số điện thoại hoặc thư điện tử của bạn."))
    with transaction.atomic():
        _claim(contact, owner=actor)
        verification = code_issue(
            user=actor, purpose=VerificationPurpose.CONTACT_CHANGE, contact=contact
        )
        record(
            actor=actor,
            action="account.contact_change_start",
            object_type="accounts.user",
            object_id=actor.pk,
            summary="Đổi thông tin liên hệ: gửi mã xác nhận",
            data={"channel": contact.channel, "verification": verification.pk},
        )
    return verification


def contact_change_resend(*, actor: User, verification_id: int | None) -> VerificationCode:
    """Send a new code for the user's pending change of contact."""
    with transaction.atomic():
        verification = verification_lock(
            verification_id=verification_id,
            purpose=VerificationPurpose.CONTACT_CHANGE,
            user=actor,
        )
        return code_replace(verification)


def contact_change_confirm(*, actor: User, verification_id: int | None, code: str) -> User:
    """Apply the new phone number or e-mail once its code is confirmed.

    The user name follows the contact when it was the old value (applicants sign in with
    what they registered). Pending registrations holding the new contact are removed: the
    user has just proved it is theirs. An account that took it meanwhile wins.
    """
    with transaction.atomic():
        verification = verification_lock(
            verification_id=verification_id,
            purpose=VerificationPurpose.CONTACT_CHANGE,
            user=actor,
        )
        error = code_check(verification, code)
        if error is None:
            contact = Contact(verification.channel, verification.target)
            for pending in _claim(contact, owner=actor):
                pending.delete()
            user = User.objects.select_for_update().get(pk=actor.pk)
            field = "phone" if contact.channel == ContactChannel.PHONE else "email"
            old = getattr(user, field) or ""
            setattr(user, field, contact.value)
            if old and user.username.lower() == old.lower():
                user.username = contact.value
            user.save(update_fields=[field, "username"])
            code_close(verification)
            record(
                actor=user,
                action="account.contact_change",
                object_type="accounts.user",
                object_id=user.pk,
                summary="Đổi thông tin liên hệ đã xác nhận",
                data={"channel": contact.channel},
            )
    if error is not None:
        raise error
    return user


def organisation_link(
    *, actor: User, tax_code: str, name: str, kind: str, address: str = ""
) -> Organisation:
    """Register the applicant as legal representative of a business or organisation.

    A new tax code creates the organisation. An organisation already known without any
    representative (entered at a counter) is linked. One that already has representatives
    is refused: joining it takes their authorisation. The claim is self-declared until the
    business-registration integration checks it (SPEC §5.3).
    """
    tax_code, name = tax_code.strip(), name.strip()
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from None
    if actor.kind != AccountKind.CITIZEN or kind not in APPLICANT_ORGANISATION_KINDS:
        raise AccountError(_("Không thể thêm tổ chức này từ tài khoản của bạn."))
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().filter(tax_code=tax_code).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                tax_code=tax_code, name=name, kind=kind, address=address.strip()
            )
        members = OrganisationMembership.objects.filter(organisation=organisation)
        if members.filter(user=actor).exists():
            raise AccountError(_("Tổ chức này đã có trong danh sách của bạn."))
        if members.exists():
            raise AccountError(
                _(
                    "Tổ chức có mã số thuế này đã có người đại diện trên hệ thống. Để thay mặt "
                    "tổ chức, vui lòng đề nghị người đại diện ủy quyền hoặc liên hệ bộ phận "
                    "hỗ trợ."
                )
            )
        OrganisationMembership.objects.create(
            user=actor, organisation=organisation, role=MembershipRole.LEGAL_REPRESENTATIVE
        )
        record(
            actor=actor,
            action="account.organisation_link",
            object_type="accounts.organisation",
            object_id=organisation.tax_code,
            summary=f"Đăng ký làm người đại diện của {organisation.name}",
            data={"role": MembershipRole.LEGAL_REPRESENTATIVE},
        )
    return organisation
