"""Online submission: pinned to the published version, coded, audited, queued — atomically."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from motcua.audit.models import AuditEntry
from motcua.catalog.services import (
    Publication,
    version_create_draft,
    version_publish,
    version_update,
)
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import Applicant, DossierError, dossier_submit_online
from motcua.outbox.models import OutboxMessage
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.factories import AgencyFactory, CitizenFactory

pytestmark = pytest.mark.django_db
AN = Applicant(name="Nguyễn Văn An", identity_number="033090001234", phone="0912345678")


@pytest.fixture
def setting(time_machine):
    time_machine.move_to("2026-03-02 09:15 +07:00")
    version = VersionFactory(published=True, name="Đăng ký khai sinh")
    agency = AgencyFactory(identifier_code="000.00.06.H31")
    return version, agency, CitizenFactory()


def _submit(version, agency, citizen, applicant=AN):
    return dossier_submit_online(
        actor=citizen,
        procedure_code=version.procedure.code,
        case_id=version.cases.first().pk,
        receiving_agency=agency,
        applicant=applicant,
    )


def test_a_dossier_stays_pinned_to_its_version_after_a_new_one_is_published(setting):
    version, agency, citizen = setting
    dossier = _submit(version, agency, citizen)
    draft = version_create_draft(actor=None, procedure=version.procedure)
    version_update(actor=None, version=draft, name="Đăng ký khai sinh (sửa đổi)")
    version_publish(
        actor=None,
        version=draft,
        publication=Publication("9/QĐ-UBND", date(2026, 3, 2), date(2026, 3, 2)),
    )
    dossier.refresh_from_db()
    assert dossier.procedure_version_id == version.pk
    assert dossier.procedure_version.name == "Đăng ký khai sinh"
    # New dossiers take the new version; a case of the old version is no longer offered.
    assert _submit(draft, agency, citizen).procedure_version_id == draft.pk
    with pytest.raises(DossierError, match="Trường hợp"):
        _submit(version, agency, citizen)


def test_a_draft_procedure_takes_no_dossier(setting):
    _, agency, citizen = setting
    draft = VersionFactory()
    with pytest.raises(DossierError, match="không nhận hồ sơ trực tuyến"):
        _submit(draft, agency, citizen)
    assert not Dossier.objects.exists()


def test_codes_follow_the_unit_the_date_and_a_daily_sequence(setting, time_machine):
    version, agency, citizen = setting
    first, second = _submit(version, agency, citizen), _submit(version, agency, citizen)
    assert (first.code, second.code) == ("000.00.06.H31-260302-0001", "000.00.06.H31-260302-0002")
    time_machine.move_to("2026-03-03 08:00 +07:00")
    assert _submit(version, agency, citizen).code == "000.00.06.H31-260303-0001"


def test_status_timeline_audit_and_outbox_are_written_together(setting):
    version, agency, citizen = setting
    dossier = _submit(version, agency, citizen)
    assert dossier.status == 1 and dossier.rule_set == "2025" and dossier.applicant == citizen
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.from_status, event.to_status) == ("submit_online", None, 1)
    assert AuditEntry.objects.filter(
        object_id=dossier.code, action="dossier.submit_online"
    ).exists()
    assert OutboxMessage.objects.filter(
        topic="dossier.event", payload__code=dossier.code, payload__action="submit_online"
    ).exists()


def test_a_failure_after_the_insert_leaves_nothing_and_gives_the_number_back(setting):
    version, agency, citizen = setting
    with pytest.raises(RuntimeError), transaction.atomic():
        _submit(version, agency, citizen)
        raise RuntimeError("lỗi giữa chừng")
    assert not Dossier.objects.exists() and not OutboxMessage.objects.exists()
    assert _submit(version, agency, citizen).code.endswith("-0001")


def test_bad_applicant_data_is_refused_with_every_message(setting):
    version, agency, citizen = setting
    with pytest.raises(DossierError) as caught:
        _submit(version, agency, citizen, Applicant(name=" ", identity_number="123", phone="12"))
    assert len(caught.value.messages) == 3
    assert "họ tên" in caught.value.messages[0]
    assert not Dossier.objects.exists()


def test_a_case_of_another_procedure_is_refused(setting):
    version, agency, citizen = setting
    other = VersionFactory(published=True)
    with pytest.raises(DossierError, match="Trường hợp"):
        dossier_submit_online(
            actor=citizen,
            procedure_code=version.procedure.code,
            case_id=other.cases.first().pk,
            receiving_agency=agency,
            applicant=AN,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_never_share_a_code():
    """On PostgreSQL, threads race for the same unit and day; on SQLite (one writer at a time)
    the same number of submissions run one after another. Either way: all codes distinct and
    gap-free."""
    version = VersionFactory(published=True)
    agency = AgencyFactory(identifier_code="000.00.07.H31")
    citizens = [CitizenFactory() for _ in range(8)]
    codes, errors = [], []

    def submit(citizen):
        try:
            codes.append(_submit(version, agency, citizen).code)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=submit, args=(c,)) for c in citizens for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for citizen in citizens * 3:
            codes.append(_submit(version, agency, citizen).code)
    assert errors == []
    assert sorted(int(code[-4:]) for code in codes) == list(range(1, 25))


def test_the_declaration_is_checked_against_the_version_form_schema(time_machine):
    from motcua.testing.dossier_world import build_world

    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)
    world = build_world()
    world.version.form_schema = [
        {"name": "ngay_sinh", "label": "Ngày sinh của trẻ", "type": "date", "required": True}
    ]
    world.version.save(update_fields=["form_schema"])

    def submit(form_data):
        return dossier_submit_online(
            actor=world.citizen,
            procedure_code=world.version.procedure.code,
            case_id=world.case.pk,
            receiving_agency=world.stp,
            applicant=world.applicant,
            components=world.components(),
            form_data=form_data,
        )

    for bad in ({}, {"ngay_sinh": "31/02/2026"}):
        with pytest.raises(DossierError) as error:
            submit(bad)
        assert "Ngày sinh của trẻ" in str(error.value)
    assert not Dossier.objects.exists()
    dossier = submit({"ngay_sinh": "01/03/2026", "khong_co": "bỏ qua"})
    assert dossier.form_data == {"ngay_sinh": "2026-03-01"}
