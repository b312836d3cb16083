"""Benchmark: due-date computations per second, next to a bare Python loop.

Run from the repository root:  python bench/due_date.py

Stdlib only. It times `compute_deadline` over a realistic mix of requests (working days
1-30 with some half days, working hours, calendar days, both policies, some closed and
open pauses) and a bare loop doing the same number of `datetime + timedelta` operations,
then prints both rates and their ratio. The trail is lazy, so building it is timed apart.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from motcua.domain.deadlines import (
    FINANCIAL_OBLIGATION,
    SUPPLEMENT,
    VN_TZ,
    Deadline,
    DeadlinePolicy,
    DurationUnit,
    Pause,
    compute_deadline,
)
from motcua.domain.workdays import WorkCalendar

SIZE = 100_000
ROUNDS = 3

# Weekday days off for civil servants, 2025-2026 (see tests/domain/calendars.py).
DAYS_OFF = {
    d: "nghỉ"
    for d in [
        date(2025, 1, 1),
        *(date(2025, 1, day) for day in range(27, 32)),
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2026, 1, 1),
        date(2026, 1, 2),
        *(date(2026, 2, day) for day in range(16, 21)),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),
        date(2026, 9, 1),
        date(2026, 9, 2),
    ]
}
MAKE_UP = {d: "làm bù" for d in (date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22))}
CALENDAR = WorkCalendar(days_off=DAYS_OFF, extra_working_days=MAKE_UP)


class Request(NamedTuple):
    received: datetime
    amount: int | Decimal
    unit: DurationUnit
    policy: DeadlinePolicy
    pauses: tuple[Pause, ...]


def due(r: Request) -> Deadline:
    """One full due-date computation."""
    return compute_deadline(
        received_at=r.received,
        amount=r.amount,
        unit=r.unit,
        calendar=CALENDAR,
        policy=r.policy,
        pauses=r.pauses,
    )


def make_requests(rng: random.Random) -> list[Request]:
    """The mix: 70 % working days, 15 % hours, 15 % calendar days; 10 % with pauses."""
    start = datetime(2025, 1, 2, tzinfo=VN_TZ)
    requests: list[Request] = []
    for _ in range(SIZE):
        received = start + timedelta(minutes=rng.randrange(600 * 24 * 60))
        roll = rng.random()
        if roll < 0.70:
            unit, amount = DurationUnit.WORKING_DAYS, _working_days(rng)
        elif roll < 0.85:
            unit, amount = DurationUnit.WORKING_HOURS, rng.choice([4, 8, 12, 16, 24, 40])
        else:
            unit, amount = DurationUnit.CALENDAR_DAYS, rng.randint(1, 30)
        policy = rng.choice(list(DeadlinePolicy))
        requests.append(Request(received, amount, unit, policy, _pauses(rng, received)))
    return requests


def _working_days(rng: random.Random) -> int | Decimal:
    """1-30 working days, one in ten with a half day."""
    days = rng.randint(1, 30)
    return Decimal(days) - Decimal("0.5") if rng.random() < 0.1 else days


def _pauses(rng: random.Random, received: datetime) -> tuple[Pause, ...]:
    """No pause (90 %), a closed supplement pause (8 %) or an open financial one (2 %)."""
    roll = rng.random()
    if roll >= 0.10:
        return ()
    start = received + timedelta(hours=rng.randint(1, 72))
    if roll < 0.08:
        return (Pause(start, start + timedelta(hours=rng.randint(2, 240)), SUPPLEMENT),)
    return (Pause(start, None, FINANCIAL_OBLIGATION),)


def best_of(rounds: int, body: Callable[[], None]) -> float:
    """The fastest of `rounds` timings of `body`, in seconds."""
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        body()
        timings.append(time.perf_counter() - began)
    return min(timings)


def build_requests() -> list[Request]:
    return make_requests(random.Random(20260217))


def engine_rate(requests: list[Request]) -> float:
    """Due dates per second (one pass, timed once: the harness interleaves the passes)."""
    started = time.perf_counter()
    for request in requests:
        due(request)
    return len(requests) / (time.perf_counter() - started)


def bare_rate(size: int) -> float:
    """`datetime + timedelta` per second over `size` moments: the bare loop."""
    moments = [r.received for r in make_requests(random.Random(20260217))[:size]]
    one_day = timedelta(days=1)
    started = time.perf_counter()
    for moment in moments:
        _ = moment + one_day
    return len(moments) / (time.perf_counter() - started)


def main() -> None:
    """Time the engine, the bare loop and lazy trails; print the figures."""
    requests = make_requests(random.Random(20260217))
    moments = [r.received for r in requests]
    one_day = timedelta(days=1)

    def engine() -> None:
        for request in requests:
            due(request)

    def bare_loop() -> None:
        for moment in moments:
            _ = moment + one_day

    sample = [due(r) for r in requests[:2_000]]

    def trails() -> None:
        for deadline in sample:
            deadline.__dict__.pop("trail", None)  # drop the cached trail
            [entry.text for entry in deadline.trail]

    engine_s = best_of(ROUNDS, engine)
    bare_s = best_of(ROUNDS, bare_loop)
    trail_s = best_of(ROUNDS, trails)
    engine_rate, bare_rate = SIZE / engine_s, SIZE / bare_s
    print(f"Python {sys.version.split()[0]}, {SIZE:,} requests, best of {ROUNDS}")
    print(f"  due dates (compute_deadline)   {engine_rate:>14,.0f} /s  {engine_s:.3f} s")
    print(f"  bare loop (datetime+timedelta) {bare_rate:>14,.0f} /s  {bare_s:.3f} s")
    print(f"  ratio bare / due date          {bare_rate / engine_rate:>14.1f} x")
    print(f"  trails built and rendered      {len(sample) / trail_s:>14,.0f} /s")
    print("  target: >= 100,000 due dates /s on one core")


if __name__ == "__main__":
    main()
