# SPDX-License-Identifier: MPL-2.0
"""The interface every single sign-on provider implements (docs/integrations.md).

The flow is OpenID Connect's authorisation-code flow, which the national portal's VNeID
sign-on follows: the portal sends the browser to ``authorization_url(state, nonce)``; the
provider authenticates the person and sends the browser back to the provider's
``redirect_uri`` with ``?code=…&state=…``; the portal checks ``state`` against the session
and calls ``exchange(code, nonce=…)`` from the server, which returns an ``SsoIdentity``.

A provider checks everything it receives from the identity provider (token signature,
audience, expiry, the ``nonce`` bound into the ID token) and raises ``SsoError`` on any
doubt; it never talks to the database. What to do with the identity (find or create the
account) is ``accounts.services.sso_sign_in``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol


class SsoError(Exception):
    """The sign-on failed: the code is unknown, expired or already used, the identity
    provider is unreachable, or its answer does not verify. ``str(error)`` is for the log;
    the portal shows the person a generic message."""


@dataclass(frozen=True)
class SsoIdentity:
    """Who the identity provider says signed in.

    ``subject`` is the provider's stable identifier of the person; ``identity_number`` the
    12-digit personal identification number (số định danh cá nhân); ``verified_level`` the
    electronic identification level (mức độ tài khoản định danh điện tử, 1 or 2, Decree
    69/2024/NĐ-CP). ``phone`` and ``email`` are empty when the provider does not share them.
    """

    subject: str
    full_name: str
    identity_number: str
    phone: str = ""
    email: str = ""
    verified_level: int = 1


class SsoProvider(Protocol):
    """A single sign-on provider, built by ``registry.get_provider(redirect_uri=…)``."""

    #: Setting value that selects the provider (``SSO_PROVIDER``).
    name: ClassVar[str]
    #: Text of the sign-in button on the portal (Vietnamese, marked for translation).
    button_label: ClassVar[str]

    def __init__(self, *, redirect_uri: str) -> None:
        """``redirect_uri``: this site's callback URL, where the provider sends people back."""
        ...

    def authorization_url(self, state: str, nonce: str) -> str:
        """Where to send the browser to sign in; ``state`` comes back on the callback and
        ``nonce`` is bound into the identity the code yields."""
        ...

    def exchange(self, code: str, *, nonce: str) -> SsoIdentity:
        """Redeem the one-time ``code`` for the identity; raise ``SsoError`` when the code
        is unknown, expired or used, or its identity was not issued for ``nonce``."""
        ...
