"""Reception (form 01): who may receive, the due date computed and frozen, all written together."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.audit.models import AuditEntry
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services import DossierError, dossier_receive
from motcua.org.models import Role
from motcua.outbox.models import OutboxMessage
from motcua.testing.factories import AgencyFactory, CounterFactory, PositionFactory
from motcua.workcal.models import DayKind
from motcua.workcal.services import calendar_day_set

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_counter_officer_receives_and_the_due_date_skips_tet(submitted):
    dossier, agency = submitted
    officer = PositionFactory(agency=agency, role=Role.COUNTER_OFFICER).user
    received = dossier_receive(actor=officer, dossier_id=dossier.pk)
    assert received.status == 2 and received.rule_set == "2025"
    # Fri 13/02 10:00 + 5 working days, Tết 16–20/02 skipped → Fri 27/02 10:00.
    assert received.due_at == datetime(2026, 2, 27, 10, 0, tzinfo=VN)
    assert received.legal_due_at == received.due_at
    assert DossierEvent.objects.filter(
        dossier=dossier, action="receive", from_status=1, to_status=2
    ).exists()
    assert AuditEntry.objects.filter(object_id=dossier.code, action="dossier.receive").exists()
    assert OutboxMessage.objects.filter(
        topic="dossier.event", payload__code=dossier.code, payload__action="receive"
    ).exists()


def test_the_service_center_receives_for_the_agencies_of_its_counters(submitted):
    dossier, agency = submitted
    counter = CounterFactory()
    counter.agencies.add(agency)
    officer = PositionFactory(
        agency=counter.service_center, role=Role.COUNTER_OFFICER, counter=counter
    ).user
    assert dossier_receive(actor=officer, dossier_id=dossier.pk).status == 2


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.AGENCY_LEADER])
def test_only_counter_officers_receive(submitted, role):
    dossier, agency = submitted
    user = PositionFactory(agency=agency, role=role).user
    with pytest.raises(DossierError, match="không được phân công tiếp nhận"):
        dossier_receive(actor=user, dossier_id=dossier.pk)


def test_a_counter_officer_of_another_agency_cannot_receive(submitted):
    dossier, _ = submitted
    outsider = PositionFactory(agency=AgencyFactory(), role=Role.COUNTER_OFFICER).user
    with pytest.raises(DossierError):
        dossier_receive(actor=outsider, dossier_id=dossier.pk)
    dossier.refresh_from_db()
    assert dossier.status == 1 and dossier.due_at is None


def test_receiving_twice_is_refused_in_vietnamese(submitted):
    dossier, agency = submitted
    officer = PositionFactory(agency=agency, role=Role.COUNTER_OFFICER).user
    dossier_receive(actor=officer, dossier_id=dossier.pk)
    with pytest.raises(DossierError, match="Không thể"):
        dossier_receive(actor=officer, dossier_id=dossier.pk)


def test_a_later_calendar_change_does_not_move_a_given_due_date(submitted):
    dossier, agency = submitted
    officer = PositionFactory(agency=agency, role=Role.COUNTER_OFFICER).user
    due = dossier_receive(actor=officer, dossier_id=dossier.pk).due_at
    calendar_day_set(actor=None, day=date(2026, 2, 23), kind=DayKind.OFF, reason="Nghỉ thêm")
    dossier.refresh_from_db()
    assert dossier.due_at == due


def test_form_01_of_a_received_dossier_prints_its_code_and_appointment(submitted):
    import subprocess

    from motcua.dossiers.papers import receipt_pdf

    dossier, agency = submitted
    officer = PositionFactory(
        agency=agency, role=Role.COUNTER_OFFICER, user__full_name="Ngô Thị Mai"
    ).user
    received = dossier_receive(actor=officer, dossier_id=dossier.pk)
    from django.utils import translation

    with translation.override("en"):  # an English-speaking officer still prints Vietnamese
        pdf = receipt_pdf(dossier=received, officer_name=officer.full_name)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    flat = " ".join(text.split())
    assert received.code in flat
    assert "GIẤY TIẾP NHẬN HỒ SƠ" in flat and "Trần Thị Bình" in flat
    assert "27/02/2026" in flat and "Ngô Thị Mai" in flat
    assert "5 ngày làm việc" in flat
    assert "03/2025/TT-VPCP" in flat  # received in 2026: the 2025 regime's numbering


def test_form_01_needs_a_received_dossier(submitted):
    from motcua.dossiers.papers import receipt_pdf

    dossier, _ = submitted
    with pytest.raises(ValueError, match="received"):
        receipt_pdf(dossier=dossier, officer_name="x")


def test_the_outbox_worker_fans_out_and_delivers_the_events(submitted):
    from motcua.outbox.models import OutboxMessage
    from motcua.outbox.worker import Worker

    dossier, agency = submitted
    officer = PositionFactory(agency=agency, role=Role.COUNTER_OFFICER).user
    dossier_receive(actor=officer, dossier_id=dossier.pk)
    worker = Worker(worker_id="test")
    while worker.run_once().claimed:  # events, then what they fanned out to
        pass
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert set(OutboxMessage.objects.values_list("topic", flat=True)) == {
        "dossier.event",
        "dvcqg.sync",
    }  # no e-mail: the applicant gave no address
