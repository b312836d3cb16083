"""The late-join paginator gives the pages Django's paginator gives, with two queries."""

import pytest
from django.core.paginator import Paginator

from motcua.core.pagination import LateJoinPaginator
from motcua.org.models import Agency
from motcua.testing.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _agencies():
    parent = AgencyFactory(name="Ủy ban nhân dân tỉnh")
    for n in (5, 3, 9, 1, 7, 2, 8, 4, 6, 0, 11, 10):
        AgencyFactory(name=f"Phòng {n:02d}", parent=parent)
    return Agency.objects.select_related("parent").order_by("-name", "id")


@pytest.mark.parametrize("orphans", [0, 2])
def test_every_page_has_the_rows_of_djangos_paginator_in_order(orphans):
    agencies = _agencies()
    plain = Paginator(agencies, 5, orphans=orphans)
    late = LateJoinPaginator(agencies, 5, orphans=orphans)
    assert late.num_pages == plain.num_pages
    for number in plain.page_range:
        ours, theirs = late.page(number), plain.page(number)
        assert [a.pk for a in ours] == [a.pk for a in theirs]
        assert (ours.has_next(), ours.start_index()) == (theirs.has_next(), theirs.start_index())
    assert late.get_page("999").number == plain.num_pages  # out of range: the last page


def test_a_page_is_two_queries_with_the_joins_loaded(django_assert_num_queries):
    late = LateJoinPaginator(_agencies(), 5)
    late.count  # noqa: B018 - the count is its own query
    with django_assert_num_queries(2):
        names = [agency.parent.name if agency.parent else "" for agency in late.page(2)]
    assert names == ["Ủy ban nhân dân tỉnh"] * 5
