# SPDX-License-Identifier: MPL-2.0
"""Dossiers and everything recorded about them (split by concern; import from here)."""

from motcua.dossiers.models.dossier import (
    CHANNEL_CHOICES,
    STATUS_CHOICES,
    ApplicantKind,
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    ResultDelivery,
    Timeliness,
)
from motcua.dossiers.models.drafts import DraftFile, SubmissionDraft
from motcua.dossiers.models.parts import (
    DossierComponent,
    DossierFee,
    DossierFile,
    DossierPause,
    DossierResult,
    Handover,
    HandoverKind,
    PauseKind,
)

__all__ = [
    "CHANNEL_CHOICES",
    "STATUS_CHOICES",
    "ApplicantKind",
    "Dossier",
    "DossierCodeCounter",
    "DossierComponent",
    "DossierEvent",
    "DossierFee",
    "DossierFile",
    "DossierPause",
    "DossierResult",
    "DraftFile",
    "Handover",
    "HandoverKind",
    "PauseKind",
    "ResultDelivery",
    "SubmissionDraft",
    "Timeliness",
]
