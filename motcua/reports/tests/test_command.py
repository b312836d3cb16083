"""`manage.py refresh_reports`: once, rebuild, and a loop that survives a failed round."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from motcua.reports.management.commands import refresh_reports
from motcua.reports.models import FlowDay, RefreshMark
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.factories import AgencyFactory
from motcua.testing.report_world import past_dossier

pytestmark = pytest.mark.django_db


def test_once_and_rebuild(time_machine):
    time_machine.move_to("2026-05-20 10:00 +07:00", tick=False)
    past_dossier(
        agency=AgencyFactory(),
        version=VersionFactory(published=True),
        received="02/05/2026",
        due="12/05/2026",
        resolved="08/05/2026",
        timeliness="early",
    )
    out = io.StringIO()
    call_command("refresh_reports", stdout=out)
    assert "1 dossiers from 02/05/2026 to 20/05/2026" in out.getvalue()
    assert FlowDay.objects.count() == 2  # received on 02/05, resolved on 08/05
    out = io.StringIO()
    call_command("refresh_reports", stdout=out)
    assert "from 20/05/2026" in out.getvalue()  # only the days not yet final
    call_command("refresh_reports", "--rebuild", stdout=io.StringIO())
    assert FlowDay.objects.count() == 2 and RefreshMark.objects.get().through.day == 20


def test_the_loop_keeps_going_after_a_failed_round(monkeypatch):
    calls = []
    command = refresh_reports.Command(stdout=io.StringIO())

    class Stop(threading.Event):
        def wait(self, timeout=None):
            return len(calls) >= 3

    real = refresh_reports.refresh_summaries

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise DatabaseError("server closed the connection")
        return real(**kwargs)

    monkeypatch.setattr(refresh_reports, "refresh_summaries", flaky)
    monkeypatch.setattr(refresh_reports.threading, "Event", Stop)
    monkeypatch.setattr(refresh_reports.signal, "signal", lambda *a: None)
    command.handle(rebuild=False, every=0.01)
    assert len(calls) == 3  # the round after the failure still ran
