# SPDX-License-Identifier: MPL-2.0
"""Forms of the counter intake wizard: the procedure search, the one-page intake sheet (the
published components as a checklist, the applicant, result delivery, fees, and the texts of
forms 02 and 03) and the postal intake sheet.

They check the shape of the input and say per field what to fix; the rules of intake
(completeness, who may receive, files by content) stay in ``dossiers.services``, which
checks again. Uploaded files are checked here with ``documents.uploads.check_upload`` too,
only so that a refused file is reported next to its component.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import (
    normalize_phone,
    validate_identity_number,
    validate_phone,
    validate_tax_code,
)
from motcua.catalog.models import Component, Requirement
from motcua.desk.catalog_forms import style
from motcua.documents.uploads import UploadRejected, accepted_extensions, check_upload
from motcua.dossiers.models import ApplicantKind, ResultDelivery
from motcua.dossiers.services import Applicant, ComponentInput, RequestItem, Upload
from motcua.org.models import Agency

RECEIVE, GUIDE, REFUSE, POSTAL = "receive", "guide", "refuse", "postal"


class ProcedureSearchForm(forms.Form):
    """Step 1: the receiving agency (only when the officer serves several) and a query."""

    co_quan = forms.ChoiceField(
        label=_("Tiếp nhận cho cơ quan"),
        error_messages={"invalid_choice": _("Chọn một cơ quan mà bạn được phân công tiếp nhận.")},
    )
    q = forms.CharField(
        label=_("Tên hoặc mã thủ tục"),
        required=False,
        max_length=200,
        help_text=_("Gõ không dấu cũng được, ví dụ “khai sinh” hoặc “1.001193”."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, agencies: Sequence[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {agency.code: agency for agency in agencies}
        self.fields["co_quan"].choices = [(a.code, a.name) for a in agencies]  # type: ignore[attr-defined]
        if len(agencies) == 1:  # nothing to choose: the field is shown as text
            self.fields["co_quan"].required = False
            self.fields["co_quan"].widget = forms.HiddenInput()
        style(self)

    def agency(self) -> Agency | None:
        """The chosen agency; the only one when the officer serves one agency."""
        if len(self.agencies) == 1:
            return next(iter(self.agencies.values()))
        if self.is_bound and self.is_valid():
            return self.agencies[self.cleaned_data["co_quan"]]
        return None

    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_bound and self.is_valid() else ""


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=99,
        error_messages={"invalid": _("Nhập số bản bằng chữ số, ví dụ 1.")},
        widget=forms.NumberInput(attrs={"class": "mc-input--short", "inputmode": "numeric"}),
    )


class ComponentRowForm(forms.Form):
    """One published component of the case: handed in or not, how, and what is missing."""

    handed = forms.BooleanField(label=_("Đã nộp"), required=False)
    originals = _count(_("Số bản chính"))
    certified_copies = _count(_("Số bản sao chứng thực"))
    photocopies = _count(_("Số bản chụp (photo)"))
    digitised = forms.BooleanField(label=_("Đã số hóa"), required=False)
    reused = forms.BooleanField(label=_("Tái sử dụng kết quả số hóa"), required=False)
    files = MultipleFileField(label=_("Tệp đính kèm"), required=False)
    requirement = forms.CharField(
        label=_("Nội dung cần bổ sung, hoàn thiện (mẫu 02)"),
        required=False,
        max_length=500,
        help_text=_("Chỉ ghi khi hướng dẫn bổ sung: giấy tờ còn thiếu hoặc chưa hợp lệ."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, component: Component, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"tp{component.pk}")
        kwargs.setdefault(
            "initial",
            {
                "originals": component.originals,
                "certified_copies": component.copies,
                "photocopies": 0,
            },
        )
        super().__init__(*args, **kwargs)
        self.component = component
        extensions = accepted_extensions(component.accepted_types)
        self.fields["files"].widget.attrs["accept"] = ",".join(f".{e}" for e in extensions)
        self.fields["files"].help_text = _("Định dạng %(types)s, tối đa %(n)d tệp.") % {
            "types": ", ".join(extensions),
            "n": component.max_files,
        }
        style(self)

    @property
    def required(self) -> bool:
        return self.component.requirement == Requirement.REQUIRED

    def clean_files(self) -> list[UploadedFile]:
        files = self.cleaned_data["files"]
        if len(files) > self.component.max_files:
            raise forms.ValidationError(
                _("Thành phần này nhận tối đa %(n)d tệp.") % {"n": self.component.max_files}
            )
        problems = []
        for upload in files:
            try:
                check_upload(upload, name=upload.name, accepted=self.component.accepted_types)
            except UploadRejected as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("originals", "certified_copies", "photocopies"):
            data[name] = data.get(name) or 0
        if data.get("files") and not data.get("handed"):
            self.add_error("handed", _("Có tệp đính kèm: hãy đánh dấu thành phần này đã nộp."))
        return data

    def check_for(self, action: str) -> None:
        """Errors that depend on the button pressed (after ``is_valid``)."""
        data = self.cleaned_data
        handed = bool(data.get("handed"))
        counted = sum(data.get(n) or 0 for n in ("originals", "certified_copies", "photocopies"))
        if (
            action in (RECEIVE, POSTAL)
            and handed
            and not (counted or data.get("files") or data.get("reused"))
        ):
            self.add_error("originals", _("Ghi số bản đã nộp, hoặc đính kèm tệp."))
        if action == RECEIVE and self.required and not handed:
            self.add_error(
                "handed",
                _(
                    "Thành phần bắt buộc chưa nộp: không tiếp nhận được. Nếu người nộp chưa "
                    "có, hãy hướng dẫn bổ sung, hoàn thiện (mẫu 02)."
                ),
            )
        if action == GUIDE and self.required and not handed and not data.get("requirement"):
            self.add_error(
                "requirement", _("Ghi nội dung cần bổ sung cho thành phần bắt buộc chưa nộp.")
            )

    def component_input(self) -> ComponentInput | None:
        data = self.cleaned_data
        if not data["handed"]:
            return None
        return ComponentInput(
            component_id=self.component.pk,
            originals=data["originals"],
            certified_copies=data["certified_copies"],
            photocopies=data["photocopies"],
            digitised=data["digitised"],
            reused=data["reused"],
            files=tuple(Upload(stream=f, name=f.name or "") for f in data.get("files", [])),  # type: ignore[arg-type]
        )

    def request_item(self) -> RequestItem | None:
        text = getattr(self, "cleaned_data", {}).get("requirement", "").strip()
        return RequestItem(component_id=self.component.pk, requirement=text) if text else None


class ApplicantForm(forms.Form):
    """The dossier owner, an optional representative, and how the result is handed back."""

    kind = forms.ChoiceField(
        label=_("Đối tượng"), choices=ApplicantKind.choices, initial=ApplicantKind.CITIZEN
    )
    name = forms.CharField(
        label=_("Họ tên người nộp hồ sơ hoặc tên tổ chức"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập họ tên người nộp hồ sơ.")},
    )
    identity_number = forms.CharField(
        label=_("Số định danh cá nhân (căn cước)"),
        required=False,
        max_length=12,
        validators=[validate_identity_number],
        widget=forms.TextInput(attrs={"class": "mc-input--medium", "inputmode": "numeric"}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế, mã số doanh nghiệp"),
        required=False,
        max_length=14,
        validators=[validate_tax_code],
        help_text=_("Bắt buộc với doanh nghiệp, tổ chức."),
        widget=forms.TextInput(attrs={"class": "mc-input--medium"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "mc-input--medium", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@example.vn.")},
    )
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    representative_name = forms.CharField(
        label=_("Họ tên người được ủy quyền"), required=False, max_length=200
    )
    representative_identity = forms.CharField(
        label=_("Số định danh của người được ủy quyền"),
        required=False,
        max_length=12,
        validators=[validate_identity_number],
        widget=forms.TextInput(attrs={"class": "mc-input--medium", "inputmode": "numeric"}),
    )
    authorisation = forms.CharField(
        label=_("Giấy ủy quyền"),
        required=False,
        max_length=300,
        help_text=_("Số, ngày của giấy ủy quyền hoặc văn bản cử người đi nộp."),
    )
    result_delivery = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        choices=ResultDelivery.choices,
        initial=ResultDelivery.COUNTER,
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"), required=False, max_length=300
    )

    APPLICANT_FIELDS = ("kind", "name", "identity_number", "tax_code", "phone", "email",
                        "address")  # fmt: skip
    REPRESENTATIVE_FIELDS = ("representative_name", "representative_identity", "authorisation")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone:
            validate_phone(phone)
            return normalize_phone(phone)
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.strip()
        if self.full_applicant():
            if data.get("kind", ApplicantKind.CITIZEN) != ApplicantKind.CITIZEN and not data.get(
                "tax_code"
            ):
                self.add_error(
                    "tax_code", _("Vui lòng nhập mã số thuế hoặc mã số doanh nghiệp của tổ chức.")
                )
            if data.get("representative_name") and not data.get("authorisation"):
                self.add_error(
                    "authorisation", _("Người được ủy quyền nộp hồ sơ cần có giấy ủy quyền.")
                )
        if self.needs_delivery_address(data):
            self.add_error(
                "delivery_address", _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")
            )
        return data

    def full_applicant(self) -> bool:
        """Whether the organisation and representative checks apply (a dossier is kept)."""
        return True

    def needs_delivery_address(self, data: dict[str, Any]) -> bool:
        return data.get("result_delivery") == ResultDelivery.POST and not data.get(
            "delivery_address"
        )

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"],
            identity_number=data["identity_number"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            kind=data["kind"],
            tax_code=data["tax_code"],
            representative_name=data["representative_name"],
            representative_identity=data["representative_identity"],
            authorisation=data["authorisation"],
        )

    def delivery(self) -> dict[str, str]:
        return {
            "result_delivery": self.cleaned_data["result_delivery"],
            "delivery_address": self.cleaned_data["delivery_address"],
        }


class CounterDetailsForm(ApplicantForm):
    """The applicant part of the counter sheet, plus fees, the texts of forms 02 and 03 and
    the button pressed (``action``)."""

    action = forms.ChoiceField(
        choices=[(RECEIVE, RECEIVE), (GUIDE, GUIDE), (REFUSE, REFUSE)],
        error_messages={
            "required": _("Chọn một thao tác: tiếp nhận, hướng dẫn bổ sung hoặc từ chối."),
            "invalid_choice": _("Chọn một thao tác: tiếp nhận, hướng dẫn bổ sung hoặc từ chối."),
        },
    )
    fees_paid = forms.BooleanField(label=_("Đã thu phí, lệ phí khi tiếp nhận"), required=False)
    guidance_reason = forms.CharField(
        label=_("Lý do hướng dẫn bổ sung, hoàn thiện"),
        required=False,
        max_length=1000,
        initial=_("Hồ sơ chưa đầy đủ, hợp lệ theo quy định."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    extra_note = forms.CharField(
        label=_("Ghi chú khác"),
        required=False,
        max_length=1000,
        help_text=_(
            "Không phải yêu cầu: không được đòi giấy tờ ngoài thành phần hồ sơ đã công bố. "
            "Ghi chú được lưu vết riêng."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refusal_reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        required=False,
        max_length=2000,
        help_text=_("Mỗi lý do một dòng, ví dụ: hồ sơ không thuộc thẩm quyền giải quyết."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def full_applicant(self) -> bool:
        return self.data.get("action") != GUIDE

    def needs_delivery_address(self, data: dict[str, Any]) -> bool:
        return data.get("action") == RECEIVE and super().needs_delivery_address(data)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == GUIDE and not data.get("guidance_reason"):
            self.add_error("guidance_reason", _("Vui lòng nêu rõ lý do hướng dẫn bổ sung."))
        if data.get("action") == REFUSE and not self.reasons():
            self.add_error("refusal_reasons", _("Vui lòng nêu rõ lý do từ chối tiếp nhận."))
        return data

    def reasons(self) -> list[str]:
        text = self.cleaned_data.get("refusal_reasons", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class PostalDetailsForm(ApplicantForm):
    """The applicant part of the postal sheet, with the postal tracking number."""

    tracking_number = forms.CharField(
        label=_("Mã bưu gửi"),
        max_length=40,
        help_text=_("Số hiệu bưu gửi in trên phong bì, ví dụ EE123456789VN."),
        error_messages={"required": _("Vui lòng nhập mã bưu gửi của hồ sơ.")},
        widget=forms.TextInput(attrs={"class": "mc-input--medium", "autocomplete": "off"}),
    )
    field_order = ["tracking_number"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result_delivery"].initial = ResultDelivery.POST
        self.fields["delivery_address"].help_text = _("Để trống nếu gửi về địa chỉ người nộp.")

    def needs_delivery_address(self, data: dict[str, Any]) -> bool:
        return super().needs_delivery_address(data) and not data.get("address")


class IntakeSheet:
    """The whole one-page sheet: the details form and one row form per published component.

    Every part is validated, so that all problems are shown at once; ``errors`` are the
    intake services' refusals, shown above the form (nothing was saved).
    """

    def __init__(
        self,
        details_class: type[ApplicantForm],
        components: Sequence[Component],
        data: Any = None,
        files: Any = None,
    ) -> None:
        self.details = details_class(data)
        self.rows = [ComponentRowForm(data, files, component=c) for c in components]
        self.errors: list[str] = []

    @property
    def action(self) -> str:
        """The button pressed on the counter sheet; ``POSTAL`` on the postal sheet."""
        if not isinstance(self.details, CounterDetailsForm):
            return POSTAL
        return str(getattr(self.details, "cleaned_data", {}).get("action", ""))

    def is_valid(self) -> bool:
        valid = [self.details.is_valid(), *(row.is_valid() for row in self.rows)]
        for row in self.rows:
            if row.is_valid():
                row.check_for(self.action)
        if self.action == GUIDE and not self.request_items():
            self.errors.append(
                _("Ghi nội dung cần bổ sung cho ít nhất một thành phần hồ sơ (mẫu 02).")
            )
        return all(valid) and not self.has_errors()

    def has_errors(self) -> bool:
        return bool(self.errors or self.details.errors or any(r.errors for r in self.rows))

    def component_inputs(self) -> list[ComponentInput]:
        return [item for row in self.rows if (item := row.component_input())]

    def request_items(self) -> list[RequestItem]:
        return [item for row in self.rows if (item := row.request_item())]
