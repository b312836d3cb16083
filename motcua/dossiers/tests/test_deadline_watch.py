"""The deadline watch: due soon one working day ahead, overdue after the due date, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.audit.models import AuditEntry
from motcua.domain.deadlines import DeadlineStatus
from motcua.dossiers.deadline_watch import _flag, sweep_deadlines
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive
from motcua.org.models import Role
from motcua.outbox.models import OutboxMessage
from motcua.testing.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(submitted):
    """Received at once: due Fri 27/02/2026 10:00 (Tết 16–20/02 skipped)."""
    dossier, agency = submitted
    officer = PositionFactory(agency=agency, role=Role.COUNTER_OFFICER).user
    return dossier_receive(actor=officer, dossier_id=dossier.pk)


def _alerts():
    return list(
        OutboxMessage.objects.filter(topic="notify.deadline").values_list(
            "payload__status", flat=True
        )
    )


def test_a_fresh_dossier_is_on_track(received):
    assert received.deadline_status == "on_track"
    assert sweep_deadlines().checked == 1 and _alerts() == []


def test_it_warns_one_working_day_before_and_only_once(received, time_machine):
    time_machine.move_to("2026-02-25 16:00 +07:00", tick=False)  # Wed: due Fri, not yet
    assert sweep_deadlines().due_soon == 0
    time_machine.move_to("2026-02-26 08:00 +07:00", tick=False)  # Thu: next working day
    assert sweep_deadlines().due_soon == 1
    assert sweep_deadlines().due_soon == 0  # idempotent
    assert _alerts() == ["due_soon"]
    assert Dossier.objects.get(pk=received.pk).deadline_status == "due_soon"


def test_it_marks_overdue_after_the_due_date(received, time_machine):
    time_machine.move_to("2026-03-02 07:30 +07:00", tick=False)
    result = sweep_deadlines()
    assert (result.due_soon, result.overdue) == (0, 1)
    assert _alerts() == ["overdue"]
    assert AuditEntry.objects.filter(object_id=received.code, action="dossier.overdue").exists()


def test_a_second_process_with_a_stale_view_changes_nothing(received, time_machine):
    time_machine.move_to("2026-03-02 07:30 +07:00", tick=False)
    stale = Dossier.objects.get(pk=received.pk)
    from django.utils import timezone

    assert _flag(stale, DeadlineStatus.OVERDUE, timezone.now()) is True
    assert _flag(stale, DeadlineStatus.OVERDUE, timezone.now()) is False
    assert _alerts() == ["overdue"]


def test_paused_or_finished_dossiers_are_not_watched(received, time_machine):
    Dossier.objects.filter(pk=received.pk).update(status=5)  # waiting for a supplement
    time_machine.move_to("2026-03-02 07:30 +07:00", tick=False)
    assert sweep_deadlines().checked == 0 and _alerts() == []


def test_the_command_prints_a_vietnamese_summary(received, time_machine):
    time_machine.move_to("2026-03-02 07:30 +07:00", tick=False)
    out = StringIO()
    call_command("sweep_deadlines", stdout=out)
    assert out.getvalue().strip() == "Đã kiểm tra 1 hồ sơ: 0 mới sắp đến hạn, 1 mới quá hạn."
