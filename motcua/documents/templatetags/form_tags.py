# SPDX-License-Identifier: MPL-2.0
"""Template filters for the official forms: `day`, `moment`, `count` (see `formatting`)."""

from django import template

from motcua.documents import formatting

register = template.Library()
register.filter("day", formatting.day)
register.filter("moment", formatting.moment)
register.filter("count", formatting.count)
