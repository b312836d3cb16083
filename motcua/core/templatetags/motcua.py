# SPDX-License-Identifier: MPL-2.0
"""Template helpers shared by portal and desk."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def vnd(amount: int | Decimal | None) -> str:
    """Money in Vietnamese đồng: 1.500.000 đ (no decimals)."""
    if amount is None:
        return ""
    return f"{number_format(int(amount), force_grouping=True)} ₫"
