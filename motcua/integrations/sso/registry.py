# SPDX-License-Identifier: MPL-2.0
"""Which single sign-on provider is in use: the ``SSO_PROVIDER`` setting.

``""`` switches national sign-on off (no button, the sign-on pages answer 404). A real
provider is added to ``PROVIDERS`` with its own settings; its constructor must fail loudly
when they are missing (STYLE.md, Settings).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from motcua.integrations.sso.base import SsoProvider

PROVIDERS: dict[str, str] = {
    "fake": "motcua.integrations.sso.fake.provider.FakeSsoProvider",
}


def provider_class() -> type[SsoProvider] | None:
    """The configured provider's class, or ``None`` when sign-on is off."""
    name = settings.SSO_PROVIDER
    if not name:
        return None
    try:
        return import_string(PROVIDERS[name])  # type: ignore[no-any-return]
    except KeyError:
        raise ImproperlyConfigured(
            f"SSO_PROVIDER={name!r} is not one of {sorted(PROVIDERS)} (or empty to disable)"
        ) from None


def get_provider(*, redirect_uri: str) -> SsoProvider | None:
    """The configured provider, sending people back to ``redirect_uri``; ``None`` when off."""
    cls = provider_class()
    return None if cls is None else cls(redirect_uri=redirect_uri)
