# SPDX-License-Identifier: MPL-2.0
"""Desk: the outbox's failed messages ("hàng đợi gửi đi", docs/outbox.md), for system
administrators.

The list shows messages that went dead and those still retrying after a failure, with the
reason; after fixing the cause (an address, a client's endpoint, the national portal's
credentials), the administrator selects messages and resends them (``outbox_retry``),
after a confirmation. Other staff get 403 (they see the desk, not this page); citizens get
404 and anonymous visitors the staff login, like every desk page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.desk.catalog_forms import style
from motcua.desk.decorators import desk_view
from motcua.org.access import user_has_role
from motcua.org.models import Role
from motcua.outbox.models import OutboxMessage, OutboxStatus
from motcua.outbox.services import outbox_retry

PAGE_SIZE = 50
#: What this page lists: the rows `outbox_retry` can push back into the queue.
FAILED = Q(status=OutboxStatus.DEAD) | Q(status=OutboxStatus.PENDING, attempts__gt=0)
STATES = {"that-bai": Q(status=OutboxStatus.DEAD), "dang-thu-lai": Q(status=OutboxStatus.PENDING)}


def manages_outbox(user: User) -> bool:
    """System administrators (and superusers) run the outbox's support page."""
    return bool(user.is_authenticated) and (
        user.is_superuser or user_has_role(user, Role.SYSTEM_ADMIN)
    )


def system_admin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`desk_view`, then 403 for staff who are not system administrators."""

    @desk_view
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not manages_outbox(request.user):  # type: ignore[arg-type]
            raise PermissionDenied("Not a system administrator")
        return view(request, *args, **kwargs)

    return wrapper


def failed_messages() -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(FAILED)


class FilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label=gettext_lazy("Tình trạng"),
        required=False,
        choices=[
            ("", gettext_lazy("Tất cả")),
            ("that-bai", gettext_lazy("Gửi thất bại (đã ngừng thử)")),
            ("dang-thu-lai", gettext_lazy("Đang chờ thử lại")),
        ],
    )
    chu_de = forms.ChoiceField(label=gettext_lazy("Chủ đề"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = failed_messages().order_by("topic").values_list("topic", flat=True).distinct()
        self.fields["chu_de"].choices = [("", _("Tất cả")), *((t, t) for t in topics)]
        style(self)

    def filtered(self) -> QuerySet[OutboxMessage]:
        rows = failed_messages().order_by("-id")
        if not self.is_valid():
            return rows
        if state := self.cleaned_data["trang_thai"]:
            rows = rows.filter(STATES[state])
        if topic := self.cleaned_data["chu_de"]:
            rows = rows.filter(topic=topic)
        return rows


class RetryForm(forms.Form):
    """The selected failed messages; on the confirmation step, the confirmation box."""

    ids = forms.ModelMultipleChoiceField(
        queryset=failed_messages(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": gettext_lazy("Vui lòng chọn ít nhất một thông điệp."),
            "invalid_choice": gettext_lazy(
                "Có thông điệp đã chọn không còn chờ gửi lại (đã gửi xong hoặc đang được "
                "gửi). Vui lòng chọn lại."
            ),
            "invalid_pk_value": gettext_lazy("Lựa chọn không hợp lệ. Vui lòng chọn lại."),
        },
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đã khắc phục nguyên nhân lỗi và muốn gửi lại các thông điệp này. Người nhận "
            "có thể nhận một thông điệp hai lần nếu lần gửi trước thực ra đã đến nơi."
        ),
        required=False,
    )

    def __init__(self, *args: Any, confirming: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].required = confirming
        self.fields["confirm"].error_messages["required"] = _("Đánh dấu ô xác nhận để tiếp tục.")
        style(self)


@system_admin_view
def outbox_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    page = Paginator(form.filtered(), PAGE_SIZE).get_page(request.GET.get("trang"))
    query = {k: v for k, v in request.GET.items() if k != "trang" and v}
    context = {"form": form, "page": page, "query_string": urlencode(query)}
    return render(request, "desk/outbox/list.html", context)


@system_admin_view
@require_POST
def outbox_resend(request: HttpRequest) -> HttpResponse:
    """Step 1 (from the list): confirm the selection. Step 2: resend, back to the list."""
    confirming = request.POST.get("buoc") == "xac-nhan"
    form = RetryForm(request.POST, confirming=confirming)
    if not form.is_valid() and "ids" in form.errors:
        messages.error(request, form.errors["ids"][0])
        return redirect("desk:outbox")
    if not confirming or not form.is_valid():
        rows = form.cleaned_data["ids"]
        return render(request, "desk/outbox/confirm.html", {"form": form, "rows": rows})
    count = outbox_retry(actor=request.user, ids=[m.pk for m in form.cleaned_data["ids"]])
    messages.success(
        request,
        ngettext(
            "Đã đưa %(count)d thông điệp trở lại hàng đợi.",
            "Đã đưa %(count)d thông điệp trở lại hàng đợi.",
            count,
        )
        % {"count": count},
    )
    return redirect("desk:outbox")
