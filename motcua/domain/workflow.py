"""The dossier workflow: statuses, actions, roles, and the transition table as data.

SPEC §2. Statuses are the national sync codes 1-10 with the Vietnamese labels and DVCQG
text statuses of §2.2 [V-impl]; "sent to another agency" (interoperating) and "handed to
post" (posting) are sub-states of statuses 4 and 9. The table `TRANSITIONS` maps
(status, action) to a `Transition`: the next status, the roles that may act, the form the
step produces, its legal basis and the names of its guards (pure predicates over the
state and the facts the service passes in). Each entry cites its source the way SPEC tags
it; article numbers of NĐ 61/2018 are marked [B] because the texts were not retrieved
(SPEC §14.1: "believed to be NĐ 61 Arts. 18-22").

A dossier keeps the rule set (`RuleSet`) in force on its receipt date (SPEC §0.2): 2018
(NĐ 61/2018/NĐ-CP + TT 01/2018/TT-VPCP + NĐ 107/2021/NĐ-CP) or 2025 (NĐ 118/2025/NĐ-CP +
TT 03/2025/TT-VPCP). Both regimes share the transitions; they differ in the forms
catalogue (2025 adds the stop notice as form 05 and renumbers the control sheet and
register to 06 and 07), which is why a `Transition` names a `FormKind`, not a number.

Functional core: `decide`/`transition` never read a clock or a database. The service
locks the dossier, builds a `DossierState`, calls `decide`, then stores the new state,
prints `Decision.form` and logs `Decision.warnings` (STYLE.md, transition service).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Final

from motcua.domain.deadlines import VN_TZ
from motcua.domain.errors import (
    InvalidDossierState,
    InvalidMoment,
    NoRuleSet,
    TransitionNotAllowed,
)

# --------------------------------------------------------------------------- vocabulary


class Status(IntEnum):
    """Dossier status: the national sync code 1-10 (SPEC §2.2).

    Codes and labels [V-impl] Thanh Hóa `formData.ts`; DVCQG texts [V-impl]
    `FormatTrangThaiHoSoDVCQG.cs`.
    """

    SUBMITTED = 1
    RECEIVED = 2
    REFUSED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION_REQUESTED = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESOLVED = 9
    RETURNED = 10

    @property
    def label_vi(self) -> str:
        """The Vietnamese label of the national code list, e.g. "Đang xử lý"."""
        return _STATUS_TEXTS[self][0]

    @property
    def dvcqg(self) -> str:
        """The National Public Service Portal text status, e.g. "processing"."""
        return _STATUS_TEXTS[self][1]


_STATUS_TEXTS: Final = {
    Status.SUBMITTED: ("Mới đăng ký", "receiving"),
    Status.RECEIVED: ("Được tiếp nhận", "new"),
    Status.REFUSED: ("Không được tiếp nhận", "denied"),
    Status.PROCESSING: ("Đang xử lý", "processing"),
    Status.SUPPLEMENT_REQUESTED: ("Yêu cầu bổ sung giấy tờ", "waiting"),
    Status.FINANCIAL_OBLIGATION_REQUESTED: ("Yêu cầu thực hiện nghĩa vụ tài chính", "paying"),
    Status.WITHDRAWN: ("Công dân yêu cầu rút hồ sơ", "cancelled"),
    Status.STOPPED: ("Dừng xử lý", "unresolved"),
    Status.RESOLVED: ("Đã xử lý xong", "releasing"),
    Status.RETURNED: ("Đã trả kết quả", "done"),
}


#: Statuses with no way out (SPEC §2.2). Status 8 is "terminal, or suspended pending
#: decision" there; we treat it as terminal [B] (no resume edge in §2.4).
TERMINAL: Final = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
#: Statuses whose deadline clock runs (SPEC §2.2 "Deadline clock"; paused in 5 and 6).
CLOCK_RUNNING: Final = frozenset({Status.RECEIVED, Status.PROCESSING})


class SubState(StrEnum):
    """DVCQG text statuses kept as sub-states (SPEC §2.2, [V-impl]): of status 4 and 9."""

    INTEROPERATING = "interoperating"
    POSTING = "posting"

    @property
    def label_vi(self) -> str:
        """Vietnamese label: "Đang chuyển liên thông" or "Đã chuyển bưu chính"."""
        return {"interoperating": "Đang chuyển liên thông", "posting": "Đã chuyển bưu chính"}[
            self.value
        ]


class Channel(IntEnum):
    """Channel of submission (kênh thực hiện, SPEC §2.1 [V-impl])."""

    COUNTER = 1
    ONLINE = 2
    POST = 3

    @property
    def label_vi(self) -> str:
        """Vietnamese label, e.g. "Qua bưu chính công ích"."""
        return ("Trực tiếp", "Trực tuyến", "Qua bưu chính công ích")[self - 1]


class Role(StrEnum):
    """Who acts. Staff values equal `org.models.Role`; plus applicant, postal staff, system."""

    COUNTER_OFFICER = "counter_officer"
    SPECIALIST = "specialist"
    UNIT_HEAD = "unit_head"
    AGENCY_LEADER = "agency_leader"
    RECORDS_CLERK = "records_clerk"
    PROCEDURE_CONTROLLER = "procedure_controller"
    PROVINCIAL_SUPERVISOR = "provincial_supervisor"
    SYSTEM_ADMIN = "system_admin"
    APPLICANT = "applicant"
    POSTAL_STAFF = "postal_staff"
    SYSTEM = "system"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the role (staff names as in `org.models.Role`)."""
        return _ROLE_LABELS[self]


_ROLE_LABELS: Final = {
    Role.COUNTER_OFFICER: "Cán bộ tiếp nhận, trả kết quả",
    Role.SPECIALIST: "Chuyên viên thụ lý",
    Role.UNIT_HEAD: "Lãnh đạo phòng",
    Role.AGENCY_LEADER: "Lãnh đạo cơ quan",
    Role.RECORDS_CLERK: "Văn thư",
    Role.PROCEDURE_CONTROLLER: "Cán bộ đầu mối kiểm soát TTHC",
    Role.PROVINCIAL_SUPERVISOR: "Cán bộ giám sát cấp tỉnh",
    Role.SYSTEM_ADMIN: "Quản trị hệ thống",
    Role.APPLICANT: "Người nộp hồ sơ",
    Role.POSTAL_STAFF: "Nhân viên bưu chính",
    Role.SYSTEM: "Hệ thống (tự động)",
}


class Action(StrEnum):
    """What someone does to a dossier (SPEC §2.3-2.4); the desk shows one button per action."""

    SUBMIT_ONLINE = "submit_online"
    REGISTER_POSTAL = "register_postal"
    RECEIVE = "receive"
    REQUEST_COMPLETION = "request_completion"
    REFUSE = "refuse"
    FORWARD = "forward"
    ASSIGN = "assign"
    COMPLETE_STEP = "complete_step"
    RETURN_TO_STEP = "return_to_step"
    SEND_INTERAGENCY = "send_interagency"
    RECEIVE_INTERAGENCY = "receive_interagency"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    SUPPLEMENT_DEADLINE_EXPIRED = "supplement_deadline_expired"
    REQUEST_FINANCIAL_OBLIGATION = "request_financial_obligation"
    CONFIRM_FINANCIAL_OBLIGATION = "confirm_financial_obligation"
    APOLOGISE_AND_REAPPOINT = "apologise_and_reappoint"
    STOP = "stop"
    ISSUE_RESULT = "issue_result"
    HAND_TO_POST = "hand_to_post"
    RETURN_RESULT = "return_result"
    REQUEST_WITHDRAWAL = "request_withdrawal"
    APPROVE_WITHDRAWAL = "approve_withdrawal"
    REJECT_WITHDRAWAL = "reject_withdrawal"

    @property
    def label_vi(self) -> str:
        """The Vietnamese button text, e.g. "Yêu cầu bổ sung hồ sơ"."""
        return _ACTION_LABELS[self]


_ACTION_LABELS: Final = {
    Action.SUBMIT_ONLINE: "Nộp hồ sơ trực tuyến",
    Action.REGISTER_POSTAL: "Đăng ký hồ sơ nhận qua bưu chính",
    Action.RECEIVE: "Tiếp nhận hồ sơ",
    Action.REQUEST_COMPLETION: "Hướng dẫn bổ sung, hoàn thiện hồ sơ",
    Action.REFUSE: "Từ chối tiếp nhận hồ sơ",
    Action.FORWARD: "Chuyển hồ sơ đến cơ quan giải quyết",
    Action.ASSIGN: "Phân công xử lý",
    Action.COMPLETE_STEP: "Hoàn thành bước xử lý",
    Action.RETURN_TO_STEP: "Trả lại bước trước",
    Action.SEND_INTERAGENCY: "Chuyển liên thông",
    Action.RECEIVE_INTERAGENCY: "Nhận kết quả liên thông",
    Action.REQUEST_SUPPLEMENT: "Yêu cầu bổ sung hồ sơ",
    Action.RECEIVE_SUPPLEMENT: "Nhận hồ sơ bổ sung",
    Action.SUPPLEMENT_DEADLINE_EXPIRED: "Hết hạn bổ sung hồ sơ",
    Action.REQUEST_FINANCIAL_OBLIGATION: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Action.CONFIRM_FINANCIAL_OBLIGATION: "Xác nhận đã thực hiện nghĩa vụ tài chính",
    Action.APOLOGISE_AND_REAPPOINT: "Xin lỗi và hẹn lại ngày trả kết quả",
    Action.STOP: "Dừng giải quyết hồ sơ",
    Action.ISSUE_RESULT: "Ban hành kết quả giải quyết",
    Action.HAND_TO_POST: "Chuyển kết quả qua bưu chính",
    Action.RETURN_RESULT: "Trả kết quả",
    Action.REQUEST_WITHDRAWAL: "Đề nghị rút hồ sơ",
    Action.APPROVE_WITHDRAWAL: "Đồng ý rút hồ sơ",
    Action.REJECT_WITHDRAWAL: "Không đồng ý rút hồ sơ",
}


class FormKind(StrEnum):
    """An official one-stop form by meaning; its number depends on the rule set (SPEC §3)."""

    RECEIPT = "receipt"
    SUPPLEMENT_REQUEST = "supplement_request"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP_NOTICE = "stop_notice"
    CONTROL_SHEET = "control_sheet"
    REGISTER = "register"


class NotAllowedReason(StrEnum):
    """Which check refused an action (`TransitionNotAllowed.reason`)."""

    WRONG_STATUS = "wrong_status"
    WRONG_ROLE = "wrong_role"
    GUARD_FAILED = "guard_failed"


class Guard(StrEnum):
    """Names of the pure preconditions a `Transition` may carry (see `_GUARDS`)."""

    REASON_GIVEN = "reason_given"
    RECEIVED = "received"
    NOT_INTEROPERATING = "not_interoperating"
    INTEROPERATING = "interoperating"
    NOT_POSTING = "not_posting"
    NOT_YET_REAPPOINTED = "not_yet_reappointed"
    BEFORE_LEGAL_DUE = "before_legal_due"
    SUPPLEMENT_POLICY = "supplement_policy"
    WITHDRAWAL_PENDING = "withdrawal_pending"
    NO_WITHDRAWAL_PENDING = "no_withdrawal_pending"


class Effect(StrEnum):
    """A change to the state's flags that a transition makes besides the status."""

    MARK_RECEIVED = "mark_received"
    COUNT_SUPPLEMENT = "count_supplement"
    MARK_REAPPOINTED = "mark_reappointed"
    OPEN_WITHDRAWAL = "open_withdrawal"
    CLOSE_WITHDRAWAL = "close_withdrawal"


class SupplementPolicy(StrEnum):
    """What to do when an agency asks the same dossier for a supplement a second time.

    SPEC §2.3 step 7 tags "request supplements only once per agency" [B]. Until the text
    is confirmed the default is `WARN`: the request is allowed and `Decision.warnings`
    carries a Vietnamese warning for the service to log with the event, so supervisors
    see it. `ONCE_PER_AGENCY` refuses the second request; a province switches to it once
    the rule is verified. A hard refusal on an unverified rule would block lawful
    requests (e.g. a supplement that itself brought a new defect).
    """

    WARN = "warn"
    ONCE_PER_AGENCY = "once_per_agency"


@dataclass(frozen=True, slots=True)
class WorkflowPolicy:
    """Province policy the workflow consults (kept in the database, passed in)."""

    supplement: SupplementPolicy = SupplementPolicy.WARN


DEFAULT_POLICY: Final = WorkflowPolicy()

# --------------------------------------------------------------------------- state

#: Statuses a dossier can only have once received (form 01 issued, code and due date set).
_RECEIVED_ONLY: Final = frozenset(
    {
        Status.RECEIVED,
        Status.PROCESSING,
        Status.FINANCIAL_OBLIGATION_REQUESTED,
        Status.STOPPED,
        Status.RESOLVED,
        Status.RETURNED,
    }
)
#: Statuses from which the applicant may withdraw (SPEC §2.4: before the result is issued).
WITHDRAWABLE: Final = (
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION_REQUESTED,
)
_SUB_STATE_OF: Final = {
    SubState.INTEROPERATING: Status.PROCESSING,
    SubState.POSTING: Status.RESOLVED,
}


@dataclass(frozen=True, slots=True)
class DossierState:
    """What the workflow needs to know about a dossier.

    `status` None means no record yet: an applicant at the counter before form 01, 02 or
    03 is issued (SPEC §2.4 "—"). `received` is True once form 01 was issued; it tells a
    status-5 dossier waiting for completion at reception from one waiting for a
    supplement during processing. `reappointed` is set by the one allowed apology and
    re-appointment; `supplement_requests` counts supplement requests during processing;
    `withdrawal_requested` marks an applicant's withdrawal request awaiting a decision.
    Inconsistent combinations raise `InvalidDossierState`.
    """

    status: Status | None = None
    sub_state: SubState | None = None
    received: bool = False
    reappointed: bool = False
    supplement_requests: int = 0
    withdrawal_requested: bool = False

    def __post_init__(self) -> None:
        """Refuse states the workflow can never produce."""
        problem = _state_problem(self)
        if problem:
            raise InvalidDossierState(problem)


def _state_problem(s: DossierState) -> str | None:
    """What makes `s` impossible (English, for developers), or None if it is consistent."""
    if s.status in _RECEIVED_ONLY and not s.received:
        return f"status {s.status} requires a received dossier"
    if s.status in (None, Status.SUBMITTED, Status.REFUSED) and s.received:
        return f"status {s.status} cannot be received"
    if s.sub_state is not None and _SUB_STATE_OF[s.sub_state] != s.status:
        return f"sub-state {s.sub_state} needs status {_SUB_STATE_OF[s.sub_state]}"
    if s.reappointed and not s.received:
        return "only a received dossier can be re-appointed"
    if s.supplement_requests < 0:
        return "supplement_requests must not be negative"
    if s.withdrawal_requested and s.status not in WITHDRAWABLE:
        return f"no withdrawal can be pending in status {s.status}"
    return None


# --------------------------------------------------------------------------- rule sets


@dataclass(frozen=True, slots=True)
class Form:
    """An official form of a rule set: number ("01"), meaning and Vietnamese name."""

    number: str
    kind: FormKind
    name: str


@dataclass(frozen=True)
class Transition:
    """One row of the table: where (status, action) leads and under which conditions.

    `target` None means no record is created (form 02 handed to a walk-in applicant).
    A change of status clears the sub-state unless `sets_sub_state`; a same-status action
    keeps it. `before_receipt`, when given, replaces this row for a dossier that was never
    received (status 5 after a completion request at reception, SPEC §2.4 "8 or 3").
    """

    target: Status | None
    roles: frozenset[Role]
    legal_basis: str
    form: FormKind | None = None
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()
    sets_sub_state: bool = False
    sub_state: SubState | None = None
    before_receipt: Transition | None = None


@dataclass(frozen=True, eq=False)
class RuleSet:
    """The rules in force for dossiers received in [valid_from, valid_to] (SPEC §0.2).

    `forms` maps the form number ("01"…) to the `Form` of the regime's circular.
    `transitions` is the table (status, action) → `Transition`; status None is "no
    record yet". Compared by identity: there is one object per regime.
    """

    code: str
    name: str
    valid_from: date
    valid_to: date | None
    forms: Mapping[str, Form]
    transitions: Mapping[tuple[Status | None, Action], Transition] = field(repr=False)

    def form_for(self, kind: FormKind | None) -> Form | None:
        """The form of this regime for `kind`, or None if the regime has no such form."""
        return next((f for f in self.forms.values() if f.kind == kind), None)

    @property
    def has_stop_notice(self) -> bool:
        """True if the regime has a stop notice form (TT 03/2025 form 05; none in 2018)."""
        return self.form_for(FormKind.STOP_NOTICE) is not None

    def covers(self, day: date) -> bool:
        """True if a dossier received on `day` falls under this rule set."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _forms(*rows: tuple[str, FormKind, str]) -> Mapping[str, Form]:
    return MappingProxyType({n: Form(n, kind, name) for n, kind, name in rows})


_RECEIPT_NAME: Final = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
_SUPPLEMENT_NAME: Final = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
_REFUSAL_NAME: Final = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
_CONTROL_NAME: Final = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
_REGISTER_NAME: Final = "Sổ theo dõi hồ sơ"

#: TT 01/2018/TT-VPCP forms 01-06 (SPEC §3, [V-impl] + [V-doc] QĐ 3621/QĐ-BYT BM.01-06).
FORMS_2018: Final = _forms(
    ("01", FormKind.RECEIPT, _RECEIPT_NAME),
    ("02", FormKind.SUPPLEMENT_REQUEST, _SUPPLEMENT_NAME),
    ("03", FormKind.REFUSAL, _REFUSAL_NAME),
    ("04", FormKind.APOLOGY, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    ("05", FormKind.CONTROL_SHEET, _CONTROL_NAME),
    ("06", FormKind.REGISTER, _REGISTER_NAME),
)
#: TT 03/2025/TT-VPCP forms 01-07 (SPEC §3, [V-doc, partly third-party]); 05 is new.
FORMS_2025: Final = _forms(
    ("01", FormKind.RECEIPT, _RECEIPT_NAME),
    ("02", FormKind.SUPPLEMENT_REQUEST, _SUPPLEMENT_NAME),
    ("03", FormKind.REFUSAL, _REFUSAL_NAME),
    ("04", FormKind.APOLOGY, "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết"),
    ("05", FormKind.STOP_NOTICE, "Thông báo dừng giải quyết hồ sơ"),
    ("06", FormKind.CONTROL_SHEET, _CONTROL_NAME),
    ("07", FormKind.REGISTER, _REGISTER_NAME),
)

# --------------------------------------------------------------------------- the table

S, A, R, G, E = Status, Action, Role, Guard, Effect  # short names for the tables below

_COUNTER: Final = frozenset({R.COUNTER_OFFICER})
_HANDLERS: Final = frozenset({R.SPECIALIST, R.UNIT_HEAD, R.AGENCY_LEADER})  # competent agency
_LEADERS: Final = frozenset({R.UNIT_HEAD, R.AGENCY_LEADER})
_DECIDERS: Final = _COUNTER | _LEADERS  # decide on a withdrawal request

_RECEPTION: Final = "NĐ 61/2018/NĐ-CP Art. 18 [B]; NĐ 118/2025/NĐ-CP [B]; SPEC §2.3 step 2"
_PROCESSING: Final = "NĐ 61/2018/NĐ-CP Art. 20 [B]; NĐ 118/2025/NĐ-CP [B]; SPEC §2.3 step 5"
_SUPPLEMENT: Final = "NĐ 61/2018/NĐ-CP Art. 20 [B]; once per agency [B]; SPEC §2.3 step 7"
_INTERAGENCY: Final = "NĐ 61/2018/NĐ-CP Art. 21 [B] (liên thông); DVCQG interoperating [V-impl]"
_STOP_BASIS: Final = "TT 03/2025/TT-VPCP form 05 [V-doc]; 2018: written notice [B]; SPEC step 13"
_EXPIRY: Final = "[V-impl] Thanh Hóa, local practice, legal basis unconfirmed; SPEC §2.3 step 7"
_WITHDRAWAL: Final = "[V-impl] Thanh Hóa status 7, TraLaiXinRutKhongKyDuyet; SPEC §2.3 step 12"

# Rows shared by several source statuses.
_RECEIVE: Final = Transition(
    S.RECEIVED, _COUNTER, f"{_RECEPTION}c; form 01", FormKind.RECEIPT, effects=(E.MARK_RECEIVED,)
)
_REFUSE: Final = Transition(
    S.REFUSED, _COUNTER, f"{_RECEPTION}b; form 03", FormKind.REFUSAL, guards=(G.REASON_GIVEN,)
)
_COMPLETION: Final = Transition(
    S.SUPPLEMENT_REQUESTED,
    _COUNTER,
    f"{_RECEPTION}a; form 02",
    FormKind.SUPPLEMENT_REQUEST,
    guards=(G.REASON_GIVEN,),
)
_REQUEST_SUPPLEMENT: Final = Transition(
    S.SUPPLEMENT_REQUESTED,
    _HANDLERS,
    f"{_SUPPLEMENT}; form 02",
    FormKind.SUPPLEMENT_REQUEST,
    guards=(G.REASON_GIVEN, G.NOT_INTEROPERATING, G.SUPPLEMENT_POLICY),
    effects=(E.COUNT_SUPPLEMENT,),
)
_STOP: Final = Transition(
    S.STOPPED, _LEADERS, _STOP_BASIS, FormKind.STOP_NOTICE, guards=(G.REASON_GIVEN, G.RECEIVED)
)

# fmt: off
#: The transition table: (status, action) → Transition. Status None is "no record yet"
#: (a walk-in at the counter). Any pair absent from this table is refused.
TRANSITIONS: Final[Mapping[tuple[Status | None, Action], Transition]] = MappingProxyType({
    # --- Step 1, submission (SPEC §2.3 step 1; §2.4 row 1) ------------------------------
    # Online, on the provincial portal or DVCQG: NĐ 45/2020/NĐ-CP; status 1 [V-impl].
    (None, A.SUBMIT_ONLINE): Transition(
        S.SUBMITTED, frozenset({R.APPLICANT}), "NĐ 45/2020/NĐ-CP; [V-impl] Thanh Hóa status 1"),
    # By public post: the post delivers, the one-stop section registers it with channel 3.
    # QĐ 45/2016/QĐ-TTg on reception through public post [B]; channel 3 [V-impl].
    (None, A.REGISTER_POSTAL): Transition(
        S.SUBMITTED, frozenset({R.POSTAL_STAFF, R.COUNTER_OFFICER}),
        "QĐ 45/2016/QĐ-TTg [B]; [V-impl] Thanh Hóa kênh 3"),
    # --- Step 2, completeness check at the one-stop section (NĐ 61/2018 Art. 18 [B]) ----
    # 2c complete: accept, issue form 01 with the dossier code and the due date.
    (None, A.RECEIVE): _RECEIVE,
    (S.SUBMITTED, A.RECEIVE): _RECEIVE,
    # 2a incomplete: form 02, one-time written guidance; a walk-in keeps no record ...
    (None, A.REQUEST_COMPLETION): replace(_COMPLETION, target=None),
    # ... while an online or postal dossier waits in status 5, not yet received.
    (S.SUBMITTED, A.REQUEST_COMPLETION): _COMPLETION,
    # 2b not eligible or outside competence: form 03 with the reason, status 3.
    (None, A.REFUSE): _REFUSE,
    (S.SUBMITTED, A.REFUSE): _REFUSE,
    # --- Step 4, transfer to the competent agency; the control sheet is opened ----------
    # NĐ 61/2018 Art. 19 [B]; TT 01/2018 form 05 = TT 03/2025 form 06 [V-impl][V-doc].
    (S.RECEIVED, A.FORWARD): Transition(
        S.PROCESSING, _DECIDERS, "NĐ 61/2018/NĐ-CP Art. 19 [B]; SPEC §2.3 step 4",
        FormKind.CONTROL_SHEET),
    # --- Step 5, the approved internal process; each handover is a control-sheet row ---
    # Assign work: agency leader, then unit head ([V-doc] Hà Nội QĐ 1594/QĐ-TTPVHCC).
    (S.PROCESSING, A.ASSIGN): Transition(
        S.PROCESSING, _LEADERS, _PROCESSING, FormKind.CONTROL_SHEET),
    # Finish one step of the process (appraise, draft, review, approve).
    (S.PROCESSING, A.COMPLETE_STEP): Transition(
        S.PROCESSING, _HANDLERS, _PROCESSING, FormKind.CONTROL_SHEET),
    # "If not agreed, return to step N" [V-doc] Hà Nội; the reason goes on the row.
    (S.PROCESSING, A.RETURN_TO_STEP): Transition(
        S.PROCESSING, _HANDLERS, _PROCESSING, FormKind.CONTROL_SHEET, guards=(G.REASON_GIVEN,)),
    # --- Step 6, inter-agency (liên thông): status stays 4, sub-state interoperating ----
    (S.PROCESSING, A.SEND_INTERAGENCY): Transition(
        S.PROCESSING, _HANDLERS, _INTERAGENCY, FormKind.CONTROL_SHEET,
        guards=(G.NOT_INTEROPERATING,), sets_sub_state=True, sub_state=SubState.INTEROPERATING),
    (S.PROCESSING, A.RECEIVE_INTERAGENCY): Transition(
        S.PROCESSING, _HANDLERS, _INTERAGENCY, FormKind.CONTROL_SHEET,
        guards=(G.INTEROPERATING,), sets_sub_state=True),
    # --- Step 7, supplement during processing: status 5, clock paused (SPEC §11.5) ------
    # From 2 or 4 (SPEC §2.4); Thanh Hóa's "from 1" is REQUEST_COMPLETION here.
    (S.RECEIVED, A.REQUEST_SUPPLEMENT): _REQUEST_SUPPLEMENT,
    (S.PROCESSING, A.REQUEST_SUPPLEMENT): _REQUEST_SUPPLEMENT,
    # The supplement arrives: back to 4, due pushed back by the wait ([V-impl] Thanh Hóa
    # CaculateTime.GetNgayHenTraBoSung). Never received: back to 1 for a new check.
    (S.SUPPLEMENT_REQUESTED, A.RECEIVE_SUPPLEMENT): Transition(
        S.PROCESSING, frozenset({R.APPLICANT, R.COUNTER_OFFICER}),
        "[V-impl] Thanh Hóa GetNgayHenTraBoSung; SPEC §11.5",
        before_receipt=Transition(
            S.SUBMITTED, frozenset({R.APPLICANT, R.COUNTER_OFFICER}), f"{_RECEPTION}a")),
    # The supplement deadline passed: stop (8); never received: refuse (3) (SPEC §2.4).
    (S.SUPPLEMENT_REQUESTED, A.SUPPLEMENT_DEADLINE_EXPIRED): Transition(
        S.STOPPED, frozenset({R.COUNTER_OFFICER, R.SYSTEM}), _EXPIRY, FormKind.STOP_NOTICE,
        before_receipt=Transition(
            S.REFUSED, frozenset({R.COUNTER_OFFICER, R.SYSTEM}), _EXPIRY, FormKind.REFUSAL)),
    # --- Step 8, financial obligation: status 6, clock paused ([V-impl] Thanh Hóa) ------
    (S.PROCESSING, A.REQUEST_FINANCIAL_OBLIGATION): Transition(
        S.FINANCIAL_OBLIGATION_REQUESTED, _HANDLERS, "[V-impl] Thanh Hóa status 6",
        guards=(G.NOT_INTEROPERATING,)),
    (S.FINANCIAL_OBLIGATION_REQUESTED, A.CONFIRM_FINANCIAL_OBLIGATION): Transition(
        S.PROCESSING, frozenset({R.SYSTEM, R.COUNTER_OFFICER, R.SPECIALIST}),
        "[V-impl] Thanh Hóa status 6 → 4"),
    # --- Step 9, predicted overdue: apology and new appointment, once, before the due ---
    # Form 04 signed by the head of the agency. NĐ 61/2018 Art. 20 [B]; "once" from
    # NĐ 107/2021 [B]; NĐ 118/2025 [V-doc] Lai Châu QĐ 88/2025/QĐ-UBND.
    (S.PROCESSING, A.APOLOGISE_AND_REAPPOINT): Transition(
        S.PROCESSING, frozenset({R.AGENCY_LEADER}),
        "NĐ 61/2018 Art. 20 [B]; NĐ 107/2021 [B]; NĐ 118/2025 [V-doc]; SPEC §2.3 step 9",
        FormKind.APOLOGY, guards=(G.REASON_GIVEN, G.NOT_YET_REAPPOINTED, G.BEFORE_LEGAL_DUE),
        effects=(E.MARK_REAPPOINTED,)),
    # --- Step 13, stop processing: TT 03/2025 form 05; 2018: notice in writing [B] ------
    (S.PROCESSING, A.STOP): _STOP,
    (S.SUPPLEMENT_REQUESTED, A.STOP): _STOP,
    (S.FINANCIAL_OBLIGATION_REQUESTED, A.STOP): _STOP,
    # --- Step 10, result issued: the leader signs, the clerk numbers ([V-doc] Hà Nội) ---
    # NĐ 61/2018 Art. 20 [B]; the resolution moment is NgayKetThucXuLy [V-impl].
    (S.PROCESSING, A.ISSUE_RESULT): Transition(
        S.RESOLVED, frozenset({R.AGENCY_LEADER, R.RECORDS_CLERK}),
        "NĐ 61/2018/NĐ-CP Art. 20 [B]; SPEC §2.3 step 10",
        guards=(G.NOT_INTEROPERATING, G.NO_WITHDRAWAL_PENDING)),
    # --- Step 11, return: by post the result is first handed over (sub-state posting) ---
    (S.RESOLVED, A.HAND_TO_POST): Transition(
        S.RESOLVED, _COUNTER, "QĐ 45/2016/QĐ-TTg [B]; DVCQG posting [V-impl]",
        guards=(G.NOT_POSTING,), sets_sub_state=True, sub_state=SubState.POSTING),
    # Register entry: TT 01/2018 form 06 = TT 03/2025 form 07. NĐ 61/2018 Art. 22 [B].
    (S.RESOLVED, A.RETURN_RESULT): Transition(
        S.RETURNED, frozenset({R.COUNTER_OFFICER, R.POSTAL_STAFF, R.SYSTEM}),
        "NĐ 61/2018/NĐ-CP Art. 22 [B]; SPEC §2.3 step 11", FormKind.REGISTER),
    # --- Step 12, withdrawal before the result is issued (1, 2, 4, 5, 6) [V-impl] -------
    # The applicant (or the counter, for a paper request) asks; the status does not change.
    **{(s, A.REQUEST_WITHDRAWAL): Transition(
        s, frozenset({R.APPLICANT, R.COUNTER_OFFICER}), _WITHDRAWAL,
        guards=(G.NO_WITHDRAWAL_PENDING,), effects=(E.OPEN_WITHDRAWAL,)) for s in WITHDRAWABLE},
    # The competent unit agrees: status 7.
    **{(s, A.APPROVE_WITHDRAWAL): Transition(
        S.WITHDRAWN, _DECIDERS, _WITHDRAWAL,
        guards=(G.WITHDRAWAL_PENDING,), effects=(E.CLOSE_WITHDRAWAL,)) for s in WITHDRAWABLE},
    # ... or refuses, with a reason ("TraLaiXinRutKhongKyDuyet"); processing goes on.
    **{(s, A.REJECT_WITHDRAWAL): Transition(
        s, _DECIDERS, _WITHDRAWAL, guards=(G.WITHDRAWAL_PENDING, G.REASON_GIVEN),
        effects=(E.CLOSE_WITHDRAWAL,)) for s in WITHDRAWABLE},
})
# fmt: on

#: NĐ 61/2018 (in force 21/06/2018) with TT 01/2018 (forms, from 06/01/2019) and NĐ 107/2021.
RULES_2018: Final = RuleSet(
    code="2018",
    name="NĐ 61/2018/NĐ-CP, TT 01/2018/TT-VPCP, NĐ 107/2021/NĐ-CP",
    valid_from=date(2018, 6, 21),
    valid_to=date(2025, 6, 30),
    forms=FORMS_2018,
    transitions=TRANSITIONS,
)
#: NĐ 118/2025 (in force 01/07/2025) with TT 03/2025 (SPEC §0.2).
RULES_2025: Final = RuleSet(
    code="2025",
    name="NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP",
    valid_from=date(2025, 7, 1),
    valid_to=None,
    forms=FORMS_2025,
    transitions=TRANSITIONS,
)
RULE_SETS: Final = (RULES_2018, RULES_2025)


def rule_set_for(received_on: date) -> RuleSet:
    """The rule set a dossier received on `received_on` (local date) keeps for life.

    SPEC §0.2: 21/06/2018-30/06/2025 → "2018", from 01/07/2025 → "2025". Earlier dates
    (QĐ 09/2015/QĐ-TTg, legacy only) raise `NoRuleSet`. Before receipt (status 1) the
    service may use the submission date provisionally. Note: TT 01/2018's forms only
    took effect on 06/01/2019; the catalogue is applied from 21/06/2018 for simplicity.
    """
    if isinstance(received_on, datetime):
        raise TypeError("rule_set_for takes the local receipt date, not a datetime")
    for rule_set in RULE_SETS:
        if rule_set.covers(received_on):
            return rule_set
    raise NoRuleSet(
        f"Không có bộ quy tắc cho hồ sơ tiếp nhận ngày {received_on:%d/%m/%Y}: hệ thống áp dụng "
        f"từ ngày {RULES_2018.valid_from:%d/%m/%Y} (NĐ 61/2018/NĐ-CP)."
    )


def rule_set_by_code(code: str) -> RuleSet:
    """The rule set stored on a dossier by its `code` ("2018" or "2025"); else `NoRuleSet`."""
    for rule_set in RULE_SETS:
        if rule_set.code == code:
            return rule_set
    raise NoRuleSet(f"Không có bộ quy tắc mã “{code}”.")


def is_terminal(status: Status | None) -> bool:
    """True for 3, 7, 8 and 10: no action leads out (SPEC §2.2)."""
    return status in TERMINAL


def clock_running(status: Status | None) -> bool:
    """True while the deadline clock runs: 2 and 4 (SPEC §2.2; paused in 5 and 6)."""
    return status in CLOCK_RUNNING


# --------------------------------------------------------------------------- guards

_FACTS: Final = frozenset({"reason", "now", "legal_due", "agency_supplement_requests"})
_Facts = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class _GuardSpec:
    """A guard: the facts it needs and a check returning a Vietnamese problem or None."""

    needs: tuple[str, ...]
    check: Callable[[DossierState, _Facts, WorkflowPolicy], str | None]


def _moment(facts: _Facts, name: str) -> datetime:
    """The aware datetime fact `name`; a missing or naive one is a programming error."""
    value = facts.get(name)
    if not isinstance(value, datetime):
        raise TypeError(f"fact {name!r} must be an aware datetime, got {value!r}")
    if value.utcoffset() is None:
        raise InvalidMoment(f"fact {name!r} is a naive datetime")
    return value


def _reason(state: DossierState, facts: _Facts, policy: WorkflowPolicy) -> str | None:
    reason = facts.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise TypeError(f"fact 'reason' must be a string, got {reason!r}")
    return None if reason and reason.strip() else "phải nêu rõ lý do"


def _before_legal_due(state: DossierState, facts: _Facts, policy: WorkflowPolicy) -> str | None:
    now, legal_due = _moment(facts, "now"), _moment(facts, "legal_due")
    if now < legal_due:
        return None
    due = legal_due.astimezone(VN_TZ)
    return (
        f"đã đến hạn giải quyết theo quy định ({due:%H:%M %d/%m/%Y}); phiếu xin lỗi và hẹn "
        "lại phải gửi trước thời hạn đó"
    )


def _prior_supplements(state: DossierState, facts: _Facts) -> int:
    """Requests the requesting agency already made; without the fact, the dossier's total."""
    value = facts.get("agency_supplement_requests", state.supplement_requests)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"fact 'agency_supplement_requests' must be an int >= 0, got {value!r}")
    return value


def _supplement_policy(state: DossierState, facts: _Facts, policy: WorkflowPolicy) -> str | None:
    if policy.supplement is SupplementPolicy.WARN or not _prior_supplements(state, facts):
        return None
    return "cơ quan đã yêu cầu bổ sung hồ sơ này; mỗi cơ quan chỉ yêu cầu bổ sung một lần"


def _state_guard(
    predicate: Callable[[DossierState], bool], problem: str
) -> Callable[[DossierState, _Facts, WorkflowPolicy], str | None]:
    return lambda state, facts, policy: None if predicate(state) else problem


# fmt: off
_GUARDS: Final[Mapping[Guard, _GuardSpec]] = MappingProxyType({
    G.REASON_GIVEN: _GuardSpec(("reason",), _reason),
    G.RECEIVED: _GuardSpec((), _state_guard(
        lambda s: s.received, "hồ sơ chưa được tiếp nhận")),
    G.NOT_INTEROPERATING: _GuardSpec((), _state_guard(
        lambda s: s.sub_state is not SubState.INTEROPERATING,
        "hồ sơ đang chuyển liên thông; cần nhận lại kết quả liên thông trước")),
    G.INTEROPERATING: _GuardSpec((), _state_guard(
        lambda s: s.sub_state is SubState.INTEROPERATING,
        "hồ sơ không ở trạng thái chuyển liên thông")),
    G.NOT_POSTING: _GuardSpec((), _state_guard(
        lambda s: s.sub_state is not SubState.POSTING, "kết quả đã được chuyển qua bưu chính")),
    G.NOT_YET_REAPPOINTED: _GuardSpec((), _state_guard(
        lambda s: not s.reappointed,
        "hồ sơ đã được hẹn lại ngày trả kết quả một lần; chỉ được hẹn lại một lần")),
    G.BEFORE_LEGAL_DUE: _GuardSpec(("now", "legal_due"), _before_legal_due),
    G.SUPPLEMENT_POLICY: _GuardSpec((), _supplement_policy),
    G.WITHDRAWAL_PENDING: _GuardSpec((), _state_guard(
        lambda s: s.withdrawal_requested, "người nộp hồ sơ chưa đề nghị rút hồ sơ")),
    G.NO_WITHDRAWAL_PENDING: _GuardSpec((), _state_guard(
        lambda s: not s.withdrawal_requested,
        "đang có đề nghị rút hồ sơ chờ xem xét; cần xử lý đề nghị này trước")),
})
# fmt: on
del S, A, R, G, E

# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of an allowed action: next state, table row, form to issue, warnings.

    `form` is the row's `FormKind` resolved in the dossier's rule set (None when the
    regime has no such form, e.g. the stop notice before 2025). `warnings` are
    Vietnamese notes the service logs with the event (today: a repeated supplement
    request under `SupplementPolicy.WARN`).
    """

    state: DossierState
    transition: Transition
    form: Form | None
    warnings: tuple[str, ...] = ()


def _role(value: str) -> Role:
    """`value` as a `Role` (the plain string values are accepted too)."""
    try:
        return Role(value)
    except ValueError:
        raise ValueError(f"unknown role {value!r}") from None


def _action(value: str) -> Action:
    """`value` as an `Action` (the plain string values are accepted too)."""
    try:
        return Action(value)
    except ValueError:
        raise ValueError(f"unknown action {value!r}") from None


def _status_text(status: Status | None) -> str:
    """“ở trạng thái …” for a message, or “chưa lập hồ sơ” when there is no record."""
    return "chưa lập hồ sơ" if status is None else f"ở trạng thái “{status.label_vi}”"


def _row(rule_set: RuleSet, state: DossierState, action: Action) -> Transition | None:
    """The table row for (status, action), its `before_receipt` variant if never received."""
    row = rule_set.transitions.get((state.status, action))
    if row is not None and row.before_receipt is not None and not state.received:
        return row.before_receipt
    return row


def _failed(
    row: Transition, state: DossierState, facts: _Facts, policy: WorkflowPolicy, *, partial: bool
) -> list[tuple[Guard, str]]:
    """Guards of `row` that fail; with `partial`, guards whose facts are absent are skipped."""
    failed = []
    for guard in row.guards:
        spec = _GUARDS[guard]
        if partial and not all(name in facts for name in spec.needs):
            continue
        problem = spec.check(state, facts, policy)
        if problem is not None:
            failed.append((guard, problem))
    return failed


def _apply(row: Transition, state: DossierState) -> DossierState:
    """The state after `row`: new status, sub-state rule, effects on the flags."""
    if row.sets_sub_state:
        sub_state = row.sub_state
    else:
        sub_state = state.sub_state if row.target == state.status else None
    effects = row.effects
    # A pending withdrawal request lapses when the dossier closes another way.
    withdrawal = (state.withdrawal_requested or Effect.OPEN_WITHDRAWAL in effects) and (
        Effect.CLOSE_WITHDRAWAL not in effects and row.target not in TERMINAL
    )
    return DossierState(
        status=row.target,
        sub_state=sub_state,
        received=state.received or Effect.MARK_RECEIVED in effects,
        reappointed=state.reappointed or Effect.MARK_REAPPOINTED in effects,
        supplement_requests=state.supplement_requests + int(Effect.COUNT_SUPPLEMENT in effects),
        withdrawal_requested=withdrawal,
    )


def _check_facts(facts: _Facts) -> None:
    """Refuse misspelt fact names: a typo must not silently skip a guard."""
    unknown = set(facts) - _FACTS
    if unknown:
        raise TypeError(f"unknown workflow facts: {sorted(unknown)}; known: {sorted(_FACTS)}")


def decide(
    rule_set: RuleSet,
    state: DossierState,
    action: Action,
    role: Role,
    *,
    policy: WorkflowPolicy = DEFAULT_POLICY,
    **facts: object,
) -> Decision:
    """Check `action` by `role` on `state` under `rule_set` and return the `Decision`.

    Checks in order: the (status, action) pair is in the table, the role is listed, and
    every guard holds. _Facts: `reason` (str; refusal, stop, supplement, completion,
    apology, return to a step, rejected withdrawal), `now` and `legal_due` (aware
    datetimes; apology only before the legal due moment), `agency_supplement_requests`
    (int; earlier supplement requests by the requesting agency, defaults to the dossier's
    count). Raises `TransitionNotAllowed` with a Vietnamese message; `TypeError` for an
    unknown, missing or ill-typed fact (a programming error), `InvalidMoment` if naive.
    """
    _check_facts(facts)
    action, role = _action(action), _role(role)
    row = _row(rule_set, state, action)
    if row is None:
        raise TransitionNotAllowed(
            f"Không thể “{action.label_vi}” khi hồ sơ {_status_text(state.status)}.",
            reason=NotAllowedReason.WRONG_STATUS,
        )
    if role not in row.roles:
        allowed = ", ".join(f"“{r.label_vi}”" for r in Role if r in row.roles)
        raise TransitionNotAllowed(
            f"Vai trò “{role.label_vi}” không được “{action.label_vi}”; chỉ {allowed} được làm.",
            reason=NotAllowedReason.WRONG_ROLE,
        )
    failed = _failed(row, state, facts, policy, partial=False)
    if failed:
        raise TransitionNotAllowed(
            f"Không thể “{action.label_vi}”: " + "; ".join(p for _, p in failed) + ".",
            reason=NotAllowedReason.GUARD_FAILED,
            guards=tuple(guard for guard, _ in failed),
        )
    return Decision(
        _apply(row, state), row, rule_set.form_for(row.form), _warnings(row, state, facts)
    )


def _warnings(row: Transition, state: DossierState, facts: _Facts) -> tuple[str, ...]:
    """Vietnamese warnings to log with an allowed action (repeated supplement request)."""
    if Guard.SUPPLEMENT_POLICY in row.guards and _prior_supplements(state, facts):
        return (
            "Cơ quan đã yêu cầu bổ sung hồ sơ này trước đó; yêu cầu lần này vẫn được thực hiện "
            "vì quy định “mỗi cơ quan chỉ yêu cầu bổ sung một lần” chưa được đối chiếu.",
        )
    return ()


def transition(
    rule_set: RuleSet,
    state: DossierState,
    action: Action,
    role: Role,
    *,
    policy: WorkflowPolicy = DEFAULT_POLICY,
    **facts: object,
) -> DossierState:
    """The next state after `action` by `role`, or `TransitionNotAllowed` (see `decide`)."""
    return decide(rule_set, state, action, role, policy=policy, **facts).state


def allowed_actions(
    rule_set: RuleSet,
    state: DossierState,
    role: Role,
    *,
    policy: WorkflowPolicy = DEFAULT_POLICY,
    **facts: object,
) -> list[Action]:
    """The actions `role` may take on `state`, in `Action` order: the desk's buttons.

    Guards that only read the state are applied; guards needing facts are applied only
    when those facts are given (pass `now` and `legal_due` to hide the apology button
    after the due moment; the reason is asked for after the click).
    """
    _check_facts(facts)
    role = _role(role)
    return [
        action
        for action in Action
        if (row := _row(rule_set, state, action)) is not None
        and role in row.roles
        and not _failed(row, state, facts, policy, partial=True)
    ]
