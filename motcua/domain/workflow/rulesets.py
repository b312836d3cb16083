"""The rule sets: the 2018 and 2025 regimes, their forms catalogues, and which one applies.

Part of `motcua.domain.workflow`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Final

from motcua.domain.errors import NoRuleSet
from motcua.domain.workflow.table import TRANSITIONS, Transition
from motcua.domain.workflow.vocabulary import Action, FormKind, Status


@dataclass(frozen=True, slots=True)
class Form:
    """An official form of a rule set: number ("01"), meaning and Vietnamese name."""

    number: str
    kind: FormKind
    name: str


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
