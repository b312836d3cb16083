# SPDX-License-Identifier: MPL-2.0
"""Forms of the actions on a dossier: one small form per workflow action.

A form checks the shape of the input and turns it into the keyword arguments of its
`dossiers.services` function (`arguments()`); the rules (who, when, which components,
which deadlines) stay in the services, which answer with a `DossierError`. Every form
carries the `Dossier.version` the page showed (`seen_version`), and the form of an
irreversible action a required confirmation box. Choices (officers, agencies, published
components, process steps) are read in `action_fields`; nothing is written.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.validators import validate_identity_number
from motcua.catalog.models import Collection
from motcua.desk.action_fields import (
    HANDLING_ROLES,
    MultipleFileField,
    date_field,
    earlier_steps,
    officer_field,
    officers_of,
    open_pause,
    reason_field,
    text_field,
    upload_of,
)
from motcua.desk.catalog_forms import style
from motcua.dossiers.models import Dossier, PauseKind, ResultDelivery
from motcua.dossiers.services import ComponentInput, RequestItem, ResultDocument, Upload
from motcua.dossiers.services.components import published_components
from motcua.dossiers.services.routing import next_step
from motcua.org.models import Agency, AgencyKind

CONFIRM_LABEL = _("Tôi đã kiểm tra và xác nhận thực hiện thao tác này")
RELOAD = _("Trang đã cũ hoặc không hợp lệ; vui lòng tải lại trang hồ sơ.")
Section = tuple[str | None, list[BoundField]]


# --------------------------------------------------------------------------- base


class ActionForm(forms.Form):
    """What every action form shares: the dossier version the page showed, the confirmation
    box of an irreversible action, and the sections the page renders (fieldsets)."""

    irreversible: ClassVar[bool] = False
    seen_version = forms.IntegerField(
        label=_("Phiên bản hồ sơ"),
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": RELOAD, "invalid": RELOAD, "min_value": RELOAD},
    )

    def __init__(self, *args: Any, dossier: Dossier, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dossier, self.user = dossier, user
        self.fields["seen_version"].initial = dossier.version
        self.setup()
        if self.irreversible:
            self.fields["confirm"] = forms.BooleanField(
                label=CONFIRM_LABEL,
                error_messages={"required": _("Đánh dấu ô xác nhận để thực hiện thao tác này.")},
            )
        style(self)
        laid_out = forms.HiddenInput | forms.RadioSelect | forms.CheckboxSelectMultiple
        for field in self.fields.values():
            if isinstance(field.widget, laid_out):
                field.widget.attrs.pop("class", None)  # hidden, or choices laid out by the page

    def setup(self) -> None:
        """Add the fields and choices that depend on the dossier."""

    def arguments(self) -> dict[str, Any]:
        """The service's keyword arguments (besides actor, dossier_id and seen_version)."""
        return {name: self.cleaned_data[name] for name in self.fields if name not in _BASE}

    def sections(self) -> list[Section]:
        """(legend or None, fields) groups to render; the confirmation box comes last."""
        return [(None, [f for f in self.visible_fields() if f.name != "confirm"])]


_BASE = frozenset({"seen_version", "confirm"})


# --------------------------------------------------------------------------- reception


class ReceiveForm(ActionForm):
    fees_paid = forms.BooleanField(
        label=_("Người nộp đã nộp phí, lệ phí thu khi tiếp nhận"), required=False
    )


class ComponentRequestForm(ActionForm):
    """Form 02: which published components to add or correct, and what exactly."""

    reason = reason_field()
    respond_within_days = forms.IntegerField(
        label=_("Hạn bổ sung (số ngày làm việc)"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("Để trống nếu không đặt hạn bổ sung."),
        error_messages={
            "invalid": _("Nhập số ngày làm việc bằng chữ số."),
            "min_value": _("Hạn bổ sung phải từ 1 ngày làm việc trở lên."),
            "max_value": _("Hạn bổ sung tối đa 90 ngày làm việc."),
        },
    )
    extra_note = text_field(
        _("Ghi chú thêm (ngoài danh mục thành phần đã công bố, chỉ ghi nhận)"),
        required=False,
        rows=2,
        help_text=_(
            "Không phải là yêu cầu bắt buộc đối với người nộp; nội dung được ghi nhận riêng "
            "để giám sát."
        ),
    )

    def setup(self) -> None:
        self.components = list(
            published_components(self.dossier.procedure_version, self.dossier.case)
        )
        for component in self.components:
            name = {"name": component.name[:80]}
            self.fields[f"component_{component.pk}"] = forms.BooleanField(
                label=_("Yêu cầu bổ sung, hoàn thiện “%(name)s”") % name, required=False
            )
            requirement = text_field(
                _("Nội dung cần bổ sung cho “%(name)s”") % name,
                required=False,
                rows=2,
                max_length=1000,
                help_text=_("Bắt buộc nếu chọn thành phần này."),
            )
            requirement.conditional = True  # type: ignore[attr-defined]  # not "optional"
            self.fields[f"requirement_{component.pk}"] = requirement

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [c.pk for c in self.components if data.get(f"component_{c.pk}")]
        if not chosen:
            self.add_error(None, _("Vui lòng chọn ít nhất một thành phần hồ sơ cần bổ sung."))
        for component in self.components:
            text = (data.get(f"requirement_{component.pk}") or "").strip()
            if component.pk in chosen and not text:
                self.add_error(
                    f"requirement_{component.pk}",
                    _("Vui lòng ghi rõ nội dung cần bổ sung cho thành phần này."),
                )
            elif text and component.pk not in chosen:
                self.add_error(
                    f"component_{component.pk}",
                    _("Đã ghi nội dung cần bổ sung nhưng chưa chọn thành phần này."),
                )
        return data

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        items = [
            RequestItem(c.pk, data[f"requirement_{c.pk}"].strip())
            for c in self.components
            if data.get(f"component_{c.pk}")
        ]
        return {
            "items": items,
            "reason": data["reason"],
            "respond_within_days": data["respond_within_days"],
            "extra_note": data["extra_note"],
        }

    def sections(self) -> list[Section]:
        rows: list[Section] = [
            (c.name, [self[f"component_{c.pk}"], self[f"requirement_{c.pk}"]])
            for c in self.components
        ]
        return [*rows, (None, [self["reason"], self["respond_within_days"], self["extra_note"]])]


class RefuseForm(ActionForm):
    irreversible = True
    reasons = text_field(
        _("Lý do từ chối tiếp nhận"),
        rows=4,
        help_text=_("Mỗi lý do ghi một dòng."),
        missing=_("Vui lòng nêu rõ lý do từ chối tiếp nhận."),
    )

    def arguments(self) -> dict[str, Any]:
        return {"reasons": [line for line in self.cleaned_data["reasons"].splitlines() if line]}


# --------------------------------------------------------------------------- processing


class ForwardForm(ActionForm):
    to_agency = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"), queryset=Agency.objects.none(), required=False
    )
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def setup(self) -> None:
        step = next_step(self.dossier)
        default = (step.responsible_agency if step else None) or self.dossier.lead_agency
        default = default or self.dossier.receiving_agency
        agencies = Agency.objects.filter(is_active=True).exclude(kind=AgencyKind.DIVISION)
        self.fields["to_agency"].queryset = agencies.order_by("name")  # type: ignore[attr-defined]
        self.fields["to_agency"].empty_label = _("Theo quy trình: %(name)s") % {  # type: ignore[attr-defined]
            "name": default.name
        }
        roles = [step.responsible_role] if step else HANDLING_ROLES
        self.fields["to_user"] = officer_field(
            _("Cán bộ nhận hồ sơ"), officers_of(default, roles), required=False
        )
        self.order_fields(["to_agency", "to_user", "note"])


class AssignForm(ActionForm):
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def setup(self) -> None:
        officers = officers_of(self.dossier.current_agency)
        if self.dossier.holder_id:
            officers = officers.exclude(pk=self.dossier.holder_id)
        self.fields["to_user"] = officer_field(_("Phân công cho cán bộ"), officers, required=True)
        self.order_fields(["to_user", "note"])


class CompleteStepForm(ActionForm):
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def setup(self) -> None:
        step = next_step(self.dossier) if self.dossier.current_step else None
        agency = (step.responsible_agency if step else None) or self.dossier.current_agency
        roles = [step.responsible_role] if step else HANDLING_ROLES
        field = officer_field(
            _("Cán bộ nhận ở bước tiếp theo"), officers_of(agency, roles), required=not step
        )
        if step is not None:
            field.help_text = _("Bước tiếp theo: %(order)s. %(name)s (%(role)s).") % {
                "order": step.order,
                "name": step.name,
                "role": step.get_responsible_role_display(),
            }
        self.fields["to_user"] = field
        self.order_fields(["to_user", "note"])


class ReturnToStepForm(ActionForm):
    reason = reason_field(_("Lý do trả lại"))

    def setup(self) -> None:
        self.fields["step_order"] = forms.TypedChoiceField(
            label=_("Trả về bước"),
            coerce=int,
            choices=[("", _("Chọn bước"))]
            + [(s.order, f"{s.order}. {s.name}") for s in earlier_steps(self.dossier)],
            error_messages={"required": _("Vui lòng chọn bước cần trả về.")},
        )
        self.fields["to_user"] = officer_field(
            _("Cán bộ nhận lại hồ sơ"), officers_of(self.dossier.current_agency), required=False
        )
        self.order_fields(["step_order", "to_user", "reason"])


class SendInteragencyForm(ActionForm):
    to_agency = forms.ModelChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Agency.objects.none(),
        empty_label=_("Chọn cơ quan"),
        error_messages={"required": _("Vui lòng chọn cơ quan phối hợp.")},
    )
    working_days = forms.IntegerField(
        label=_("Thời hạn của cơ quan phối hợp (số ngày làm việc)"),
        min_value=1,
        max_value=60,
        error_messages={
            "required": _("Vui lòng nhập thời hạn của cơ quan phối hợp."),
            "invalid": _("Nhập số ngày làm việc bằng chữ số."),
            "min_value": _("Thời hạn phải từ 1 ngày làm việc trở lên."),
            "max_value": _("Thời hạn tối đa 60 ngày làm việc."),
        },
    )
    note = text_field(_("Nội dung đề nghị phối hợp"), required=False, rows=3)

    def setup(self) -> None:
        agencies = Agency.objects.filter(is_active=True).exclude(kind=AgencyKind.DIVISION)
        agencies = agencies.exclude(pk=self.dossier.current_agency_id).order_by("name")
        self.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]


class NoteForm(ActionForm):
    note = text_field(_("Ghi chú"), required=False, rows=2)


class StopForm(ActionForm):
    irreversible = True
    reason = reason_field(_("Lý do dừng giải quyết"))


class IssueResultForm(ActionForm):
    irreversible = True
    kind = text_field(
        _("Loại văn bản kết quả"),
        max_length=200,
        help_text=_("Ví dụ: Giấy chứng nhận, Quyết định, Văn bản trả lời."),
        missing=_("Vui lòng nhập loại văn bản kết quả."),
    )
    number = text_field(
        _("Số, ký hiệu"), max_length=100, missing=_("Vui lòng nhập số, ký hiệu của văn bản.")
    )
    signer = text_field(_("Người ký"), max_length=200, missing=_("Vui lòng nhập họ tên người ký."))
    issued_on = date_field(_("Ngày ban hành"), _("Vui lòng nhập ngày ban hành."))
    summary = text_field(_("Trích yếu"), required=False, rows=2, max_length=500)
    approved = forms.BooleanField(
        label=_("Kết quả chấp thuận (bỏ chọn nếu là văn bản từ chối, trả lời không đủ điều kiện)"),
        required=False,
        initial=True,
    )
    file = forms.FileField(
        label=_("Tệp kết quả đã ký số (PDF)"),
        required=False,
        help_text=_("Bắt buộc nếu trả kết quả trực tuyến."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def setup(self) -> None:
        self.fields["issued_on"].initial = timezone.localdate()

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = ("kind", "number", "signer", "issued_on", "summary", "approved")
        document = ResultDocument(**{k: data[k] for k in fields}, file=upload_of(data["file"]))
        return {"result": document}


# --------------------------------------------------------------------------- pauses


class ReceiveSupplementForm(ActionForm):
    """The supplement handed in: files (or paper) for each component that was asked for."""

    note = text_field(_("Ghi chú"), required=False, rows=2)

    def setup(self) -> None:
        pause = open_pause(self.dossier, PauseKind.SUPPLEMENT)
        self.items = list(pause.items) if pause else []
        for item in self.items:
            pk = int(item["component"])
            self.fields[f"files_{pk}"] = MultipleFileField(
                label=_("Tệp bổ sung"), required=False, help_text=item.get("requirement", "")
            )
            self.fields[f"paper_{pk}"] = forms.BooleanField(
                label=_("Đã nhận bản giấy"), required=False
            )
        self.order_fields([*(n for n in self.fields if n != "note"), "note"])

    def arguments(self) -> dict[str, Any]:
        data, components = self.cleaned_data, []
        for item in self.items:
            pk = int(item["component"])
            files = tuple(Upload(stream=f, name=f.name or "") for f in data[f"files_{pk}"])
            if files or data[f"paper_{pk}"]:
                originals = 1 if data[f"paper_{pk}"] else 0
                components.append(ComponentInput(pk, originals=originals, files=files))
        return {"components": components, "note": data["note"]}

    def sections(self) -> list[Section]:
        rows: list[Section] = [
            (
                str(item["name"]),
                [self[f"files_{item['component']}"], self[f"paper_{item['component']}"]],
            )
            for item in self.items
        ]
        return [*rows, (None, [self["note"]])]


class ExpireSupplementForm(ActionForm):
    irreversible = True


class FinancialRequestForm(ActionForm):
    amount_vnd = forms.CharField(
        label=_("Số tiền (đồng)"),
        max_length=20,
        help_text=_("Ví dụ 1.200.000."),
        error_messages={"required": _("Vui lòng nhập số tiền.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "mc-input--medium"}),
    )
    reason = reason_field(_("Nội dung nghĩa vụ tài chính"))

    def clean_amount_vnd(self) -> int:
        raw = re.sub(r"[\s.,]|đồng|đ|vnd", "", self.cleaned_data["amount_vnd"].lower())
        if not raw.isdigit():
            raise forms.ValidationError(_("Nhập số tiền bằng chữ số, ví dụ 1.200.000."))
        if int(raw) <= 0:
            raise forms.ValidationError(_("Số tiền phải lớn hơn 0 đồng."))
        return int(raw)


class FinancialConfirmForm(ActionForm):
    receipt_number = text_field(
        _("Số chứng từ nộp tiền"), max_length=100, missing=_("Vui lòng nhập số chứng từ nộp tiền.")
    )


class ApologiseForm(ActionForm):
    """Form 04: the reason and the new appointment (date and time, local)."""

    reason = reason_field(_("Lý do chậm trễ"))
    new_due_date = date_field(_("Ngày hẹn trả mới"), _("Vui lòng nhập ngày hẹn trả mới."))
    new_due_time = forms.TimeField(
        label=_("Giờ hẹn trả mới"),
        input_formats=["%H:%M"],
        help_text=_("Dạng giờ:phút, ví dụ 08:30."),
        error_messages={
            "required": _("Vui lòng nhập giờ hẹn trả mới."),
            "invalid": _("Nhập giờ theo dạng giờ:phút, ví dụ 08:30."),
        },
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "mc-input--short"}),
    )

    def setup(self) -> None:
        if self.dossier.due_at:
            self.fields["new_due_time"].initial = timezone.localtime(self.dossier.due_at).time()

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        moment = datetime.combine(data["new_due_date"], data["new_due_time"])
        new_due = timezone.make_aware(moment, timezone.get_current_timezone())
        return {"reason": data["reason"], "new_due": new_due}


# --------------------------------------------------------------------------- return


class HandToPostForm(ActionForm):
    tracking_number = text_field(
        _("Mã bưu gửi"), max_length=40, missing=_("Vui lòng nhập mã bưu gửi của kết quả.")
    )


class ReturnResultForm(ActionForm):
    """Return of the result: how, to whom, originals taken back, fees collected on return."""

    irreversible = True
    via = forms.ChoiceField(
        label=_("Hình thức trả kết quả"),
        choices=ResultDelivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn hình thức trả kết quả.")},
    )
    recipient_name = text_field(_("Họ tên người nhận kết quả"), required=False, max_length=200)
    recipient_identity = text_field(
        _("Số định danh cá nhân của người nhận"), required=False, max_length=12
    )
    originals_taken_back = forms.BooleanField(
        label=_("Đã thu lại bản gốc giấy tờ theo quy định"), required=False
    )
    signed_receipt = forms.FileField(
        label=_("Phiếu nhận kết quả có chữ ký (ảnh hoặc PDF)"), required=False
    )

    def setup(self) -> None:
        dossier = self.dossier
        self.fields["via"].initial = dossier.result_delivery
        self.fields["recipient_name"].initial = dossier.applicant_name
        for name in ("recipient_name", "recipient_identity"):  # required at the counter
            self.fields[name].conditional = True  # type: ignore[attr-defined]
        self.fields["recipient_identity"].initial = dossier.applicant_identity
        unpaid = dossier.fees.filter(
            collection=Collection.AFTER, paid_at__isnull=True, amount_vnd__gt=0
        )
        if unpaid.exists():
            self.fields["fees_paid"] = forms.BooleanField(
                label=_("Người nhận đã nộp phí, lệ phí thu khi trả kết quả"), required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("via") == ResultDelivery.COUNTER:
            if not data.get("recipient_name", "").strip():
                self.add_error("recipient_name", _("Vui lòng nhập họ tên người nhận kết quả."))
            identity = data.get("recipient_identity", "").strip()
            if not identity:
                self.add_error(
                    "recipient_identity",
                    _("Vui lòng nhập số định danh cá nhân của người nhận kết quả."),
                )
            else:
                try:
                    validate_identity_number(identity)
                except forms.ValidationError as exc:
                    self.add_error("recipient_identity", exc)
        return data

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "via": data["via"],
            "recipient_name": data["recipient_name"],
            "recipient_identity": data["recipient_identity"],
            "originals_taken_back": data["originals_taken_back"],
            "fees_paid": data.get("fees_paid", False),
            "signed_receipt": upload_of(data["signed_receipt"]),
        }


class ReasonForm(ActionForm):
    reason = reason_field()


class ApproveWithdrawalForm(ActionForm):
    irreversible = True
    reason = reason_field(_("Ghi chú"), required=False)
