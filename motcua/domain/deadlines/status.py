"""Timeliness of a resolved dossier and live status of an open one, by local date."""

from __future__ import annotations

from datetime import datetime

from motcua.domain.deadlines.types import DeadlineStatus, Timeliness, _local
from motcua.domain.workdays import WorkCalendar


def classify_resolution(resolved_at: datetime, due: datetime) -> Timeliness:
    """Before time / on time / late, comparing LOCAL DATES (SPEC §11.3, Thanh Hóa).

    Resolution date < due date → EARLY ("trước hạn"); equal → ON_TIME ("đúng hạn");
    later → LATE ("quá hạn"). The resolution moment is the hand-back of the result to the
    one-stop unit (SPEC §2.3 step 10). For the statistics, pass `Deadline.legal_due`.
    """
    resolved = _local(resolved_at, "resolved_at").date()
    due_day = _local(due, "due").date()
    if resolved < due_day:
        return Timeliness.EARLY
    return Timeliness.ON_TIME if resolved == due_day else Timeliness.LATE


def deadline_status(now: datetime, due: datetime, calendar: WorkCalendar) -> DeadlineStatus:
    """Status of an open dossier at `now`, by local date like `classify_resolution`.

    OVERDUE once today's date is after the due date; DUE_SOON when the due date is today
    or the next working day, the last moment to send the apology and re-appointment
    "at the latest one day before the due date" (NĐ 61/2018, NĐ 118/2025; SPEC §2.3
    step 9); otherwise ON_TRACK.
    """
    today = _local(now, "now").date()
    due_day = _local(due, "due").date()
    if today > due_day:
        return DeadlineStatus.OVERDUE
    if due_day <= calendar.add_working_days(today, 1):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK
