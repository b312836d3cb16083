from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.org.models import AdministrativeUnit, Agency, UnitLevel
from motcua.testing.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("good", ["000.00.06.H31", "000.01.31.H56", "G12.00.01.H29"])
def test_identifier_codes_follow_qcvn_102(good):
    AgencyFactory.build(identifier_code=good).full_clean(exclude=["administrative_unit", "code"])


@pytest.mark.parametrize("bad", ["000.00.06", "H31", "000-00-06-H31", "000.00.06.31"])
def test_malformed_identifier_codes_are_refused_in_vietnamese(bad):
    agency = AgencyFactory.build(identifier_code=bad)
    with pytest.raises(ValidationError, match="Mã định danh điện tử"):
        agency.full_clean(exclude=["administrative_unit", "code"])


def test_agency_names_are_folded_for_search():
    agency = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch")
    assert agency.name_folded == "so van hoa, the thao va du lich"


def test_both_local_government_structures_coexist_by_date():
    """Three tiers until 30/06/2025, two tiers from 01/07/2025, as data."""
    old = UnitFactory(province=True, valid_from=date(1997, 1, 1), valid_to=date(2025, 6, 30))
    new = UnitFactory(province=True, valid_from=date(2025, 7, 1))
    district = UnitFactory(
        code="323",
        name="Thành phố Hưng Yên",
        kind="Thành phố",
        level=UnitLevel.DISTRICT,
        parent=old,
        valid_from=date(1997, 1, 1),
        valid_to=date(2025, 6, 30),
    )
    UnitFactory(
        code="11953",
        name="Phường Hiến Nam",
        parent=district,
        valid_from=date(1997, 1, 1),
        valid_to=date(2025, 6, 30),
    )
    UnitFactory(code="11953", name="Phường Phố Hiến", parent=new, valid_from=date(2025, 7, 1))

    def in_force(day):
        return {u.name for u in AdministrativeUnit.objects.in_force(day)}

    assert in_force(date(2025, 6, 30)) == {"Tỉnh Hưng Yên", "Thành phố Hưng Yên", "Phường Hiến Nam"}
    assert in_force(date(2025, 7, 1)) == {"Tỉnh Hưng Yên", "Phường Phố Hiến"}
    assert (
        not AdministrativeUnit.objects.in_force(date(2025, 7, 1))
        .filter(level=UnitLevel.DISTRICT)
        .exists()
    )


def test_agency_validity_window_is_inclusive():
    agency = AgencyFactory(valid_from=date(2019, 1, 1), valid_to=date(2025, 2, 28))
    assert agency.is_in_force(date(2025, 2, 28))
    assert not agency.is_in_force(date(2025, 3, 1))
    assert Agency.objects.in_force(date(2025, 3, 1)).filter(pk=agency.pk).count() == 0
