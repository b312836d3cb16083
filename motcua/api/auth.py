# SPDX-License-Identifier: MPL-2.0
"""Authentication and permissions of machine clients (docs/api.md, "Clients").

`ClientTokenAuthentication` reads `Authorization: Bearer mc_<key_id>_<secret>`; the request
then runs as the client's service account (`request.user`) with the credential as
`request.auth`, so the engine's own agency rules apply. `RequiresScope` adds the client's
scopes on top. Staff browsing the desk use their session (`StaffSessionAuthentication`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from motcua.accounts.models import AccountKind
from motcua.clients.models import ApiClient
from motcua.clients.services import CredentialError, authenticate_token


class ClientTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        keyword, _sep, token = header.partition(" ")
        if keyword != self.keyword or not token.strip():
            raise exceptions.AuthenticationFailed(
                _("Tiêu đề Authorization phải có dạng: Bearer <khóa truy cập>.")
            )
        try:
            client, credential = authenticate_token(token.strip())
        except CredentialError as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from None
        return client.user, credential

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="motcua-api"'


class StaffSessionAuthentication(SessionAuthentication):
    """The desk's own calls: a signed-in staff member's session (CSRF enforced)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None or getattr(result[0], "kind", None) != AccountKind.STAFF:
            return None
        return result


def client_of(request: Request) -> ApiClient | None:
    """The machine client behind the request, or None for a staff session."""
    user = request.user
    return getattr(user, "api_client", None) if request.auth is not None else None


class RequiresScope(BasePermission):
    """Clients need the view's `required_scope` (a callable of the request, or a string);
    staff sessions are judged by the engine's own rules only."""

    message = _("Hệ thống kết nối không được cấp quyền cho thao tác này.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.user is None or not request.user.is_authenticated:
            return False
        client = client_of(request)
        if client is None:
            return True
        needed = view.required_scope
        scope = needed(request) if callable(needed) else needed
        return bool(scope) and client.allows(scope)
