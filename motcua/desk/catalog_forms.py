# SPDX-License-Identifier: MPL-2.0
"""Forms of the desk catalogue pages. They check the shape of the input; the rules of the
catalogue (drafts only, completeness, the process total) live in ``catalog.services``."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.services import Publication
from motcua.org.models import Agency

DATE_FORMATS = ["%d/%m/%Y"]
CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]*$")


def style(form: forms.BaseForm) -> None:
    """Give each widget the design-system class for its kind."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "mc-checkbox__input"
        elif isinstance(widget, forms.Select):
            css = "mc-select"
        elif isinstance(widget, forms.Textarea):
            css = "mc-textarea"
            if widget.attrs.get("rows") in (None, "10"):  # Django's default is too tall here
                widget.attrs["rows"] = 3
        else:
            css = "mc-input"
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


def date_field(label: str, required_message: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=_("Dạng ngày/tháng/năm, ví dụ 15/03/2026."),
        error_messages={
            "invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026."),
            "required": required_message,
        },
        widget=forms.TextInput(
            attrs={"class": "mc-input--medium", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )


def legal_basis_lines(items: Any) -> str:
    """The stored legal basis ({code, name} items, as ``catalog.io`` writes) as text lines."""
    lines = []
    for item in items or []:
        if isinstance(item, dict):
            code, name = item.get("code", ""), item.get("name", "")
            lines.append(f"{code} | {name}" if code else name)
        else:
            lines.append(str(item))
    return "\n".join(lines)


def legal_basis_parse(text: str) -> list[dict[str, str]]:
    """Lines “số hiệu | tên văn bản” (or just a name) back into {code, name} items."""
    basis = []
    for line in text.splitlines():
        code, sep, name = line.partition("|")
        code, name = (code.strip(), name.strip()) if sep else ("", code.strip())
        if code or name:
            basis.append({"code": code, "name": name})
    return basis


class VersionForm(forms.ModelForm):
    """The main fields of a draft version, in the groups the page shows."""

    GROUPS = [
        (_("Thông tin chung"), ["name", "field"]),
        (_("Cấp thực hiện"), ["level_central", "level_province", "level_district",
                              "level_commune"]),
        (_("Cơ quan thực hiện"), ["receiving_agency", "processing_agency",
                                  "processing_agency_text", "deciding_authority",
                                  "coordinating_agencies"]),
        (_("Nội dung thủ tục"), ["subjects", "steps", "requirements", "result",
                                 "legal_basis_text"]),
        (_("Cách thức thực hiện"), ["channel_counter", "channel_post", "channel_online",
                                    "one_stop", "inter_agency", "online_level",
                                    "online_level_2018",
                                    "inter_agency_note"]),
        (_("Khác"), ["fee_note", "source_url"]),
    ]  # fmt: skip

    class Meta:
        model = ProcedureVersion
        fields = [
            "name", "field", "level_central", "level_province", "level_district",
            "level_commune", "receiving_agency", "processing_agency", "processing_agency_text",
            "deciding_authority", "coordinating_agencies", "subjects", "steps", "requirements",
            "result", "channel_counter", "channel_post", "channel_online", "online_level",
            "online_level_2018",
            "one_stop", "inter_agency", "inter_agency_note", "fee_note", "source_url",
        ]  # fmt: skip
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "steps": forms.Textarea(attrs={"rows": 6}),
        }

    legal_basis_text = forms.CharField(
        label=_("Căn cứ pháp lý"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi văn bản một dòng, dạng “số hiệu | tên văn bản”, ví dụ "
            "“63/2010/NĐ-CP | Nghị định về kiểm soát thủ tục hành chính”."
        ),
    )
    source_url = forms.URLField(
        label=_("Nguồn"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], scoped: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.scoped = scoped
        for name in ("receiving_agency", "processing_agency"):
            self.fields[name].queryset = agencies  # type: ignore[attr-defined]
            self.fields[name].empty_label = _("Không chọn")  # type: ignore[attr-defined]
        self.fields["field"].empty_label = _("Chọn lĩnh vực")  # type: ignore[attr-defined]
        self.initial.setdefault("legal_basis_text", legal_basis_lines(self.instance.legal_basis))
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.scoped and not (data.get("processing_agency") or data.get("receiving_agency")):
            self.add_error(
                "processing_agency",
                _("Chọn cơ quan giải quyết hoặc cơ quan tiếp nhận thuộc phạm vi của bạn."),
            )
        return data

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_legal_basis_text(self) -> list[dict[str, str]]:
        return legal_basis_parse(self.cleaned_data["legal_basis_text"])

    def version_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**fields, "legal_basis": self.cleaned_data["legal_basis_text"]}


class ProcedureCreateForm(VersionForm):
    """A new procedure: its national code plus the fields of its first draft."""

    code = forms.CharField(
        label=_("Mã thủ tục"),
        max_length=30,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193."),
        error_messages={"required": _("Vui lòng nhập mã thủ tục.")},
    )
    GROUPS = [
        (VersionForm.GROUPS[0][0], ["code", *VersionForm.GROUPS[0][1]]),
        *VersionForm.GROUPS[1:],
    ]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(_("Mã thủ tục chỉ gồm chữ, số, dấu chấm và gạch nối."))
        if Procedure.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Đã có thủ tục mang mã này."))
        return code


class ChildFormSet(BaseModelFormSet):
    """A formset whose ``rows()`` are what a ``services_children`` service takes."""

    def add_fields(self, form: forms.BaseForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xóa dòng này")
            form.fields["DELETE"].widget.attrs["class"] = "mc-checkbox__input"

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue  # an empty extra row
            row = {name: form.cleaned_data.get(name) for name in form._meta.fields}
            rows.append({**row, "id": form.instance.pk})
        return rows


class _ChildForm(forms.ModelForm):
    def __init__(self, *args: Any, cases: QuerySet[ProcedureCase], **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "case" in self.fields:
            self.fields["case"].queryset = cases  # type: ignore[attr-defined]
            self.fields["case"].empty_label = _("Mọi trường hợp")  # type: ignore[attr-defined]
            self.fields["case"].help_text = ""  # said once above the rows
        self.fields["order"].required = False
        if self.instance.pk is None:  # a new row goes last unless numbered
            self.initial.pop("order", None)
            self.fields["order"].initial = None
        style(self)


class CaseForm(_ChildForm):
    class Meta:
        model = ProcedureCase
        fields = ["order", "code", "name", "processing_amount", "processing_unit", "note"]
        localized_fields = ["processing_amount"]


class ComponentForm(_ChildForm):
    class Meta:
        model = Component
        fields = [
            "order", "case", "group", "name", "originals", "copies", "requirement",
            "form_name", "electronic_form", "accepted_types", "max_files",
        ]  # fmt: skip
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}


class FeeForm(_ChildForm):
    class Meta:
        model = Fee
        fields = ["order", "case", "kind", "name", "amount_vnd", "collection", "note",
                  "exempt_groups"]  # fmt: skip
        localized_fields = ["amount_vnd"]
        widgets = {"exempt_groups": forms.Textarea(attrs={"rows": 2})}


class StepForm(_ChildForm):
    class Meta:
        model = ProcessStep
        fields = ["order", "name", "responsible_role", "responsible_agency", "duration_hours",
                  "output"]  # fmt: skip
        localized_fields = ["duration_hours"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agency = self.fields["responsible_agency"]
        agency.queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]
        agency.empty_label = _("Cơ quan giải quyết")  # type: ignore[attr-defined]
        self.fields["duration_hours"].help_text = ""  # explained once above the steps


def _formset(model: type, form: type, extra: int) -> type[ChildFormSet]:
    return modelformset_factory(
        model, form=form, formset=ChildFormSet, extra=extra, can_delete=True
    )


CaseFormSet = _formset(ProcedureCase, CaseForm, 1)
ComponentFormSet = _formset(Component, ComponentForm, 2)
FeeFormSet = _formset(Fee, FeeForm, 1)
StepFormSet = _formset(ProcessStep, StepForm, 2)


def child_formset(
    formset_class: type[ChildFormSet], version: ProcedureVersion, data: Any = None
) -> ChildFormSet:
    """The formset for one part of ``version``, bound to ``data`` when posted."""
    related = {
        CaseFormSet: "cases",
        ComponentFormSet: "components",
        FeeFormSet: "fees",
        StepFormSet: "process_steps",
    }[formset_class]
    return formset_class(
        data,
        queryset=getattr(version, related).order_by("order", "id"),
        prefix=related,
        form_kwargs={"cases": version.cases.order_by("order", "id")},
    )


class ConfirmMixin(forms.Form):
    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": _("Đánh dấu ô xác nhận để tiếp tục.")},
    )


class PublishForm(ConfirmMixin):
    decision_number = forms.CharField(
        label=_("Số quyết định công bố"),
        max_length=100,
        help_text=_("Ví dụ 1234/QĐ-UBND."),
        error_messages={"required": _("Vui lòng nhập số quyết định công bố.")},
        widget=forms.TextInput(attrs={"class": "mc-input--medium", "autocomplete": "off"}),
    )
    decision_date = date_field(
        _("Ngày quyết định công bố"), _("Vui lòng nhập ngày quyết định công bố.")
    )
    effective_date = date_field(
        _("Ngày có hiệu lực"), _("Vui lòng nhập ngày có hiệu lực của thủ tục.")
    )
    field_order = ["decision_number", "decision_date", "effective_date", "confirm"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _(
            "Tôi xác nhận đã kiểm tra nội dung và công bố phiên bản này. Phiên bản đã công bố "
            "không sửa được; phiên bản đang áp dụng (nếu có) hết hiệu lực từ ngày có hiệu lực "
            "của phiên bản mới."
        )
        style(self)

    def publication(self) -> Publication:
        data = self.cleaned_data
        return Publication(
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            effective_date=data["effective_date"],
        )


class AbolishForm(ConfirmMixin):
    decision_number = forms.CharField(
        label=_("Số quyết định bãi bỏ"),
        max_length=100,
        error_messages={"required": _("Vui lòng nhập số quyết định bãi bỏ.")},
        widget=forms.TextInput(attrs={"class": "mc-input--medium", "autocomplete": "off"}),
    )
    last_day = date_field(
        _("Ngày cuối cùng áp dụng"), _("Vui lòng nhập ngày cuối cùng áp dụng thủ tục.")
    )
    field_order = ["decision_number", "last_day", "confirm"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _(
            "Tôi xác nhận bãi bỏ thủ tục này. Sau ngày cuối cùng, thủ tục không còn nhận hồ sơ "
            "và việc bãi bỏ không hoàn tác được."
        )
        style(self)

    def abolition(self) -> dict[str, Any]:
        return {
            "decision_number": self.cleaned_data["decision_number"],
            "last_day": self.cleaned_data["last_day"],
        }


STATUS_CHOICES = [("", _("Mọi trạng thái")), *VersionStatus.choices]


class CatalogFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo mã, tên, lĩnh vực, cơ quan"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "class": "mc-input--medium"}),
    )
    status = forms.ChoiceField(
        label=_("Có phiên bản ở trạng thái"), choices=STATUS_CHOICES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style(self)

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["q"], self.cleaned_data["status"]
