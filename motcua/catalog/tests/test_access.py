"""Who sees and who edits which procedure, with the shared personas."""

import pytest
from django.http import Http404

from motcua.catalog.access import (
    NotAnEditor,
    agencies_for_editor,
    can_edit_procedure,
    editable_agency_ids,
    get_draft_for_editor,
    get_procedure_for_editor,
    get_procedure_for_staff,
    procedures_for_staff,
)
from motcua.catalog.services import version_create_draft
from motcua.org.models import Role
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(personas):
    """One procedure of X (processing), one received by X's division, one of Y, one commune
    procedure that names no agency."""
    return {
        "x": VersionFactory(processing_agency=personas.agency_x).procedure,
        "x_division": VersionFactory(receiving_agency=personas.division_x).procedure,
        "y": VersionFactory(processing_agency=personas.agency_y).procedure,
        "commune": VersionFactory(level_province=False, level_commune=True).procedure,
    }


def test_the_procedure_controller_of_x_edits_the_procedures_of_x_and_its_divisions(
    personas, catalogue
):
    user = personas.admin_x
    assert set(procedures_for_staff(user)) == {catalogue["x"], catalogue["x_division"]}
    assert get_procedure_for_editor(user, catalogue["x"].code) == catalogue["x"]
    assert can_edit_procedure(user, catalogue["x_division"])


def test_the_procedure_controller_of_x_gets_404_for_y_and_for_agencyless_procedures(
    personas, catalogue
):
    for key in ("y", "commune"):
        with pytest.raises(Http404):
            get_procedure_for_staff(personas.admin_x, catalogue[key].code)
        with pytest.raises(Http404):
            get_procedure_for_editor(personas.admin_x, catalogue[key].code)


def test_a_specialist_of_x_sees_x_procedures_but_may_not_edit_them(personas, catalogue):
    user = personas.officer_x  # specialist in X's division: scope is the division only
    assert set(procedures_for_staff(user)) == {catalogue["x_division"]}
    with pytest.raises(NotAnEditor):
        get_procedure_for_editor(user, catalogue["x_division"].code)
    with pytest.raises(Http404):
        get_procedure_for_editor(user, catalogue["x"].code)
    assert editable_agency_ids(user) == set()


def test_a_leader_of_x_views_but_does_not_edit(personas, catalogue):
    assert catalogue["x"] in procedures_for_staff(personas.leader_x)
    assert not can_edit_procedure(personas.leader_x, catalogue["x"])


@pytest.mark.parametrize("role", [Role.PROVINCIAL_SUPERVISOR, Role.SYSTEM_ADMIN])
def test_province_wide_roles_edit_every_procedure_including_agencyless_ones(
    personas, catalogue, role
):
    user = PositionFactory(role=role).user
    assert set(procedures_for_staff(user)) == set(catalogue.values())
    assert all(can_edit_procedure(user, procedure) for procedure in catalogue.values())
    assert editable_agency_ids(user) is None
    assert get_procedure_for_editor(personas.supervisor, catalogue["commune"].code)


def test_only_controller_positions_give_edit_rights(personas, catalogue):
    """Controller of X and specialist of Y: sees both, edits only X's."""
    user = personas.admin_x
    PositionFactory(user=user, agency=personas.agency_y, role=Role.SPECIALIST)
    assert catalogue["y"] in procedures_for_staff(user)
    assert can_edit_procedure(user, catalogue["x"])
    with pytest.raises(NotAnEditor):
        get_procedure_for_editor(user, catalogue["y"].code)


def test_scope_follows_the_newest_version(personas):
    """A procedure handed from Y to X by its new draft belongs to X from then on."""
    published = VersionFactory(published=True, processing_agency=personas.agency_y)
    draft = version_create_draft(actor=None, procedure=published.procedure)
    draft.processing_agency = personas.agency_x
    draft.save()
    assert published.procedure in procedures_for_staff(personas.admin_x)
    assert published.procedure not in procedures_for_staff(personas.officer_y)


def test_the_draft_for_an_editor_is_404_when_there_is_no_draft(personas):
    published = VersionFactory(published=True, processing_agency=personas.agency_x)
    with pytest.raises(Http404):
        get_draft_for_editor(personas.admin_x, published.procedure.code)
    draft = version_create_draft(actor=None, procedure=published.procedure)
    assert get_draft_for_editor(personas.admin_x, published.procedure.code) == draft


def test_an_editor_may_name_only_agencies_in_their_edit_scope(personas):
    assert set(agencies_for_editor(personas.admin_x)) == {personas.agency_x, personas.division_x}
    assert personas.agency_y in agencies_for_editor(personas.supervisor)


def test_citizens_see_no_procedure_on_the_desk(personas, catalogue):
    assert not procedures_for_staff(personas.citizen_a).exists()
    assert editable_agency_ids(personas.citizen_a) == set()
