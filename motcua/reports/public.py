# SPDX-License-Identifier: MPL-2.0
"""Public statistics of dossier handling: the transparency page and its open data.

What anyone may read, without signing in: form 06 of the whole province for a calendar
month, quarter or year, beside the same kind of period just before it, one line per
top-level agency (each line counts the agency *and all its sub-units*, so the lines add up
to the province total), and the province total. Only counts: no dossier code, no name, no
date of any single dossier ever leaves this module.

`public_period()` turns the request's (kind, year, number) into a `PublicPeriod`, or raises
`PeriodError` with a Vietnamese message naming the parameter at fault (a period that has not
started yet is refused, not reported as zeros). `public_statistics()` reads the figures from
the summary tables (`selectors.form06`), `open_data_records()` and `open_data_document()`
shape them for the CSV and JSON downloads (docs/open-data.md, docs/api/open-data.schema.json).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.domain.reporting import DEFAULT_RULES, CountingRules, Period, Row
from motcua.reports.selectors import GroupBy, Report, form06

MIN_YEAR: Final = 2000
ROMAN: Final = ("I", "II", "III", "IV")
LICENCE: Final = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
UPDATE_FREQUENCY: Final = "PT5M"  # ISO 8601: the summary tables are refreshed every 5 minutes

# The columns of a CSV row and the keys of a JSON record, in this order. Stable: names and
# meanings are documented in docs/open-data.md; new columns are only ever appended.
OPEN_DATA_COLUMNS: Final = (
    "period_kind",
    "period_start",
    "period_end",
    "agency_code",
    "agency_name",
    "received",
    "carried_over",
    "new",
    "new_online",
    "new_direct",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_in_time",
    "on_time_rate",
    "processing",
    "processing_within",
    "processing_overdue",
    "suspended",
    "paused",
    "ended",
    "provisional",
)
FIGURE_COLUMNS: Final = OPEN_DATA_COLUMNS[5:-1]  # the counts and the rate


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class PeriodError(ValueError):
    """A period the public statistics cannot show; `field` is the parameter at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PublicPeriod:
    """A calendar month, quarter or year (`number` is None for a year)."""

    kind: PeriodKind
    year: int
    number: int | None

    @property
    def period(self) -> Period:
        if self.kind is PeriodKind.MONTH:
            assert self.number is not None
            return Period.month(self.year, self.number)
        if self.kind is PeriodKind.QUARTER:
            assert self.number is not None
            return Period.quarter(self.year, self.number)
        return Period.year(self.year)

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end

    @property
    def label(self) -> str:
        """ "Tháng 3/2026", "Quý I/2026", "Năm 2026"."""
        if self.kind is PeriodKind.MONTH:
            return _("Tháng %(month)s/%(year)s") % {"month": self.number, "year": self.year}
        if self.kind is PeriodKind.QUARTER:
            assert self.number is not None
            return _("Quý %(quarter)s/%(year)s") % {
                "quarter": ROMAN[self.number - 1],
                "year": self.year,
            }
        return _("Năm %(year)s") % {"year": self.year}

    @property
    def slug(self) -> str:
        """For file names: 2026-03, 2026-q1, 2026."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-q{self.number}"
        return str(self.year)

    def previous(self) -> PublicPeriod:
        """The period of the same kind just before (March → February, Q1 → Q4 of last year);
        not `Period.previous()`, which keeps the length in days."""
        if self.kind is PeriodKind.YEAR:
            return PublicPeriod(self.kind, self.year - 1, None)
        assert self.number is not None
        if self.number > 1:
            return PublicPeriod(self.kind, self.year, self.number - 1)
        last = 12 if self.kind is PeriodKind.MONTH else 4
        return PublicPeriod(self.kind, self.year - 1, last)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "year": self.year,
            "number": self.number,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
        }


def _latest_number(kind: PeriodKind, year: int, today: date) -> int | None:
    """The last month or quarter of `year` that has started by `today`."""
    if kind is PeriodKind.YEAR:
        return None
    month = today.month if year == today.year else 12
    return month if kind is PeriodKind.MONTH else (month - 1) // 3 + 1


def public_period(
    *, kind: str | None, year: int | None, number: int | None, today: date
) -> PublicPeriod:
    """The period asked for; missing parts default to the latest one begun by `today` (no
    parameter at all: the current month). Raises `PeriodError` for a period that does not
    exist or has not started yet."""
    if not kind:
        kind = PeriodKind.MONTH
    if kind not in {member.value for member in PeriodKind}:
        raise PeriodError(
            "period", _("Loại kỳ phải là tháng (month), quý (quarter) hoặc năm (year).")
        )
    period_kind = PeriodKind(kind)
    if year is None:
        year = today.year
    if year < MIN_YEAR:
        raise PeriodError("year", _("Năm phải từ %(min)s trở về sau.") % {"min": MIN_YEAR})
    if year > today.year:
        raise PeriodError(
            "year",
            _(
                "Năm %(year)s chưa bắt đầu nên chưa có số liệu. Vui lòng chọn năm %(now)s "
                "trở về trước."
            )
            % {"year": year, "now": today.year},
        )
    if period_kind is PeriodKind.YEAR:
        number = None
    elif number is None:
        number = _latest_number(period_kind, year, today)
    elif period_kind is PeriodKind.MONTH and not 1 <= number <= 12:
        raise PeriodError("number", _("Tháng phải từ 1 đến 12."))
    elif period_kind is PeriodKind.QUARTER and not 1 <= number <= 4:
        raise PeriodError("number", _("Quý phải từ 1 đến 4 (quý I đến quý IV)."))
    chosen = PublicPeriod(period_kind, year, number)
    if chosen.start > today:
        raise PeriodError(
            "number",
            _(
                "%(period)s chưa bắt đầu nên chưa có số liệu. Vui lòng chọn một kỳ bắt đầu "
                "từ hôm nay (%(today)s) trở về trước."
            )
            % {"period": chosen.label, "today": today.strftime("%d/%m/%Y")},
        )
    return chosen


# --- the figures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Figures:
    """The counts of one line in one period, with the on-time rate as a percentage."""

    row: Row

    @property
    def resolved_in_time(self) -> int:
        return self.row.resolved_early + self.row.resolved_on_time

    @property
    def on_time_percent(self) -> float | None:
        rate = self.row.on_time_rate
        return None if rate is None else rate * 100

    def values(self) -> dict[str, int | float | None]:
        """The figure columns of the open data (FIGURE_COLUMNS), in order."""
        row = self.row
        rate = row.on_time_rate
        return {
            "received": row.received,
            "carried_over": row.carried_over,
            "new": row.new,
            "new_online": row.new_online,
            "new_direct": row.new_direct,
            "resolved": row.resolved,
            "resolved_early": row.resolved_early,
            "resolved_on_time": row.resolved_on_time,
            "resolved_late": row.resolved_late,
            "resolved_in_time": self.resolved_in_time,
            "on_time_rate": None if rate is None else round(rate, 4),
            "processing": row.processing,
            "processing_within": row.processing_within,
            "processing_overdue": row.processing_overdue,
            "suspended": row.suspended,
            "paused": row.paused,
            "ended": row.ended,
        }


@dataclass(frozen=True)
class Comparison:
    """One agency (with its sub-units), or the province: this period beside the previous."""

    code: str
    name: str
    current: Figures
    previous: Figures


@dataclass(frozen=True)
class PublicStatistics:
    period: PublicPeriod
    previous_period: PublicPeriod
    agencies: list[Comparison]  # top-level agencies with dossiers in either period, by name
    total: Comparison  # the province
    as_of: datetime | None  # when the summary tables were last refreshed
    provisional: bool  # the current period is not final yet (it reaches today)
    previous_provisional: bool
    rules: CountingRules


def public_statistics(
    *, period_kind: str | None, year: int | None, number: int | None, today: date
) -> PublicStatistics:
    """The public figures of the period asked for and of the one before it (`PeriodError` if
    the period is invalid or has not started)."""
    chosen = public_period(kind=period_kind, year=year, number=number, today=today)
    before = chosen.previous()
    current = form06(period=chosen.period, rules=DEFAULT_RULES)
    previous = form06(period=before.period, rules=DEFAULT_RULES)
    now_rows, now_names = _top_level(current)
    then_rows, then_names = _top_level(previous)
    names = {**then_names, **now_names}
    agencies = [
        Comparison(
            code,
            names[code],
            Figures(now_rows.get(code, Row())),
            Figures(then_rows.get(code, Row())),
        )
        for code in sorted(names, key=lambda code: (names[code], code))
    ]
    total = Comparison("", _("Toàn tỉnh"), Figures(current.total), Figures(previous.total))
    return PublicStatistics(
        period=chosen,
        previous_period=before,
        agencies=agencies,
        total=total,
        as_of=current.as_of,
        provisional=current.provisional,
        previous_provisional=previous.provisional,
        rules=current.rules,
    )


def _top_level(report: Report) -> tuple[dict[str, Row], dict[str, str]]:
    lines = [line for line in report.lines if line.depth == 0]
    return {line.code: line.row for line in lines}, {line.code: line.label for line in lines}


def public_form06(*, period: PublicPeriod, group_by: GroupBy) -> Report:
    """Form 06 of the whole province for the API (counts only; lines as in `form06`)."""
    return form06(period=period.period, group_by=group_by, rules=DEFAULT_RULES)


# --- open data -----------------------------------------------------------------------------
def open_data_records(stats: PublicStatistics) -> list[dict[str, Any]]:
    """One record per agency and period (this period first, then the previous one). The
    agencies are top-level ones, so the records of a period add up to the province total."""
    records = []
    for period, provisional, which in (
        (stats.period, stats.provisional, "current"),
        (stats.previous_period, stats.previous_provisional, "previous"),
    ):
        for line in stats.agencies:
            figures: Figures = getattr(line, which)
            records.append(
                {
                    "period_kind": period.kind.value,
                    "period_start": period.start.isoformat(),
                    "period_end": period.end.isoformat(),
                    "agency_code": line.code,
                    "agency_name": line.name,
                    **figures.values(),
                    "provisional": provisional,
                }
            )
    return records


def counting_rules(rules: CountingRules) -> dict[str, Any]:
    """The counting rules, as stated in the open data's metadata."""
    return {
        "reference": _("Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP."),
        "withdrawn_as_resolved": rules.withdrawn_as_resolved,
        "summary": [
            _("Tiếp nhận = từ kỳ trước chuyển sang + mới tiếp nhận (trực tuyến, trực tiếp, "
              "bưu chính)."),
            _("Đã giải quyết: trả kết quả trong kỳ; trước hạn, đúng hạn hay quá hạn so với "
              "hạn giải quyết theo quy định (hồ sơ được hẹn lại vẫn tính theo hạn ban đầu)."),
            _("Tỷ lệ đúng hạn = (trước hạn + đúng hạn) / đã giải quyết; để trống khi chưa "
              "có hồ sơ nào được giải quyết."),
            _("Đang giải quyết: hồ sơ chưa có kết quả vào cuối kỳ, trong hạn hoặc quá hạn."),
            _("Tạm dừng: hồ sơ đang chờ bổ sung hoặc thực hiện nghĩa vụ tài chính vào cuối "
              "kỳ; dừng giải quyết: hồ sơ bị dừng hoặc rút trong kỳ, không có kết quả."),
            _("Tiếp nhận = đã giải quyết + đang giải quyết + tạm dừng, dừng giải quyết."),
            _("Mỗi cơ quan gồm cả các đơn vị trực thuộc; ngày tính theo giờ Việt Nam."),
        ],
    }  # fmt: skip


def open_data_document(
    stats: PublicStatistics, *, generated_at: datetime, schema_url: str, publisher: str
) -> dict[str, Any]:
    """The JSON download: metadata, the province totals and the records."""
    totals = [
        {
            "period_kind": period.kind.value,
            "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(),
            **figures.values(),
            "provisional": provisional,
        }
        for period, figures, provisional in (
            (stats.period, stats.total.current, stats.provisional),
            (stats.previous_period, stats.total.previous, stats.previous_provisional),
        )
    ]
    return {
        "schema": schema_url,
        "title": _("Thống kê giải quyết hồ sơ thủ tục hành chính"),
        "description": _(
            "Số hồ sơ tiếp nhận, đã giải quyết (trước hạn, đúng hạn, quá hạn), đang giải "
            "quyết và tạm dừng của từng cơ quan trên địa bàn tỉnh, theo mẫu số 06, kỳ được "
            "chọn và kỳ liền trước. Chỉ gồm số liệu tổng hợp, không có thông tin cá nhân."
        ),
        "publisher": publisher,
        "licence": dict(LICENCE),
        "update_frequency": UPDATE_FREQUENCY,
        "generated_at": timezone.localtime(generated_at).isoformat(),
        "as_of": timezone.localtime(stats.as_of).isoformat() if stats.as_of else None,
        "provisional": stats.provisional,
        "period": stats.period.as_dict(),
        "previous_period": stats.previous_period.as_dict(),
        "counting_rules": counting_rules(stats.rules),
        "fields": list(OPEN_DATA_COLUMNS),
        "totals": totals,
        "records": open_data_records(stats),
    }
