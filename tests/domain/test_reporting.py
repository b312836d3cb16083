"""Counting rules of form 06 (motcua.domain.reporting): tables, then properties."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.domain.reporting import (
    CountingRules,
    Ending,
    Flow,
    History,
    OpenCounts,
    OpenState,
    Period,
    Row,
    classify,
    ending_flow,
    receipt_flow,
    row_from_aggregates,
)

settings.register_profile("reporting", max_examples=150, deadline=None, database=None)
REPORTING = settings.get_profile("reporting")

D = date
Q1 = Period(D(2026, 1, 1), D(2026, 3, 31))
THANH_HOA = CountingRules(withdrawn_as_resolved=True)


# --- periods -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period.month(2026, 2), D(2026, 2, 1), D(2026, 2, 28)),
        (Period.month(2028, 2), D(2028, 2, 1), D(2028, 2, 29)),
        (Period.quarter(2026, 1), D(2026, 1, 1), D(2026, 3, 31)),
        (Period.quarter(2026, 4), D(2026, 10, 1), D(2026, 12, 31)),
        (Period.half(2026, 2), D(2026, 7, 1), D(2026, 12, 31)),
        (Period.nine_months(2026), D(2026, 1, 1), D(2026, 9, 30)),
        (Period.year(2026), D(2026, 1, 1), D(2026, 12, 31)),
        # the government reporting cut-off: 15th of the month before → 14th (SPEC §12.1)
        (Period.reporting_quarter(2026, 1), D(2025, 12, 15), D(2026, 3, 14)),
        (Period.reporting_quarter(2026, 3), D(2026, 6, 15), D(2026, 9, 14)),
        (Period.reporting_month(2026, 1), D(2025, 12, 15), D(2026, 1, 14)),
        (Period.reporting_half(2026, 1), D(2025, 12, 15), D(2026, 6, 14)),
        (Period.reporting_half(2026, 2), D(2026, 6, 15), D(2026, 12, 14)),
        (Period.reporting_nine_months(2026), D(2025, 12, 15), D(2026, 9, 14)),
        (Period.reporting_year(2026), D(2025, 12, 15), D(2026, 12, 14)),
    ],
)
def test_periods(period: Period, start: date, end: date) -> None:
    assert (period.start, period.end) == (start, end)


def test_period_previous_and_bad_input() -> None:
    assert Period.month(2026, 3).previous() == Period(D(2026, 1, 29), D(2026, 2, 28))
    with pytest.raises(ValueError, match="quarter"):
        Period.quarter(2026, 5)
    with pytest.raises(ValueError):
        Period(D(2026, 2, 2), D(2026, 2, 1))


# --- one dossier, one period: every cell --------------------------------------------------
def _h(received: date, *, online: bool = False, due: date | None = None, **kw: object) -> History:
    return History(received_on=received, online=online, due_on=due, **kw)  # type: ignore[arg-type]


def _cells(row: Row) -> dict[str, int]:
    return {k: v for k, v in row.as_dict().items() if v}


@pytest.mark.parametrize(
    ("history", "cells"),
    [
        # received in the period, by channel
        (
            _h(D(2026, 1, 5), online=True, due=D(2026, 6, 1)),
            {"new_online": 1, "processing_within": 1},
        ),
        (_h(D(2026, 1, 5), due=D(2026, 6, 1)), {"new_direct": 1, "processing_within": 1}),
        # resolved: early / on time / late, by local date against the due date
        (
            _h(D(2026, 1, 5), due=D(2026, 1, 20), ended_on=D(2026, 1, 19), ending=Ending.EARLY),
            {"new_direct": 1, "resolved_early": 1},
        ),
        (
            _h(D(2026, 1, 5), due=D(2026, 1, 20), ended_on=D(2026, 1, 20), ending=Ending.ON_TIME),
            {"new_direct": 1, "resolved_on_time": 1},
        ),
        (
            _h(D(2026, 1, 5), due=D(2026, 1, 20), ended_on=D(2026, 2, 2), ending=Ending.LATE),
            {"new_direct": 1, "resolved_late": 1},
        ),
        # carried over: received before, still open at the start
        (_h(D(2025, 12, 20), due=D(2026, 1, 10)), {"carried_over": 1, "processing_overdue": 1}),
        (
            _h(D(2025, 12, 20), due=D(2026, 1, 10), ended_on=D(2026, 1, 8), ending=Ending.EARLY),
            {"carried_over": 1, "resolved_early": 1},
        ),
        # resolved on the last day before the period: not in the report at all
        (
            _h(
                D(2025, 12, 1), due=D(2025, 12, 31), ended_on=D(2025, 12, 31), ending=Ending.ON_TIME
            ),
            {},
        ),
        # received after the period: nothing
        (_h(D(2026, 4, 1), due=D(2026, 4, 9)), {}),
        # resolved after the period: still in process at its end
        (
            _h(D(2026, 3, 2), due=D(2026, 3, 31), ended_on=D(2026, 4, 3), ending=Ending.LATE),
            {"new_direct": 1, "processing_within": 1},
        ),
        # due on the last day of the period: within time at its end
        (_h(D(2026, 3, 2), due=D(2026, 3, 31)), {"new_direct": 1, "processing_within": 1}),
        (_h(D(2026, 3, 2), due=D(2026, 3, 30)), {"new_direct": 1, "processing_overdue": 1}),
        # paused at the end (supplement): suspended, even past its due date
        (
            _h(D(2026, 3, 2), due=D(2026, 3, 10), pauses=((D(2026, 3, 5), None),)),
            {"new_direct": 1, "paused": 1},
        ),
        # a pause that ended before the end of the period no longer counts
        (
            _h(D(2026, 3, 2), due=D(2026, 4, 10), pauses=((D(2026, 3, 5), D(2026, 3, 12)),)),
            {"new_direct": 1, "processing_within": 1},
        ),
        # stopped or withdrawn in the period: suspended (ended without a result)
        (
            _h(D(2026, 2, 2), due=D(2026, 3, 1), ended_on=D(2026, 2, 9), ending=Ending.STOPPED),
            {"new_direct": 1, "ended": 1},
        ),
        (
            _h(D(2026, 2, 2), due=D(2026, 3, 1), ended_on=D(2026, 2, 9), ending=Ending.WITHDRAWN),
            {"new_direct": 1, "ended": 1},
        ),
    ],
)
def test_classify_cells(history: History, cells: dict[str, int]) -> None:
    assert _cells(classify(history, Q1)) == cells


@pytest.mark.parametrize(
    ("ended_on", "cell"),
    [
        (D(2026, 2, 9), "resolved_early"),
        (D(2026, 3, 1), "resolved_on_time"),
        (D(2026, 3, 2), "resolved_late"),
    ],
)
def test_withdrawn_as_resolved_is_a_rule(ended_on: date, cell: str) -> None:
    history = _h(D(2026, 2, 2), due=D(2026, 3, 1), ended_on=ended_on, ending=Ending.WITHDRAWN)
    assert _cells(classify(history, Q1, THANH_HOA)) == {"new_direct": 1, cell: 1}
    assert _cells(classify(history, Q1)) == {"new_direct": 1, "ended": 1}


def test_history_rejects_impossible_lives() -> None:
    with pytest.raises(ValueError):
        History(
            received_on=D(2026, 1, 2), online=False, ended_on=D(2026, 1, 1), ending=Ending.EARLY
        )
    with pytest.raises(ValueError):
        History(received_on=D(2026, 1, 2), online=False, ended_on=D(2026, 1, 3))
    with pytest.raises(ValueError):
        History(received_on=D(2026, 1, 2), online=False, pauses=((D(2026, 1, 1), None),))


def test_rates() -> None:
    row = Row(new_online=3, new_direct=1, resolved_early=1, resolved_on_time=2, resolved_late=1)
    assert row.on_time_rate == 0.75
    assert row.online_rate == 0.75
    assert Row().on_time_rate is None and Row().online_rate is None


# --- properties ----------------------------------------------------------------------------
BASE = D(2025, 10, 1)


@st.composite
def histories(draw: st.DrawFn) -> History:
    received = BASE + timedelta(days=draw(st.integers(0, 240)))
    due = draw(st.none() | st.integers(0, 60).map(lambda n: received + timedelta(days=n)))
    ended_on = ending = None
    if draw(st.booleans()):
        ended_on = received + timedelta(days=draw(st.integers(0, 120)))
        ending = draw(st.sampled_from(Ending))
    limit = ended_on or received + timedelta(days=150)
    pauses = []
    cursor = received
    for _ in range(draw(st.integers(0, 2))):
        start = cursor + timedelta(days=draw(st.integers(0, 20)))
        if start > limit:
            break
        open_pause = ended_on is None and draw(st.booleans())
        end = None if open_pause else min(limit, start + timedelta(days=draw(st.integers(0, 15))))
        pauses.append((start, end))
        if end is None:
            break
        cursor = end
    return History(
        received_on=received,
        online=draw(st.booleans()),
        due_on=due,
        ended_on=ended_on,
        ending=ending,
        pauses=tuple(pauses),
    )


periods = st.builds(
    lambda start, length: Period(
        BASE + timedelta(days=start), BASE + timedelta(days=start + length)
    ),
    st.integers(0, 300),
    st.integers(0, 120),
)
rules = st.sampled_from([CountingRules(), THANH_HOA])


@REPORTING
@given(st.lists(histories(), max_size=40), periods, rules)
def test_identities_hold_for_any_history(
    hs: list[History], period: Period, r: CountingRules
) -> None:
    rows = [classify(h, period, r) for h in hs]
    for row in rows:
        assert row.identities_hold()
        assert sum(row.as_dict().values()) in (0, 2)  # one receipt cell and one outcome cell
    total = Row.total(rows)
    assert total.identities_hold()
    assert total.resolved == total.resolved_early + total.resolved_on_time + total.resolved_late


def _aggregate(hs: list[History], period: Period, r: CountingRules) -> Row:
    """The report the way the summary tables compute it: states on two days plus flows."""
    before, after = OpenCounts(), OpenCounts()
    flows: Counter[Flow] = Counter()
    for h in hs:
        if (state := h.state_at_end_of(period.start - timedelta(days=1))) is not None:
            before.add(state)
        if (state := h.state_at_end_of(period.end)) is not None:
            after.add(state)
        if period.start <= h.received_on <= period.end:
            flows[receipt_flow(h)] += 1
        if h.ended_on is not None and period.start <= h.ended_on <= period.end:
            flows[ending_flow(h)] += 1
    return row_from_aggregates(before=before, flows=dict(flows), after=after, rules=r)


@REPORTING
@given(st.lists(histories(), max_size=40), periods, rules)
def test_flows_and_states_give_the_same_report(
    hs: list[History], period: Period, r: CountingRules
) -> None:
    assert _aggregate(hs, period, r) == Row.total(classify(h, period, r) for h in hs)


@REPORTING
@given(histories())
def test_state_changes_replay_every_day(h: History) -> None:
    changes = list(h.state_changes())
    assert changes[0] == (h.received_on, h.state_at_end_of(h.received_on))
    assert [d for d, _ in changes] == sorted({d for d, _ in changes})
    current: OpenState | None = None
    index = 0
    for offset in range(-2, 200):
        day = h.received_on + timedelta(days=offset)
        while index < len(changes) and changes[index][0] <= day:
            current = changes[index][1]
            index += 1
        assert current == h.state_at_end_of(day), day
