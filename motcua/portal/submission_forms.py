# SPDX-License-Identifier: MPL-2.0
"""Forms of the citizen's online submission and of "Hồ sơ của tôi".

They check the shape of what was posted; the rules (values, completeness, files by
content) live in `dossiers.services`, whose keyed problems (`DraftError.fields`) are put
back next to the field they concern with `add_problems`. Every step is a plain HTML form:
nothing here needs JavaScript. File inputs take several files, and a second input per
component opens the phone's camera.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.form_schema import FormField, display_value
from motcua.catalog.models import Component, ProcedureCase
from motcua.documents.uploads import UploadRejected, accepted_extensions, check_upload
from motcua.dossiers.models import ApplicantKind, ResultDelivery, SubmissionDraft
from motcua.dossiers.services import ComponentInput, Upload
from motcua.org.models import Agency

SAVE, NEXT = "save", "next"
_IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "heic", "webp"}
_MIME = {"pdf": "application/pdf", "docx": ".docx", "xlsx": ".xlsx"}


def style(form: forms.BaseForm) -> None:
    """The design-system class of each widget (radios and files are laid out by hand)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            widget.attrs["class"] = "mc-checkbox__input"
            continue
        if isinstance(widget, forms.FileInput):
            continue
        css = {forms.Select: "mc-select", forms.Textarea: "mc-textarea"}.get(
            type(widget), "mc-input"
        )
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


def add_problems(
    form: forms.BaseForm, problems: Mapping[str, str], fields: Mapping[str, str]
) -> None:
    """Show the services' keyed problems on `form`: `fields` maps a key (or a key prefix
    ending with ".") to a form field; anything unmapped goes to the top of the form."""
    for key, message in problems.items():
        name = fields.get(key)
        if name is None and "." in key:
            prefix, rest = key.split(".", 1)
            name = f"{fields[prefix + '.']}{rest}" if prefix + "." in fields else None
        form.add_error(name if name in form.fields else None, message)


class Radios(forms.RadioSelect):
    """Radio buttons whose group links to its first option (the error summary's target)."""

    def id_for_label(self, id_: str, index: str = "0") -> str:
        return f"{id_}_{index}" if id_ else ""


# --------------------------------------------------------------------------- the steps


class CaseForm(forms.Form):
    """Step 1: which case of the procedure, and where to submit when there is a choice."""

    case = forms.TypedChoiceField(
        label=gettext_lazy("Trường hợp"), coerce=int, required=False, widget=Radios
    )
    agency = forms.TypedChoiceField(
        label=gettext_lazy("Nơi nộp hồ sơ"),
        coerce=int,
        required=False,
        help_text=gettext_lazy("Chọn xã, phường nơi bạn nộp hồ sơ."),
    )
    PROBLEMS = {"case": "case", "receiving_agency": "agency"}

    def __init__(
        self,
        data: Any,
        *,
        draft: SubmissionDraft,
        cases: Sequence[ProcedureCase],
        agencies: Sequence[Agency],
    ) -> None:
        initial = {"case": draft.case_id, "agency": draft.receiving_agency_id}
        super().__init__(data, initial=initial)
        self.fields["case"].choices = [(c.pk, case_label(c)) for c in cases]
        self.fields["agency"].choices = [
            ("", _("Chọn nơi nộp")),
            *((a.pk, a.name) for a in agencies),
        ]
        if len(agencies) < 2:
            del self.fields["agency"]
        self.cases = cases
        style(self)

    def changes(self) -> dict[str, int]:
        data = self.cleaned_data
        return {
            key: value
            for key, value in (
                ("case_id", data.get("case")),
                ("receiving_agency_id", data.get("agency")),
            )
            if value not in (None, "")
        }


def _text(label: str, max_length: int, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        error_messages={"max_length": gettext_lazy("Nội dung dài tối đa %(limit_value)d ký tự.")},
        widget=forms.TextInput(attrs=attrs),
    )


class DetailsForm(forms.Form):
    """Step 2: the applicant (prefilled from the account) and the version's declaration
    fields, named ``tk_<name>``."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Bạn nộp hồ sơ với tư cách"),
        choices=ApplicantKind.choices,
        required=False,
        widget=Radios,
    )
    name = _text(gettext_lazy("Họ tên người nộp hồ sơ hoặc tên tổ chức"), 200, autocomplete="name")
    identity_number = _text(
        gettext_lazy("Số định danh cá nhân (căn cước)"),
        12,
        inputmode="numeric",
        **{"class": "mc-input--medium"},
    )
    tax_code = _text(
        gettext_lazy("Mã số thuế, mã số doanh nghiệp"), 14, **{"class": "mc-input--medium"}
    )
    phone = _text(
        gettext_lazy("Số điện thoại"),
        20,
        type="tel",
        autocomplete="tel",
        **{"class": "mc-input--medium"},
    )
    email = _text(gettext_lazy("Thư điện tử"), 254, type="email", autocomplete="email")
    address = _text(gettext_lazy("Địa chỉ"), 300, autocomplete="street-address")
    representative_name = _text(gettext_lazy("Họ tên người được ủy quyền"), 200)
    representative_identity = _text(
        gettext_lazy("Số định danh của người được ủy quyền"),
        12,
        inputmode="numeric",
        **{"class": "mc-input--medium"},
    )
    authorisation = _text(gettext_lazy("Giấy ủy quyền"), 300)
    APPLICANT = (
        "kind",
        "name",
        "identity_number",
        "tax_code",
        "phone",
        "email",
        "address",
        "representative_name",
        "representative_identity",
        "authorisation",
    )
    PROBLEMS = {"applicant.": "", "form.": "tk_"}

    def __init__(self, data: Any, *, draft: SubmissionDraft, schema: Sequence[FormField]) -> None:
        initial = {key: draft.applicant.get(key, "") for key in self.APPLICANT}
        initial |= {f"tk_{f.name}": display_value(f, draft.form_data.get(f.name)) for f in schema}
        super().__init__(data, initial=initial)
        self.fields["tax_code"].help_text = _("Bắt buộc với doanh nghiệp, tổ chức.")
        self.fields["authorisation"].help_text = _("Số, ngày của giấy ủy quyền.")
        self.schema = schema
        for field in schema:
            self.fields[f"tk_{field.name}"] = _declaration_field(field)
        style(self)

    def applicant(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in self.APPLICANT}

    def form_data(self) -> dict[str, str]:
        return {f.name: self.cleaned_data.get(f"tk_{f.name}") or "" for f in self.schema}

    def applicant_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("name", "identity_number", "tax_code", "phone", "email", "address")
        ]

    def representative_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("representative_name", "representative_identity", "authorisation")
        ]

    def declaration_fields(self) -> list[forms.BoundField]:
        return [self[f"tk_{f.name}"] for f in self.schema]


def _declaration_field(field: FormField) -> forms.Field:
    """The form field of one declaration entry; values are checked by the service."""
    label = (
        field.label if field.required else _("%(label)s (không bắt buộc)") % {"label": field.label}
    )
    if field.type == "choice":
        choices = [("", _("Chọn")), *field.choices]
        return forms.ChoiceField(label=label, choices=choices, required=False, help_text=field.help)
    widget: forms.Widget = forms.TextInput()
    if field.type == "textarea":
        widget = forms.Textarea(attrs={"rows": 4})
    elif field.type == "date":
        widget = forms.TextInput(attrs={"class": "mc-input--short", "autocomplete": "off"})
    elif field.type == "number":
        widget = forms.TextInput(attrs={"class": "mc-input--short", "inputmode": "decimal"})
    help_text = field.help or (
        _("Ngày/tháng/năm, ví dụ 15/08/1990.") if field.type == "date" else ""
    )
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        """The posted files as they are: emptiness, size and type are checked by content
        in `documents.uploads`, with messages that name the file."""
        items = data if isinstance(data, list | tuple) else [data]
        return [item for item in items if isinstance(item, UploadedFile)]


def file_accept(component: Component) -> str:
    """The file picker's filter for `component`: images, PDF, office files it accepts."""
    extensions = accepted_extensions(component.accepted_types)
    kinds = ["image/*"] if _IMAGE_EXTENSIONS & set(extensions) else []
    return ",".join(kinds + [_MIME[e] for e in extensions if e in _MIME])


class ComponentFilesForm(forms.Form):
    """Files for published components: per component ``tp<id>`` (choose files) and, when the
    component takes images, ``tp<id>_anh`` (take a photo with the phone's camera)."""

    def __init__(
        self, data: Any = None, files: Any = None, *, components: Iterable[Component]
    ) -> None:
        super().__init__(data, files)
        self.components = list(components)
        for component in self.components:
            hint = _("Định dạng %(types)s; tối đa %(n)d tệp.") % {
                "types": ", ".join(accepted_extensions(component.accepted_types)).upper(),
                "n": component.max_files,
            }
            self.fields[f"tp{component.pk}"] = MultipleFileField(
                label=_("Chọn tệp"),
                help_text=hint,
                widget=MultipleFileInput(attrs={"accept": file_accept(component)}),
            )
            if "image/*" in file_accept(component):
                self.fields[f"tp{component.pk}_anh"] = MultipleFileField(
                    label=_("Chụp ảnh giấy tờ"),
                    widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
                )

    def uploads(self) -> list[tuple[Component, UploadedFile]]:
        """Every posted file with its component, in page order."""
        return [
            (component, upload)
            for component in self.components
            for name in (f"tp{component.pk}", f"tp{component.pk}_anh")
            for upload in self.cleaned_data.get(name, [])
        ]

    def bound_pairs(self) -> list[tuple[Component, forms.BoundField, forms.BoundField | None]]:
        return [
            (
                c,
                self[f"tp{c.pk}"],
                self[f"tp{c.pk}_anh"] if f"tp{c.pk}_anh" in self.fields else None,
            )
            for c in self.components
        ]


class DeliveryForm(forms.Form):
    """Step 4: how the result comes back (SPEC §2.3 step 11)."""

    result_delivery = forms.ChoiceField(
        label=gettext_lazy("Bạn muốn nhận kết quả bằng cách nào?"),
        choices=ResultDelivery.choices,
        required=False,
        widget=Radios,
    )
    delivery_address = _text(
        gettext_lazy("Địa chỉ nhận kết quả qua bưu chính"), 300, autocomplete="street-address"
    )
    PROBLEMS = {"result_delivery": "result_delivery", "delivery_address": "delivery_address"}

    def __init__(self, data: Any, *, draft: SubmissionDraft) -> None:
        address = draft.delivery_address or draft.applicant.get("address", "")
        super().__init__(
            data, initial={"result_delivery": draft.result_delivery, "delivery_address": address}
        )
        self.fields["delivery_address"].help_text = _("Chỉ cần khi nhận kết quả qua bưu chính.")
        style(self)


# --------------------------------------------------------------------------- my dossiers


class SupplementForm(ComponentFilesForm):
    """The files answering a supplement request: at least one for each component asked."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for component in self.components:
            files = [*data.get(f"tp{component.pk}", []), *data.get(f"tp{component.pk}_anh", [])]
            if not files:
                self.add_error(f"tp{component.pk}", _("Vui lòng đính kèm tệp cho giấy tờ này."))
            for upload in files:
                try:
                    check_upload(upload, name=upload.name or "", accepted=component.accepted_types)
                except UploadRejected as exc:
                    self.add_error(f"tp{component.pk}", str(exc))
        return data

    def component_inputs(self) -> list[ComponentInput]:
        by_component: dict[int, list[Upload]] = {}
        for component, upload in self.uploads():
            by_component.setdefault(component.pk, []).append(
                Upload(stream=upload, name=upload.name or "")
            )  # type: ignore[arg-type]
        return [
            ComponentInput(component_id=pk, digitised=True, files=tuple(files))
            for pk, files in by_component.items()
        ]


class WithdrawalForm(forms.Form):
    """The applicant asks to withdraw the dossier (SPEC §2.3 step 12)."""

    reason = forms.CharField(
        label=gettext_lazy("Lý do rút hồ sơ"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Vui lòng nêu rõ lý do rút hồ sơ."),
            "max_length": gettext_lazy("Lý do dài tối đa %(limit_value)d ký tự."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def case_label(case: ProcedureCase) -> str:
    """The label of a case with its time limit, so that the citizen chooses knowing it."""
    amount = f"{case.processing_amount.normalize():f}".replace(".", ",")
    return _("%(name)s – giải quyết trong %(amount)s %(unit)s") % {
        "name": case.name,
        "amount": amount,
        "unit": case.get_processing_unit_display(),
    }
