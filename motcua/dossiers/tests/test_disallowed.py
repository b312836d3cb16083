"""What the engine refuses, and that a refusal writes nothing (SPEC §2.4, STYLE.md).

1. Every (status, action) pair absent from `TRANSITIONS` is refused: for each status 1–10
   a dossier is brought there through the services, then the service of every action the
   table does not list for that status is called with valid arguments by an actor whose
   role the action allows. The refusal is a `DossierError` with the engine's Vietnamese
   message naming the action and the status, and nothing is written: the dossier row is
   unchanged and no event, audit entry, outbox message, control-sheet row, pause, file
   (in the database or in storage) appears.
2. Roles and agencies: a specialist cannot do a leader's action, an agency that does not
   hold a dossier cannot act on it (and the coordinating agency of a liên thông step can
   only send its answer back), and a citizen cannot withdraw someone else's dossier.

`submit_online` and `register_postal` create a dossier and exist only before a record
exists (status None); no service applies them to a stored dossier, so the matrix covers
the other 22 actions and a separate test checks the table for the two.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage

from motcua.audit.models import AuditEntry
from motcua.domain.workflow import TRANSITIONS, Action, Status
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierFee,
    DossierFile,
    DossierPause,
    DossierResult,
    Handover,
)
from motcua.dossiers.services import (
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
    dossier_request_completion,
    dossier_request_financial_obligation,
    dossier_request_supplement,
    dossier_request_withdrawal,
    dossier_return_result,
    dossier_return_to_step,
    dossier_send_interagency,
    dossier_stop,
    dossier_submit_online,
)
from motcua.outbox.models import OutboxMessage
from motcua.testing.dossier_world import World, build_world, pdf_upload, receive_walk_in
from motcua.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CREATING = (Action.SUBMIT_ONLINE, Action.REGISTER_POSTAL)
ON_RECORDS = [a for a in Action if a not in CREATING]
DISALLOWED = [(s, a) for s in Status for a in ON_RECORDS if (s, a) not in TRANSITIONS]


@pytest.fixture
def world(time_machine) -> World:
    time_machine.move_to("2026-03-02 08:30 +07:00", tick=False)  # Monday
    return build_world()


# --------------------------------------------------------------------------- reaching a status


def _submitted(w: World) -> Dossier:
    return dossier_submit_online(
        actor=w.citizen, procedure_code=w.version.procedure.code, case_id=w.case.pk,
        receiving_agency=w.stp, applicant=w.applicant, components=w.components(),
    )  # fmt: skip


def _refused(w: World) -> Dossier:
    return dossier_refuse_walk_in(
        actor=w.counter_officer, procedure_code=w.version.procedure.code, case_id=w.case.pk,
        receiving_agency=w.stp, applicant=w.applicant, reasons=["Không thuộc thẩm quyền"],
    )  # fmt: skip


def _processing(w: World) -> Dossier:
    d = receive_walk_in(w)
    dossier_forward(actor=w.counter_officer, dossier_id=d.pk)
    return d


def _then(first: Callable[[World], Dossier], step: Callable[[World, Dossier], object]):
    def reach(w: World) -> Dossier:
        d = first(w)
        step(w, d)
        return d

    return reach


def _supplement(w: World, d: Dossier) -> None:
    dossier_request_supplement(actor=w.specialist, dossier_id=d.pk, items=_items(w), reason="Thiếu")


def _financial(w: World, d: Dossier) -> None:
    dossier_request_financial_obligation(
        actor=w.specialist, dossier_id=d.pk, amount_vnd=500_000, reason="Nộp lệ phí trước bạ"
    )


def _withdrawn(w: World, d: Dossier) -> None:
    dossier_request_withdrawal(actor=w.counter_officer, dossier_id=d.pk, reason="Đơn xin rút")
    dossier_decide_withdrawal(actor=w.leader, dossier_id=d.pk, approve=True)


def _stopped(w: World, d: Dossier) -> None:
    dossier_stop(actor=w.leader, dossier_id=d.pk, reason="Người nộp đề nghị dừng")


def _resolved(w: World, d: Dossier) -> None:
    dossier_issue_result(actor=w.leader, dossier_id=d.pk, result=_result(with_file=False))


def _returned(w: World, d: Dossier) -> None:
    _resolved(w, d)
    dossier_return_result(
        actor=w.counter_officer, dossier_id=d.pk, via="counter",
        recipient_name="Nguyễn Văn An", recipient_identity="034090001234",
    )  # fmt: skip


#: How each status is reached, through the services only.
REACH: dict[Status, Callable[[World], Dossier]] = {
    Status.SUBMITTED: _submitted,
    Status.RECEIVED: receive_walk_in,
    Status.REFUSED: _refused,
    Status.PROCESSING: _processing,
    Status.SUPPLEMENT_REQUESTED: _then(_processing, _supplement),
    Status.FINANCIAL_OBLIGATION_REQUESTED: _then(_processing, _financial),
    Status.WITHDRAWN: _then(receive_walk_in, _withdrawn),
    Status.STOPPED: _then(_processing, _stopped),
    Status.RESOLVED: _then(_processing, _resolved),
    Status.RETURNED: _then(_processing, _returned),
}


# --------------------------------------------------------------------------- attempting an action


def _items(w: World) -> list[RequestItem]:
    return [RequestItem(w.proof.pk, "Bổ sung giấy xác nhận cư trú")]


def _result(*, with_file: bool = True) -> ResultDocument:
    return ResultDocument(
        kind="Giấy chứng nhận", number="7/GCN", signer="Phạm Văn Lãnh Đạo",
        issued_on=date(2026, 3, 2), file=pdf_upload("ket-qua.pdf") if with_file else None,
    )  # fmt: skip


NEW_DUE = datetime(2026, 3, 13, 8, 30, tzinfo=VN)  # a Friday after the due date 09/03

#: For each action, its service called with valid arguments by an actor in an allowed role.
ATTEMPT: dict[Action, Callable[[World, Dossier], object]] = {
    Action.RECEIVE: lambda w, d: dossier_receive(actor=w.counter_officer, dossier_id=d.pk),
    Action.REQUEST_COMPLETION: lambda w, d: dossier_request_completion(
        actor=w.counter_officer, dossier_id=d.pk, items=_items(w), reason="Thiếu giấy tờ"),
    Action.REFUSE: lambda w, d: dossier_refuse(
        actor=w.counter_officer, dossier_id=d.pk, reasons=["Không thuộc thẩm quyền"]),
    Action.FORWARD: lambda w, d: dossier_forward(actor=w.counter_officer, dossier_id=d.pk),
    Action.ASSIGN: lambda w, d: dossier_assign(
        actor=w.leader, dossier_id=d.pk, to_user=w.specialist),
    Action.COMPLETE_STEP: lambda w, d: dossier_complete_step(
        actor=w.specialist, dossier_id=d.pk, to_user=w.unit_head),
    Action.RETURN_TO_STEP: lambda w, d: dossier_return_to_step(
        actor=w.unit_head, dossier_id=d.pk, step_order=3, reason="Chưa đạt", to_user=w.specialist),
    Action.SEND_INTERAGENCY: lambda w, d: dossier_send_interagency(
        actor=w.specialist, dossier_id=d.pk, to_agency=w.sxd, working_days=2),
    Action.RECEIVE_INTERAGENCY: lambda w, d: dossier_receive_interagency(
        actor=w.specialist, dossier_id=d.pk, note="Đã có ý kiến"),
    Action.REQUEST_SUPPLEMENT: lambda w, d: dossier_request_supplement(
        actor=w.specialist, dossier_id=d.pk, items=_items(w), reason="Thiếu giấy tờ",
        respond_within_days=5),
    Action.RECEIVE_SUPPLEMENT: lambda w, d: dossier_receive_supplement(
        actor=w.counter_officer, dossier_id=d.pk),
    Action.SUPPLEMENT_DEADLINE_EXPIRED: lambda w, d: dossier_expire_supplement(
        actor=None, dossier_id=d.pk),
    Action.REQUEST_FINANCIAL_OBLIGATION: lambda w, d: dossier_request_financial_obligation(
        actor=w.specialist, dossier_id=d.pk, amount_vnd=500_000, reason="Nộp lệ phí"),
    Action.CONFIRM_FINANCIAL_OBLIGATION: lambda w, d: dossier_confirm_financial_obligation(
        actor=w.counter_officer, dossier_id=d.pk, receipt_number="BL-0001"),
    Action.APOLOGISE_AND_REAPPOINT: lambda w, d: dossier_apologise(
        actor=w.leader, dossier_id=d.pk, reason="Chờ ý kiến phối hợp", new_due=NEW_DUE),
    Action.STOP: lambda w, d: dossier_stop(actor=w.leader, dossier_id=d.pk, reason="Dừng"),
    Action.ISSUE_RESULT: lambda w, d: dossier_issue_result(
        actor=w.leader, dossier_id=d.pk, result=_result()),
    Action.HAND_TO_POST: lambda w, d: dossier_hand_to_post(
        actor=w.counter_officer, dossier_id=d.pk, tracking_number="EB123456789VN"),
    Action.RETURN_RESULT: lambda w, d: dossier_return_result(
        actor=w.counter_officer, dossier_id=d.pk, via="counter",
        recipient_name="Nguyễn Văn An", recipient_identity="034090001234"),
    Action.REQUEST_WITHDRAWAL: lambda w, d: dossier_request_withdrawal(
        actor=w.counter_officer, dossier_id=d.pk, reason="Đơn xin rút"),
    Action.APPROVE_WITHDRAWAL: lambda w, d: dossier_decide_withdrawal(
        actor=w.leader, dossier_id=d.pk, approve=True),
    Action.REJECT_WITHDRAWAL: lambda w, d: dossier_decide_withdrawal(
        actor=w.leader, dossier_id=d.pk, approve=False, reason="Đã có kết quả thẩm định"),
}  # fmt: skip


# --------------------------------------------------------------------------- nothing written


def _stored_files(path: str = "") -> set[str]:
    """Every file name in the (in-memory) default storage."""
    dirs, files = default_storage.listdir(path)
    names = {f"{path}{name}" for name in files}
    for sub in dirs:
        names |= _stored_files(f"{path}{sub}/")
    return names


_COUNTED = (
    DossierEvent, AuditEntry, OutboxMessage, Handover, DossierPause, DossierFile,
    DossierComponent, DossierResult, DossierFee,
)  # fmt: skip


def snapshot(dossier: Dossier) -> dict[str, object]:
    """Everything a refused action must leave as it was."""
    return {
        "dossier": Dossier.objects.filter(pk=dossier.pk).values().get(),
        "pauses": list(DossierPause.objects.filter(dossier=dossier).values()),
        "counts": {model.__name__: model.objects.count() for model in _COUNTED},
        "dossiers": Dossier.objects.count(),
        "storage": _stored_files(),
    }


def is_vietnamese(text: str) -> bool:
    """True if `text` carries Vietnamese diacritics (a message meant for the user)."""
    return "đ" in text.lower() or any(
        unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", text)
    )


def assert_refused(attempt: Callable[[], object], dossier: Dossier, message: str = "") -> None:
    """`attempt` raises a Vietnamese `DossierError` (equal to `message` if given) and
    writes nothing."""
    before = snapshot(dossier)
    with pytest.raises(DossierError) as error:
        attempt()
    assert error.value.messages and all(is_vietnamese(m) for m in error.value.messages)
    if message:
        assert error.value.messages == [message]
    assert snapshot(dossier) == before


# --------------------------------------------------------------------------- 1. the matrix


def test_the_matrix_covers_every_status_and_every_action_on_a_record():
    assert set(ATTEMPT) == set(ON_RECORDS) and set(REACH) == set(Status)
    assert len(DISALLOWED) == 10 * len(ON_RECORDS) - len(
        [key for key in TRANSITIONS if key[0] is not None]
    )


def test_creating_actions_exist_only_before_a_record():
    assert all((s, a) not in TRANSITIONS for s in Status for a in CREATING)
    assert all((None, a) in TRANSITIONS for a in CREATING)


@pytest.mark.parametrize(
    ("status", "action"), DISALLOWED, ids=[f"{s.value}-{a.value}" for s, a in DISALLOWED]
)
def test_an_action_the_table_does_not_list_is_refused_and_writes_nothing(world, status, action):
    dossier = REACH[status](world)
    assert Dossier.objects.get(pk=dossier.pk).status == status
    expected = f"Không thể “{action.label_vi}” khi hồ sơ ở trạng thái “{status.label_vi}”."
    assert_refused(lambda: ATTEMPT[action](world, dossier), dossier, expected)


# --------------------------------------------------------------------------- 2. roles, agencies


def _wrong_role(role: str, action: Action, allowed: str) -> str:
    return f"Vai trò “{role}” không được “{action.label_vi}”; chỉ {allowed} được làm."


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (Action.APOLOGISE_AND_REAPPOINT, "“Lãnh đạo cơ quan”"),
        (Action.STOP, "“Lãnh đạo phòng”, “Lãnh đạo cơ quan”"),
        (Action.ASSIGN, "“Lãnh đạo phòng”, “Lãnh đạo cơ quan”"),
        (Action.ISSUE_RESULT, "“Lãnh đạo cơ quan”, “Văn thư”"),
    ],
)
def test_a_specialist_cannot_do_a_leaders_action(world, action, allowed):
    w = world
    dossier = _processing(w)
    leader_action = ATTEMPT[action]
    as_specialist = {
        Action.APOLOGISE_AND_REAPPOINT: lambda: dossier_apologise(
            actor=w.specialist, dossier_id=dossier.pk, reason="Chậm", new_due=NEW_DUE),
        Action.STOP: lambda: dossier_stop(actor=w.specialist, dossier_id=dossier.pk, reason="x"),
        Action.ASSIGN: lambda: dossier_assign(
            actor=w.specialist, dossier_id=dossier.pk, to_user=w.specialist),
        Action.ISSUE_RESULT: lambda: dossier_issue_result(
            actor=w.specialist, dossier_id=dossier.pk, result=_result()),
    }[action]  # fmt: skip
    assert_refused(as_specialist, dossier, _wrong_role("Chuyên viên thụ lý", action, allowed))
    leader_action(w, dossier)  # the leader may


def test_a_unit_head_cannot_apologise_only_the_head_of_the_agency_signs_form_04(world):
    w = world
    dossier = _processing(w)
    assert_refused(
        lambda: dossier_apologise(
            actor=w.unit_head, dossier_id=dossier.pk, reason="Chậm", new_due=NEW_DUE
        ),
        dossier,
        _wrong_role("Lãnh đạo phòng", Action.APOLOGISE_AND_REAPPOINT, "“Lãnh đạo cơ quan”"),
    )


NO_BUSINESS = "Bạn không có quyền thao tác trên hồ sơ này."


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(lambda w, d: dossier_complete_step(
            actor=w.sxd_specialist, dossier_id=d.pk, to_user=None), id="complete_step"),
        pytest.param(lambda w, d: dossier_request_supplement(
            actor=w.sxd_specialist, dossier_id=d.pk, items=_items(w), reason="Thiếu"),
            id="request_supplement"),
        pytest.param(lambda w, d: dossier_stop(
            actor=w.sxd_leader, dossier_id=d.pk, reason="Dừng"), id="stop"),
        pytest.param(lambda w, d: dossier_apologise(
            actor=w.sxd_leader, dossier_id=d.pk, reason="Chậm", new_due=NEW_DUE), id="apologise"),
        pytest.param(lambda w, d: dossier_issue_result(
            actor=w.sxd_leader, dossier_id=d.pk, result=_result()), id="issue_result"),
    ],
)  # fmt: skip
def test_an_agency_that_does_not_hold_the_dossier_cannot_act_on_it(world, attempt):
    dossier = _processing(world)  # held by Sở Tư pháp; Sở Xây dựng has no part in it
    assert_refused(lambda: attempt(world, dossier), dossier, NO_BUSINESS)


def test_the_coordinating_agency_loses_the_dossier_once_it_has_answered(world):
    w = world
    dossier = _processing(w)
    dossier_send_interagency(actor=w.leader, dossier_id=dossier.pk, to_agency=w.sxd, working_days=2)
    dossier_receive_interagency(actor=w.sxd_specialist, dossier_id=dossier.pk, note="Thống nhất")
    assert_refused(
        lambda: dossier_receive_interagency(actor=w.sxd_specialist, dossier_id=dossier.pk),
        dossier,
        NO_BUSINESS,
    )


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(lambda w, d: dossier_complete_step(
            actor=w.sxd_specialist, dossier_id=d.pk, to_user=None),
            id="coordinator-completes-a-step-of-the-lead-agency"),
        pytest.param(lambda w, d: dossier_return_to_step(
            actor=w.sxd_leader, dossier_id=d.pk, step_order=2, reason="Chưa đạt"),
            id="coordinator-returns-the-lead-agency-to-a-step"),
        pytest.param(lambda w, d: dossier_assign(
            actor=w.sxd_leader, dossier_id=d.pk, to_user=w.sxd_specialist),
            id="coordinator-assigns-the-lead-agency-step"),
        pytest.param(lambda w, d: dossier_stop(
            actor=w.sxd_leader, dossier_id=d.pk, reason="Dừng"), id="coordinator-stops"),
        pytest.param(lambda w, d: dossier_apologise(
            actor=w.sxd_leader, dossier_id=d.pk, reason="Chậm", new_due=NEW_DUE),
            id="coordinator-apologises"),
        pytest.param(lambda w, d: dossier_complete_step(
            actor=w.specialist, dossier_id=d.pk, to_user=None),
            id="lead-agency-completes-a-step-while-the-dossier-is-away"),
    ],
)  # fmt: skip
def test_while_coordinating_only_the_answer_can_be_recorded(world, attempt):
    """Sent to Sở Xây dựng for its opinion (liên thông), the dossier stays Sở Tư pháp's:
    the coordinating agency answers (receive_interagency) and does nothing else, and the
    lead agency's internal process waits for the answer (SPEC §2.3 step 6)."""
    w = world
    dossier = _processing(w)
    dossier_complete_step(actor=w.leader, dossier_id=dossier.pk, to_user=w.specialist)
    dossier_send_interagency(
        actor=w.specialist, dossier_id=dossier.pk, to_agency=w.sxd, working_days=2
    )
    assert_refused(lambda: attempt(w, dossier), dossier)
    dossier_receive_interagency(actor=w.sxd_specialist, dossier_id=dossier.pk, note="Thống nhất")
    assert Dossier.objects.get(pk=dossier.pk).current_agency == w.stp


def test_a_citizen_cannot_withdraw_someone_elses_dossier(world):
    w = world
    dossier = _submitted(w)
    stranger = CitizenFactory(full_name="Lê Văn Khác")
    assert_refused(
        lambda: dossier_request_withdrawal(actor=stranger, dossier_id=dossier.pk, reason="Rút"),
        dossier,
        NO_BUSINESS,
    )
    dossier_request_withdrawal(actor=w.citizen, dossier_id=dossier.pk, reason="Không cần nữa")
    assert Dossier.objects.get(pk=dossier.pk).withdrawal_requested
