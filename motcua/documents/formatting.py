# SPDX-License-Identifier: MPL-2.0
"""How the forms print dates, times and counts (Decree 30/2020 conventions, local time)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from motcua.domain.deadlines import fmt_day

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: datetime) -> datetime:
    """`value` in local time; a naive datetime is taken as already local."""
    return value.astimezone(LOCAL_TZ) if value.tzinfo else value


def day(value: date | datetime | None) -> str:
    """dd/mm/yyyy of a date, or of a datetime's local date; "" for None."""
    if value is None:
        return ""
    return fmt_day(local(value).date() if isinstance(value, datetime) else value)


def moment(value: datetime | None) -> str:
    """The forms' "16 giờ 30 phút, ngày 03/11/2023" (local time); "" for None."""
    if value is None:
        return ""
    t = local(value)
    return f"{t.hour:02d} giờ {t.minute:02d} phút, ngày {day(t)}"


def place_date(place: str, value: date) -> str:
    """ "Hưng Yên, ngày 27 tháng 10 năm 2023": Decree 30/2020 App. I §II.5 writes days below
    10 and the months 1 and 2 with a leading zero (ngày 05 tháng 02), other months bare."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{place}, ngày {value.day:02d} tháng {month} năm {value.year}"


def count(value: int) -> str:
    """A copy count as printed in the components table: "01", blank for zero."""
    return f"{value:02d}" if value else ""
