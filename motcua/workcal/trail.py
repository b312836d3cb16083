# SPDX-License-Identifier: MPL-2.0
"""The deadline explanation trail in the user's language.

The pure domain renders Vietnamese (`TrailEntry.text`). Here each line kind has a
gettext-marked Vietnamese template, so the same line reads in English when the user chose
English; in Vietnamese the output equals the domain's text (a test checks this).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.domain.deadlines import (
    FINANCIAL_OBLIGATION,
    SUPPLEMENT,
    TrailEntry,
    TrailKind,
    fmt_clock,
    fmt_day,
    fmt_moment,
)
from motcua.domain.workdays import WEEKDAY_NAMES_VI

# Words the domain puts in `reason` that are not holiday names.
_WORDS = {
    SUPPLEMENT: gettext_lazy("chờ bổ sung hồ sơ"),
    FINANCIAL_OBLIGATION: gettext_lazy("chờ thực hiện nghĩa vụ tài chính"),
    **dict(
        zip(
            WEEKDAY_NAMES_VI,
            [
                gettext_lazy("Thứ Hai"),
                gettext_lazy("Thứ Ba"),
                gettext_lazy("Thứ Tư"),
                gettext_lazy("Thứ Năm"),
                gettext_lazy("Thứ Sáu"),
                gettext_lazy("Thứ Bảy"),
                gettext_lazy("Chủ nhật"),
            ],
            strict=True,
        )
    ),
}


def _word(value: object) -> str:
    return str(_WORDS.get(cast(str, value), value))


def _span(e: TrailEntry, key: str) -> str:
    amount = cast(timedelta, e.params[key])
    if e.params["unit"] == "calendar":
        return _("%(n)s ngày") % {"n": amount.days}
    days, rest = divmod(amount, cast(timedelta, e.params["day_length"]))
    minutes = rest // timedelta(minutes=1)
    parts = [_("%(n)s ngày") % {"n": days}] if days else []
    if minutes // 60 or not (days or minutes % 60):
        parts.append(_("%(n)s giờ") % {"n": minutes // 60})
    if minutes % 60:
        parts.append(_("%(n)s phút") % {"n": minutes % 60})
    return _("%(span)s làm việc") % {"span": " ".join(parts)}


def _why_later(e: TrailEntry) -> str:
    p = e.params
    templates = {
        "day_off": _("tiếp nhận vào ngày nghỉ (%(off)s)"),
        "after_hours": _("tiếp nhận sau giờ làm việc (%(at)s)"),
        "after_cutoff": _("tiếp nhận sau giờ chốt %(cutoff)s (%(at)s)"),
        "before_opening": _("tiếp nhận trước giờ làm việc (%(at)s)"),
        "lunch": _("tiếp nhận trong giờ nghỉ trưa (%(at)s)"),
    }
    return templates[cast(str, p["reason"])] % {
        "off": _word(p.get("off", "")),
        "at": fmt_clock(p["received"]),
        "cutoff": fmt_clock(p["cutoff"]) if "cutoff" in p else "",
    }


def _count(e: TrailEntry) -> str:
    if e.params["unit"] == "working_days":
        return _("ngày làm việc thứ %(n)s: %(day)s") % {
            "n": e.params["n"],
            "day": fmt_day(e.day),
        }
    line = _("ngày thứ %(n)s: %(day)s") % {"n": e.params["n"], "day": fmt_day(e.day)}
    return f"{line} ({_word(e.params['off'])})" if "off" in e.params else line


def _due(e: TrailEntry) -> str:
    if e.params["provisional"]:
        return _("hạn trả kết quả (tạm tính, đang tạm dừng): %(at)s") % {
            "at": fmt_moment(e.params["at"])
        }
    return _("hạn trả kết quả: %(at)s") % {"at": fmt_moment(e.params["at"])}


_RENDER: dict[TrailKind, Callable[[TrailEntry], str]] = {
    TrailKind.RECEIVED: lambda e: _("tiếp nhận hồ sơ: %(at)s") % {"at": fmt_moment(e.params["at"])},
    TrailKind.START: lambda e: (
        _("%(why)s: bắt đầu tính từ %(start)s")
        % {"why": _why_later(e), "start": fmt_moment(e.params["start"])}
    ),
    TrailKind.DEEMED: lambda e: (
        _("%(why)s: coi như tiếp nhận ngày %(day)s") % {"why": _why_later(e), "day": fmt_day(e.day)}
    ),
    TrailKind.SKIP: lambda e: (
        _("bỏ qua %(day)s: %(reason)s")
        % {"day": fmt_day(e.day), "reason": _word(e.params["reason"])}
    ),
    TrailKind.COUNT: _count,
    TrailKind.PAUSED_DAY: lambda e: (
        _("tạm dừng %(day)s: %(reason)s")
        % {"day": fmt_day(e.day), "reason": _word(e.params["reason"])}
    ),
    TrailKind.PAUSE: lambda e: (
        _("+%(span)s: %(reason)s (%(start)s – %(end)s)")
        % {
            "span": _span(e, "amount"),
            "reason": _word(e.params["reason"]),
            "start": fmt_moment(e.params["start"]),
            "end": fmt_moment(e.params["end"]),
        }
    ),
    TrailKind.PAUSE_OPEN: lambda e: (
        _("đang tạm dừng từ %(start)s: %(reason)s (còn lại %(span)s)")
        % {
            "start": fmt_moment(e.params["start"]),
            "reason": _word(e.params["reason"]),
            "span": _span(e, "remaining"),
        }
    ),
    TrailKind.PAUSE_IGNORED: lambda e: (
        _("không gia hạn: %(reason)s từ %(start)s, sau hạn giải quyết")
        % {"reason": _word(e.params["reason"]), "start": fmt_moment(e.params["start"])}
    ),
    TrailKind.ROLL: lambda e: (
        _(
            "ngày cuối thời hạn %(nominal)s là ngày nghỉ (%(off)s): chuyển sang ngày làm việc "
            "tiếp theo %(day)s"
        )
        % {
            "nominal": fmt_day(e.params["nominal"]),
            "off": _word(e.params["off"]),
            "day": fmt_day(e.day),
        }
    ),
    TrailKind.EXTENDED_DAY: lambda e: (
        _("ngày làm việc thêm theo phiếu hẹn lại: %(day)s") % {"day": fmt_day(e.day)}
    ),
    TrailKind.REAPPOINTMENT: lambda e: (
        _("hẹn lại ngày trả kết quả: %(due)s (hạn theo quy định: %(legal)s)")
        % {"due": fmt_moment(e.params["due"]), "legal": fmt_moment(e.params["legal_due"])}
    ),
    TrailKind.DUE: _due,
}


def trail_text(entry: TrailEntry) -> str:
    """One trail line in the active language."""
    return _RENDER[entry.kind](entry)
