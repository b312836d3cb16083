# SPDX-License-Identifier: MPL-2.0
"""Portal forms: the procedure search and filters (a GET form, no state changes)."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from motcua.catalog.public_selectors import FieldCount
from motcua.org.models import Agency

LEVEL_CHOICES = [
    ("", _("Tất cả các cấp")),
    ("province", _("Cấp tỉnh")),
    ("commune", _("Cấp xã")),
]


class ProcedureSearchForm(forms.Form):
    """What a citizen may type or pick to find a procedure. Every field is optional."""

    q = forms.CharField(
        label=_("Tìm thủ tục"),
        required=False,
        max_length=200,
        help_text=_("Gõ tên hoặc mã thủ tục, có dấu hay không dấu đều được."),
        widget=forms.TextInput(
            attrs={
                "class": "mc-input",
                "type": "search",
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"),
        required=False,
        widget=forms.Select(attrs={"class": "mc-select"}),
    )
    agency = forms.ChoiceField(
        label=_("Cơ quan thực hiện"),
        required=False,
        widget=forms.Select(attrs={"class": "mc-select"}),
    )
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=LEVEL_CHOICES,
        widget=forms.Select(attrs={"class": "mc-select"}),
    )
    online = forms.BooleanField(
        label=_("Chỉ thủ tục nộp trực tuyến"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "mc-checkbox__input"}),
    )

    def __init__(
        self, data: QueryDict, *, fields: Iterable[FieldCount], agencies: Iterable[Agency]
    ) -> None:
        """Choices come from the caller (already loaded), so validating costs no query."""
        super().__init__(data)
        field_choices = [(f.code, f"{f.name} ({f.count})") for f in fields]
        agency_choices = [(a.code, a.name) for a in agencies]
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực")), *field_choices]
        self.fields["agency"].choices = [("", _("Tất cả cơ quan")), *agency_choices]

    def search_arguments(self) -> dict[str, object]:
        """Keyword arguments for the search selector; an invalid filter is left out."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "field": data.get("field") or None,
            "agency": data.get("agency") or None,
            "level": data.get("level") or None,
            "online": bool(data.get("online")),
        }

    @property
    def has_filters(self) -> bool:
        args = self.search_arguments()
        return bool(args["field"] or args["agency"] or args["level"] or args["online"])
