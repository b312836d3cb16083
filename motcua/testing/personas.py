# SPDX-License-Identifier: MPL-2.0
"""The people every authorization test speaks about (healthchecks' hc/test.py idea).

Agency X (Sở Tư pháp) has a division; agency Y (Sở Xây dựng) is the outsider. Citizens A
and B are two applicants. The supervisor sees the whole province.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.accounts.models import User
from motcua.org.models import Agency, Role
from motcua.testing.factories import (
    AgencyFactory,
    CitizenFactory,
    PositionFactory,
    StaffFactory,
    UnitFactory,
)


@dataclass
class Personas:
    province_unit: object
    agency_x: Agency
    division_x: Agency
    agency_y: Agency
    citizen_a: User
    citizen_b: User
    officer_x: User
    leader_x: User
    admin_x: User
    officer_y: User
    supervisor: User


def make_personas() -> Personas:
    unit = UnitFactory(province=True)
    office = AgencyFactory(code="vp-ubnd", name="Văn phòng UBND tỉnh", administrative_unit=unit)
    agency_x = AgencyFactory(code="so-tu-phap", name="Sở Tư pháp", administrative_unit=unit)
    division_x = AgencyFactory(
        code="phong-hctp",
        name="Phòng Hành chính tư pháp",
        parent=agency_x,
        division=True,
        administrative_unit=unit,
    )
    agency_y = AgencyFactory(code="so-xay-dung", name="Sở Xây dựng", administrative_unit=unit)
    officer_x = PositionFactory(
        agency=division_x, role=Role.SPECIALIST, user__full_name="Trần Văn Đức"
    ).user
    leader_x = PositionFactory(agency=agency_x, role=Role.AGENCY_LEADER).user
    admin_x = PositionFactory(
        agency=agency_x, role=Role.PROCEDURE_CONTROLLER, user=StaffFactory(is_staff=True)
    ).user
    officer_y = PositionFactory(agency=agency_y, role=Role.SPECIALIST).user
    supervisor = PositionFactory(agency=office, role=Role.PROVINCIAL_SUPERVISOR).user
    return Personas(
        province_unit=unit,
        agency_x=agency_x,
        division_x=division_x,
        agency_y=agency_y,
        citizen_a=CitizenFactory(full_name="Nguyễn Văn An"),
        citizen_b=CitizenFactory(full_name="Trần Thị Bình"),
        officer_x=officer_x,
        leader_x=leader_x,
        admin_x=admin_x,
        officer_y=officer_y,
        supervisor=supervisor,
    )
