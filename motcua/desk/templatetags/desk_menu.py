# SPDX-License-Identifier: MPL-2.0
"""Template helpers of the desk menu: which links a signed-in officer sees."""

from django import template

from motcua.accounts.models import User
from motcua.dossiers.access import is_counter_officer
from motcua.dossiers.selectors import led_agencies
from motcua.reports.access import report_scope

register = template.Library()


@register.filter
def receives_at_counter(user: User) -> bool:
    """Whether the signed-in user is a counter officer (tiếp nhận, trả kết quả)."""
    return bool(user.is_authenticated) and is_counter_officer(user)


@register.filter
def reads_reports(user: User) -> bool:
    """Whether the signed-in user may read statistics (a report scope: leaders, focal points,
    provincial supervisors, system administrators)."""
    return bool(user.is_authenticated) and report_scope(user) is not None


@register.filter
def heads_a_unit(user: User) -> bool:
    """Whether the signed-in user heads an agency or a division (sees the unit's load)."""
    return bool(user.is_authenticated) and bool(led_agencies(user=user))
