"""Desk pages with personas: who may open what."""

import pytest
from django.urls import reverse

from motcua.testing.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_staff_login(client, personas):
    response = client.get(reverse("desk:agency_detail", args=["so-tu-phap"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:login"))
    assert "next=%2Fdesk%2Fco-quan%2Fso-tu-phap%2F" in response["Location"]


def test_a_citizen_finds_no_desk(client, personas):
    client.force_login(personas.citizen_a)
    assert client.get(reverse("desk:dashboard")).status_code == 404


def test_officer_of_agency_x_opens_agency_x(client, personas):
    client.force_login(personas.leader_x)
    response = client.get(reverse("desk:agency_detail", args=["so-tu-phap"]))
    assert response.status_code == 200
    assert "Sở Tư pháp" in response.content.decode()


def test_officer_of_agency_x_gets_404_for_agency_y(client, personas):
    client.force_login(personas.officer_x)
    assert client.get(reverse("desk:agency_detail", args=["so-xay-dung"])).status_code == 404
    client.force_login(personas.officer_y)
    assert client.get(reverse("desk:agency_detail", args=["so-tu-phap"])).status_code == 404


def test_an_unknown_agency_code_is_404_like_a_forbidden_one(client, personas):
    client.force_login(personas.officer_x)
    assert client.get(reverse("desk:agency_detail", args=["khong-co"])).status_code == 404


def test_the_dashboard_lists_only_agencies_in_scope(client, personas):
    client.force_login(personas.leader_x)
    body = client.get(reverse("desk:dashboard")).content.decode()
    assert "Sở Tư pháp" in body and "Phòng Hành chính tư pháp" in body
    assert "Sở Xây dựng" not in body


def test_the_supervisor_dashboard_lists_every_agency(client, personas):
    client.force_login(personas.supervisor)
    body = client.get(reverse("desk:dashboard")).content.decode()
    assert "Sở Tư pháp" in body and "Sở Xây dựng" in body


def test_the_dashboard_query_count_does_not_grow_with_agencies(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.supervisor)
    client.get(reverse("desk:dashboard"))
    for _ in range(30):
        AgencyFactory(administrative_unit=personas.agency_x.administrative_unit)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("desk:dashboard"))
    assert response.content.decode().count("/desk/co-quan/") >= 34


def test_logout_needs_post(client, personas):
    client.force_login(personas.officer_x)
    assert client.get(reverse("desk:logout")).status_code == 405
    client.post(reverse("desk:logout"))
    assert client.get(reverse("desk:dashboard")).status_code == 302
