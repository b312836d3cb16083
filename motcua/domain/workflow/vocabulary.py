"""Workflow vocabulary: statuses, sub-states, channels, roles, actions, forms, guards.

The enums name what the transition table speaks of, each with its Vietnamese label
(SPEC §2.2-2.4); `TERMINAL` and `CLOCK_RUNNING` group the statuses, and `WorkflowPolicy`
is the province policy the guards consult. Part of `motcua.domain.workflow`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final


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


def is_terminal(status: Status | None) -> bool:
    """True for 3, 7, 8 and 10: no action leads out (SPEC §2.2)."""
    return status in TERMINAL


def clock_running(status: Status | None) -> bool:
    """True while the deadline clock runs: 2 and 4 (SPEC §2.2; paused in 5 and 6)."""
    return status in CLOCK_RUNNING
