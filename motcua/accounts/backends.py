# SPDX-License-Identifier: MPL-2.0
"""Sign in with a user name, an e-mail address or a phone number."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.accounts.validators import normalize_phone


class LoginIdentifierBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        ident = username.strip()
        query = Q(username__iexact=ident) | Q(email__iexact=ident) | Q(phone=normalize_phone(ident))
        user = User.objects.filter(query).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
