"""Staff reads of dossiers: scope by agency, and the dossiers a calendar change touches."""

from datetime import date

import pytest

from motcua.dossiers.selectors import dossier_list_for_staff, dossiers_spanning_day
from motcua.dossiers.services import dossier_forward, dossier_send_interagency
from motcua.testing.dossier_world import build_world, receive_walk_in
from motcua.testing.factories import AgencyFactory, PositionFactory
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(time_machine):
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)  # Monday
    holidays_seed(actor=None, years=range(2026, 2027))
    return build_world()


def test_each_agency_on_the_route_sees_the_dossier_and_nobody_else(world):
    dossier = receive_walk_in(world)
    outsider = PositionFactory(agency=AgencyFactory()).user
    assert dossier in dossier_list_for_staff(user=world.counter_officer)
    assert dossier in dossier_list_for_staff(user=world.specialist)  # division of the lead
    assert dossier not in dossier_list_for_staff(user=world.sxd_specialist)
    assert dossier not in dossier_list_for_staff(user=outsider)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk, to_user=None)
    dossier_send_interagency(
        actor=world.leader, dossier_id=dossier.pk, to_agency=world.sxd, working_days=2
    )
    assert dossier in dossier_list_for_staff(user=world.sxd_specialist)  # while it holds it
    assert dossier not in dossier_list_for_staff(user=outsider)


def test_a_calendar_change_lists_the_open_dossiers_whose_window_contains_the_day(world):
    dossier = receive_walk_in(world)  # 5 working days: due Monday 09/03 08:30
    assert list(dossiers_spanning_day(day=date(2026, 3, 5))) == [dossier]
    assert list(dossiers_spanning_day(day=date(2026, 3, 9))) == [dossier]
    assert not dossiers_spanning_day(day=date(2026, 3, 10)).exists()
    assert not dossiers_spanning_day(day=date(2026, 3, 1)).exists()
    assert not dossiers_spanning_day(day=date(2026, 3, 5), agency_ids={world.sxd.pk}).exists()
