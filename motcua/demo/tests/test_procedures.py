"""The demo catalogue: real national procedures, published, idempotent, with sound processes."""

import json

import pytest

from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.services import process_errors
from motcua.demo.loader import DATA as HUNG_YEN
from motcua.demo.loader import load_agencies, load_units
from motcua.demo.procedures import DATA, SKIPPED, load_procedures

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    data = json.loads(HUNG_YEN.read_text(encoding="utf-8"))
    return load_agencies(data, load_units(data))


@pytest.fixture
def loaded(agencies):
    return load_procedures(agencies)


def _published():
    return ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)


def test_the_demo_publishes_every_usable_record_of_the_data_file(loaded):
    records = json.loads(DATA.read_text(encoding="utf-8"))["procedures"]
    assert loaded == len(records) - len(SKIPPED) >= 30
    assert _published().count() == loaded == ProcedureVersion.objects.count()
    assert not Procedure.objects.filter(code__in=SKIPPED).exists()


def test_the_demo_has_provincial_and_commune_procedures_over_several_departments(loaded):
    assert _published().filter(level_province=True).count() >= 10
    assert _published().filter(level_commune=True).count() >= 20
    departments = set(
        _published()
        .filter(processing_agency__isnull=False)
        .values_list("processing_agency__code", flat=True)
    )
    assert {"so-tu-phap", "so-tai-chinh", "so-y-te", "so-noi-vu", "bhxh-tinh"} <= departments
    assert _published().filter(inter_agency=True).exclude(inter_agency_note="").exists()


def test_commune_procedures_keep_the_published_agency_text_without_a_link(loaded):
    birth = _published().get(procedure__code="1.001193")
    assert birth.processing_agency is None
    assert birth.processing_agency_text == "Ủy ban nhân dân cấp xã"
    copy = _published().get(procedure__code="2.000635")
    assert copy.processing_agency.code == "so-tu-phap"
    assert copy.processing_agency_text.startswith("Sở Tư pháp")


def test_loading_twice_creates_no_new_version(agencies, loaded):
    before = list(ProcedureVersion.objects.values_list("pk", "status", "number"))
    assert load_procedures(agencies) == loaded
    assert list(ProcedureVersion.objects.values_list("pk", "status", "number")) == before


def test_every_internal_process_adds_up_to_the_legal_time(loaded):
    with_steps = _published().filter(process_steps__isnull=False).distinct()
    codes = set(with_steps.values_list("procedure__code", flat=True))
    assert {"1.001193", "1.000894", "1.013225"} <= codes
    for version in with_steps:
        assert process_errors(version) == [], version.procedure.code
        assert 2 <= version.process_steps.count() <= 4


def test_the_publication_decision_and_source_come_from_the_portal_record(loaded):
    birth = _published().get(procedure__code="1.001193")
    assert birth.decision_number == "163/QĐ-BTP"
    assert birth.decision_date.isoformat() == birth.effective_date.isoformat() == "2026-01-16"
    assert birth.source_url.startswith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")
    assert {case.processing_unit for case in birth.cases.all()} == {"working_days"}


def test_fees_set_elsewhere_have_no_amount_and_portal_errors_are_flagged(loaded):
    death = _published().get(procedure__code="1.000656")
    fee = death.fees.get()
    assert fee.amount_vnd is None
    assert "Hội đồng nhân dân" in fee.note
    private = _published().get(procedure__code="2.001610")
    assert sorted(private.fees.values_list("amount_vnd", flat=True)) == [100, 100_000]
    assert "lỗi nhập liệu" in private.fee_note
    assert _published().get(procedure__code="1.001193").fee_note == ""


def test_channel_times_that_differ_from_the_case_time_are_kept_as_cases(loaded):
    land = _published().get(procedure__code="1.013978")
    times = {(c.processing_amount, c.processing_unit) for c in land.cases.all()}
    assert {amount for amount, _unit in times} == {17, 20, 27}
    assert "giữ nguyên như nguồn" in land.cases.order_by("order").first().note
