"""Real civil-servant calendars of Vietnam, 2023-2027, for the domain tests.

Hard-coded on purpose: the tests must not depend on the `holidays` package or a database.
Every row names its source. Legend:

* [BLLĐ] Labour Code 2019 Art. 112 (holidays) and Art. 111(3) (a holiday on the weekly
  rest day is compensated on the next working day), as applied by `holidays` 0.109
  (`holidays.country_holidays("VN")`, checked against its output on 2026-11-25).
* [SPEC] SPEC §11.4 (verified examples and lunar check values).
* [6620] Lai Châu CV 6620/UBND-VX (24/10/2025): Tết 2026 and National Day 2026 for civil
  servants, including the swap Mon 31/8/2026 <-> Sat 22/8/2026.
* [12729] VPCP 12729/VPCP-KGVX (25/12/2025): New Year 2026, Fri 2/1/2026 off, swapped
  with Sat 10/1/2026 (reported by baohiemxahoi.gov.vn; not in `holidays` 0.109).
* [2450] VPCP 2450/VPCP-KGVX (2024): Mon 29/4/2024 off, swapped with Sat 4/5/2024.
* [6150] TB 6150/TB-BLĐTBXH (2024): Tết 2025 for civil servants.
* [HOL] `holidays` 0.109 special-day table (Fri 2/5/2025 off <-> Sat 26/4/2025).
* [EST] 2027: no official notice yet; derived by [BLLĐ] rules. Replace when announced.

Weekend holidays are listed too, so the trail names them ("Giỗ Tổ Hùng Vương" rather
than "Chủ nhật"). All Tết days carry the one name "Tết Nguyên Đán".
"""

from __future__ import annotations

from datetime import date

from motcua.domain.workdays import WorkCalendar

TET = "Tết Nguyên Đán"
NEW_YEAR = "Tết Dương lịch"
HUNG_KINGS = "Giỗ Tổ Hùng Vương"
VICTORY = "Ngày Chiến thắng"
LABOUR = "Ngày Quốc tế Lao động"
NATIONAL = "Quốc khánh"
OBSERVED = " (nghỉ bù)"
SWAPPED = "Ngày nghỉ hoán đổi"


def _days(year: int, month: int, first: int, last: int, name: str) -> dict[date, str]:
    """Consecutive days off `first`..`last` of one month."""
    return {date(year, month, d): name for d in range(first, last + 1)}


DAYS_OFF: dict[date, str] = {
    # ---- 2023 ------------------------------------------------------------------------
    date(2023, 1, 1): NEW_YEAR,  # Sun [BLLĐ]
    date(2023, 1, 2): NEW_YEAR + OBSERVED,  # Mon [BLLĐ]
    **_days(2023, 1, 20, 26, TET),  # Fri 20 - Thu 26; lunar 1/1 = Sun 22/1 [BLLĐ][SPEC]
    date(2023, 4, 29): HUNG_KINGS,  # Sat; lunar 10/3 [SPEC]
    date(2023, 4, 30): VICTORY,  # Sun [BLLĐ]
    date(2023, 5, 1): LABOUR,  # Mon [BLLĐ]
    date(2023, 5, 2): HUNG_KINGS + OBSERVED,  # Tue [BLLĐ]
    date(2023, 5, 3): VICTORY + OBSERVED,  # Wed [BLLĐ]
    date(2023, 9, 1): NATIONAL,  # Fri, adjacent day [BLLĐ]
    date(2023, 9, 2): NATIONAL,  # Sat [BLLĐ]
    date(2023, 9, 4): NATIONAL + OBSERVED,  # Mon [BLLĐ]
    # ---- 2024 ------------------------------------------------------------------------
    date(2024, 1, 1): NEW_YEAR,  # Mon [BLLĐ]
    **_days(2024, 2, 8, 14, TET),  # Thu 8 - Wed 14; lunar 1/1 = Sat 10/2 [BLLĐ][SPEC]
    date(2024, 4, 18): HUNG_KINGS,  # Thu [SPEC]
    date(2024, 4, 29): SWAPPED,  # Mon, worked Sat 4/5/2024 instead [2450]
    date(2024, 4, 30): VICTORY,  # Tue
    date(2024, 5, 1): LABOUR,  # Wed
    date(2024, 9, 2): NATIONAL,  # Mon [BLLĐ]
    date(2024, 9, 3): NATIONAL,  # Tue, adjacent day [BLLĐ]
    # ---- 2025 ------------------------------------------------------------------------
    date(2025, 1, 1): NEW_YEAR,  # Wed
    **_days(2025, 1, 27, 31, TET),  # Mon 27 - Fri 31; lunar 1/1 = Wed 29/1 [6150][SPEC]
    date(2025, 4, 7): HUNG_KINGS,  # Mon [SPEC]
    date(2025, 4, 30): VICTORY,  # Wed
    date(2025, 5, 1): LABOUR,  # Thu
    date(2025, 5, 2): SWAPPED,  # Fri, worked Sat 26/4/2025 instead [HOL][SPEC]
    date(2025, 9, 1): NATIONAL,  # Mon, adjacent day [BLLĐ]
    date(2025, 9, 2): NATIONAL,  # Tue
    # ---- 2026 ------------------------------------------------------------------------
    date(2026, 1, 1): NEW_YEAR,  # Thu
    date(2026, 1, 2): SWAPPED,  # Fri, worked Sat 10/1/2026 instead [12729]
    **_days(2026, 2, 16, 20, TET),  # Mon 16 - Fri 20; lunar 1/1 = Tue 17/2 [6620][SPEC]
    date(2026, 4, 26): HUNG_KINGS,  # Sun; lunar 10/3 [SPEC]
    date(2026, 4, 27): HUNG_KINGS + OBSERVED,  # Mon [SPEC][BLLĐ]
    date(2026, 4, 30): VICTORY,  # Thu
    date(2026, 5, 1): LABOUR,  # Fri
    date(2026, 8, 31): SWAPPED,  # Mon, worked Sat 22/8/2026 instead [6620]
    date(2026, 9, 1): NATIONAL,  # Tue, adjacent day [6620]
    date(2026, 9, 2): NATIONAL,  # Wed [6620]
    # ---- 2027 [EST] ------------------------------------------------------------------
    date(2027, 1, 1): NEW_YEAR,  # Fri
    **_days(2027, 2, 4, 10, TET),  # Thu 4 - Wed 10; lunar 1/1 = Sat 6/2 [SPEC][EST]
    date(2027, 4, 16): HUNG_KINGS,  # Fri [SPEC]
    date(2027, 4, 30): VICTORY,  # Fri
    date(2027, 5, 1): LABOUR,  # Sat
    date(2027, 5, 3): LABOUR + OBSERVED,  # Mon [EST]
    date(2027, 9, 2): NATIONAL,  # Thu
    date(2027, 9, 3): NATIONAL,  # Fri, adjacent day [EST]
}

#: Make-up working Saturdays ("làm bù") that pay back a swapped weekday off.
EXTRA_WORKING_DAYS: dict[date, str] = {
    date(2024, 5, 4): "Làm bù cho thứ Hai 29/04/2024",  # [2450]
    date(2025, 4, 26): "Làm bù cho thứ Sáu 02/05/2025",  # [HOL][SPEC]
    date(2026, 1, 10): "Làm bù cho thứ Sáu 02/01/2026",  # [12729]
    date(2026, 8, 22): "Làm bù cho thứ Hai 31/08/2026",  # [6620][SPEC]
}

#: 24/11 "Ngày Văn hóa Việt Nam": `holidays` 0.109 lists it from 2026 (Resolution
#: 80-NQ/TW, press). SPEC §11.4 / §14 item 11: not enabled until the legal instrument is
#: confirmed, so it is kept out of `DAYS_OFF`; a province admin can add it.
PENDING_CULTURE_DAY: dict[date, str] = {
    date(2026, 11, 24): "Ngày Văn hóa Việt Nam",
    date(2027, 11, 24): "Ngày Văn hóa Việt Nam",
}

#: The national civil-servant calendar with the default hours 07:00-11:30, 13:30-17:00.
CIVIL_SERVICE = WorkCalendar(days_off=DAYS_OFF, extra_working_days=EXTRA_WORKING_DAYS)
