"""The dossier engine under concurrency: codes, two officers at once, numbers given back.

Every test runs on SQLite and on PostgreSQL (CI runs the suite on both). On PostgreSQL the
threads really wait on the row locks (`DossierCodeCounter`, the dossier row); on SQLite the
test database is in memory with a shared cache, where a second writer is refused at once
("locked") instead of waiting, so each service call is retried whole — never half-written —
as in `motcua/audit/tests/test_concurrency.py`.

Time is frozen (tick=False) before any thread starts; every thread checks it sees that day.
Two-officer races are orchestrated: the first officer is held inside its transaction right
after it locked the dossier, until the second one is seen waiting for the lock (PostgreSQL:
`pg_stat_activity`; SQLite: refused as "locked"); then the first commits and the second
must be refused in Vietnamese, with nothing written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from motcua.audit.models import AuditEntry
from motcua.audit.selectors import verify_chain
from motcua.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierFile,
    DossierResult,
)
from motcua.dossiers.services import (
    ComponentInput,
    DossierError,
    ResultDocument,
    dossier_assign,
    dossier_complete_step,
    dossier_forward,
    dossier_issue_result,
    dossier_receive,
    dossier_receive_at_counter,
    dossier_stop,
    dossier_submit_online,
    intake,
    processing,
)
from motcua.dossiers.services import _base as base
from motcua.org.models import Role, StaffPosition
from motcua.outbox.models import OutboxMessage
from motcua.testing.dossier_world import World, build_world, pdf_upload, receive_walk_in
from motcua.testing.factories import PositionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = "2026-03-02 08:30 +07:00"  # a Monday
TODAY = date(2026, 3, 2)
PREFIX = "000.00.06.H31-260302-"  # Sở Tư pháp's electronic identifier, the day
THREADS = 8
RECEIPTS = 200
WAIT = 60  # seconds; a safety net against a hang, never a timing assertion
VIETNAMESE = set("ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ")


def _vietnamese(message: str) -> bool:
    return bool(VIETNAMESE & set(message.lower()))


def _retrying(call: Callable[[], Any], on_locked: Callable[[], None] = lambda: None) -> Any:
    """`call()`; on SQLite, again from the start while another writer holds the database."""
    while True:
        try:
            return call()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            on_locked()
            time.sleep(0.001)


class Officer(threading.Thread):
    """One officer's thread: runs `calls` in order and keeps each outcome."""

    def __init__(
        self, name: str, *calls: Callable[[], Any], barrier: threading.Barrier | None = None
    ):
        super().__init__(name=name, daemon=True)
        self.calls = calls
        self.barrier = barrier
        self.outcomes: list[Any] = []  # the service's return value or its DossierError
        self.crash: BaseException | None = None
        self.refused_locked = 0  # SQLite: attempts refused while another writer held the lock
        self.today: date | None = None

    def _locked(self) -> None:
        self.refused_locked += 1

    def run(self) -> None:
        try:
            self.today = timezone.localdate()
            if self.barrier is not None:
                self.barrier.wait(timeout=WAIT)
            for call in self.calls:
                try:
                    self.outcomes.append(_retrying(call, self._locked))
                except DossierError as exc:
                    self.outcomes.append(exc)
        except BaseException as exc:  # reported to the main thread
            self.crash = exc
        finally:
            close_old_connections()
            connection.close()


def _run(*officers: Officer) -> None:
    for officer in officers:
        officer.start()
    _join(*officers)


def _join(*officers: Officer) -> None:
    for officer in officers:
        officer.join(timeout=WAIT)
    assert not any(o.is_alive() for o in officers), "a thread hung"
    assert [o.crash for o in officers if o.crash] == []
    assert {o.today for o in officers} == {TODAY}, "the frozen time did not reach the threads"


@pytest.fixture
def world(request, time_machine) -> World:
    """The dossier world; indirect parametrisation False builds it without internal process."""
    time_machine.move_to(NOW, tick=False)
    return build_world(steps=getattr(request, "param", True))


def _receive_at_counter(
    world: World, officer=None, *, complete: bool = True
) -> Callable[[], Dossier]:
    """A walk-in receipt; incomplete: only the conditional proof, the required form missing."""

    def call() -> Dossier:
        return dossier_receive_at_counter(
            actor=officer or world.counter_officer,
            procedure_code=world.version.procedure.code,
            case_id=world.case.pk,
            receiving_agency=world.stp,
            applicant=world.applicant,
            components=world.components()
            if complete
            else [ComponentInput(world.proof.pk, files=(pdf_upload("cu-tru.pdf"),))],
        )

    return call


def _assert_audit_chain_intact() -> None:
    report = verify_chain()
    assert report.ok and report.checked == AuditEntry.objects.count(), report


# --- 1. codes ---------------------------------------------------------------------------


def test_simultaneous_receipts_at_one_unit_get_distinct_consecutive_codes(world):
    """8 counter officers receive at the same unit at once until 200 dossiers are in."""
    counter = StaffPosition.objects.get(user=world.counter_officer).counter
    officers = [world.counter_officer] + [
        PositionFactory(agency=world.center, role=Role.COUNTER_OFFICER, counter=counter).user
        for _ in range(THREADS - 1)
    ]
    taken = 0
    slots = threading.Lock()

    def receipts(officer) -> Callable[[], Any]:
        receive = _receive_at_counter(world, officer)

        def loop() -> list[str]:
            nonlocal taken
            codes = []
            while True:
                with slots:
                    if taken == RECEIPTS:
                        return codes
                    taken += 1
                codes.append(_retrying(receive).code)

        return loop

    barrier = threading.Barrier(THREADS)
    threads = [Officer(f"quay-{i}", receipts(o), barrier=barrier) for i, o in enumerate(officers)]
    _run(*threads)

    codes = [code for t in threads for code in t.outcomes[0]]
    assert sorted(codes) == [f"{PREFIX}{n:04d}" for n in range(1, RECEIPTS + 1)]
    assert sum(1 for t in threads if t.outcomes[0]) > 1, "the receipts did not interleave"
    assert Dossier.objects.filter(code__startswith=PREFIX, status=2).count() == RECEIPTS
    assert (
        DossierCodeCounter.objects.get(unit_identifier=world.stp.identifier_code, day=TODAY).last
        == RECEIPTS
    )
    receive_events = DossierEvent.objects.filter(action="receive", from_status=None, to_status=2)
    assert receive_events.count() == RECEIPTS
    assert receive_events.values("dossier").distinct().count() == RECEIPTS
    assert AuditEntry.objects.filter(action="dossier.receive").count() == RECEIPTS
    assert set(
        AuditEntry.objects.filter(action="dossier.receive").values_list("object_id", flat=True)
    ) == set(codes)
    assert OutboxMessage.objects.filter(payload__action="receive").count() == RECEIPTS
    assert DossierFile.objects.count() == RECEIPTS
    _assert_audit_chain_intact()


# --- 2. two officers, one dossier --------------------------------------------------------


class HoldAfterLock:
    """Keeps the thread named `holder` inside its transaction right after `lock()` returned
    (the dossier row is locked) until `release` is set."""

    def __init__(self, holder: str) -> None:
        self.holder = holder
        self.inside = threading.Event()
        self.release = threading.Event()

    def wrap(self, real: Callable[..., Dossier]) -> Callable[..., Dossier]:
        def lock(dossier_id: int, seen_version: int | None = None) -> Dossier:
            dossier = real(dossier_id, seen_version)
            if threading.current_thread().name == self.holder and not self.inside.is_set():
                self.inside.set()
                assert self.release.wait(timeout=WAIT), "never released"
            return dossier

        return lock


def _waiting_on_a_lock(second: Officer) -> bool:
    """Whether the second officer is now blocked by the first one's lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0] >= 1
    return second.refused_locked >= 1


def _race(monkeypatch, module, first: Officer, second: Officer) -> None:
    """`first` locks the dossier and holds it; `second` comes while it is held and must wait."""
    hold = HoldAfterLock(first.name)
    monkeypatch.setattr(module, "lock", hold.wrap(base.lock))
    first.start()
    try:
        assert hold.inside.wait(timeout=WAIT), "the first officer never locked the dossier"
        second.start()
        deadline = time.monotonic() + WAIT
        while not _waiting_on_a_lock(second):
            assert second.is_alive(), "the second officer went through while the dossier was locked"
            assert time.monotonic() < deadline, "the second officer never reached the lock"
            time.sleep(0.01)
    finally:
        hold.release.set()
        _join(first, second)


def _one_wins(first: Officer, second: Officer) -> tuple[Dossier, DossierError]:
    [won], [lost] = first.outcomes, second.outcomes
    assert isinstance(won, Dossier), won
    assert isinstance(lost, DossierError), lost
    assert lost.messages and all(_vietnamese(m) for m in lost.messages), lost.messages
    return won, lost


def _submitted_online(world: World) -> Dossier:
    return dossier_submit_online(
        actor=world.citizen,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=world.applicant,
        components=world.components(),
    )


@pytest.fixture
def two_counter_officers(world):
    """The world's counter officer and a colleague at the same counter of the center."""
    counter = StaffPosition.objects.get(user=world.counter_officer).counter
    colleague = PositionFactory(
        agency=world.center, role=Role.COUNTER_OFFICER, counter=counter
    ).user
    return world.counter_officer, colleague


@pytest.mark.parametrize("first_is_colleague", [False, True])
def test_two_counter_officers_receive_the_same_online_dossier_and_one_wins(
    world, two_counter_officers, monkeypatch, first_is_colleague
):
    dossier = _submitted_online(world)
    a, b = reversed(two_counter_officers) if first_is_colleague else two_counter_officers
    first = Officer("first", lambda: dossier_receive(actor=a, dossier_id=dossier.pk))
    second = Officer("second", lambda: dossier_receive(actor=b, dossier_id=dossier.pk))
    _race(monkeypatch, intake, first, second)

    won, lost = _one_wins(first, second)
    assert "Không thể" in lost.messages[0]
    dossier.refresh_from_db()
    assert (dossier.status, dossier.holder, dossier.received_at) == (2, a, won.received_at)
    assert DossierEvent.objects.filter(dossier=dossier, action="receive").count() == 1
    assert AuditEntry.objects.filter(object_id=dossier.code, action="dossier.receive").count() == 1
    assert (
        OutboxMessage.objects.filter(payload__code=dossier.code, payload__action="receive").count()
        == 1
    )
    assert dossier.fees.count() == 1  # the fee line opened once
    _assert_audit_chain_intact()


def test_two_counter_officers_clicking_through_the_same_queue_receive_each_dossier_once(
    world, two_counter_officers
):
    """No orchestration: both start together and receive the same ten dossiers in order."""
    dossiers = [_submitted_online(world) for _ in range(10)]
    barrier = threading.Barrier(2)
    threads = [
        Officer(
            f"quay-{i}",
            *[lambda o=officer, d=d: dossier_receive(actor=o, dossier_id=d.pk) for d in dossiers],
            barrier=barrier,
        )
        for i, officer in enumerate(two_counter_officers)
    ]
    _run(*threads)

    for index, dossier in enumerate(dossiers):
        outcomes = [t.outcomes[index] for t in threads]
        assert sorted(type(o).__name__ for o in outcomes) == ["Dossier", "DossierError"], outcomes
        dossier.refresh_from_db()
        assert dossier.status == 2
        assert DossierEvent.objects.filter(dossier=dossier, action="receive").count() == 1
        assert (
            AuditEntry.objects.filter(object_id=dossier.code, action="dossier.receive").count() == 1
        )
    assert all(
        _vietnamese(m)
        for t in threads
        for o in t.outcomes
        if isinstance(o, DossierError)
        for m in o.messages
    )
    _assert_audit_chain_intact()


@pytest.fixture
def at_appraisal(world) -> Dossier:
    """Status 4, held by the specialist: at step 3 (Thẩm định) of the five-step internal
    process, or without a process, assigned to the specialist by the leader."""
    dossier = receive_walk_in(world, fees_paid=True)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    if world.version.process_steps.exists():
        dossier_assign(actor=world.leader, dossier_id=dossier.pk, to_user=world.leader)
        dossier = dossier_complete_step(
            actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist
        )
        assert dossier.current_step.order == 3
    else:
        dossier = dossier_assign(
            actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist
        )
        assert dossier.current_step is None
    assert (dossier.status, dossier.holder) == (4, world.specialist)
    return dossier


@pytest.mark.parametrize("world", [True, False], ids=["five_steps", "no_process"], indirect=True)
@pytest.mark.parametrize("first_is_leader", [False, True], ids=["specialist_first", "leader_first"])
def test_the_specialist_and_the_leader_complete_the_same_step_at_once_and_one_wins(
    world, at_appraisal, monkeypatch, first_is_leader
):
    """Both hand the specialist's step to the unit head (the leader may act for any holder);
    the dossier moves on once, not twice."""
    dossier = at_appraisal
    step = dossier.current_step
    events_before = DossierEvent.objects.filter(dossier=dossier).count()
    handovers_before = dossier.handovers.count()
    audit_before = AuditEntry.objects.filter(
        object_id=dossier.code, action="dossier.complete_step"
    ).count()
    actors = (
        [world.leader, world.specialist] if first_is_leader else [world.specialist, world.leader]
    )
    first, second = (
        Officer(
            name,
            lambda a=a: dossier_complete_step(
                actor=a, dossier_id=dossier.pk, to_user=world.unit_head
            ),
        )
        for name, a in zip(["first", "second"], actors, strict=True)
    )
    _race(monkeypatch, processing, first, second)

    dossier.refresh_from_db()
    rows = list(
        dossier.handovers.order_by("seq").values_list(
            "kind", "giver__username", "receiver__username"
        )
    )
    assert dossier.handovers.count() == handovers_before + 1, rows  # one control-sheet row
    assert DossierEvent.objects.filter(dossier=dossier).count() == events_before + 1
    _one_wins(first, second)
    assert (dossier.status, dossier.holder) == (4, world.unit_head)
    assert dossier.current_step == (step and world.version.process_steps.get(order=4))
    event = DossierEvent.objects.filter(dossier=dossier).latest("pk")
    assert (event.action, event.actor) == ("complete_step", actors[0])
    assert (
        AuditEntry.objects.filter(object_id=dossier.code, action="dossier.complete_step").count()
        == audit_before + 1
    )
    _assert_audit_chain_intact()


def _result() -> ResultDocument:
    return ResultDocument(
        kind="Giấy chứng nhận",
        number="12/GCN",
        signer="Phạm Văn Lãnh Đạo",
        issued_on=TODAY,
        file=pdf_upload("ket-qua.pdf"),
    )


@pytest.mark.parametrize("first", ["stop", "issue_result"])
def test_a_leader_stopping_while_the_clerk_issues_the_result_leaves_one_outcome(
    world, at_appraisal, monkeypatch, first
):
    dossier = at_appraisal
    events_before = DossierEvent.objects.filter(dossier=dossier).count()
    calls = {
        "stop": lambda: dossier_stop(
            actor=world.leader, dossier_id=dossier.pk, reason="Người nộp hồ sơ đã mất"
        ),
        "issue_result": lambda: dossier_issue_result(
            actor=world.clerk, dossier_id=dossier.pk, result=_result()
        ),
    }
    second = "issue_result" if first == "stop" else "stop"
    a, b = Officer("first", calls[first]), Officer("second", calls[second])
    _race(monkeypatch, processing, a, b)

    _one_wins(a, b)
    dossier.refresh_from_db()
    events = DossierEvent.objects.filter(dossier=dossier)
    assert events.count() == events_before + 1
    assert events.latest("pk").action == first
    audit = AuditEntry.objects.filter(object_id=dossier.code)
    assert audit.filter(action=f"dossier.{first}").count() == 1
    assert not audit.filter(action=f"dossier.{second}").exists()
    if first == "stop":
        assert dossier.status == 8 and dossier.closed_at is not None
        assert dossier.resolved_at is None and dossier.timeliness == ""
        assert not DossierResult.objects.filter(dossier=dossier).exists()
        assert not DossierFile.objects.filter(dossier=dossier, purpose="result").exists()
    else:
        assert dossier.status == 9 and dossier.closed_at is None
        assert dossier.resolved_at is not None and dossier.timeliness
        assert DossierResult.objects.filter(dossier=dossier).count() == 1
    _assert_audit_chain_intact()


# --- 3. a rolled-back receipt gives its number back ----------------------------------------


def _spy_on_reserve_code(monkeypatch) -> list[str]:
    reserved: list[str] = []
    lock = threading.Lock()

    real = base.reserve_code

    def spy(*, agency):
        code = real(agency=agency)
        with lock:
            reserved.append(code)
        return code

    monkeypatch.setattr(base, "reserve_code", spy)
    return reserved


def test_an_incomplete_receipt_is_refused_before_it_takes_a_number(world, monkeypatch):
    reserved = _spy_on_reserve_code(monkeypatch)
    assert _receive_at_counter(world)().code == f"{PREFIX}0001"
    with pytest.raises(DossierError) as refused:
        _receive_at_counter(world, complete=False)()
    assert "thiếu thành phần bắt buộc" in refused.value.messages[0]
    assert reserved == [f"{PREFIX}0001"]  # the code is reserved last, after every check
    assert _receive_at_counter(world)().code == f"{PREFIX}0002"
    assert DossierFile.objects.count() == 2  # the refused receipt's proof is not kept
    _assert_audit_chain_intact()


def test_a_receipt_failing_after_its_code_was_reserved_gives_the_number_back(world, monkeypatch):
    reserved = _spy_on_reserve_code(monkeypatch)
    real_commit = intake.commit
    calls = {"n": 0}

    def failing_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the database went away")
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(intake, "commit", failing_once)
    with pytest.raises(RuntimeError):
        _receive_at_counter(world)()
    assert reserved == [f"{PREFIX}0001"]  # reserved, then rolled back with everything else
    assert not Dossier.objects.exists() and DossierFile.objects.count() == 0
    assert _receive_at_counter(world)().code == f"{PREFIX}0001"
    assert DossierCodeCounter.objects.get(day=TODAY).last == 1
    _assert_audit_chain_intact()


def test_refused_receipts_racing_with_good_ones_leave_no_gap(world, monkeypatch):
    """Two officers receive complete dossiers while two others keep trying incomplete ones:
    refused receipts never take a number, so the good ones' codes run on without a gap."""
    reserved = _spy_on_reserve_code(monkeypatch)
    per_thread = 6
    barrier = threading.Barrier(4)
    threads = [
        Officer(
            f"quay-{i}",
            *[_receive_at_counter(world, complete=complete)] * per_thread,
            barrier=barrier,
        )
        for i, complete in enumerate([True, False, True, False])
    ]
    _run(*threads)

    good = bad = 2 * per_thread
    outcomes = [o for t in threads for o in t.outcomes]
    codes = sorted(o.code for o in outcomes if isinstance(o, Dossier))
    assert codes == [f"{PREFIX}{n:04d}" for n in range(1, good + 1)]
    refusals = [o for o in outcomes if isinstance(o, DossierError)]
    assert len(refusals) == bad
    assert all("thiếu thành phần bắt buộc" in r.messages[0] for r in refusals)
    assert len(reserved) >= good  # refused receipts take no number (SQLite may retry)
    assert DossierCodeCounter.objects.get(day=TODAY).last == good
    assert Dossier.objects.count() == DossierFile.objects.count() == good
    _assert_audit_chain_intact()
