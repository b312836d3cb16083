# SPDX-License-Identifier: MPL-2.0
"""``sso_sign_in``: the account of a person who signed in through national sign-on (VNeID).

Who is who is decided by the personal identification number, but only where the number
was *proved*. A number typed into a profile proves nothing: matching on it alone would let
anyone who typed a stranger's number receive that stranger's sign-on (and later their
dossiers). So, in order:

1. a citizen account whose number was already verified by national sign-on;
2. a citizen account with that number *and* the phone or e-mail the identity provider
   gives (that contact was proved by a code when the account registered): the number is
   marked verified from now on;
3. otherwise a new active citizen account, verified from the start.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.errors import AccountError
from motcua.accounts.models import AccountKind, User
from motcua.accounts.validators import normalize_phone, validate_identity_number
from motcua.audit.services import record
from motcua.integrations.sso.base import SsoIdentity


def _one(rows: list[User]) -> User | None:
    if len(rows) > 1:
        raise AccountError(
            _(
                "Có nhiều tài khoản cùng số định danh này. Vui lòng liên hệ bộ phận hỗ trợ "
                "để được gộp tài khoản."
            )
        )
    return rows[0] if rows else None


def _match(identity: SsoIdentity) -> tuple[User | None, str]:
    citizens = User.objects.select_for_update().filter(
        kind=AccountKind.CITIZEN, identity_number=identity.identity_number
    )
    verified = _one(list(citizens.filter(identity_verified_at__isnull=False)[:2]))
    if verified is not None:
        return verified, "verified"
    contact = Q(pk__in=[])
    if identity.phone:
        contact |= Q(phone=normalize_phone(identity.phone))
    if identity.email:
        contact |= Q(email__iexact=identity.email)
    return _one(list(citizens.filter(contact)[:2])), "linked"


def _free(field: str, value: str) -> str | None:
    """``value`` if no account uses it as ``field`` or user name, else ``None``."""
    if not value:
        return None
    used = User.objects.filter(Q(**{f"{field}__iexact": value}) | Q(username__iexact=value))
    return None if used.exists() else value


def _create(identity: SsoIdentity) -> User:
    user = User(
        username=f"vneid.{identity.identity_number}",
        full_name=identity.full_name.strip(),
        identity_number=identity.identity_number,
        phone=_free("phone", normalize_phone(identity.phone)) if identity.phone else None,
        email=_free("email", identity.email.strip().lower()),
        kind=AccountKind.CITIZEN,
    )
    user.set_unusable_password()  # signs in through national sign-on only
    user.save()
    return user


def sso_sign_in(*, actor: User | None, provider: str, identity: SsoIdentity) -> User:
    """Find or create the citizen account of ``identity`` and mark its number verified.

    Follows the three rules of the module docstring; two candidate accounts, or a locked
    one, stop the sign-in with an ``AccountError``. Existing data (name, contacts) is not
    overwritten; a new account takes the phone or e-mail only if no account uses them.
    ``actor`` is ``None`` (the person is not signed in yet); the audit entry names the
    account.
    """
    try:
        validate_identity_number(identity.identity_number)
    except ValidationError:
        raise AccountError(_("Tài khoản định danh không có số định danh cá nhân hợp lệ.")) from None
    with transaction.atomic():
        user, outcome = _match(identity)
        if user is None:
            user, outcome = _create(identity), "created"
        if not user.is_active:
            raise AccountError(
                _("Tài khoản này đang bị khóa. Vui lòng liên hệ bộ phận hỗ trợ của Cổng.")
            )
        if user.identity_verified_at is None:
            user.identity_verified_at = timezone.now()
            user.save(update_fields=["identity_verified_at"])
        record(
            actor=user,
            action="account.sso_sign_in",
            object_type="accounts.user",
            object_id=user.pk,
            summary="Đăng nhập bằng tài khoản định danh điện tử",
            data={
                "provider": provider,
                "subject": identity.subject,
                "level": identity.verified_level,
                "outcome": outcome,
            },
        )
    return user
