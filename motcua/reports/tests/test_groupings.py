"""Form 06 sums the summary tables per line, not per (agency, procedure version): each
grouping and scope must give the same lines as the recount (issue #8).

`form06()` asks the database for one row per agency (agency tree, levels), per field or per
procedure version, which is right because every cell of a row is a sum of counts
(`row_from_aggregates` is linear). These properties check it over random histories in a
province with two levels, a sub-unit tree, a procedure with two versions of different names,
and two procedures in one field, for every grouping and for scopes that cut the tree.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.models import VersionStatus
from motcua.domain.reporting import CountingRules, Period
from motcua.org.models import UnitLevel
from motcua.reports.refresh import refresh_summaries
from motcua.reports.selectors import (
    GroupBy,
    Scope,
    _fold,
    _lines,
    form06,
    form06_recount,
    per_key,
)
from motcua.reports.tests.test_properties import RANDOM, TODAY, _random_dossier, _reset, periods
from motcua.testing.catalog_factories import FieldFactory, ProcedureFactory, VersionFactory
from motcua.testing.factories import AgencyFactory, UnitFactory
from motcua.testing.report_world import past_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = UnitFactory(province=True)
    commune = UnitFactory(parent=province)
    root = AgencyFactory(name="UBND tỉnh", administrative_unit=province)
    department = AgencyFactory(name="Sở X", parent=root, administrative_unit=province)
    division = AgencyFactory(
        division=True, name="Phòng X1", parent=department, administrative_unit=province
    )
    sub_division = AgencyFactory(
        division=True, name="Tổ X1a", parent=division, administrative_unit=province
    )
    other = AgencyFactory(name="Sở Y", administrative_unit=province)
    communes = [
        AgencyFactory(name=f"UBND xã {i}", administrative_unit=commune, parent=parent)
        for i, parent in enumerate([None, root])
    ]
    agencies = [root, department, division, sub_division, other, *communes]
    shared = FieldFactory(name="Hộ tịch", code="ho-tich")
    renamed = ProcedureFactory()
    versions = [
        VersionFactory(
            published=True,
            status=VersionStatus.SUPERSEDED,
            procedure=renamed,
            number=1,
            name="Tên cũ",
            field=shared,
        ),
        VersionFactory(published=True, procedure=renamed, number=2, name="Tên mới", field=shared),
        VersionFactory(published=True, field=shared),
        VersionFactory(published=True),
    ]
    scopes = [
        Scope(),
        Scope(agency_ids=frozenset({department.pk, division.pk, sub_division.pk})),
        Scope(agency_ids=frozenset({division.pk, communes[1].pk})),  # parents out of scope
        Scope(level=UnitLevel.COMMUNE),
        Scope(field_id=shared.pk),
        Scope(procedure_id=renamed.pk),
    ]
    return agencies, versions, scopes


def _cells(lines):
    return [(x.key, x.label, x.depth, x.code, x.row) for x in lines]


@RANDOM
@given(seed=st.integers(0, 10_000), period=periods, withdrawn=st.booleans())
def test_every_grouping_and_scope_equals_the_recount(world, time_machine, seed, period, withdrawn):
    agencies, versions, scopes = world
    _reset()
    time_machine.move_to(f"{TODAY.isoformat()} 21:00 +07:00", tick=False)
    rng = random.Random(seed)
    for _ in range(40):
        _random_dossier(rng, agencies, versions)
    refresh_summaries()
    rules = CountingRules(withdrawn_as_resolved=withdrawn)
    for scope in scopes:
        keys, _provisional = per_key(period, scope, rules)
        for group_by in GroupBy:
            fast = form06(period=period, group_by=group_by, scope=scope, rules=rules)
            slow = form06_recount(period=period, group_by=group_by, scope=scope, rules=rules)
            assert _cells(fast.lines) == _cells(slow.lines), (scope, group_by)
            assert fast.total == slow.total
            # summing per line in SQL = summing the rows per key in Python
            assert _cells(fast.lines) == _cells(_lines(_fold(keys, group_by), group_by, scope))


def test_a_procedure_line_bears_its_latest_counted_name(world, time_machine):
    agencies, versions, _scopes = world
    time_machine.move_to(f"{TODAY.isoformat()} 21:00 +07:00", tick=False)
    for version in (versions[1], versions[0], versions[0]):
        past_dossier(agency=agencies[0], version=version, received="02/06/2026", due="30/06/2026")
    refresh_summaries()
    for report in (form06, form06_recount):
        lines = report(period=Period.month(2026, 6), group_by=GroupBy.PROCEDURE).lines
        assert [(line.label, line.code, line.row.new) for line in lines] == [
            ("Tên mới", versions[0].procedure.code, 3)
        ]
