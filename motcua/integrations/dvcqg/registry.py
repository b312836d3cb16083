# SPDX-License-Identifier: MPL-2.0
"""Which national-portal provider is in use: the ``DVCQG_PROVIDER`` setting.

``""`` switches the sync off (nothing is queued); ``fake`` records what would be sent
(development and tests only, refused when ``DEBUG`` is off); ``http`` posts to the portal's
sync service and needs ``DVCQG_URL`` and ``DVCQG_TOKEN`` (settings fail at startup without).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from motcua.integrations.dvcqg.base import DvcqgProvider

PROVIDERS: dict[str, str] = {
    "fake": "motcua.integrations.dvcqg.fake.provider.FakeDvcqgProvider",
    "http": "motcua.integrations.dvcqg.http_json.provider.HttpDvcqgProvider",
}


def sync_enabled() -> bool:
    """Whether dossier records are sent to the national portal at all."""
    return bool(settings.DVCQG_PROVIDER)


def get_provider() -> DvcqgProvider | None:
    """The configured provider, or ``None`` when the sync is off."""
    name = settings.DVCQG_PROVIDER
    if not name:
        return None
    try:
        cls = import_string(PROVIDERS[name])
    except KeyError:
        raise ImproperlyConfigured(
            f"DVCQG_PROVIDER={name!r} is not one of {sorted(PROVIDERS)} (or empty for off)"
        ) from None
    return cls()  # type: ignore[no-any-return]
