# SPDX-License-Identifier: MPL-2.0
"""Template helpers for the sign-in pages."""

from __future__ import annotations

from django import template

from motcua.integrations.sso.registry import provider_class

register = template.Library()


@register.simple_tag
def sso_button_label() -> str:
    """The national sign-on button's text, or "" when sign-on is off (no button)."""
    cls = provider_class()
    return "" if cls is None else str(cls.button_label)
