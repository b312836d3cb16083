# SPDX-License-Identifier: MPL-2.0
"""Filter forms of the statistics pages (form 06, the dashboard, the overdue list).

GET forms that are always bound: missing inputs take the defaults (the current calendar
quarter), so a bare URL shows a report and a shared link reproduces it. Every bad input is
reported in Vietnamese on the form, never raised: an unknown procedure code, a period that
ends before it starts, a custom range over five years, an agency outside the user's scope.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Field
from motcua.documents.formatting import day
from motcua.domain.reporting import CountingRules, Period
from motcua.dossiers.access import agency_and_divisions
from motcua.org.models import UnitLevel
from motcua.reports.access import narrow
from motcua.reports.dashboards import agencies_in, procedure_by_code
from motcua.reports.selectors import GroupBy, Scope

_DATE = {"placeholder": "dd/mm/yyyy", "class": "mc-input mc-input--short"}
_SELECT = {"class": "mc-select"}
MAX_CUSTOM_YEARS = 5
FIRST_YEAR = 2015

#: Period kinds; each names the `Period` constructor it calls.
NUMBERED = {"month": 12, "quarter": 4, "half": 2}  # kind → highest number
CALENDAR_KINDS = ("month", "quarter", "half", "nine_months", "year")
PERIOD_CHOICES = [
    (
        gettext_lazy("Theo năm dương lịch"),
        [
            ("month", gettext_lazy("Tháng")),
            ("quarter", gettext_lazy("Quý")),
            ("half", gettext_lazy("6 tháng")),
            ("nine_months", gettext_lazy("9 tháng")),
            ("year", gettext_lazy("Năm")),
        ],
    ),
    (
        gettext_lazy("Kỳ báo cáo theo quy định (từ ngày 15 tháng trước đến ngày 14)"),
        [
            ("reporting_month", gettext_lazy("Kỳ báo cáo tháng")),
            ("reporting_quarter", gettext_lazy("Kỳ báo cáo quý")),
            ("reporting_half", gettext_lazy("Kỳ báo cáo 6 tháng")),
            ("reporting_nine_months", gettext_lazy("Kỳ báo cáo 9 tháng")),
            ("reporting_year", gettext_lazy("Kỳ báo cáo năm")),
        ],
    ),
    (gettext_lazy("Khác"), [("custom", gettext_lazy("Tùy chọn (từ ngày – đến ngày)"))]),
]
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def default_data(today: date) -> dict[str, str]:
    """The inputs of a bare URL: the current calendar quarter."""
    return {
        "period": "quarter",
        "year": str(today.year),
        "number": str((today.month + 2) // 3),
        "group_by": GroupBy.AGENCY.value,
    }


def bound_data(query: QueryDict, today: date) -> dict[str, str]:
    """The GET parameters over the defaults (a dict merge: the interfaces never `update`)."""
    return {**default_data(today), **query.dict()}


class ScopeFilterForm(forms.Form):
    """Agency (with its sub-units), level, field and procedure, within the user's scope."""

    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan, đơn vị"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Tất cả trong phạm vi"),
        help_text=gettext_lazy("Gồm cả các đơn vị trực thuộc."),
        error_messages={"invalid_choice": gettext_lazy("Cơ quan này không thuộc phạm vi xem.")},
        widget=forms.Select(attrs=_SELECT),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Cấp"),
        required=False,
        choices=[("", gettext_lazy("Tất cả các cấp")), *UnitLevel.choices],
        error_messages={"invalid_choice": gettext_lazy("Cấp không hợp lệ.")},
        widget=forms.Select(attrs=_SELECT),
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"),
        queryset=Field.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Tất cả lĩnh vực"),
        error_messages={"invalid_choice": gettext_lazy("Lĩnh vực không hợp lệ.")},
        widget=forms.Select(attrs=_SELECT),
    )
    procedure = forms.CharField(
        label=gettext_lazy("Mã thủ tục"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193."),
        widget=forms.TextInput(attrs={"class": "mc-input mc-input--short"}),
    )

    def __init__(self, *args: Any, allowed: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        self.fields["agency"].queryset = agencies_in(allowed)  # type: ignore[attr-defined]

    def clean_procedure(self) -> Any:
        code = self.cleaned_data.get("procedure", "").strip()
        if not code:
            return None
        procedure = procedure_by_code(code)
        if procedure is None:
            raise forms.ValidationError(
                _("Không có thủ tục hành chính mã “%(code)s”.") % {"code": code}
            )
        return procedure

    def scope(self) -> Scope:
        """The requested scope, cut down to what the user may see (call after is_valid)."""
        data = self.cleaned_data
        agency, field, procedure = data.get("agency"), data.get("field"), data.get("procedure")
        requested = Scope(
            agency_ids=frozenset(agency_and_divisions(agency)) if agency else None,
            level=data.get("level") or "",
            field_id=field.pk if field else None,
            procedure_id=procedure.pk if procedure else None,
        )
        return narrow(self.allowed, requested)

    def scope_params(self) -> dict[str, str]:
        """The scope inputs as GET parameters (for links to narrower pages)."""
        data = self.cleaned_data
        params = {
            "agency": str(data["agency"].pk) if data.get("agency") else "",
            "level": data.get("level") or "",
            "field": str(data["field"].pk) if data.get("field") else "",
            "procedure": data["procedure"].code if data.get("procedure") else "",
        }
        return {key: value for key, value in params.items() if value}


class DashboardFilterForm(ScopeFilterForm):
    """The period (calendar, legal reporting period or custom range), the scope and the
    counting rule."""

    period = forms.ChoiceField(
        label=gettext_lazy("Kỳ"),
        choices=PERIOD_CHOICES,
        error_messages={"invalid_choice": gettext_lazy("Loại kỳ không hợp lệ.")},
        widget=forms.Select(attrs=_SELECT),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm"),
        required=False,
        error_messages={"invalid": gettext_lazy("Năm phải là một số, ví dụ 2026.")},
        widget=forms.NumberInput(attrs={"class": "mc-input mc-input--short"}),
    )
    number = forms.IntegerField(
        label=gettext_lazy("Tháng, quý hoặc nửa năm"),
        required=False,
        help_text=gettext_lazy("Tháng 1–12, quý 1–4; 6 tháng: 1 là đầu năm, 2 là cuối năm."),
        error_messages={"invalid": gettext_lazy("Nhập một số.")},
        widget=forms.NumberInput(attrs={"class": "mc-input mc-input--short"}),
    )
    start = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        required=False,
        error_messages={"invalid": gettext_lazy("Nhập ngày theo dạng dd/mm/yyyy.")},
        widget=forms.DateInput(attrs=_DATE),
    )
    end = forms.DateField(
        label=gettext_lazy("Đến ngày"),
        required=False,
        error_messages={"invalid": gettext_lazy("Nhập ngày theo dạng dd/mm/yyyy.")},
        widget=forms.DateInput(attrs=_DATE),
    )
    withdrawn_as_resolved = forms.BooleanField(
        label=gettext_lazy("Tính hồ sơ rút như đã giải quyết"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "mc-checkbox__input"}),
    )

    field_order = ["period", "year", "number", "start", "end", "agency", "level", "field"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("period")
        if kind == "custom":
            self._clean_custom(data)
        elif kind:
            self._clean_numbered(data, kind.removeprefix("reporting_"))
        return data

    def _clean_custom(self, data: dict[str, Any]) -> None:
        start, end = data.get("start"), data.get("end")
        for name in ("start", "end"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Kỳ tùy chọn cần ngày bắt đầu và ngày kết thúc."))
        if not (isinstance(start, date) and isinstance(end, date)):
            return
        if start > end:
            self.add_error("end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        elif end >= _years_after(start, MAX_CUSTOM_YEARS):
            self.add_error("end", _("Kỳ tùy chọn dài tối đa %(n)s năm.") % {"n": MAX_CUSTOM_YEARS})

    def _clean_numbered(self, data: dict[str, Any], base: str) -> None:
        year, number = data.get("year"), data.get("number")
        last_year = timezone.localdate().year + 1
        if year is None:
            if "year" not in self.errors:
                self.add_error("year", _("Nhập năm báo cáo."))
        elif not FIRST_YEAR <= year <= last_year:
            self.add_error(
                "year",
                _("Năm báo cáo từ %(low)s đến %(high)s.") % {"low": FIRST_YEAR, "high": last_year},
            )
        highest = NUMBERED.get(base)
        if highest is None or "number" in self.errors:
            return
        if number is None:
            self.add_error("number", _NUMBER_MISSING[base])
        elif not 1 <= number <= highest:
            self.add_error("number", _NUMBER_RANGE[base])

    # --- what the form asks for (after is_valid) -------------------------------------------
    def report_period(self) -> Period:
        data = self.cleaned_data
        kind = data["period"]
        if kind == "custom":
            return Period(data["start"], data["end"])
        make = getattr(Period, kind)
        if kind.removeprefix("reporting_") in NUMBERED:
            return make(data["year"], data["number"])  # type: ignore[no-any-return]
        return make(data["year"])  # type: ignore[no-any-return]

    def rules(self) -> CountingRules:
        return CountingRules(withdrawn_as_resolved=bool(self.cleaned_data["withdrawn_as_resolved"]))

    def period_label(self) -> str:
        """ "Quý I năm 2026 (từ 01/01/2026 đến 31/03/2026)" and the like."""
        period = self.report_period()
        span = _("từ %(start)s đến %(end)s") % {
            "start": day(period.start),
            "end": day(period.end),
        }
        kind = self.cleaned_data["period"]
        if kind == "custom":
            return _("Kỳ tùy chọn %(span)s") % {"span": span}
        return f"{self._named(kind)} ({span})"

    def _named(self, kind: str) -> str:
        data = self.cleaned_data
        values = {"y": data["year"], "n": data.get("number") or 0}
        base = kind.removeprefix("reporting_")
        if base == "quarter":
            values["n"] = _ROMAN.get(values["n"], values["n"])
        elif base == "half":
            base = "first_half" if values["n"] == 1 else "second_half"
        name = str(_PERIOD_NAMES[base]) % values
        if kind.startswith("reporting_"):
            return _("Kỳ báo cáo %(name)s") % {"name": name}
        return name[:1].upper() + name[1:]

    def slug(self) -> str:
        """The period in a file name: 2026-q1, 2026-t03, 2026-h1, 2026-9t, 2026, ky-2026-q1,
        20260101-20260331."""
        data = self.cleaned_data
        kind = data["period"]
        if kind == "custom":
            return f"{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
        year, number = data["year"], data.get("number") or 0
        base = kind.removeprefix("reporting_")
        part = {
            "month": f"{year}-t{number:02d}",
            "quarter": f"{year}-q{number}",
            "half": f"{year}-h{number}",
            "nine_months": f"{year}-9t",
            "year": f"{year}",
        }[base]
        return f"ky-{part}" if kind.startswith("reporting_") else part


_PERIOD_NAMES = {
    "month": gettext_lazy("tháng %(n)s năm %(y)s"),
    "quarter": gettext_lazy("quý %(n)s năm %(y)s"),
    "first_half": gettext_lazy("6 tháng đầu năm %(y)s"),
    "second_half": gettext_lazy("6 tháng cuối năm %(y)s"),
    "nine_months": gettext_lazy("9 tháng năm %(y)s"),
    "year": gettext_lazy("năm %(y)s"),
}
_NUMBER_MISSING = {
    "month": gettext_lazy("Nhập tháng (1–12)."),
    "quarter": gettext_lazy("Nhập quý (1–4)."),
    "half": gettext_lazy("Nhập 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm)."),
}
_NUMBER_RANGE = {
    "month": gettext_lazy("Tháng phải từ 1 đến 12."),
    "quarter": gettext_lazy("Quý phải từ 1 đến 4."),
    "half": gettext_lazy("6 tháng: nhập 1 (đầu năm) hoặc 2 (cuối năm)."),
}


def _years_after(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29/02 → 01/03
        return date(start.year + years, 3, 1)


class Form06FilterForm(DashboardFilterForm):
    """The dashboard's inputs plus how the lines are grouped."""

    group_by = forms.ChoiceField(
        label=gettext_lazy("Tổng hợp"),
        choices=lambda: [(g.value, g.label) for g in GroupBy],
        error_messages={"invalid_choice": gettext_lazy("Cách tổng hợp không hợp lệ.")},
        widget=forms.Select(attrs=_SELECT),
    )

    field_order = [*DashboardFilterForm.field_order, "procedure", "group_by"]

    def grouping(self) -> GroupBy:
        return GroupBy(self.cleaned_data["group_by"])
