# SPDX-License-Identifier: MPL-2.0
"""A paginator that sorts and slices on the main table alone, then loads the page's rows.

⚡️ For a page of a large filtered list with joins (the desk inboxes: dossier + holder +
case), PostgreSQL joins every matching row before the top-N sort: at 1 M dossiers, 17,000
rows of one department for 25 shown. Here the page's primary keys come from the main
table alone (the ORDER BY and WHERE are on its own columns), and only those 25 rows are
fetched with their joins (`select_related` of the queryset), in the same order.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class LateJoinPaginator(Paginator):
    """`Paginator` over a QuerySet whose ordering and filters use the model's own columns."""

    object_list: QuerySet[Any]

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
