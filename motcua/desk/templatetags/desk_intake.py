# SPDX-License-Identifier: MPL-2.0
"""Template helpers of the counter intake wizard (the desk menu shows its link only to
counter officers)."""

from django import template

from motcua.accounts.models import User
from motcua.desk.intake_views import is_counter_officer

register = template.Library()


@register.filter
def receives_at_counter(user: User) -> bool:
    """Whether the signed-in user is a counter officer (tiếp nhận, trả kết quả)."""
    return bool(user.is_authenticated) and is_counter_officer(user)
