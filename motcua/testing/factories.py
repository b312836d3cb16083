# SPDX-License-Identifier: MPL-2.0
"""factory_boy factories with traits for the reference data."""

from datetime import date

import factory

from motcua.accounts.models import AccountKind, Organisation, OrganisationKind, User
from motcua.org.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    Counter,
    Role,
    StaffPosition,
    UnitLevel,
)

TEST_PASSWORD = "Mat-khau-thu-nghiem-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    kind = AccountKind.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    class Params:
        staff = factory.Trait(kind=AccountKind.STAFF)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CitizenFactory(UserFactory):
    username = factory.Sequence(lambda n: f"09{n:08d}")
    phone = factory.SelfAttribute("username")
    email = factory.Sequence(lambda n: f"congdan{n}@example.vn")
    identity_number = factory.Sequence(lambda n: f"0330{n:08d}")


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"canbo{n}")
    kind = AccountKind.STAFF


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{10000 + n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = "Xã"
    level = UnitLevel.COMMUNE
    valid_from = date(2025, 7, 1)

    class Params:
        province = factory.Trait(
            code="33", name="Tỉnh Hưng Yên", kind="Tỉnh", level=UnitLevel.PROVINCE
        )


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"co-quan-{n}")
    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}")
    kind = AgencyKind.DEPARTMENT
    identifier_code = factory.Sequence(lambda n: f"000.00.{n % 100:02d}.H{(n // 100) % 100:02d}")
    administrative_unit = factory.SubFactory(UnitFactory)

    class Params:
        service_center = factory.Trait(kind=AgencyKind.SERVICE_CENTER)
        division = factory.Trait(kind=AgencyKind.DIVISION, identifier_code=None)


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter

    service_center = factory.SubFactory(AgencyFactory, service_center=True)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Quầy {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPosition

    user = factory.SubFactory(StaffFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.SPECIALIST


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.BUSINESS
    name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    tax_code = factory.Sequence(lambda n: f"09{n:08d}")
