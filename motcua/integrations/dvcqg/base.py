# SPDX-License-Identifier: MPL-2.0
"""The interface every national-portal (DVCQG) provider implements (docs/integrations.md).

The provincial one-stop system must keep the national portal up to date with every dossier
and its history (SPEC §5.3; QĐ 31/2021/QĐ-TTg, the portal's operating rules); the national
service index of the province is computed from what is synced (SPEC §7.4, QĐ 766/QĐ-TTg).
The record to send is built by the application (``dossiers.sync``); a provider only
transports it, checks the answer, and raises ``DvcqgError`` (``permanent=True`` when
resending the same record cannot succeed). A provider never touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Protocol


class DvcqgError(Exception):
    """The sync failed. ``permanent``: the portal refused the record (bad data, bad
    credentials), so resending it unchanged cannot help; otherwise (timeout, 5xx) the
    outbox tries again later. ``str(error)`` is for support; it holds no personal data."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class DvcqgProvider(Protocol):
    """A national-portal provider, built by ``registry.get_provider()``."""

    #: Setting value that selects the provider (``DVCQG_PROVIDER``).
    name: ClassVar[str]

    def sync_dossier(
        self, record: Mapping[str, Any], *, idempotency_key: str, updating: bool
    ) -> None:
        """Send one dossier record (the national field names, ``dossiers.sync``).

        ``updating`` is false for the first record of a dossier. ``idempotency_key`` is the
        same on every attempt of one sync; the portal upserts by ``MaHoSo`` anyway, so a
        repeated delivery is harmless. Raises ``DvcqgError``.
        """
        ...
