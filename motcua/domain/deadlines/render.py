"""A line of the due-date explanation (`TrailEntry`) and its Vietnamese rendering.

Dates are dd/mm/yyyy and clock times HH:MM (`fmt_day`, `fmt_clock`, `fmt_moment`); the
Django layer (`motcua.workcal.trail`) translates by `TrailKind` and reuses the helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from types import MappingProxyType
from typing import Final, cast

from motcua.domain.deadlines.types import Param, TrailKind


@dataclass(frozen=True)
class TrailEntry:
    """One line of the explanation of a due date: `kind`, the calendar `day`, `params`.

    `params` keys by kind: received {"at"}; start/deemed {"reason", "received", "start"
    or "deemed", optional "cutoff", "off"}; skip/paused_day {"reason"}; count {"n", "unit",
    optional "off"}, where n numbers the days on which the clock ran, if only in part;
    pause {"reason", "start", "end", "amount", "unit", "day_length"}; pause_open
    {"reason", "start", "remaining", "unit", "day_length"}; pause_ignored {"reason",
    "start"}; roll {"nominal", "off"}; extended_day {}; reappointment {"due",
    "legal_due"}; due {"at", "provisional"}. `text` renders Vietnamese, dd/mm/yyyy dates.
    """

    kind: TrailKind
    day: date
    params: Mapping[str, Param] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Freeze the parameters."""
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        """Hash by value (the parameters are all hashable)."""
        return hash((self.kind, self.day, frozenset(self.params.items())))

    def __reduce__(self) -> tuple[type[TrailEntry], tuple[object, ...]]:
        """Pickle by value (a mapping proxy is not picklable)."""
        return (TrailEntry, (self.kind, self.day, dict(self.params)))

    @property
    def text(self) -> str:
        """The line in Vietnamese, for example "bỏ qua 17/02/2026: Tết Nguyên Đán"."""
        return _RENDER[self.kind](self)


def fmt_day(value: Param) -> str:
    """dd/mm/yyyy."""
    d = cast(date, value)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def fmt_clock(value: Param) -> str:
    """HH:MM of a time or datetime."""
    t = cast(time, value)
    return f"{t.hour:02d}:{t.minute:02d}"


def fmt_moment(value: Param) -> str:
    """HH:MM dd/mm/yyyy."""
    return f"{fmt_clock(value)} {fmt_day(value)}"


def _span(e: TrailEntry, key: str) -> str:
    """A paused or remaining duration: "3 ngày làm việc", "1 ngày 2 giờ làm việc", "2 ngày"."""
    amount = cast(timedelta, e.params[key])
    if e.params["unit"] == "calendar":
        return f"{amount.days} ngày"
    days, rest = divmod(amount, cast(timedelta, e.params["day_length"]))
    minutes = rest // timedelta(minutes=1)
    parts = [f"{days} ngày"] if days else []
    parts += [f"{minutes // 60} giờ"] if minutes // 60 or not (days or minutes % 60) else []
    parts += [f"{minutes % 60} phút"] if minutes % 60 else []
    return " ".join(parts) + " làm việc"


_START_VI: Final = {
    "day_off": "tiếp nhận vào ngày nghỉ ({off})",
    "after_hours": "tiếp nhận sau giờ làm việc ({at})",
    "after_cutoff": "tiếp nhận sau giờ chốt {cutoff} ({at})",
    "before_opening": "tiếp nhận trước giờ làm việc ({at})",
    "lunch": "tiếp nhận trong giờ nghỉ trưa ({at})",
}


def _why_later(e: TrailEntry) -> str:
    """The first half of a start/deemed line, e.g. "tiếp nhận sau giờ làm việc (17:20)"."""
    p = e.params
    cutoff = fmt_clock(p["cutoff"]) if "cutoff" in p else ""
    return _START_VI[cast(str, p["reason"])].format(
        off=p.get("off", ""), at=fmt_clock(p["received"]), cutoff=cutoff
    )


def _count(e: TrailEntry) -> str:
    """ "ngày làm việc thứ 3: 19/02/2026" or "ngày thứ 2: 28/10/2023 (Thứ Bảy)"."""
    if e.params["unit"] == "working_days":
        return f"ngày làm việc thứ {e.params['n']}: {fmt_day(e.day)}"
    off = f" ({e.params['off']})" if "off" in e.params else ""
    return f"ngày thứ {e.params['n']}: {fmt_day(e.day)}{off}"


def _due(e: TrailEntry) -> str:
    """ "hạn trả kết quả: 09:32 03/11/2023", marked provisional while paused."""
    label = "hạn trả kết quả (tạm tính, đang tạm dừng)" if e.params["provisional"] else ""
    return f"{label or 'hạn trả kết quả'}: {fmt_moment(e.params['at'])}"


_RENDER: Final[dict[TrailKind, Callable[[TrailEntry], str]]] = {
    TrailKind.RECEIVED: lambda e: f"tiếp nhận hồ sơ: {fmt_moment(e.params['at'])}",
    TrailKind.START: lambda e: f"{_why_later(e)}: bắt đầu tính từ {fmt_moment(e.params['start'])}",
    TrailKind.DEEMED: lambda e: f"{_why_later(e)}: coi như tiếp nhận ngày {fmt_day(e.day)}",
    TrailKind.SKIP: lambda e: f"bỏ qua {fmt_day(e.day)}: {e.params['reason']}",
    TrailKind.COUNT: _count,
    TrailKind.PAUSED_DAY: lambda e: f"tạm dừng {fmt_day(e.day)}: {e.params['reason']}",
    TrailKind.PAUSE: lambda e: (
        f"+{_span(e, 'amount')}: {e.params['reason']}"
        f" ({fmt_moment(e.params['start'])} – {fmt_moment(e.params['end'])})"
    ),
    TrailKind.PAUSE_OPEN: lambda e: (
        f"đang tạm dừng từ {fmt_moment(e.params['start'])}: {e.params['reason']}"
        f" (còn lại {_span(e, 'remaining')})"
    ),
    TrailKind.PAUSE_IGNORED: lambda e: (
        f"không gia hạn: {e.params['reason']} từ {fmt_moment(e.params['start'])},"
        " sau hạn giải quyết"
    ),
    TrailKind.ROLL: lambda e: (
        f"ngày cuối thời hạn {fmt_day(e.params['nominal'])} là ngày nghỉ ({e.params['off']}):"
        f" chuyển sang ngày làm việc tiếp theo {fmt_day(e.day)}"
    ),
    TrailKind.EXTENDED_DAY: lambda e: f"ngày làm việc thêm theo phiếu hẹn lại: {fmt_day(e.day)}",
    TrailKind.REAPPOINTMENT: lambda e: (
        f"hẹn lại ngày trả kết quả: {fmt_moment(e.params['due'])}"
        f" (hạn theo quy định: {fmt_moment(e.params['legal_due'])})"
    ),
    TrailKind.DUE: _due,
}
