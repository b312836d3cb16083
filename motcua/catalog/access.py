# SPDX-License-Identifier: MPL-2.0
"""Who may see and who may edit which procedure (Directive 01/CT-UBND, clause 1c).

A procedure belongs to the agencies of its newest version: its processing agency and its
receiving agency. Staff see the procedures of the agencies in their scope
(``org.access.agency_ids_in_scope``); the procedure-control focal officer
(``PROCEDURE_CONTROLLER``) edits those of the agencies under their controller positions;
province-wide users see and edit every procedure, including commune-level ones that name no
agency. Out of scope answers 404 (ADR 0003); in scope but read-only answers 403, since the
user already sees the procedure and nothing is disclosed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.org.access import active_positions, agency_ids_in_scope
from motcua.org.models import Agency, Role


class NotAnEditor(PermissionDenied):
    """The user sees this procedure but may not change it."""


def _subtree(ids: set[int]) -> set[int]:
    scope, frontier = set(ids), set(ids)
    while frontier:  # the agency tree is a few levels deep
        frontier = (
            set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - scope
        )
        scope |= frontier
    return scope


def editable_agency_ids(user: User) -> set[int] | None:
    """Agencies whose procedures the user edits; ``None`` means every procedure.

    Only controller positions count: a specialist of Y who is also the controller of X edits
    X's procedures, not Y's.
    """
    if agency_ids_in_scope(user) is None:
        return None
    controller = active_positions(user).filter(role=Role.PROCEDURE_CONTROLLER)
    return _subtree(set(controller.values_list("agency_id", flat=True)))


def _newest(field: str) -> Subquery:
    newest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number")
    return Subquery(newest.values(field)[:1])


def _in_agencies(procedures: QuerySet[Procedure], ids: set[int] | None) -> QuerySet[Procedure]:
    if ids is None:
        return procedures
    return procedures.annotate(
        head_processing_id=_newest("processing_agency_id"),
        head_receiving_id=_newest("receiving_agency_id"),
    ).filter(Q(head_processing_id__in=ids) | Q(head_receiving_id__in=ids))


def procedures_for_staff(user: User) -> QuerySet[Procedure]:
    """The procedures the user may see on the desk and in the admin."""
    return _in_agencies(Procedure.objects.all(), agency_ids_in_scope(user))


def procedures_editable_by(user: User) -> QuerySet[Procedure]:
    return _in_agencies(Procedure.objects.all(), editable_agency_ids(user))


def can_edit_procedure(user: User, procedure: Procedure) -> bool:
    return procedures_editable_by(user).filter(pk=procedure.pk).exists()


def get_procedure_for_staff(user: User, code: str) -> Procedure:
    """The procedure ``code`` if the user may see it; otherwise 404."""
    try:
        return procedures_for_staff(user).get(code=code)
    except Procedure.DoesNotExist as exc:
        raise Http404("Procedure not found") from exc


def get_procedure_for_editor(user: User, code: str) -> Procedure:
    """The procedure ``code`` for a change: 404 out of scope, 403 when read-only."""
    procedure = get_procedure_for_staff(user, code)
    if not can_edit_procedure(user, procedure):
        raise NotAnEditor(_("Bạn chỉ được xem thủ tục này, không được sửa."))
    return procedure


def get_draft_for_editor(user: User, code: str) -> ProcedureVersion:
    """The draft version of procedure ``code`` for editing; 404 when there is no draft."""
    procedure = get_procedure_for_editor(user, code)
    draft = procedure.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is None:
        raise Http404("No draft")
    return draft


def agencies_for_editor(user: User) -> QuerySet[Agency]:
    """Agencies an editor may name as receiving or processing agency (never outside scope,
    so that an officer cannot hand a procedure to an agency they do not control)."""
    ids = editable_agency_ids(user)
    agencies = Agency.objects.filter(is_active=True)
    return agencies if ids is None else agencies.filter(id__in=ids)
