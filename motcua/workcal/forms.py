# SPDX-License-Identifier: MPL-2.0
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.domain.deadlines import DurationUnit

UNIT_CHOICES = [
    (DurationUnit.WORKING_DAYS.value, _("ngày làm việc")),
    (DurationUnit.WORKING_HOURS.value, _("giờ làm việc")),
    (DurationUnit.CALENDAR_DAYS.value, _("ngày (theo lịch)")),
]


class DeadlineForm(forms.Form):
    """Check an appointment: receipt moment + processing time → due moment and its trail."""

    received_date = forms.DateField(
        label=_("Ngày tiếp nhận"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Dạng ngày/tháng/năm, ví dụ 13/02/2026."),
        error_messages={
            "invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 13/02/2026."),
            "required": _("Vui lòng nhập ngày tiếp nhận."),
        },
        widget=forms.TextInput(
            attrs={
                "class": "mc-input mc-input--medium",
                "inputmode": "numeric",
                "autocomplete": "off",
            }
        ),
    )
    received_time = forms.TimeField(
        label=_("Giờ tiếp nhận"),
        input_formats=["%H:%M"],
        help_text=_("Dạng giờ:phút, ví dụ 16:00."),
        error_messages={
            "invalid": _("Nhập giờ theo dạng giờ:phút, ví dụ 16:00."),
            "required": _("Vui lòng nhập giờ tiếp nhận."),
        },
        widget=forms.TextInput(
            attrs={
                "class": "mc-input mc-input--short",
                "inputmode": "numeric",
                "autocomplete": "off",
            }
        ),
    )
    amount = forms.DecimalField(
        label=_("Thời hạn giải quyết"),
        min_value=Decimal("0.5"),
        max_value=Decimal(3650),
        decimal_places=1,
        localize=True,
        error_messages={
            "invalid": _("Thời hạn phải là một số, ví dụ 5 hoặc 0,5."),
            "required": _("Vui lòng nhập thời hạn giải quyết."),
            "min_value": _("Thời hạn ít nhất là 0,5."),
            "max_value": _("Thời hạn không quá 3650."),
            "max_decimal_places": _("Thời hạn chỉ lấy đến nửa ngày (0,5)."),
        },
        widget=forms.TextInput(attrs={"class": "mc-input mc-input--short", "inputmode": "decimal"}),
    )
    unit = forms.ChoiceField(
        label=_("Đơn vị"), choices=UNIT_CHOICES, widget=forms.Select(attrs={"class": "mc-select"})
    )
