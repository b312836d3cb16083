"""Form 06 for a small province, every cell computed by hand (issue #8 acceptance).

Period: Q1 2026 (01/01–31/03/2026), refreshed on 10/04/2026. Agencies: Sở A with its
division A1, Sở B (province level) and UBND xã C (commune level). Fifteen dossiers cover
every column and the hard cases: carried over, suspended, withdrawn, stopped,
re-appointed, resolved after the period, not yet received.
"""

from __future__ import annotations

import pytest

from motcua.domain.reporting import CountingRules, Period, Row
from motcua.domain.workflow import Channel, Status
from motcua.org.models import UnitLevel
from motcua.reports.refresh import refresh_summaries
from motcua.reports.selectors import GroupBy, Scope, form06, form06_recount
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.factories import AgencyFactory, UnitFactory
from motcua.testing.report_world import past_dossier

pytestmark = pytest.mark.django_db
Q1 = Period.quarter(2026, 1)
ONLINE, COUNTER, POST = Channel.ONLINE, Channel.COUNTER, Channel.POST


@pytest.fixture
def province(time_machine):
    time_machine.move_to("2026-04-10 20:00 +07:00", tick=False)
    hung_yen = UnitFactory(province=True)
    commune = UnitFactory(parent=hung_yen)
    a = AgencyFactory(name="Sở A", code="so-a", administrative_unit=hung_yen)
    a1 = AgencyFactory(
        division=True, parent=a, name="Phòng A1", code="phong-a1", administrative_unit=hung_yen
    )
    b = AgencyFactory(name="Sở B", code="so-b", administrative_unit=hung_yen)
    c = AgencyFactory(name="UBND xã C", code="xa-c", administrative_unit=commune)
    civil = VersionFactory(published=True, field__name="Hộ tịch", field__code="ho-tich")
    build = VersionFactory(published=True, field__name="Xây dựng", field__code="xay-dung")

    def d(agency, version=civil, **kw):
        return past_dossier(agency=agency, version=version, **kw)

    d(
        a,
        received="10/01/2026",
        channel=ONLINE,
        due="20/01/2026",
        resolved="15/01/2026",
        timeliness="early",
    )  # d1
    d(
        a1, received="05/02/2026", due="12/02/2026", resolved="12/02/2026", timeliness="on_time"
    )  # d2
    d(
        a,
        build,
        received="20/03/2026",
        channel=POST,
        due="25/03/2026",
        resolved="27/03/2026",
        timeliness="late",
    )  # d3
    d(
        a, received="15/12/2025", due="22/12/2025", resolved="05/01/2026", timeliness="late"
    )  # d4 carried
    d(
        a,
        received="01/12/2025",
        channel=ONLINE,
        due="10/12/2025",
        resolved="20/12/2025",
        timeliness="late",
    )  # d5 before
    d(b, build, received="10/03/2026", due="05/04/2026")  # d6 within
    d(b, received="01/03/2026", channel=ONLINE, due="20/03/2026")  # d7 overdue
    d(b, received="01/03/2026", due="30/03/2026", pauses=(("25/03/2026", None),))  # d8
    d(
        b,
        received="02/02/2026",
        channel=ONLINE,
        due="20/02/2026",
        closed="10/02/2026",
        status=Status.WITHDRAWN,
    )  # d9 withdrawn
    d(c, received="20/12/2025", due="25/12/2025", closed="03/01/2026")  # d10 stopped
    d(
        c, received="28/03/2026", due="02/04/2026", resolved="02/04/2026", timeliness="on_time"
    )  # d11 after
    d(
        a,
        received="10/01/2026",
        due="20/01/2026",
        reappointed_due="30/01/2026",
        resolved="25/01/2026",
        timeliness="late",
    )  # d12 re-appointed
    d(a, received=None, channel=ONLINE)  # d13 not received
    d(
        b, received="05/03/2026", due="31/03/2026", pauses=(("06/03/2026", "09/03/2026"),)
    )  # d14 resumed
    d(
        b, received="10/12/2025", due="19/12/2025", pauses=(("12/12/2025", None),)
    )  # d15 carried, paused
    refresh_summaries()
    return {"a": a, "a1": a1, "b": b, "c": c, "civil": civil, "build": build}


EXPECTED = {
    "Sở A": Row(
        carried_over=1,
        new_online=1,
        new_direct=3,
        resolved_early=1,
        resolved_on_time=1,
        resolved_late=3,
    ),
    "Phòng A1": Row(new_direct=1, resolved_on_time=1),
    "Sở B": Row(
        carried_over=1,
        new_online=2,
        new_direct=3,
        processing_within=2,
        processing_overdue=1,
        paused=2,
        ended=1,
    ),
    "UBND xã C": Row(carried_over=1, new_direct=1, processing_within=1, ended=1),
}
TOTAL = Row(
    carried_over=3,
    new_online=3,
    new_direct=7,
    resolved_early=1,
    resolved_on_time=1,
    resolved_late=3,
    processing_within=3,
    processing_overdue=1,
    paused=2,
    ended=2,
)


def _by_label(report):
    return {line.label: line.row for line in report.lines}


def test_every_cell_by_agency(province):
    report = form06(period=Q1)
    assert _by_label(report) == EXPECTED
    assert [(line.label, line.depth) for line in report.lines] == [
        ("Sở A", 0),
        ("Phòng A1", 1),
        ("Sở B", 0),
        ("UBND xã C", 0),
    ]
    assert report.total == TOTAL
    assert TOTAL.identities_hold() and all(r.identities_hold() for r in EXPECTED.values())
    assert report.total.on_time_rate == pytest.approx(2 / 5)
    assert not report.provisional


def test_the_summary_tables_equal_the_recount(province):
    for group_by in GroupBy:
        for rules in (CountingRules(), CountingRules(withdrawn_as_resolved=True)):
            fast = form06(period=Q1, group_by=group_by, rules=rules)
            slow = form06_recount(period=Q1, group_by=group_by, rules=rules)
            assert [(x.label, x.row) for x in fast.lines] == [(x.label, x.row) for x in slow.lines]
            assert fast.total == slow.total


def test_withdrawn_counted_as_resolved_is_a_setting(province):
    report = form06(period=Q1, rules=CountingRules(withdrawn_as_resolved=True))
    b = _by_label(report)["Sở B"]
    assert (b.resolved_early, b.ended) == (1, 0)  # withdrawn 10/02, due 20/02: before time
    assert b.identities_hold()


def test_by_level_field_and_procedure(province):
    by_level = _by_label(form06(period=Q1, group_by=GroupBy.LEVEL))
    assert by_level == {
        "Cấp tỉnh": EXPECTED["Sở A"] + EXPECTED["Sở B"],
        "Cấp xã": EXPECTED["UBND xã C"],
    }
    by_field = _by_label(form06(period=Q1, group_by=GroupBy.FIELD))
    assert by_field["Xây dựng"] == Row(new_direct=2, resolved_late=1, processing_within=1)
    assert by_field["Hộ tịch"] + by_field["Xây dựng"] == TOTAL
    by_procedure = form06(period=Q1, group_by=GroupBy.PROCEDURE)
    assert {line.code for line in by_procedure.lines} == {
        province["civil"].procedure.code,
        province["build"].procedure.code,
    }


def test_scopes_filter_before_counting(province):
    own = frozenset({province["a"].pk, province["a1"].pk})
    report = form06(period=Q1, scope=Scope(agency_ids=own))
    assert _by_label(report) == {"Sở A": EXPECTED["Sở A"], "Phòng A1": EXPECTED["Phòng A1"]}
    commune = form06(period=Q1, scope=Scope(level=UnitLevel.COMMUNE))
    assert commune.total == EXPECTED["UBND xã C"]
    build = form06(period=Q1, scope=Scope(field_id=province["build"].field_id))
    assert build.total.new == 2


def test_legal_reporting_period_and_months(province):
    # 15/12/2025–14/03/2026: open on 14/12 were d5 (resolved 20/12) and d15 (paused)
    cut_off = form06(period=Period.reporting_quarter(2026, 1)).total
    assert cut_off == form06_recount(period=Period.reporting_quarter(2026, 1)).total
    assert cut_off.carried_over == 2
    # new: online d1, d7, d9; direct d2, d4, d6, d8, d10, d12, d14 (d3, d11 come later)
    assert (cut_off.new_online, cut_off.new_direct) == (3, 7)
    assert cut_off.resolved_late == 3  # d4, d5, d12; d3 (27/03) is after the period
    # March: only d15 (paused since December) is carried over; d3, d6, d7, d8, d11, d14 new
    march = form06(period=Period.month(2026, 3)).total
    assert (march.carried_over, march.new_online, march.new_direct) == (1, 1, 5)
    assert march == form06_recount(period=Period.month(2026, 3)).total
