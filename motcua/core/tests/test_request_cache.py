"""`per_request`: one answer per request for the same question, none outside a request."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from motcua.core.request_cache import RequestCacheMiddleware, per_request
from motcua.testing.factories import AgencyFactory

calls: list[object] = []


@per_request
def _scope(agency, *, day="today"):
    calls.append((agency.pk, day))
    return {agency.pk}


@pytest.fixture(autouse=True)
def _fresh():
    calls.clear()


def _in_a_request(body):
    middleware = RequestCacheMiddleware(lambda request: HttpResponse(repr(body())))
    return middleware(RequestFactory().get("/"))


@pytest.mark.django_db
def test_a_request_asks_once_per_argument_and_gets_copies():
    first, second = AgencyFactory(), AgencyFactory()

    def body():
        mine = _scope(first)
        mine.add(999)  # the caller's copy: the cache keeps the answer
        return [_scope(first), _scope(first), _scope(second), _scope(first, day="x")]

    response = _in_a_request(body)
    assert response.content.decode() == repr([{first.pk}, {first.pk}, {second.pk}, {first.pk}])
    assert calls == [(first.pk, "today"), (second.pk, "today"), (first.pk, "x")]


@pytest.mark.django_db
def test_each_request_starts_afresh_and_nothing_is_kept_outside_one():
    agency = AgencyFactory()
    _in_a_request(lambda: _scope(agency))
    _in_a_request(lambda: _scope(agency))
    _scope(agency)
    _scope(agency)
    assert len(calls) == 4


@pytest.mark.django_db
def test_the_access_rules_ask_the_database_once_per_request():
    """An API submission asked for its caller's scope about twenty times, a query each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.org.access import agency_ids_in_scope, has_province_scope
    from motcua.org.models import Role
    from motcua.testing.factories import PositionFactory

    agency = AgencyFactory()
    user = PositionFactory(agency=agency, role=Role.SPECIALIST).user
    counts = []

    def body():
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                answer = (agency_ids_in_scope(user), has_province_scope(user))
            counts.append(len(queries.captured_queries))
        return answer

    assert _in_a_request(body).content.decode() == repr(({agency.pk}, False))
    assert counts[0] > 0 and counts[1:] == [0, 0]
