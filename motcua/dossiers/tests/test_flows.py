"""Whole dossier paths through the engine, one test per path (SPEC §2.3–2.4, §11.5).

Each test walks a dossier through the services on a frozen clock and checks, after every
step, the status and sub-state, and the due moments computed by hand from the 2026
calendar (holidays seeded by `holidays_seed`; working periods 07:00–11:30 and 13:30–17:00,
policy A "hour-exact": N working days later at the same clock time). At the end it checks
the process control sheet (one `Handover` row per change of hands, with the giver's budget
and whether the giver was early, on time or late, by local date) and the trail: the
timeline events in order with their statuses, one audit entry per action and an outbox
message for every action the applicant hears about.

The world (`motcua.testing.dossier_world`): a service center whose counter receives for
Sở Tư pháp (stp), Sở Xây dựng (sxd) for inter-agency work, a published procedure of
5 working days with components "Tờ khai theo mẫu" (required) and "Giấy tờ chứng minh nơi
cư trú" (conditional), and a five-step internal process: counter 4 h, leader assigns 4 h,
specialist appraises 16 h, unit head reviews 8 h, leader approves 4 h.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.audit.models import AuditEntry
from motcua.catalog.models import Component
from motcua.domain.workflow import RULES_2025, FormKind
from motcua.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierFile,
    DossierPause,
)
from motcua.dossiers.services import (
    Applicant,
    ComponentInput,
    DossierError,
    RequestItem,
    ResultDocument,
    dossier_apologise,
    dossier_assign,
    dossier_complete_step,
    dossier_confirm_financial_obligation,
    dossier_decide_withdrawal,
    dossier_expire_supplement,
    dossier_forward,
    dossier_hand_to_post,
    dossier_issue_result,
    dossier_receive,
    dossier_receive_interagency,
    dossier_receive_supplement,
    dossier_refuse,
    dossier_refuse_walk_in,
    dossier_register_postal,
    dossier_request_completion,
    dossier_request_financial_obligation,
    dossier_request_supplement,
    dossier_request_withdrawal,
    dossier_return_result,
    dossier_send_interagency,
    dossier_stop,
    dossier_submit_online,
    guidance_issue,
)
from motcua.outbox.models import OutboxMessage
from motcua.testing.catalog_factories import VersionFactory
from motcua.testing.dossier_world import World, build_world, pdf_upload, receive_walk_in
from motcua.workcal.services import holidays_seed

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
STP_CODE = "000.00.06.H31"  # Sở Tư pháp's electronic identifier: prefix of its dossier codes


# --------------------------------------------------------------------------- helpers


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in Vietnamese local time."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def clock(time_machine):
    """Freeze the clock at a local moment: ``clock("2026-03-02 08:30")``."""

    def move(moment: str) -> None:
        time_machine.move_to(f"{moment} +07:00", tick=False)

    return move


@pytest.fixture
def world(clock) -> World:
    """The world of the module docstring, with the 2026 holidays seeded (Sunday 01/03)."""
    clock("2026-03-01 08:00")
    holidays_seed(actor=None, years=range(2026, 2027))
    return build_world()


def state(dossier: Dossier) -> tuple[int, str]:
    """(status, sub-state) as stored."""
    row = Dossier.objects.get(pk=dossier.pk)
    return row.status, row.sub_state


def dues(dossier: Dossier) -> tuple[datetime | None, datetime | None, datetime | None]:
    """(due_at, legal_due_at, reappointed_at) as stored."""
    row = Dossier.objects.get(pk=dossier.pk)
    return row.due_at, row.legal_due_at, row.reappointed_at


def control_sheet(dossier: Dossier) -> list[tuple]:
    """Rows of the control sheet: (seq, kind, giver, giver agency, receiver, receiver agency,
    the giver's budget, the giver's result)."""
    return [
        (h.seq, h.kind, h.giver, h.giver_agency, h.receiver, h.receiver_agency,
         h.giver_due_at, h.result)
        for h in dossier.handovers.order_by("seq")
    ]  # fmt: skip


def timeline(dossier: Dossier) -> list[tuple[str, int | None, int]]:
    """The timeline: (action, from status, to status) in order."""
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("at", "id")
        .values_list("action", "from_status", "to_status")
    )


def assert_trail(
    dossier: Dossier, expected: list[tuple[str, int | None, int]], *, silent: set[str]
) -> None:
    """The timeline is `expected`; every event has exactly one outbox message, which
    notifies the applicant unless its action is `silent`; and every event has its audit
    entry (same order, same statuses)."""
    assert timeline(dossier) == expected
    for event in DossierEvent.objects.filter(dossier=dossier):
        message = OutboxMessage.objects.get(idempotency_key=f"{dossier.code}:event:{event.pk}")
        assert message.topic == "dossier.event"
        assert message.payload["action"] == event.action
        assert message.payload["notify"] is (event.action not in silent), event.action
    assert OutboxMessage.objects.filter(payload__code=dossier.code).count() == len(expected)
    audit = AuditEntry.objects.filter(object_type="dossiers.dossier", object_id=dossier.code)
    audit = audit.exclude(action="dossier.extra_request_note").order_by("sequence")
    assert [(a.action, a.data["from"], a.data["to"]) for a in audit] == [
        (f"dossier.{action}", before, after) for action, before, after in expected
    ]


def vietnamese(error: pytest.ExceptionInfo[DossierError], fragment: str) -> None:
    """The refusal is a `DossierError` whose message contains the Vietnamese `fragment`."""
    assert any(fragment in message for message in error.value.messages), error.value.messages


def result_document(issued_on: date, *, with_file: bool = True) -> ResultDocument:
    return ResultDocument(
        kind="Giấy chứng nhận",
        number="12/GCN-STP",
        signer="Phạm Văn Lãnh Đạo",
        issued_on=issued_on,
        file=pdf_upload("ket-qua.pdf") if with_file else None,
    )


def proof_item(world: World) -> list[RequestItem]:
    return [RequestItem(world.proof.pk, "Bổ sung giấy xác nhận thông tin về cư trú")]


def proof_supplement(world: World) -> list[ComponentInput]:
    return [ComponentInput(world.proof.pk, originals=1, files=(pdf_upload("cu-tru.pdf"),))]


def submit_online(world: World) -> Dossier:
    """The citizen of the world submits online, with the required form attached."""
    return dossier_submit_online(
        actor=world.citizen,
        procedure_code=world.version.procedure.code,
        case_id=world.case.pk,
        receiving_agency=world.stp,
        applicant=world.applicant,
        components=world.components(),
    )


def to_specialist(world: World, dossier: Dossier, clock, *, forward_at: str, hand_at: str) -> None:
    """The counter forwards to stp (step 2, the leader's 4 h), then the leader hands the
    dossier to the specialist (step 3, 16 working hours)."""
    clock(forward_at)
    dossier_forward(actor=world.counter_officer, dossier_id=dossier.pk)
    clock(hand_at)
    dossier_complete_step(actor=world.leader, dossier_id=dossier.pk, to_user=world.specialist)


# --------------------------------------------------------------------------- (a) counter


def test_counter_receipt_two_agencies_supplement_result_and_return_at_the_counter(world, clock):
    w = world
    clock("2026-03-02 08:30")  # Monday
    d = receive_walk_in(w, fees_paid=True)
    # 5 working days from Mon 02/03 08:30: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 → 09/03 08:30.
    due = vn(2026, 3, 9, 8, 30)
    assert state(d) == (2, "") and dues(d) == (due, due, None)
    assert d.code.startswith(f"{STP_CODE}-260302-") and d.channel == 1
    assert d.received_at == vn(2026, 3, 2, 8, 30) and d.rule_set == "2025"
    assert list(d.fees.values_list("amount_vnd", "paid_at")) == [(50_000, vn(2026, 3, 2, 8, 30))]

    clock("2026-03-02 09:00")
    dossier_forward(actor=w.counter_officer, dossier_id=d.pk)
    assert state(d) == (4, "")
    clock("2026-03-02 09:30")
    dossier_assign(actor=w.leader, dossier_id=d.pk, to_user=w.unit_head)
    assert state(d) == (4, "")
    clock("2026-03-02 10:00")
    dossier_complete_step(actor=w.unit_head, dossier_id=d.pk, to_user=w.specialist)
    assert state(d) == (4, "")

    # Inter-agency: sxd gets 2 working days of its own, Mon 14:00 → Wed 04/03 14:00.
    clock("2026-03-02 14:00")
    dossier_send_interagency(actor=w.specialist, dossier_id=d.pk, to_agency=w.sxd, working_days=2)
    d.refresh_from_db()
    assert state(d) == (4, "interoperating")
    assert (d.current_agency, d.holder, d.hold_due_at) == (w.sxd, None, vn(2026, 3, 4, 14, 0))
    clock("2026-03-03 16:00")
    dossier_receive_interagency(actor=w.sxd_specialist, dossier_id=d.pk, note="Thống nhất")
    d.refresh_from_db()
    assert state(d) == (4, "")
    # Back to the specialist who sent it, with the rest of the specialist's own budget.
    assert (d.current_agency, d.holder, d.hold_due_at) == (w.stp, w.specialist, vn(2026, 3, 4, 10))
    assert dues(d) == (due, due, None)  # the inter-agency step counts within the same time

    # Supplement: the clock stops Wed 04/03 09:00 and restarts Fri 06/03 09:00, 16 working
    # hours later, so the due moment moves by 2 working days: Mon 09/03 → Wed 11/03 08:30.
    clock("2026-03-04 09:00")
    dossier_request_supplement(
        actor=w.specialist, dossier_id=d.pk, items=proof_item(w), reason="Thiếu giấy tờ cư trú"
    )
    d.refresh_from_db()
    assert state(d) == (5, "") and d.paused_since == vn(2026, 3, 4, 9)
    assert dues(d) == (due, due, None)  # provisional while the clock is stopped
    clock("2026-03-06 09:00")
    dossier_receive_supplement(
        actor=w.counter_officer, dossier_id=d.pk, components=proof_supplement(w)
    )
    d.refresh_from_db()
    moved = vn(2026, 3, 11, 8, 30)
    assert state(d) == (4, "") and d.paused_since is None
    assert dues(d) == (moved, moved, None)
    pause = DossierPause.objects.get(dossier=d)
    assert (pause.kind, pause.started_at, pause.ended_at) == (
        "supplement", vn(2026, 3, 4, 9), vn(2026, 3, 6, 9),
    )  # fmt: skip
    assert (pause.due_before, pause.due_after) == (due, moved)
    assert d.files.filter(purpose="supplement").count() == 1

    clock("2026-03-06 10:30")
    dossier_complete_step(actor=w.specialist, dossier_id=d.pk, to_user=w.unit_head)
    clock("2026-03-10 09:00")  # the unit head's 8 h ran out Mon 09/03 10:30: late
    dossier_complete_step(actor=w.unit_head, dossier_id=d.pk, to_user=w.leader)
    assert state(d) == (4, "")

    clock("2026-03-10 10:00")
    dossier_issue_result(actor=w.leader, dossier_id=d.pk, result=result_document(date(2026, 3, 10)))
    d.refresh_from_db()
    assert state(d) == (9, "") and d.resolved_at == vn(2026, 3, 10, 10)
    assert d.timeliness == "early"  # 10/03 before the legal due date 11/03
    assert d.result.file.purpose == "result" and d.result.file.content_type == "application/pdf"

    clock("2026-03-11 08:00")
    dossier_return_result(
        actor=w.counter_officer, dossier_id=d.pk, via="counter",
        recipient_name="Nguyễn Văn An", recipient_identity="034090001234",
    )  # fmt: skip
    d.refresh_from_db()
    assert state(d) == (10, "") and dues(d) == (moved, moved, None)
    assert (d.returned_at, d.returned_via, d.recipient_name) == (
        vn(2026, 3, 11, 8), "counter", "Nguyễn Văn An",
    )  # fmt: skip

    # Step budgets: counter 4 h from 08:30 → 14:30; leader 4 h from 09:00 → 15:00;
    # specialist 16 h from Mon 10:00 → Wed 10:00, moved by the 2-day pause → Fri 06/03 10:00;
    # unit head 8 h from Fri 10:30 → Mon 09/03 10:30; leader 4 h from Tue 09:00 → 15:00.
    assert control_sheet(d) == [
        (1, "forward", w.counter_officer, w.stp, None, w.stp, vn(2026, 3, 2, 14, 30), "on_time"),
        (2, "assign", w.leader, w.stp, w.unit_head, w.stp, vn(2026, 3, 2, 15), "on_time"),
        (3, "complete_step", w.unit_head, w.stp, w.specialist, w.stp, vn(2026, 3, 2, 15),
         "on_time"),
        (4, "send_interagency", w.specialist, w.stp, None, w.sxd, vn(2026, 3, 4, 10), "early"),
        (5, "receive_interagency", w.sxd_specialist, w.sxd, w.specialist, w.stp,
         vn(2026, 3, 4, 14), "early"),
        (6, "complete_step", w.specialist, w.stp, w.unit_head, w.stp, vn(2026, 3, 6, 10),
         "on_time"),
        (7, "complete_step", w.unit_head, w.stp, w.leader, w.stp, vn(2026, 3, 9, 10, 30),
         "late"),
        (8, "result", w.leader, w.stp, None, w.stp, vn(2026, 3, 10, 15), "on_time"),
    ]  # fmt: skip
    assert_trail(
        d,
        [
            ("receive", None, 2),
            ("forward", 2, 4),
            ("assign", 4, 4),
            ("complete_step", 4, 4),
            ("send_interagency", 4, 4),
            ("receive_interagency", 4, 4),
            ("request_supplement", 4, 5),
            ("receive_supplement", 5, 4),
            ("complete_step", 4, 4),
            ("complete_step", 4, 4),
            ("issue_result", 4, 9),
            ("return_result", 9, 10),
        ],
        silent={"assign", "complete_step", "receive_interagency"},
    )


def test_a_pause_over_a_weekend_moves_the_holders_step_budget_by_working_time(world, clock):
    """The specialist's step budget moves like the due moment: by the pause's working time.

    Received Mon 02/03 08:30 (due Mon 09/03 08:30); the specialist's 16 h run from Mon 10:00
    to Wed 04/03 10:00. The supplement waits Wed 09:00 → Mon 09/03 09:00, 3 working days, so
    the due moment becomes Thu 12/03 08:30, and the specialist, who had 1 working hour
    left, must finish by Mon 09/03 10:00 — not by a calendar shift of 3 days (Sat 07/03).
    """
    w = world
    clock("2026-03-02 08:30")
    d = receive_walk_in(w)
    to_specialist(w, d, clock, forward_at="2026-03-02 09:00", hand_at="2026-03-02 10:00")
    clock("2026-03-04 09:00")
    dossier_request_supplement(
        actor=w.specialist, dossier_id=d.pk, items=proof_item(w), reason="Thiếu giấy tờ cư trú"
    )
    clock("2026-03-09 09:00")
    dossier_receive_supplement(actor=w.counter_officer, dossier_id=d.pk)
    d.refresh_from_db()
    assert dues(d) == (vn(2026, 3, 12, 8, 30), vn(2026, 3, 12, 8, 30), None)
    assert d.hold_due_at == vn(2026, 3, 9, 10, 0)

    clock("2026-03-09 10:30")
    dossier_complete_step(actor=w.specialist, dossier_id=d.pk, to_user=w.unit_head)
    row = d.handovers.get(seq=3)
    assert (row.kind, row.giver, row.giver_due_at, row.result) == (
        "complete_step", w.specialist, vn(2026, 3, 9, 10, 0), "on_time",
    )  # fmt: skip


# --------------------------------------------------------------------------- (b) refusal


def test_refusal_at_reception_walk_in_and_online(world, clock):
    w = world
    clock("2026-03-02 09:00")
    with pytest.raises(DossierError) as error:
        dossier_refuse_walk_in(
            actor=w.counter_officer, procedure_code=w.version.procedure.code, case_id=w.case.pk,
            receiving_agency=w.stp, applicant=w.applicant, reasons=["  "],
        )  # fmt: skip
    vietnamese(error, "Vui lòng nêu rõ lý do")
    assert not Dossier.objects.exists()

    walk_in = dossier_refuse_walk_in(
        actor=w.counter_officer, procedure_code=w.version.procedure.code, case_id=w.case.pk,
        receiving_agency=w.stp, applicant=w.applicant,
        reasons=["Thủ tục không thuộc thẩm quyền giải quyết của Sở Tư pháp"],
    )  # fmt: skip
    # Every dossier presented is tracked: the refused walk-in gets a code (Directive 01).
    assert walk_in.code == f"{STP_CODE}-260302-0001" and walk_in.channel == 1
    assert state(walk_in) == (3, "") and dues(walk_in) == (None, None, None)
    walk_in.refresh_from_db()
    assert walk_in.received_at is None and walk_in.closed_at == vn(2026, 3, 2, 9)
    event = walk_in.events.get()
    assert event.note == "Thủ tục không thuộc thẩm quyền giải quyết của Sở Tư pháp"
    assert_trail(walk_in, [("refuse", None, 3)], silent={"refuse"})  # no account to notify

    clock("2026-03-02 09:30")
    online = submit_online(w)
    assert online.code == f"{STP_CODE}-260302-0002"
    assert state(online) == (1, "") and dues(online) == (None, None, None)
    clock("2026-03-02 10:00")
    dossier_refuse(
        actor=w.counter_officer, dossier_id=online.pk,
        reasons=["Người nộp không thuộc đối tượng của thủ tục", ""],
    )  # fmt: skip
    online.refresh_from_db()
    assert state(online) == (3, "") and dues(online) == (None, None, None)
    assert online.received_at is None and online.closed_at == vn(2026, 3, 2, 10)
    assert online.handovers.count() == 0
    assert_trail(online, [("submit_online", None, 1), ("refuse", 1, 3)], silent=set())

    with pytest.raises(DossierError) as error:
        dossier_receive(actor=w.counter_officer, dossier_id=online.pk)
    vietnamese(error, "Không thể “Tiếp nhận hồ sơ” khi hồ sơ ở trạng thái “Không được tiếp nhận”")


# --------------------------------------------------------------------------- (c) postal


def test_postal_intake_and_return_by_post_across_the_april_holidays(world, clock):
    w = world
    clock("2026-04-24 16:00")  # Friday; Mon 27/04 (Giỗ Tổ, observed), 30/04 and 01/05 are off
    d = dossier_register_postal(
        actor=w.counter_officer, procedure_code=w.version.procedure.code, case_id=w.case.pk,
        receiving_agency=w.stp, applicant=w.applicant, tracking_number=" EL123456789VN ",
        components=w.components(),
    )  # fmt: skip
    d.refresh_from_db()
    assert state(d) == (1, "") and dues(d) == (None, None, None)
    assert (d.channel, d.postal_tracking, d.result_delivery) == (3, "EL123456789VN", "post")
    assert d.delivery_address == w.applicant.address and d.applicant is None

    clock("2026-04-28 08:00")  # Tuesday
    dossier_receive(actor=w.counter_officer, dossier_id=d.pk, fees_paid=True)
    # Wed 29/04 (1), Thu 30/04 and Fri 01/05 off, weekend, Mon 04 (2), Tue 05 (3),
    # Wed 06 (4), Thu 07/05 (5) → Thu 07/05 08:00.
    due = vn(2026, 5, 7, 8, 0)
    assert state(d) == (2, "") and dues(d) == (due, due, None)

    clock("2026-04-28 09:00")
    dossier_forward(actor=w.counter_officer, dossier_id=d.pk)
    assert state(d) == (4, "")
    clock("2026-04-29 08:00")  # the leader's 4 h ran out Tue 28/04 15:00: late
    dossier_complete_step(actor=w.leader, dossier_id=d.pk, to_user=w.specialist)
    clock("2026-05-04 10:00")
    dossier_complete_step(actor=w.specialist, dossier_id=d.pk, to_user=w.unit_head)
    clock("2026-05-04 15:00")
    dossier_complete_step(actor=w.unit_head, dossier_id=d.pk, to_user=w.leader)
    assert state(d) == (4, "") and dues(d) == (due, due, None)

    clock("2026-05-05 08:30")
    dossier_issue_result(
        actor=w.leader, dossier_id=d.pk, result=result_document(date(2026, 5, 5), with_file=False)
    )
    d.refresh_from_db()
    assert state(d) == (9, "") and d.timeliness == "early"

    clock("2026-05-05 14:00")
    dossier_hand_to_post(actor=w.counter_officer, dossier_id=d.pk, tracking_number="EB987654321VN")
    d.refresh_from_db()
    assert state(d) == (9, "posting") and d.return_tracking == "EB987654321VN"
    with pytest.raises(DossierError) as error:
        dossier_hand_to_post(actor=w.counter_officer, dossier_id=d.pk, tracking_number="EB1VN")
    vietnamese(error, "kết quả đã được chuyển qua bưu chính")

    clock("2026-05-07 10:00")  # the post confirms delivery (system)
    dossier_return_result(actor=None, dossier_id=d.pk, via="post")
    d.refresh_from_db()
    assert state(d) == (10, "") and (d.returned_via, d.returned_at) == ("post", vn(2026, 5, 7, 10))
    assert d.recipient_name == w.applicant.name

    # Budgets: counter 4 h from Tue 08:00 → 14:00; leader 4 h from 09:00 → 15:00; specialist
    # 16 h from Wed 29/04 08:00 (7 h), holidays, Mon 04/05 (8 h), Tue 05/05 08:00; unit head
    # 8 h from Mon 10:00 → Tue 10:00; leader 4 h from Mon 15:00 (2 h) → Tue 05/05 09:00.
    assert control_sheet(d) == [
        (1, "forward", w.counter_officer, w.stp, None, w.stp, vn(2026, 4, 28, 14), "on_time"),
        (2, "complete_step", w.leader, w.stp, w.specialist, w.stp, vn(2026, 4, 28, 15), "late"),
        (3, "complete_step", w.specialist, w.stp, w.unit_head, w.stp, vn(2026, 5, 5, 8),
         "early"),
        (4, "complete_step", w.unit_head, w.stp, w.leader, w.stp, vn(2026, 5, 5, 10), "early"),
        (5, "result", w.leader, w.stp, None, w.stp, vn(2026, 5, 5, 9), "on_time"),
    ]  # fmt: skip
    assert_trail(
        d,
        [
            ("register_postal", None, 1),
            ("receive", 1, 2),
            ("forward", 2, 4),
            ("complete_step", 4, 4),
            ("complete_step", 4, 4),
            ("complete_step", 4, 4),
            ("issue_result", 4, 9),
            ("hand_to_post", 9, 9),
            ("return_result", 9, 10),
        ],
        silent={"complete_step"},
    )
    returned = AuditEntry.objects.get(object_id=d.code, action="dossier.return_result")
    assert returned.actor_label == "Hệ thống"


# --------------------------------------------------------------------------- (d) withdrawal


def test_withdrawal_approved_closes_the_dossier_and_its_open_pause(world, clock):
    w = world
    clock("2026-03-02 09:00")
    d = submit_online(w)
    clock("2026-03-02 10:00")
    dossier_receive(actor=w.counter_officer, dossier_id=d.pk)
    due = vn(2026, 3, 9, 10, 0)  # Mon 02/03 10:00 + 5 working days
    assert state(d) == (2, "") and dues(d) == (due, due, None)
    to_specialist(w, d, clock, forward_at="2026-03-02 10:30", hand_at="2026-03-02 11:00")
    clock("2026-03-03 09:00")
    dossier_request_supplement(
        actor=w.specialist, dossier_id=d.pk, items=proof_item(w), reason="Thiếu giấy tờ cư trú"
    )
    assert state(d) == (5, "")

    clock("2026-03-04 09:00")
    dossier_request_withdrawal(actor=w.citizen, dossier_id=d.pk, reason="Không còn nhu cầu")
    d.refresh_from_db()
    assert state(d) == (5, "") and d.withdrawal_requested and d.closed_at is None

    clock("2026-03-04 14:00")
    dossier_decide_withdrawal(actor=w.leader, dossier_id=d.pk, approve=True)
    d.refresh_from_db()
    assert state(d) == (7, "") and not d.withdrawal_requested
    assert (d.closed_at, d.paused_since, d.holder) == (vn(2026, 3, 4, 14), None, None)
    assert dues(d) == (due, due, None)
    assert d.pauses.get().ended_at == vn(2026, 3, 4, 14)

    with pytest.raises(DossierError) as error:
        dossier_receive_supplement(actor=w.citizen, dossier_id=d.pk)
    vietnamese(error, "khi hồ sơ ở trạng thái “Công dân yêu cầu rút hồ sơ”")

    # Counter 4 h from the receipt at 10:00 → 16:00; leader 4 h from 10:30 → 16:30.
    assert control_sheet(d) == [
        (1, "forward", w.counter_officer, w.stp, None, w.stp, vn(2026, 3, 2, 16), "on_time"),
        (2, "complete_step", w.leader, w.stp, w.specialist, w.stp, vn(2026, 3, 2, 16, 30),
         "on_time"),
    ]  # fmt: skip
    assert_trail(
        d,
        [
            ("submit_online", None, 1),
            ("receive", 1, 2),
            ("forward", 2, 4),
            ("complete_step", 4, 4),
            ("request_supplement", 4, 5),
            ("request_withdrawal", 5, 5),
            ("approve_withdrawal", 5, 7),
        ],
        silent={"complete_step"},
    )


def test_withdrawal_rejected_with_a_reason_lets_processing_continue(world, clock):
    w = world
    clock("2026-03-02 09:15")
    d = submit_online(w)
    clock("2026-03-02 10:15")
    dossier_receive(actor=w.counter_officer, dossier_id=d.pk)
    due = vn(2026, 3, 9, 10, 15)
    clock("2026-03-02 10:45")
    dossier_forward(actor=w.counter_officer, dossier_id=d.pk)

    clock("2026-03-05 09:00")
    dossier_request_withdrawal(actor=w.citizen, dossier_id=d.pk, reason="Muốn nộp lại sau")
    assert state(d) == (4, "")
    with pytest.raises(DossierError) as error:  # the request must be decided first
        dossier_issue_result(
            actor=w.leader, dossier_id=d.pk, result=result_document(date(2026, 3, 5))
        )
    vietnamese(error, "đang có đề nghị rút hồ sơ chờ xem xét")
    with pytest.raises(DossierError) as error:
        dossier_decide_withdrawal(actor=w.leader, dossier_id=d.pk, approve=False, reason=" ")
    vietnamese(error, "Vui lòng nêu rõ lý do")

    clock("2026-03-05 14:00")
    dossier_decide_withdrawal(
        actor=w.leader, dossier_id=d.pk, approve=False, reason="Hồ sơ đã thẩm định xong"
    )
    d.refresh_from_db()
    assert state(d) == (4, "") and not d.withdrawal_requested and d.closed_at is None
    assert dues(d) == (due, due, None)
    assert d.events.get(action="reject_withdrawal").note == "Hồ sơ đã thẩm định xong"

    clock("2026-03-06 09:00")
    dossier_issue_result(actor=w.leader, dossier_id=d.pk, result=result_document(date(2026, 3, 6)))
    d.refresh_from_db()
    assert state(d) == (9, "") and d.timeliness == "early"
    # The counter's 4 h from 10:15 (1 h 15 before lunch) → 16:15; the leader's from 10:45
    # → 16:45, long past when the result is issued on Friday.
    assert control_sheet(d) == [
        (1, "forward", w.counter_officer, w.stp, None, w.stp, vn(2026, 3, 2, 16, 15), "on_time"),
        (2, "result", w.leader, w.stp, None, w.stp, vn(2026, 3, 2, 16, 45), "late"),
    ]
    assert_trail(
        d,
        [
            ("submit_online", None, 1),
            ("receive", 1, 2),
            ("forward", 2, 4),
            ("request_withdrawal", 4, 4),
            ("reject_withdrawal", 4, 4),
            ("issue_result", 4, 9),
        ],
        silent=set(),
    )


# --------------------------------------------------------------------------- (e) financial


def test_financial_obligation_pauses_the_clock_across_the_holidays(world, clock):
    w = world
    clock("2026-04-23 09:00")  # Thursday
    d = receive_walk_in(w)
    # Fri 24 (1), Mon 27 off, Tue 28 (2), Wed 29 (3), Thu 30 and Fri 01 off, Mon 04/05 (4),
    # Tue 05/05 (5) → Tue 05/05 09:00.
    due = vn(2026, 5, 5, 9, 0)
    assert state(d) == (2, "") and dues(d) == (due, due, None)
    to_specialist(w, d, clock, forward_at="2026-04-23 10:00", hand_at="2026-04-23 14:00")
    assert state(d) == (4, "")

    clock("2026-04-29 15:00")
    with pytest.raises(DossierError) as error:
        dossier_request_financial_obligation(
            actor=w.specialist, dossier_id=d.pk, amount_vnd=0, reason="Nộp lệ phí trước bạ"
        )
    vietnamese(error, "phải lớn hơn 0 đồng")
    dossier_request_financial_obligation(
        actor=w.specialist, dossier_id=d.pk, amount_vnd=1_200_000, reason="Nộp lệ phí trước bạ"
    )
    d.refresh_from_db()
    assert state(d) == (6, "") and d.paused_since == vn(2026, 4, 29, 15)
    assert dues(d) == (due, due, None)

    # Paused Wed 29/04 15:00 → Mon 04/05 09:00: 2 h on Wednesday, the holidays and the
    # weekend do not count, 2 h on Monday: 4 working hours. Tue 05/05 09:00 + 4 h = 15:00.
    clock("2026-05-04 09:00")
    dossier_confirm_financial_obligation(
        actor=w.counter_officer, dossier_id=d.pk, receipt_number=" BL-2026-000123 "
    )
    d.refresh_from_db()
    moved = vn(2026, 5, 5, 15, 0)
    assert state(d) == (4, "") and d.paused_since is None and dues(d) == (moved, moved, None)
    pause = d.pauses.get()
    assert (pause.kind, pause.amount_vnd, pause.due_before, pause.due_after) == (
        "financial", 1_200_000, due, moved,
    )  # fmt: skip
    assert pause.ended_at == vn(2026, 5, 4, 9)
    assert d.events.get(action="confirm_financial_obligation").note == "BL-2026-000123"

    clock("2026-05-04 11:00")
    dossier_issue_result(actor=w.leader, dossier_id=d.pk, result=result_document(date(2026, 5, 4)))
    d.refresh_from_db()
    assert state(d) == (9, "") and d.timeliness == "early"
    # Counter 4 h from Thu 09:00 → 15:00; leader 4 h from 10:00 → 16:00. The last row's
    # budget is the specialist's step (Tue 28/04), long past: late whatever the pause did.
    sheet = control_sheet(d)
    assert sheet[:2] == [
        (1, "forward", w.counter_officer, w.stp, None, w.stp, vn(2026, 4, 23, 15), "on_time"),
        (2, "complete_step", w.leader, w.stp, w.specialist, w.stp, vn(2026, 4, 23, 16),
         "on_time"),
    ]  # fmt: skip
    assert [(r[0], r[1], r[2], r[7]) for r in sheet[2:]] == [(3, "result", w.leader, "late")]
    assert_trail(
        d,
        [
            ("receive", None, 2),
            ("forward", 2, 4),
            ("complete_step", 4, 4),
            ("request_financial_obligation", 4, 6),
            ("confirm_financial_obligation", 6, 4),
            ("issue_result", 4, 9),
        ],
        silent={"complete_step"},
    )


# --------------------------------------------------------------------------- (f) apology


def test_apology_moves_the_appointment_once_and_timeliness_keeps_the_legal_due(world, clock):
    w = world
    clock("2026-03-02 08:30")
    d = receive_walk_in(w)
    legal = vn(2026, 3, 9, 8, 30)
    clock("2026-03-02 09:00")
    dossier_forward(actor=w.counter_officer, dossier_id=d.pk)

    clock("2026-03-06 10:00")
    refusals = [
        (vn(2026, 3, 9, 8, 0), "Ngày hẹn trả mới phải sau ngày hẹn hiện tại"),
        (vn(2026, 3, 14, 8, 30), "Ngày hẹn trả mới phải là ngày làm việc"),  # a Saturday
    ]
    for new_due, message in refusals:
        with pytest.raises(DossierError) as error:
            dossier_apologise(actor=w.leader, dossier_id=d.pk, reason="Chờ ý kiến", new_due=new_due)
        vietnamese(error, message)
    assert dues(d) == (legal, legal, None)

    new_due = vn(2026, 3, 13, 8, 30)
    dossier_apologise(
        actor=w.leader, dossier_id=d.pk, reason="Chờ ý kiến thống nhất của Sở Xây dựng",
        new_due=new_due,
    )  # fmt: skip
    assert state(d) == (4, "") and dues(d) == (new_due, legal, new_due)
    event = d.events.get(action="apologise_and_reappoint")
    assert datetime.fromisoformat(event.data["old_due"]) == legal
    assert datetime.fromisoformat(event.data["new_due"]) == new_due

    clock("2026-03-06 10:30")
    with pytest.raises(DossierError) as error:
        dossier_apologise(
            actor=w.leader, dossier_id=d.pk, reason="Chưa xong", new_due=vn(2026, 3, 16, 8, 30)
        )
    vietnamese(error, "chỉ được hẹn lại một lần")
    assert dues(d) == (new_due, legal, new_due)

    # Resolved Wed 11/03: before the new appointment (13/03), after the legal due (09/03).
    clock("2026-03-11 10:00")
    dossier_issue_result(actor=w.leader, dossier_id=d.pk, result=result_document(date(2026, 3, 11)))
    d.refresh_from_db()
    assert state(d) == (9, "") and d.timeliness == "late"
    assert dues(d) == (new_due, legal, new_due)
    assert control_sheet(d) == [
        (1, "forward", w.counter_officer, w.stp, None, w.stp, vn(2026, 3, 2, 14, 30), "on_time"),
        (2, "result", w.leader, w.stp, None, w.stp, vn(2026, 3, 2, 15), "late"),
    ]
    assert_trail(
        d,
        [
            ("receive", None, 2),
            ("forward", 2, 4),
            ("apologise_and_reappoint", 4, 4),
            ("issue_result", 4, 9),
        ],
        silent=set(),
    )


def test_apology_is_refused_once_the_legal_due_moment_has_come(world, clock):
    w = world
    clock("2026-03-02 08:30")
    d = receive_walk_in(w)
    clock("2026-03-02 09:00")
    dossier_forward(actor=w.counter_officer, dossier_id=d.pk)
    clock("2026-03-09 09:00")  # the legal due moment was 08:30 today
    with pytest.raises(DossierError) as error:
        dossier_apologise(
            actor=w.leader, dossier_id=d.pk, reason="Quá tải", new_due=vn(2026, 3, 12, 8, 30)
        )
    vietnamese(error, "đã đến hạn giải quyết theo quy định (08:30 09/03/2026)")
    legal = vn(2026, 3, 9, 8, 30)
    assert state(d) == (4, "") and dues(d) == (legal, legal, None)
    assert timeline(d) == [("receive", None, 2), ("forward", 2, 4)]


# --------------------------------------------------------------------------- (g) stop


def test_stop_under_the_2025_rules_closes_the_dossier_and_its_open_pause(world, clock):
    w = world
    clock("2026-03-02 08:30")
    d = receive_walk_in(w)
    due = vn(2026, 3, 9, 8, 30)
    to_specialist(w, d, clock, forward_at="2026-03-02 09:00", hand_at="2026-03-02 10:00")
    clock("2026-03-03 09:00")
    dossier_request_supplement(
        actor=w.specialist, dossier_id=d.pk, items=proof_item(w), reason="Thiếu giấy tờ cư trú"
    )
    assert state(d) == (5, "")

    clock("2026-03-05 10:00")
    dossier_stop(actor=w.leader, dossier_id=d.pk, reason="Người nộp đề nghị dừng giải quyết")
    d.refresh_from_db()
    assert state(d) == (8, "") and d.rule_set == "2025"
    assert RULES_2025.form_for(FormKind.STOP_NOTICE).number == "05"  # TT 03/2025 form 05
    assert (d.closed_at, d.paused_since) == (vn(2026, 3, 5, 10), None)
    assert d.pauses.get().ended_at == vn(2026, 3, 5, 10)
    assert dues(d) == (due, due, None)
    assert d.events.get(action="stop").note == "Người nộp đề nghị dừng giải quyết"

    with pytest.raises(DossierError) as error:
        dossier_receive_supplement(actor=w.counter_officer, dossier_id=d.pk)
    vietnamese(error, "khi hồ sơ ở trạng thái “Dừng xử lý”")
    assert control_sheet(d) == [
        (1, "forward", w.counter_officer, w.stp, None, w.stp, vn(2026, 3, 2, 14, 30), "on_time"),
        (2, "complete_step", w.leader, w.stp, w.specialist, w.stp, vn(2026, 3, 2, 15),
         "on_time"),
    ]  # fmt: skip
    assert_trail(
        d,
        [
            ("receive", None, 2),
            ("forward", 2, 4),
            ("complete_step", 4, 4),
            ("request_supplement", 4, 5),
            ("stop", 5, 8),
        ],
        silent={"complete_step"},
    )


# --------------------------------------------------------------------------- (h) completion


def test_online_completion_at_reception_keeps_the_clock_off_until_receipt(world, clock):
    w = world
    clock("2026-03-02 09:00")
    d = submit_online(w)
    assert state(d) == (1, "")

    clock("2026-03-02 10:00")
    dossier_request_completion(
        actor=w.counter_officer, dossier_id=d.pk, items=proof_item(w),
        reason="Thiếu giấy tờ chứng minh nơi cư trú", extra_note="Mang bản chính để đối chiếu",
    )  # fmt: skip
    d.refresh_from_db()
    # Not received: no code of receipt, no clock, nothing pauses.
    assert state(d) == (5, "") and dues(d) == (None, None, None)
    assert d.received_at is None and d.paused_since is None
    pause = d.pauses.get()
    assert pause.started_at == vn(2026, 3, 2, 10)
    assert pause.respond_by is None and pause.due_before is None
    assert [i["component"] for i in pause.items] == [w.proof.pk]
    assert pause.extra_note == "Mang bản chính để đối chiếu"
    note = AuditEntry.objects.get(object_id=d.code, action="dossier.extra_request_note")
    assert note.data == {"note": "Mang bản chính để đối chiếu"}

    clock("2026-03-04 15:00")
    dossier_receive_supplement(actor=w.citizen, dossier_id=d.pk, components=proof_supplement(w))
    d.refresh_from_db()
    assert state(d) == (1, "") and dues(d) == (None, None, None) and d.received_at is None
    pause.refresh_from_db()
    assert (pause.ended_at, pause.due_after) == (vn(2026, 3, 4, 15), None)
    assert d.files.filter(purpose="supplement").count() == 1

    clock("2026-03-05 08:00")
    dossier_receive(actor=w.counter_officer, dossier_id=d.pk)
    # Counted from the receipt, not the submission: Thu 05/03 08:00 + 5 → Thu 12/03 08:00.
    due = vn(2026, 3, 12, 8, 0)
    d.refresh_from_db()
    assert state(d) == (2, "") and dues(d) == (due, due, None)
    assert d.received_at == vn(2026, 3, 5, 8)
    assert d.handovers.count() == 0
    assert_trail(
        d,
        [
            ("submit_online", None, 1),
            ("request_completion", 1, 5),
            ("receive_supplement", 5, 1),
            ("receive", 1, 2),
        ],
        silent=set(),
    )


# --------------------------------------------------------------------------- (i) guidance


def test_walk_in_guidance_creates_no_dossier_but_an_audit_entry(world, clock):
    w = world
    clock("2026-03-02 09:00")
    unpublished = [  # a component of another procedure, and one of a draft version
        Component.objects.get(version=VersionFactory(published=True)),
        Component.objects.get(version=VersionFactory()),
    ]
    guide = {
        "actor": w.counter_officer,
        "procedure_code": w.version.procedure.code,
        "case_id": w.case.pk,
        "receiving_agency": w.stp,
        "applicant": Applicant(name="Trần Thị Bình"),
        "reason": "Thiếu giấy tờ chứng minh nơi cư trú",
    }
    before = AuditEntry.objects.count()
    for component in unpublished:
        with pytest.raises(DossierError) as error:
            guidance_issue(**guide, items=[RequestItem(component.pk, "Bổ sung tờ khai")])
        vietnamese(error, "Chỉ được yêu cầu, tiếp nhận các thành phần hồ sơ đã công bố")
    assert AuditEntry.objects.count() == before

    guidance = guidance_issue(**guide, items=proof_item(w), extra_note="Photo CCCD")
    assert guidance.items == [
        {"component": w.proof.pk, "name": w.proof.name,
         "requirement": "Bổ sung giấy xác nhận thông tin về cư trú"},
    ]  # fmt: skip
    assert not Dossier.objects.exists() and not DossierCodeCounter.objects.exists()
    assert not DossierEvent.objects.exists() and not OutboxMessage.objects.exists()
    entry = AuditEntry.objects.get(action="dossier.guidance")
    assert entry.object_type == "catalog.procedureversion"
    assert entry.object_id == f"{w.version.procedure.code} v1"
    assert entry.data["applicant"] == "Trần Thị Bình" and entry.data["extra_note"] == "Photo CCCD"
    assert AuditEntry.objects.count() == before + 1


# --------------------------------------------------------------------------- (j) expiry


def test_supplement_deadline_expiry_stops_the_dossier(world, clock):
    w = world
    clock("2026-03-02 08:30")
    d = receive_walk_in(w)
    due = vn(2026, 3, 9, 8, 30)
    to_specialist(w, d, clock, forward_at="2026-03-02 09:00", hand_at="2026-03-02 10:00")
    clock("2026-03-03 09:00")
    dossier_request_supplement(
        actor=w.specialist, dossier_id=d.pk, items=proof_item(w), reason="Thiếu giấy tờ cư trú",
        respond_within_days=3,
    )  # fmt: skip
    pause = d.pauses.get()
    assert pause.respond_by == vn(2026, 3, 6, 9)  # Wed 04 (1), Thu 05 (2), Fri 06/03 (3)
    assert state(d) == (5, "")

    clock("2026-03-06 08:59")
    events = DossierEvent.objects.count()
    with pytest.raises(DossierError) as error:
        dossier_expire_supplement(actor=None, dossier_id=d.pk)
    vietnamese(error, "Chưa hết hạn bổ sung hồ sơ")
    assert state(d) == (5, "") and DossierEvent.objects.count() == events
    pause.refresh_from_db()
    assert pause.ended_at is None

    clock("2026-03-09 08:00")
    dossier_expire_supplement(actor=None, dossier_id=d.pk)
    d.refresh_from_db()
    assert state(d) == (8, "") and dues(d) == (due, due, None)
    assert (d.closed_at, d.paused_since) == (vn(2026, 3, 9, 8), None)
    pause.refresh_from_db()
    assert pause.ended_at == vn(2026, 3, 9, 8)
    assert d.events.get(action="supplement_deadline_expired").actor is None
    assert_trail(
        d,
        [
            ("receive", None, 2),
            ("forward", 2, 4),
            ("complete_step", 4, 4),
            ("request_supplement", 4, 5),
            ("supplement_deadline_expired", 5, 8),
        ],
        silent={"complete_step"},
    )
    expired = AuditEntry.objects.get(object_id=d.code, action="dossier.supplement_deadline_expired")
    assert expired.actor_label == "Hệ thống"
    assert DossierFile.objects.filter(dossier=d, purpose="supplement").count() == 0


def test_an_unanswered_completion_request_at_reception_expires_as_a_refusal(world, clock):
    """Never received (5 before receipt): when the completion deadline passes the dossier is
    refused (3), not stopped (SPEC §2.4 "8 or 3"); without a deadline it never expires."""
    w = world
    clock("2026-03-02 08:30")
    d = submit_online(w)
    dossier_request_completion(
        actor=w.counter_officer, dossier_id=d.pk, items=proof_item(w),
        reason="Thiếu giấy tờ cư trú", respond_within_days=2,
    )  # fmt: skip
    assert d.pauses.get().respond_by == vn(2026, 3, 4, 8, 30)
    clock("2026-03-04 09:00")
    dossier_expire_supplement(actor=w.counter_officer, dossier_id=d.pk)
    d.refresh_from_db()
    assert state(d) == (3, "") and d.received_at is None and d.due_at is None
    assert d.closed_at == vn(2026, 3, 4, 9)

    other = submit_online(w)
    dossier_request_completion(
        actor=w.counter_officer, dossier_id=other.pk, items=proof_item(w), reason="Thiếu giấy tờ"
    )
    clock("2026-06-01 09:00")
    with pytest.raises(DossierError) as error:
        dossier_expire_supplement(actor=None, dossier_id=other.pk)
    vietnamese(error, "không đặt hạn bổ sung")
    assert state(other) == (5, "")
