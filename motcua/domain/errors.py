"""The `DomainError` hierarchy of the pure domain core.

Views and services map these errors to messages or HTTP status codes; the domain itself
never formats user-facing text for them beyond a short English developer message.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class of every error raised by `motcua.domain`.

    Catch this (not `Exception`) in the service layer to tell a rule violation from a bug.
    """


class InvalidCalendar(DomainError):
    """A working calendar was configured inconsistently.

    Raised for empty, unsorted or overlapping working periods, a cut-off outside the
    working day, a weekend covering every day, or a `datetime` used as a calendar date.
    """


class CalendarRangeError(DomainError):
    """A date computation left the range the calendar supports (years 1900-2399)."""


class InvalidDuration(DomainError):
    """A processing time is negative, not finite, or not in an allowed step.

    Working days must be multiples of ½ day, working hours whole minutes, calendar days
    whole days (SPEC §11.1).
    """


class InvalidMoment(DomainError):
    """A moment was given as a naive `datetime`; the domain needs timezone-aware input."""


class InvalidPause(DomainError):
    """Pause intervals overlap, run backwards, start before receipt, or an open one is not last."""


class InvalidReappointment(DomainError):
    """A re-appointed due moment is earlier than the legal due or falls on a day off."""


class TransitionNotAllowed(DomainError):
    """A workflow action is not allowed: wrong status, wrong role, or a guard failed.

    The message is Vietnamese and can be shown to the officer as is. `reason` says which
    check failed (a `workflow.NotAllowedReason`: wrong_status, wrong_role or guard_failed);
    `guards` names the failed guards (`workflow.Guard` values) when a guard failed.
    """

    def __init__(self, message: str, *, reason: str, guards: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.guards = guards


class InvalidDossierState(DomainError):
    """A `workflow.DossierState` is inconsistent (for example status 4 never received)."""


class NoRuleSet(DomainError):
    """No rule set covers the date (before NĐ 61/2018/NĐ-CP took effect) or the code is unknown."""


class InvalidDossierCode(DomainError):
    """A dossier code (mã hồ sơ) or one of its parts is malformed (SPEC §4.1)."""


class InvalidUnitIdentifier(InvalidDossierCode):
    """A unit's electronic identifier code is not of the QCVN 102:2016/BTTTT form 000.00.06.H31."""


class SequenceExhausted(DomainError):
    """A unit has used all 9999 four-digit sequence numbers of a day (SPEC §4.1).

    The service layer decides what to do (the format has no fifth digit).
    """
