# SPDX-License-Identifier: MPL-2.0
"""Writes to the working calendar. Every change is recorded in CalendarChange.

Changing the calendar never changes a due date already given to an applicant: due dates
are computed and stored at receipt (SPEC §11.4). Recomputing an open dossier after a
correction is an explicit, audited action of the dossier engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import holidays
from django.db import transaction

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.workcal.models import CalendarChange, CalendarDay, DayKind, DaySource

#: Holidays the `holidays` package lists but whose legal basis is not yet confirmed
#: (SPEC §11.4 and §14.11). They are seeded only on request.
UNCONFIRMED_HOLIDAYS = frozenset({"Ngày Văn hóa Việt Nam"})
_SWAP = re.compile(r"thay cho ngày (\d{2}/\d{2}/\d{4})")


def _describe(row: CalendarDay | None) -> str:
    if row is None:
        return ""
    return f"{row.get_kind_display()}: {row.reason}"


def _record(*, day: date, before: str, after: str, notice: str, actor: User | None) -> None:
    CalendarChange.objects.create(day=day, before=before, after=after, notice=notice, actor=actor)
    record(
        actor=actor,
        action="workcal.day_change",
        object_type="workcal.calendarday",
        object_id=day.isoformat(),
        summary=f"{day:%d/%m/%Y}: {before or '—'} → {after or '—'}",
        data={"before": before, "after": after, "notice": notice},
    )


@transaction.atomic
def calendar_day_set(
    *,
    actor: User | None,
    day: date,
    kind: str,
    reason: str,
    notice: str = "",
    verified: bool = False,
) -> CalendarDay:
    """Declare ``day`` a day off, a make-up working day or a normal day, with its basis."""
    before = CalendarDay.objects.select_for_update().filter(day=day).first()
    row, _ = CalendarDay.objects.update_or_create(
        day=day,
        defaults={
            "kind": kind,
            "reason": reason.strip(),
            "notice": notice.strip(),
            "source": DaySource.ADMIN,
            "verified": verified,
        },
    )
    _record(day=day, before=_describe(before), after=_describe(row), notice=row.notice, actor=actor)
    return row


@transaction.atomic
def calendar_day_delete(*, actor: User | None, day: date) -> None:
    """Remove a declared day; the date then follows the weekly rule (and may be re-seeded)."""
    row = CalendarDay.objects.select_for_update().filter(day=day).first()
    if row is None:
        return
    _record(day=day, before=_describe(row), after="", notice=row.notice, actor=actor)
    row.delete()


@dataclass(frozen=True)
class SeedResult:
    created: int
    kept: int
    skipped_unconfirmed: list[str]


def holiday_rows(*, years: range, include_unconfirmed: bool = False) -> list[dict[str, Any]]:
    """The rows the `holidays` package implies: days off, and the make-up days of swaps."""
    rows: list[dict[str, Any]] = []
    for day, name in sorted(holidays.country_holidays("VN", years=years, language="vi").items()):
        if name in UNCONFIRMED_HOLIDAYS and not include_unconfirmed:
            continue
        rows.append({"day": day, "kind": DayKind.OFF, "reason": name})
        if match := _SWAP.search(name):
            worked = datetime.strptime(match.group(1), "%d/%m/%Y").date()  # noqa: DTZ007
            rows.append(
                {
                    "day": worked,
                    "kind": DayKind.WORK,
                    "reason": f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}",
                }
            )
    return rows


@transaction.atomic
def holidays_seed(
    *, actor: User | None, years: range, include_unconfirmed: bool = False
) -> SeedResult:
    """Add the days the `holidays` package knows for ``years``; never touch existing rows.

    Rows an administrator declared (or cancelled with kind NORMAL) always win.
    """
    created = kept = 0
    for row in holiday_rows(years=years, include_unconfirmed=include_unconfirmed):
        _, was_created = CalendarDay.objects.get_or_create(
            day=row["day"], defaults={**row, "source": DaySource.SEED}
        )
        if was_created:
            _record(day=row["day"], before="", after=f"{row['reason']}", notice="", actor=actor)
            created += 1
        else:
            kept += 1
    skipped = (
        []
        if include_unconfirmed
        else sorted(
            f"{d:%d/%m/%Y} {n}"
            for d, n in holidays.country_holidays("VN", years=years, language="vi").items()
            if n in UNCONFIRMED_HOLIDAYS
        )
    )
    return SeedResult(created=created, kept=kept, skipped_unconfirmed=skipped)
