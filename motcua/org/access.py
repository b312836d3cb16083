# SPDX-License-Identifier: MPL-2.0
"""Who may see which agency: the one place that decides staff scope (zulip's ``access_*``).

An officer sees the agencies where they hold an active position, and every agency under
those (divisions, one-stop sections). Provincial supervisors and system administrators see
the whole province. Anything out of scope is answered with 404, never 403, so that codes
of other agencies cannot be probed.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import AccountKind, User
from motcua.core.request_cache import per_request
from motcua.org.models import PROVINCE_WIDE_ROLES, Agency, Role, StaffPosition


def active_positions(user: User, *, on: date | None = None) -> QuerySet[StaffPosition]:
    """The user's positions in force today (or on ``on``), in active agencies."""
    if not user.is_authenticated or user.kind != AccountKind.STAFF or not user.is_active:
        return StaffPosition.objects.none()
    day = on or timezone.localdate()
    return StaffPosition.objects.in_force(day).filter(
        user=user, is_active=True, agency__is_active=True
    )


@per_request
def has_province_scope(user: User) -> bool:
    return user.is_superuser or active_positions(user).filter(role__in=PROVINCE_WIDE_ROLES).exists()


@per_request
def agency_ids_in_scope(user: User) -> set[int] | None:
    """Ids of the agencies the user may see; ``None`` means the whole province."""
    if has_province_scope(user):
        return None
    scope = set(active_positions(user).values_list("agency_id", flat=True))
    frontier = set(scope)
    while frontier:  # walk down the agency tree (a few levels at most)
        frontier = (
            set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - scope
        )
        scope |= frontier
    return scope


def agencies_for_staff(user: User) -> QuerySet[Agency]:
    ids = agency_ids_in_scope(user)
    agencies = Agency.objects.all()
    return agencies if ids is None else agencies.filter(id__in=ids)


def get_agency_for_staff(user: User, code: str) -> Agency:
    """The agency with ``code`` if the user may see it; otherwise 404."""
    try:
        return agencies_for_staff(user).get(code=code)
    except Agency.DoesNotExist as exc:
        raise Http404("Agency not found") from exc


def user_has_role(user: User, *roles: Role, agency: Agency | None = None) -> bool:
    positions = active_positions(user).filter(role__in=roles)
    if agency is not None:
        positions = positions.filter(agency=agency)
    return positions.exists()


@per_request
def is_desk_user(user: User) -> bool:
    return user.is_superuser or active_positions(user).exists()
