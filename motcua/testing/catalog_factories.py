# SPDX-License-Identifier: MPL-2.0
"""Factories for the procedure catalogue, with a ``published`` trait."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.services import search_text_for
from motcua.org.models import Role


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"1.{900000 + n}")


class VersionFactory(factory.django.DjangoModelFactory):
    """A complete draft; ``published=True`` publishes it (decision, dates)."""

    class Meta:
        model = ProcedureVersion
        skip_postgeneration_save = True

    procedure = factory.SubFactory(ProcedureFactory)
    number = 1
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    field = factory.SubFactory(FieldFactory)
    level_province = True
    processing_agency_text = "Sở Tư pháp"
    subjects = "Công dân Việt Nam"
    steps = "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả."
    result = "Giấy chứng nhận"
    channel_counter = True
    channel_online = True
    online_level = OnlineLevel.PARTIAL

    class Params:
        published = factory.Trait(
            status=VersionStatus.PUBLISHED,
            decision_number="100/QĐ-UBND",
            decision_date=date(2026, 1, 5),
            effective_date=date(2026, 1, 10),
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def children(obj, create, extracted, **kwargs):
        """One case (5 working days) and one required component, unless told otherwise."""
        obj.search_text = search_text_for(obj)
        if not create:
            return
        obj.save()
        if extracted is False:
            return
        case = ProcedureCase.objects.create(
            version=obj,
            name="Trường hợp chung",
            processing_amount=Decimal(5),
            processing_unit="working_days",
        )
        Component.objects.create(version=obj, name="Tờ khai theo mẫu", originals=1)
        Fee.objects.create(version=obj, case=case, name="Lệ phí", amount_vnd=50_000)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    version = factory.SubFactory(VersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Thẩm định hồ sơ"
    responsible_role = Role.SPECIALIST
    duration_hours = Decimal(8)
