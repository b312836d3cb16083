# SPDX-License-Identifier: MPL-2.0
"""A small province for dossier flow tests: a service center that receives for Sở Tư pháp,
Sở Tư pháp with a division, Sở Xây dựng for inter-agency work, one officer per role, and a
published procedure with an internal process (SPEC §2.3 step 5, Hà Nội example shape).

    world = build_world()
    dossier = receive_walk_in(world)    # status 2, with form-01 data
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from PIL import Image

from motcua.accounts.models import User
from motcua.catalog.models import (
    Collection,
    Component,
    Fee,
    ProcedureCase,
    ProcedureVersion,
    Requirement,
)
from motcua.documents.samples import MINIMAL_PDF
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, ComponentInput, Upload, dossier_receive_at_counter
from motcua.org.models import Agency, Role
from motcua.testing.catalog_factories import StepFactory, VersionFactory
from motcua.testing.factories import AgencyFactory, CitizenFactory, CounterFactory, PositionFactory


def pdf_upload(name: str = "to-khai.pdf", content: bytes = MINIMAL_PDF) -> Upload:
    return Upload(stream=io.BytesIO(content), name=name)


def jpeg_bytes(size: tuple[int, int] = (32, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def jpeg_upload(name: str = "anh-chup.jpg") -> Upload:
    return Upload(stream=io.BytesIO(jpeg_bytes()), name=name)


@dataclass
class World:
    center: Agency
    stp: Agency
    division: Agency
    sxd: Agency
    counter_officer: User
    leader: User
    unit_head: User
    specialist: User
    clerk: User
    sxd_specialist: User
    sxd_leader: User
    citizen: User
    version: ProcedureVersion
    case: ProcedureCase
    form: Component  # required
    proof: Component  # conditional

    def components(self, *, files: bool = True) -> list[ComponentInput]:
        return [
            ComponentInput(
                component_id=self.form.pk,
                originals=1,
                files=(pdf_upload(),) if files else (),
            )
        ]

    @property
    def applicant(self) -> Applicant:
        return Applicant(
            name="Nguyễn Văn An",
            identity_number="034090001234",
            phone="0912345678",
            address="Số 5 đường Nguyễn Văn Linh, phường Phố Hiến, tỉnh Hưng Yên",
        )


def build_world(*, days: int = 5, steps: bool = True) -> World:
    """The agencies, staff and procedure; 5 working days with a five-step internal process."""
    center = AgencyFactory(
        service_center=True,
        name="Trung tâm Phục vụ hành chính công tỉnh",
        identifier_code="000.00.00.H31",
    )
    stp = AgencyFactory(name="Sở Tư pháp", identifier_code="000.00.06.H31")
    division = AgencyFactory(division=True, parent=stp, name="Phòng Hành chính tư pháp")
    sxd = AgencyFactory(name="Sở Xây dựng", identifier_code="000.00.09.H31")
    counter = CounterFactory(service_center=center)
    counter.agencies.add(stp)

    def staff(agency: Agency, role: str, name: str, **kw: object) -> User:
        position = PositionFactory(agency=agency, role=role, user__full_name=name, **kw)
        return position.user

    version = VersionFactory(
        published=True, processing_agency=stp, channel_post=True, children=False
    )
    case = ProcedureCase.objects.create(
        version=version,
        name="Trường hợp chung",
        processing_amount=Decimal(days),
        processing_unit="working_days",
    )
    form = Component.objects.create(version=version, order=1, name="Tờ khai theo mẫu", originals=1)
    proof = Component.objects.create(
        version=version,
        order=2,
        name="Giấy tờ chứng minh nơi cư trú",
        copies=1,
        requirement=Requirement.CONDITIONAL,
    )
    Fee.objects.create(
        version=version, case=case, name="Lệ phí", amount_vnd=50_000, collection=Collection.BEFORE
    )
    if steps:
        for order, (name, role, hours) in enumerate(
            [
                ("Tiếp nhận, chuyển hồ sơ", Role.COUNTER_OFFICER, 4),
                ("Phân công thụ lý", Role.AGENCY_LEADER, 4),
                ("Thẩm định, dự thảo kết quả", Role.SPECIALIST, 16),
                ("Xem xét, trình ký", Role.UNIT_HEAD, 8),
                ("Phê duyệt kết quả", Role.AGENCY_LEADER, 4),
            ],
            start=1,
        ):
            StepFactory(
                version=version,
                order=order,
                name=name,
                responsible_role=role,
                duration_hours=Decimal(hours),
            )
    return World(
        center=center,
        stp=stp,
        division=division,
        sxd=sxd,
        counter_officer=staff(center, Role.COUNTER_OFFICER, "Lê Thị Tiếp Nhận", counter=counter),
        leader=staff(stp, Role.AGENCY_LEADER, "Phạm Văn Lãnh Đạo"),
        unit_head=staff(division, Role.UNIT_HEAD, "Trần Thị Trưởng Phòng"),
        specialist=staff(division, Role.SPECIALIST, "Hoàng Văn Chuyên Viên"),
        clerk=staff(stp, Role.RECORDS_CLERK, "Đỗ Thị Văn Thư"),
        sxd_specialist=staff(sxd, Role.SPECIALIST, "Vũ Văn Phối Hợp"),
        sxd_leader=staff(sxd, Role.AGENCY_LEADER, "Ngô Thị Giám Đốc"),
        citizen=CitizenFactory(full_name="Nguyễn Văn An"),
        version=version,
        case=case,
        form=form,
        proof=proof,
    )


def receive_walk_in(world: World, **kwargs: object) -> Dossier:
    """Receive a complete dossier at the counter of the service center (status 2)."""
    return dossier_receive_at_counter(
        actor=world.counter_officer,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=world.applicant,
        components=world.components(),
        **kwargs,
    )
