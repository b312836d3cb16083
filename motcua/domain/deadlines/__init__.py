"""Due dates of dossiers: receipt + processing time on a working calendar, with pauses.

Functional core (STYLE.md "Where the pure domain logic lives"): the service gathers the
receipt moment, the procedure's processing time, the province calendar, the pause
intervals and the re-appointment from the dossier's timeline, calls `compute_deadline`,
and stores `due` / `legal_due`. Nothing here reads a clock or a database.

Legal frame. Time limits run "from receipt of a complete, valid dossier" (NĐ 61/2018 on the
one-stop mechanism, replaced by NĐ 118/2025), mostly in working days, sometimes in
working hours or calendar days. Civil Code 2015 Arts. 144-148 give the counting rules:
hours run from the stated moment, days exclude the starting day and end with the last
day, and a last day that is a weekend or holiday moves to the next working day. Two
policies are configurable per province (SPEC §11.3):

* `HOUR_EXACT` (policy A, Thanh Hóa `CaculateTime.TinhNgayHenTra`): normalise the receipt
  moment, then the due moment is the same clock time N working days later; a ½ day
  adds 4 working hours inside the working periods.
* `END_OF_DAY` (policy B, Civil Code): day 1 is the first working day after the receipt
  day, and the due moment is the end of the last working period of day N (17:00).

Everything is computed in Asia/Ho_Chi_Minh local time; inputs must be timezone-aware and
outputs are aware datetimes in that zone.
"""

# The package is split by concern; every public name is re-exported here, so callers
# import from `motcua.domain.deadlines` only. Modules depend in this order, never back:
# types ← render ← trail ← compute, and types ← status.
from motcua.domain.deadlines.compute import compute_deadline
from motcua.domain.deadlines.render import TrailEntry, fmt_clock, fmt_day, fmt_moment
from motcua.domain.deadlines.status import classify_resolution, deadline_status
from motcua.domain.deadlines.trail import Deadline
from motcua.domain.deadlines.types import (
    FINANCIAL_OBLIGATION,
    SUPPLEMENT,
    VN_TZ,
    DeadlinePolicy,
    DeadlineStatus,
    DurationUnit,
    Param,
    Pause,
    Timeliness,
    TrailKind,
)

__all__ = [
    "FINANCIAL_OBLIGATION",
    "SUPPLEMENT",
    "VN_TZ",
    "Deadline",
    "DeadlinePolicy",
    "DeadlineStatus",
    "DurationUnit",
    "Param",
    "Pause",
    "Timeliness",
    "TrailEntry",
    "TrailKind",
    "classify_resolution",
    "compute_deadline",
    "deadline_status",
    "fmt_clock",
    "fmt_day",
    "fmt_moment",
]
