"""Who sees which agency (org.access), the single place that decides staff scope."""

from datetime import date

import pytest
from django.http import Http404

from motcua.org.access import (
    agency_ids_in_scope,
    get_agency_for_staff,
    is_desk_user,
    user_has_role,
)
from motcua.org.models import Role
from motcua.testing.factories import AgencyFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_an_officer_sees_their_agency_and_nothing_else(personas):
    scope = agency_ids_in_scope(personas.leader_x)
    assert personas.agency_x.id in scope
    assert personas.division_x.id in scope  # agencies below are in scope
    assert personas.agency_y.id not in scope


def test_an_officer_of_a_division_does_not_see_the_parent_agency(personas):
    scope = agency_ids_in_scope(personas.officer_x)
    assert scope == {personas.division_x.id}


def test_scope_follows_nested_agencies_down_several_levels(personas):
    team = AgencyFactory(parent=personas.division_x, division=True)
    assert team.id in agency_ids_in_scope(personas.leader_x)


def test_the_provincial_supervisor_sees_the_whole_province(personas):
    assert agency_ids_in_scope(personas.supervisor) is None
    assert get_agency_for_staff(personas.supervisor, "so-xay-dung") == personas.agency_y


def test_another_agencys_code_is_answered_as_not_found(personas):
    with pytest.raises(Http404):
        get_agency_for_staff(personas.officer_x, "so-xay-dung")


def test_citizens_and_strangers_have_no_scope(personas):
    assert agency_ids_in_scope(personas.citizen_a) == set()
    assert not is_desk_user(personas.citizen_a)


def test_an_ended_position_gives_no_access(personas, time_machine):
    position = PositionFactory(
        agency=personas.agency_y, role=Role.SPECIALIST, valid_to=date(2025, 12, 31)
    )
    time_machine.move_to("2026-01-02 09:00 +07:00")
    assert not is_desk_user(position.user)
    assert agency_ids_in_scope(position.user) == set()


def test_a_deactivated_position_gives_no_access(personas):
    position = PositionFactory(agency=personas.agency_y, is_active=False)
    assert not is_desk_user(position.user)


def test_roles_are_checked_per_agency(personas):
    assert user_has_role(personas.leader_x, Role.AGENCY_LEADER, agency=personas.agency_x)
    assert not user_has_role(personas.leader_x, Role.AGENCY_LEADER, agency=personas.agency_y)
    assert not user_has_role(personas.officer_x, Role.AGENCY_LEADER)
