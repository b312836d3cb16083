"""The demo province loads real Hưng Yên data, idempotently."""

from datetime import date

import pytest
from django.core.management import call_command

from motcua.accounts.backends import LoginIdentifierBackend
from motcua.accounts.models import User
from motcua.demo.history import MARK
from motcua.demo.loader import DEMO_PASSWORD, STAFF
from motcua.org.models import AdministrativeUnit, Agency, Counter, Role, StaffPosition, UnitLevel

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        m.objects.count() for m in (AdministrativeUnit, Agency, Counter, User, StaffPosition)
    )


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert "Motcua@2026" in capsys.readouterr().out


def test_the_demo_has_both_local_government_structures():
    call_command("load_demo")
    before = AdministrativeUnit.objects.in_force(date(2025, 6, 30))
    after = AdministrativeUnit.objects.in_force(date(2025, 7, 1))
    assert before.filter(level=UnitLevel.DISTRICT).count() == 10
    assert before.filter(level=UnitLevel.COMMUNE).count() == 139
    assert not after.filter(level=UnitLevel.DISTRICT).exists()
    assert after.filter(level=UnitLevel.COMMUNE).count() == 104
    assert after.get(code="11953").name == "Phường Phố Hiến"


def test_the_demo_has_the_service_center_departments_and_counters():
    call_command("load_demo")
    center = Agency.objects.get(code="ttpvhcc")
    assert center.name == "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên"
    assert center.parent.name == "Văn phòng Ủy ban nhân dân tỉnh Hưng Yên"
    assert Agency.objects.filter(name="Sở Tư pháp", is_active=True).exists()
    assert center.counters.count() >= 15
    # Illustrative identifier codes are never presented as official.
    assert not Agency.objects.filter(identifier_verified=True).exists()


def test_every_role_has_a_demo_login_that_works():
    call_command("load_demo")
    assert {role for *_, role, _ in STAFF} == set(Role.values)
    backend = LoginIdentifierBackend()
    for username, *_ in STAFF:
        assert backend.authenticate(None, username, DEMO_PASSWORD) is not None, username
    assert backend.authenticate(None, "an.nguyen@example.vn", DEMO_PASSWORD) is not None


def test_the_demo_calendar_has_the_2026_swaps_and_is_not_duplicated_on_reload():
    from motcua.workcal.models import CalendarChange
    from motcua.workcal.selectors import work_calendar

    call_command("load_demo")
    changes = CalendarChange.objects.count()
    call_command("load_demo")
    assert CalendarChange.objects.count() == changes
    cal = work_calendar()
    assert not cal.is_working_day(date(2026, 1, 2)) and cal.is_working_day(date(2026, 1, 10))
    assert cal.is_working_day(date(2026, 8, 22)) and not cal.is_working_day(date(2026, 2, 17))


def test_the_demo_has_a_dossier_at_every_stage_once(time_machine):
    from motcua.audit.selectors import verify_chain
    from motcua.dossiers.models import Dossier

    time_machine.move_to("2026-03-03 09:00 +07:00", tick=False)  # a Tuesday
    call_command("load_demo")
    made = Dossier.objects.exclude(lookup_secret__startswith=MARK)
    statuses = sorted(made.values_list("status", flat=True))
    assert statuses == [1, 2, 4, 5, 9, 10]
    assert made.get(status=1).applicant.username == "0912345678"
    assert made.get(status=4).holder.username == "chuyenvien.stp"
    history = Dossier.objects.filter(lookup_secret__startswith=MARK).count()
    call_command("load_demo")
    assert made.count() == 6
    assert Dossier.objects.count() == 6 + history
    assert verify_chain().ok


def test_the_demo_history_feeds_the_statistics(time_machine):
    from motcua.domain.reporting import Period
    from motcua.dossiers.models import Dossier
    from motcua.reports.selectors import form06, form06_recount

    time_machine.move_to("2026-11-20 09:00 +07:00", tick=False)
    call_command("load_demo")
    history = Dossier.objects.filter(lookup_secret__startswith=MARK)
    assert history.count() > 1000
    assert not history.filter(received_at__date__gte=date(2026, 11, 20)).exists()
    assert history.filter(status=7).exists() and history.filter(timeliness="late").exists()
    quarter = Period.quarter(2026, 3)
    report = form06(period=quarter)
    assert report.total.new > 300 and 0.5 < (report.total.on_time_rate or 0) < 1
    assert report.total == form06_recount(period=quarter).total
    assert all(line.row.identities_hold() for line in report.lines)
