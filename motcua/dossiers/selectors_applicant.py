# SPDX-License-Identifier: MPL-2.0
"""Reads for the applicant on the portal: their dossiers, their drafts, where to submit.

An applicant sees only what is theirs (`Dossier.applicant`, `SubmissionDraft.user`);
anything else is answered as "not found" (ADR 0003), so another citizen's dossier code or
draft number reveals nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Component, ProcedureVersion
from motcua.dossiers.models import (
    Dossier,
    DossierFile,
    DossierPause,
    DraftFile,
    PauseKind,
    SubmissionDraft,
)
from motcua.org.models import Agency, AgencyKind, UnitLevel


def dossier_list_for_applicant(*, user: User) -> QuerySet[Dossier]:
    """The user's own dossiers, newest first, with what a list row shows (one query)."""
    return (
        Dossier.objects.filter(applicant=user)
        .select_related("procedure_version__procedure", "case", "receiving_agency")
        .order_by("-submitted_at", "-id")
    )


def dossier_get_for_applicant(*, user: User, code: str) -> Dossier:
    """The user's own dossier with `code`; 404 for anyone else's (ADR 0003)."""
    try:
        return dossier_list_for_applicant(user=user).select_related("lead_agency").get(code=code)
    except Dossier.DoesNotExist as exc:
        raise Http404("Dossier not found") from exc


def open_supplement_request(*, dossier: Dossier) -> DossierPause | None:
    """The supplement request the applicant has still to answer (status 5), if any."""
    return dossier.pauses.filter(kind=PauseKind.SUPPLEMENT, ended_at__isnull=True).first()


def requested_components(*, pause: DossierPause) -> list[Component]:
    """The published components a supplement request names, in the catalogue's order."""
    ids = [int(item["component"]) for item in pause.items]
    return list(Component.objects.filter(pk__in=ids).order_by("order", "id"))


#: Files the applicant may download: what they handed in and the result; not the
#: recipient's signature captured at the counter.
APPLICANT_FILE_PURPOSES = ("component", "supplement", "result")


def dossier_file_for_applicant(*, dossier: Dossier, file_id: int) -> DossierFile:
    """A file of the applicant's own dossier (call after `dossier_get_for_applicant`)."""
    row = dossier.files.filter(pk=file_id, purpose__in=APPLICANT_FILE_PURPOSES).first()
    if row is None:
        raise Http404("No such file")
    return row


def draft_file_for_user(*, draft: SubmissionDraft, file_id: int) -> DraftFile:
    """A file attached to the user's own draft (call after `draft_get_for_user`)."""
    row = draft.files.filter(pk=file_id).first()
    if row is None:
        raise Http404("No such file")
    return row


def draft_list_for_user(*, user: User, procedure_code: str = "") -> QuerySet[SubmissionDraft]:
    """The user's submissions in progress, last edited first."""
    drafts = SubmissionDraft.objects.filter(user=user).select_related(
        "procedure_version__procedure", "case", "receiving_agency"
    )
    if procedure_code:
        drafts = drafts.filter(procedure_version__procedure__code=procedure_code)
    return drafts.order_by("-updated_at", "-id")


def draft_get_for_user(*, user: User, draft_id: int) -> SubmissionDraft:
    """The user's own draft; 404 for anyone else's."""
    try:
        return draft_list_for_user(user=user).get(pk=draft_id)
    except SubmissionDraft.DoesNotExist as exc:
        raise Http404("Draft not found") from exc


def receiving_agencies_for(*, version: ProcedureVersion) -> list[Agency]:
    """Where a dossier of `version` may be submitted online.

    The version's receiving agency, else its processing agency (Directive 01/CT-UBND clause
    2d: delegation is data). A commune-level procedure published without an agency is
    received by every commune: the applicant chooses the commune's one-stop section (Bộ
    phận Một cửa, or its public administration service center), the same agency the desk's
    counter intake receives such a walk-in for, so that the commune's counter officers see
    the dossier in their inbox. Only agencies with an electronic identifier can number a
    dossier.
    """
    fixed = version.receiving_agency or version.processing_agency
    if fixed is not None:
        return [fixed]
    if not version.level_commune:
        return []
    return list(
        Agency.objects.in_force(timezone.localdate())
        .filter(
            is_active=True,
            identifier_code__isnull=False,
            kind__in=[AgencyKind.ONE_STOP_SECTION, AgencyKind.SERVICE_CENTER],
            administrative_unit__level=UnitLevel.COMMUNE,
        )
        .order_by("name")
    )
