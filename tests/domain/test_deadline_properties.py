"""Property-based tests (hypothesis) of the working calendar and the deadline engine.

They run on the real 2023-2027 calendar, with and without a reception cut-off, both
policies and all three units. The "domain" profile keeps them fast (modest examples, no
example database written into the repository).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.domain.deadlines import (
    SUPPLEMENT,
    VN_TZ,
    Deadline,
    DeadlinePolicy,
    DurationUnit,
    Pause,
    compute_deadline,
)
from motcua.domain.workdays import WorkCalendar
from tests.domain.calendars import CIVIL_SERVICE, DAYS_OFF, EXTRA_WORKING_DAYS

settings.register_profile("domain", max_examples=60, deadline=None, database=None, print_blob=True)
DOMAIN = settings.get_profile("domain")

CUTOFF_15 = WorkCalendar(days_off=DAYS_OFF, extra_working_days=EXTRA_WORKING_DAYS, cutoff=time(15))

calendars = st.sampled_from([CIVIL_SERVICE, CUTOFF_15])
policies = st.sampled_from(DeadlinePolicy)
days = st.dates(date(2023, 1, 1), date(2027, 6, 30))
moments = st.builds(
    lambda d, minute: datetime.combine(d, time(), VN_TZ) + timedelta(minutes=minute),
    days,
    st.integers(0, 24 * 60 - 1),
)


@st.composite
def amounts(draw: st.DrawFn, unit: DurationUnit, least: int = 0) -> Decimal:
    """A processing time: ½ days, ¼ hours, or whole calendar days (at least `least` days)."""
    if unit == DurationUnit.WORKING_DAYS:
        return Decimal(draw(st.integers(2 * least, 60))) / 2
    if unit == DurationUnit.WORKING_HOURS:
        return Decimal(draw(st.integers(32 * least, 4 * 8 * 30))) / 4
    return Decimal(draw(st.integers(least, 40)))


@st.composite
def requests(draw: st.DrawFn) -> dict[str, object]:
    """Keyword arguments of a random `compute_deadline` call without pauses."""
    unit = draw(st.sampled_from(DurationUnit))
    return {
        "received_at": draw(moments),
        "amount": draw(amounts(unit)),
        "unit": unit,
        "calendar": draw(calendars),
        "policy": draw(policies),
    }


def run(**kwargs: object) -> Deadline:
    return compute_deadline(**kwargs)  # type: ignore[arg-type]


@DOMAIN
@given(requests())
def test_the_due_date_is_never_a_day_off(request: dict[str, object]) -> None:
    deadline = run(**request)
    calendar = request["calendar"]
    assert isinstance(calendar, WorkCalendar)
    assert calendar.is_working_day(deadline.due.date())
    assert calendar.is_working_day(deadline.legal_due.date())


@DOMAIN
@given(requests())
def test_the_due_is_never_before_receipt(request: dict[str, object]) -> None:
    deadline = run(**request)
    assert deadline.due >= deadline.legal_due >= request["received_at"]  # type: ignore[operator]


@DOMAIN
@given(requests(), moments)
def test_a_later_receipt_is_never_due_earlier(request: dict[str, object], other: datetime) -> None:
    first, second = sorted([request["received_at"], other])  # type: ignore[type-var]
    assert (
        run(**(request | {"received_at": first})).due
        <= run(**(request | {"received_at": second})).due
    )


@DOMAIN
@given(days, st.integers(0, 40), st.integers(0, 40), calendars)
def test_adding_a_then_b_working_days_equals_adding_a_plus_b(
    start: date, a: int, b: int, calendar: WorkCalendar
) -> None:
    once = calendar.add_working_days(start, a + b)
    assert calendar.add_working_days(calendar.add_working_days(start, a), b) == once
    assert calendar.working_days_between(start, once) == a + b


@DOMAIN
@given(days, st.integers(-40, 40))
def test_adding_working_days_matches_a_day_by_day_walk(start: date, n: int) -> None:
    day, left, step = start, abs(n), timedelta(days=1 if n >= 0 else -1)
    while left:
        day += step
        left -= CIVIL_SERVICE.is_working_day(day)
    assert CIVIL_SERVICE.add_working_days(start, n) == day


@st.composite
def paused_requests(draw: st.DrawFn) -> tuple[dict[str, object], int]:
    """A working-time request of at least 4 days, and a whole number of days to pause."""
    unit = draw(st.sampled_from([DurationUnit.WORKING_DAYS, DurationUnit.WORKING_HOURS]))
    request = draw(requests()) | {"unit": unit, "amount": draw(amounts(unit, least=4))}
    return request, draw(st.integers(1, 15))


@DOMAIN
@given(paused_requests())
def test_a_pause_of_k_working_days_moves_the_due_by_k_working_days(
    drawn: tuple[dict[str, object], int],
) -> None:
    request, k = drawn
    calendar = request["calendar"]
    assert isinstance(calendar, WorkCalendar)
    received = request["received_at"]
    assert isinstance(received, datetime)
    first = calendar.add_working_days(received.date(), 2)  # after any start of the clock
    last = calendar.add_working_days(first, k)
    opening = calendar.periods[0][0]
    stop = Pause(
        datetime.combine(first, opening, VN_TZ),
        datetime.combine(last, opening, VN_TZ),
        SUPPLEMENT,
    )
    before = run(**request)
    after = run(**request, pauses=[stop])
    assert after.due.date() == calendar.add_working_days(before.due.date(), k)
    assert after.due.time() == before.due.time()


@st.composite
def eventful_requests(draw: st.DrawFn) -> dict[str, object]:
    """A request with maybe a pause (closed or open) and maybe a re-appointment."""
    request = draw(requests())
    received = request["received_at"]
    assert isinstance(received, datetime)
    if draw(st.booleans()):
        start = received + timedelta(minutes=draw(st.integers(0, 30 * 24 * 60)))
        length = draw(st.none() | st.integers(0, 20 * 24 * 60))
        end = None if length is None else start + timedelta(minutes=length)
        request["pauses"] = [Pause(start, end, SUPPLEMENT)]
    if draw(st.booleans()):
        legal = run(**request).legal_due
        calendar = request["calendar"]
        assert isinstance(calendar, WorkCalendar)
        later = calendar.add_working_days(legal.date(), draw(st.integers(1, 10)))
        request["reappointed_due"] = datetime.combine(later, time(17), VN_TZ)
    return request


@DOMAIN
@given(eventful_requests())
def test_the_trail_explains_every_calendar_day(request: dict[str, object]) -> None:
    deadline = run(**request)
    received = request["received_at"]
    assert isinstance(received, datetime)
    explained = {entry.day for entry in deadline.trail}
    first, last = received.date().toordinal(), deadline.due.date().toordinal()
    assert {date.fromordinal(o) for o in range(first, last + 1)} <= explained
    assert all(entry.text for entry in deadline.trail)
    dues = [entry for entry in deadline.trail if entry.kind == "due"]
    assert [entry.day for entry in dues] == [deadline.due.date()]
