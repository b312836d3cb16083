# SPDX-License-Identifier: MPL-2.0
"""Reads for the account pages."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.models import OrganisationMembership, User, VerificationCode


def verification_get_for_user(
    *, verification_id: int | None, purpose: str, user: User | None = None
) -> VerificationCode | None:
    """The verification a session points at (``user``'s own when given), or ``None``."""
    if not verification_id:
        return None
    rows = VerificationCode.objects.filter(pk=verification_id, purpose=purpose)
    if user is not None:
        rows = rows.filter(user=user)
    return rows.first()


def membership_list_for_user(*, user: User) -> QuerySet[OrganisationMembership]:
    """The organisations the user may act for, with their role, by organisation name."""
    return (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
