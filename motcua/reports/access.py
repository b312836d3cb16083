# SPDX-License-Identifier: MPL-2.0
"""Who may read which statistics (least privilege, Directive 01 clause 2a).

Provincial supervisors and system administrators read the whole province. Agency leaders,
unit heads and the agency's procedure-control focal point (đầu mối KSTTHC) read their agency
and its sub-units. Everyone else reads only the public transparency page.
"""

from __future__ import annotations

from motcua.accounts.models import User
from motcua.dossiers.access import agency_and_divisions
from motcua.org.access import active_positions, has_province_scope
from motcua.org.models import Role
from motcua.reports.selectors import Scope

REPORT_ROLES = frozenset({Role.AGENCY_LEADER, Role.UNIT_HEAD, Role.PROCEDURE_CONTROLLER})


def report_scope(user: User) -> Scope | None:
    """The widest scope `user` may report on, or None when they may not read reports."""
    if has_province_scope(user):
        return Scope()
    ids: set[int] = set()
    for position in active_positions(user).filter(role__in=REPORT_ROLES).select_related("agency"):
        ids |= agency_and_divisions(position.agency)
    return Scope(agency_ids=frozenset(ids)) if ids else None


def narrow(allowed: Scope, requested: Scope) -> Scope:
    """`requested` cut down to what `allowed` permits (agency filter intersected)."""
    agencies = requested.agency_ids
    if allowed.agency_ids is not None:
        agencies = allowed.agency_ids if agencies is None else agencies & allowed.agency_ids
    return Scope(
        agency_ids=agencies,
        level=requested.level,
        field_id=requested.field_id,
        procedure_id=requested.procedure_id,
    )
