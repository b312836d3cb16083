# SPDX-License-Identifier: MPL-2.0
"""State changes of dossiers: one function per workflow action (STYLE.md).

Every function takes keyword arguments and an `actor`, runs in one transaction, and
writes the dossier, its timeline event, the audit entry and the outbox message together;
`DossierError` carries Vietnamese messages that say what to fix, and nothing is written.
"""

from motcua.dossiers.services._base import Applicant, DossierError, reserve_code
from motcua.dossiers.services.closing import (
    dossier_decide_withdrawal,
    dossier_hand_to_post,
    dossier_request_withdrawal,
    dossier_return_result,
)
from motcua.dossiers.services.components import ComponentInput, RequestItem, Upload
from motcua.dossiers.services.drafts import (
    DraftError,
    draft_attach,
    draft_discard,
    draft_problems,
    draft_remove_file,
    draft_start,
    draft_submit,
    draft_update,
)
from motcua.dossiers.services.intake import (
    Guidance,
    dossier_receive,
    dossier_receive_at_counter,
    dossier_refuse,
    dossier_refuse_walk_in,
    dossier_register_postal,
    dossier_request_completion,
    dossier_submit_online,
    guidance_issue,
)
from motcua.dossiers.services.pauses import (
    dossier_apologise,
    dossier_confirm_financial_obligation,
    dossier_expire_supplement,
    dossier_receive_supplement,
    dossier_request_financial_obligation,
    dossier_request_supplement,
)
from motcua.dossiers.services.processing import (
    ResultDocument,
    dossier_assign,
    dossier_complete_step,
    dossier_forward,
    dossier_issue_result,
    dossier_receive_interagency,
    dossier_return_to_step,
    dossier_send_interagency,
    dossier_stop,
)

__all__ = [
    "Applicant",
    "ComponentInput",
    "DossierError",
    "DraftError",
    "Guidance",
    "RequestItem",
    "ResultDocument",
    "Upload",
    "dossier_apologise",
    "dossier_assign",
    "dossier_complete_step",
    "dossier_confirm_financial_obligation",
    "dossier_decide_withdrawal",
    "dossier_expire_supplement",
    "dossier_forward",
    "dossier_hand_to_post",
    "dossier_issue_result",
    "dossier_receive",
    "dossier_receive_at_counter",
    "dossier_receive_interagency",
    "dossier_receive_supplement",
    "dossier_refuse",
    "dossier_refuse_walk_in",
    "dossier_register_postal",
    "dossier_request_completion",
    "dossier_request_financial_obligation",
    "dossier_request_supplement",
    "dossier_request_withdrawal",
    "dossier_return_result",
    "dossier_return_to_step",
    "dossier_send_interagency",
    "dossier_stop",
    "dossier_submit_online",
    "draft_attach",
    "draft_discard",
    "draft_problems",
    "draft_remove_file",
    "draft_start",
    "draft_submit",
    "draft_update",
    "guidance_issue",
    "reserve_code",
]
