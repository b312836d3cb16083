# SPDX-License-Identifier: MPL-2.0
"""Who may act on dossiers of which receiving agency (one place, like ``org.access``)."""

from __future__ import annotations

from motcua.accounts.models import User
from motcua.org.access import active_positions, agency_ids_in_scope
from motcua.org.models import Agency, Role


def can_receive_for(user: User, agency: Agency) -> bool:
    """A counter officer receives for the agencies in their scope, and for the agencies
    whose counter they staff at a service center (the center receives on their behalf)."""
    positions = active_positions(user).filter(role=Role.COUNTER_OFFICER)
    if not positions.exists():
        return False
    scope = agency_ids_in_scope(user)
    if scope is None or agency.pk in scope:
        return True
    return positions.filter(counter__agencies=agency).exists()
