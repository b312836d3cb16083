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
