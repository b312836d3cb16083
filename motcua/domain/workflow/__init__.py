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

# The package is split by concern; every public name is re-exported here, so callers
# import from `motcua.domain.workflow` only. Modules depend in this order, never back:
# vocabulary ← state ← table ← rulesets ← engine.
from motcua.domain.workflow.engine import Decision, allowed_actions, decide, transition
from motcua.domain.workflow.rulesets import (
    FORMS_2018,
    FORMS_2025,
    RULE_SETS,
    RULES_2018,
    RULES_2025,
    Form,
    RuleSet,
    rule_set_by_code,
    rule_set_for,
)
from motcua.domain.workflow.state import WITHDRAWABLE, DossierState
from motcua.domain.workflow.table import TRANSITIONS, Transition
from motcua.domain.workflow.vocabulary import (
    CLOCK_RUNNING,
    DEFAULT_POLICY,
    TERMINAL,
    Action,
    Channel,
    Effect,
    FormKind,
    Guard,
    NotAllowedReason,
    Role,
    Status,
    SubState,
    SupplementPolicy,
    WorkflowPolicy,
    clock_running,
    is_terminal,
)

__all__ = [
    "CLOCK_RUNNING",
    "DEFAULT_POLICY",
    "FORMS_2018",
    "FORMS_2025",
    "RULES_2018",
    "RULES_2025",
    "RULE_SETS",
    "TERMINAL",
    "TRANSITIONS",
    "WITHDRAWABLE",
    "Action",
    "Channel",
    "Decision",
    "DossierState",
    "Effect",
    "Form",
    "FormKind",
    "Guard",
    "NotAllowedReason",
    "Role",
    "RuleSet",
    "Status",
    "SubState",
    "SupplementPolicy",
    "Transition",
    "WorkflowPolicy",
    "allowed_actions",
    "clock_running",
    "decide",
    "is_terminal",
    "rule_set_by_code",
    "rule_set_for",
    "transition",
]
