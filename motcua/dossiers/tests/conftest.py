"""A dossier submitted online on Friday 13/02/2026 10:00, just before Tết (5 working days)."""

import pytest

from motcua.dossiers.services import Applicant, ComponentInput, dossier_submit_online
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import pdf_upload
from motcua.testing.factories import AgencyFactory, CitizenFactory
from motcua.workcal.services import holidays_seed


@pytest.fixture
def submitted(time_machine):
    time_machine.move_to("2026-02-13 10:00 +07:00", tick=False)  # Friday before Tết 2026
    holidays_seed(actor=None, years=range(2026, 2027))
    version = VersionFactory(published=True)  # one case: 5 working days
    agency = AgencyFactory(identifier_code="000.00.06.H31")
    dossier = dossier_submit_online(
        actor=CitizenFactory(),
        procedure_code=version.procedure.code,
        case_id=version.cases.first().pk,
        receiving_agency=agency,
        applicant=Applicant(name="Trần Thị Bình"),
        components=[
            ComponentInput(
                component_id=version.components.first().pk, originals=1, files=(pdf_upload(),)
            )
        ],
    )
    return dossier, agency
