"""Calendar data: seeding from the holidays package, admin corrections, change history."""

from datetime import date

import pytest

from motcua.workcal.models import CalendarChange, CalendarDay, DayKind, DaySource
from motcua.workcal.services import (
    calendar_day_delete,
    calendar_day_set,
    holiday_rows,
    holidays_seed,
)

pytestmark = pytest.mark.django_db


def test_seeding_2026_gives_tet_and_the_national_day_swap():
    holidays_seed(actor=None, years=range(2026, 2027))
    off = set(CalendarDay.objects.filter(kind=DayKind.OFF).values_list("day", flat=True))
    assert {date(2026, 2, d) for d in range(16, 21)} <= off  # Tết: Mon 16 – Fri 20/02
    assert {date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)} <= off
    assert date(2026, 4, 27) in off  # Giỗ Tổ on Sunday 26/04, observed Monday
    worked = CalendarDay.objects.get(day=date(2026, 8, 22))
    assert worked.kind == DayKind.WORK and "31/08/2026" in worked.reason


def test_seeding_2025_gives_the_make_up_saturday_of_30_april():
    rows = holiday_rows(years=range(2025, 2026))
    assert {
        "day": date(2025, 4, 26),
        "kind": DayKind.WORK,
        "reason": "Làm bù cho ngày nghỉ 02/05/2025",
    } in rows
    assert any(r["day"] == date(2025, 5, 2) and r["kind"] == DayKind.OFF for r in rows)


def test_a_holiday_without_confirmed_legal_basis_is_not_seeded_by_default():
    result = holidays_seed(actor=None, years=range(2026, 2027))
    assert not CalendarDay.objects.filter(day=date(2026, 11, 24)).exists()
    assert result.skipped_unconfirmed == ["24/11/2026 Ngày Văn hóa Việt Nam"]
    holidays_seed(actor=None, years=range(2026, 2027), include_unconfirmed=True)
    assert CalendarDay.objects.get(day=date(2026, 11, 24)).kind == DayKind.OFF


def test_seeding_twice_adds_nothing_and_never_overrides_an_administrator(personas):
    first = holidays_seed(actor=None, years=range(2026, 2027))
    calendar_day_set(
        actor=personas.supervisor,
        day=date(2026, 2, 20),
        kind=DayKind.NORMAL,
        reason="Tỉnh bố trí làm việc",
        notice="Công văn 123/UBND-VP",
    )
    second = holidays_seed(actor=None, years=range(2026, 2027))
    assert second.created == 0 and second.kept == first.created
    row = CalendarDay.objects.get(day=date(2026, 2, 20))
    assert row.kind == DayKind.NORMAL and row.source == DaySource.ADMIN


def test_every_change_is_recorded_with_actor_and_notice(personas):
    calendar_day_set(
        actor=personas.supervisor,
        day=date(2027, 2, 11),
        kind=DayKind.OFF,
        reason="Nghỉ Tết bổ sung",
        notice="Thông báo 01/TB-VPCP",
        verified=True,
    )
    calendar_day_set(
        actor=personas.supervisor,
        day=date(2027, 2, 11),
        kind=DayKind.OFF,
        reason="Nghỉ Tết (sửa)",
        notice="Thông báo 02/TB-VPCP",
        verified=True,
    )
    calendar_day_delete(actor=personas.supervisor, day=date(2027, 2, 11))
    changes = list(CalendarChange.objects.filter(day=date(2027, 2, 11)).order_by("id"))
    assert [c.after for c in changes] == [
        "Ngày nghỉ: Nghỉ Tết bổ sung",
        "Ngày nghỉ: Nghỉ Tết (sửa)",
        "",
    ]
    assert changes[1].before == "Ngày nghỉ: Nghỉ Tết bổ sung"
    assert {c.actor for c in changes} == {personas.supervisor}
    assert not CalendarDay.objects.filter(day=date(2027, 2, 11)).exists()


def test_deleting_a_day_that_does_not_exist_changes_nothing():
    calendar_day_delete(actor=None, day=date(2030, 1, 1))
    assert not CalendarChange.objects.exists()
