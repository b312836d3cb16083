# SPDX-License-Identifier: MPL-2.0
"""Template helpers of the desk menu: which links a signed-in officer sees."""

from django import template

from motcua.accounts.models import User
from motcua.dossiers.selectors import led_agencies
from motcua.org.access import active_positions
from motcua.org.models import Role
from motcua.reports.access import report_scope

register = template.Library()


def _roles(user: User) -> frozenset[str]:
    """The user's active roles, read once per request: several menu entries ask."""
    roles: frozenset[str] | None = getattr(user, "_desk_menu_roles", None)
    if roles is None:
        roles = frozenset(active_positions(user).values_list("role", flat=True))
        user._desk_menu_roles = roles  # type: ignore[attr-defined]
    return roles


@register.filter
def receives_at_counter(user: User) -> bool:
    """Whether the signed-in user is a counter officer (tiếp nhận, trả kết quả)."""
    return bool(user.is_authenticated) and Role.COUNTER_OFFICER in _roles(user)


@register.filter
def reads_reports(user: User) -> bool:
    """Whether the signed-in user may read statistics (a report scope: leaders, focal points,
    provincial supervisors, system administrators)."""
    return bool(user.is_authenticated) and report_scope(user) is not None


@register.filter
def heads_a_unit(user: User) -> bool:
    """Whether the signed-in user heads an agency or a division (sees the unit's load)."""
    return bool(user.is_authenticated) and bool(led_agencies(user=user))


@register.filter
def manages_outbox(user: User) -> bool:
    """Whether the signed-in user is a system administrator (sees the outbox support page;
    the same rule as ``desk.outbox_views.manages_outbox``)."""
    return bool(user.is_authenticated) and (user.is_superuser or Role.SYSTEM_ADMIN in _roles(user))
