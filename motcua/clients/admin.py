# SPDX-License-Identifier: MPL-2.0
"""Admin of the API's machine clients: for superusers and system administrators only.

The admin is an interface (STYLE.md): it never writes these models itself. Adding a client
calls `client_create` (service account and positions), the credential actions call
`credential_issue`, `credential_rotate` and `credential_revoke`, adding a webhook calls
`webhook_subscribe`; each is audited by the service. Stored credentials show their key id
and dates, never their hash; a new token or webhook secret is shown once, in the message
that follows the action, and cannot be seen again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.clients.models import ApiClient, ApiCredential, Scope, WebhookSubscription
from motcua.clients.services import (
    CredentialError,
    Issued,
    client_create,
    client_set_active,
    credential_issue,
    credential_revoke,
    credential_rotate,
    webhook_set_active,
    webhook_subscribe,
)
from motcua.clients.webhooks import url_problem
from motcua.domain.workflow import Action
from motcua.org.access import user_has_role
from motcua.org.models import PROVINCE_WIDE_ROLES, Agency, Role

ROTATION_OVERLAP = timedelta(hours=24)
ACT = Scope.DOSSIERS_ACT.value
#: Webhook event names, as `motcua.clients.events.event_name` builds them.
EVENT_CHOICES = [(f"dossier.{a.value}", f"{a.label_vi} (dossier.{a.value})") for a in Action]


def may_manage_clients(request: HttpRequest) -> bool:
    """Superusers and system administrators; nobody else sees these pages at all."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    return bool(user.is_superuser or user_has_role(user, Role.SYSTEM_ADMIN))  # type: ignore[arg-type]


class _SystemAdminOnly:
    """Visible to `may_manage_clients` only; rows are never changed or deleted here (no
    service does it), additions go through the services in `save_model`."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_manage_clients(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage_clients(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_manage_clients(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_manage_permission(self, request: HttpRequest) -> bool:
        return may_manage_clients(request)


def show_secret_once(request: HttpRequest, *, what: str, key: str, secret: str) -> None:
    """The one time a token or signing secret is shown: a warning message on the next page."""
    messages.warning(
        request,
        format_html(
            '{what} <code>{key}</code>: <code class="secret">{secret}</code><br>'
            "<strong>{warning}</strong>",
            what=what,
            key=key,
            secret=secret,
            warning=gettext(
                "Giá trị này chỉ hiển thị MỘT LẦN, ngay bây giờ. Hãy sao chép và lưu vào kho "
                "bí mật của hệ thống nhận ngay; hệ thống này không lưu được bản rõ nên không "
                "thể xem lại. Nếu để lộ hoặc để mất, hãy cấp khóa mới và thu hồi khóa cũ."
            ),
        ),
    )


def _show_token(request: HttpRequest, issued: Issued) -> None:
    show_secret_once(
        request,
        what=gettext("Khóa truy cập mới của “%(client)s”, mã khóa")
        % {"client": issued.credential.client.name},
        key=issued.credential.key_id,
        secret=issued.token,
    )


# --- Clients ---------------------------------------------------------------------------


class ApiClientCreateForm(forms.ModelForm):
    """A new client: its scopes as checkboxes, single workflow actions as free entries."""

    scope_choices = forms.MultipleChoiceField(
        label=_("Quyền"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("“Thực hiện thao tác xử lý hồ sơ” cho phép mọi thao tác."),
    )
    act_entries = forms.CharField(
        label=_("Chỉ một số thao tác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Mỗi dòng một thao tác, dạng dossiers.act:receive hoặc receive. Các thao tác: %s."
        )
        % ", ".join(a.value for a in Action),
    )
    roles = forms.MultipleChoiceField(
        label=_("Vai trò của tài khoản dịch vụ"),
        choices=[(r.value, r.label) for r in Role if r not in PROVINCE_WIDE_ROLES],
        initial=[Role.COUNTER_OFFICER.value],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hệ thống kết nối chỉ làm được những gì các vai trò này được làm."),
    )

    class Meta:
        model = ApiClient
        fields = ["code", "name", "agency"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if User.objects.filter(username=f"api.{code}").exists():
            raise forms.ValidationError(gettext("Đã có tài khoản dịch vụ api.%s.") % code)
        return code

    def clean_act_entries(self) -> list[str]:
        known = {a.value for a in Action}
        entries, unknown = [], []
        for raw in self.cleaned_data["act_entries"].replace(",", "\n").splitlines():
            action = raw.strip().removeprefix(f"{ACT}:")
            if action:
                (entries if action in known else unknown).append(f"{ACT}:{action}")
        if unknown:
            raise forms.ValidationError(gettext("Thao tác không có: %s.") % ", ".join(unknown))
        return entries

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        scopes = list(cleaned.get("scope_choices") or []) + list(cleaned.get("act_entries") or [])
        if not scopes and not self.errors:
            raise forms.ValidationError(gettext("Chọn ít nhất một quyền."))
        cleaned["scopes"] = list(dict.fromkeys(scopes))
        return cleaned


class CredentialInline(admin.TabularInline):  # type: ignore[type-arg]
    """Key ids and dates of the client's credentials; the hash never leaves the database."""

    model = ApiCredential
    fields = ["key_id", "created_at", "created_by", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_manage_clients(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WebhookInline(CredentialInline):
    model = WebhookSubscription  # type: ignore[assignment]
    fields = ["url", "events", "is_active", "created_at"]
    readonly_fields = fields


@admin.register(ApiClient)
class ApiClientAdmin(_SystemAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "agency", "scope_list", "is_active", "usable_keys"]
    list_filter = ["is_active", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "agency__name", "agency__code"]
    list_select_related = ["agency"]
    ordering = ["name"]
    actions = ["issue_credential", "pause", "resume"]
    add_form = ApiClientCreateForm
    add_fieldsets = (
        (None, {"fields": ("code", "name", "agency")}),
        (_("Quyền"), {"fields": ("scope_choices", "act_entries", "roles")}),
    )
    fields = [
        "code",
        "name",
        "agency",
        "user",
        "scope_list",
        "is_active",
        "note",
        "created_at",
        "credentials_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiClient]:
        now = timezone.now()
        usable = Q(credentials__revoked_at__isnull=True) & (
            Q(credentials__expires_at__isnull=True) | Q(credentials__expires_at__gt=now)
        )
        return (
            super().get_queryset(request).annotate(usable_keys=Count("credentials", filter=usable))
        )

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [] if obj is None else [CredentialInline, WebhookInline]

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if change:
            raise PermissionDenied  # no service edits a client (has_change_permission)
        data = form.cleaned_data
        created = client_create(
            actor=request.user,  # type: ignore[arg-type]
            code=data["code"],
            name=data["name"],
            agency=data["agency"],
            scopes=data["scopes"],
            roles=data["roles"],
        )
        # The admin goes on with `obj` (change message, redirect): make it the stored row.
        obj.pk, obj.user_id, obj.scopes = created.pk, created.user_id, created.scopes
        obj._state.adding = False
        messages.info(
            request,
            gettext("Chưa có khóa truy cập: chọn hệ thống rồi dùng thao tác “Cấp khóa mới”."),
        )

    @admin.display(description=_("quyền"))
    def scope_list(self, obj: ApiClient) -> str:
        labels = dict(Scope.choices)
        return "; ".join(str(labels.get(s, s)) for s in obj.scopes) or "—"

    @admin.display(description=_("khóa còn hiệu lực"), ordering="usable_keys")
    def usable_keys(self, obj: ApiClient) -> int:
        return obj.usable_keys  # type: ignore[attr-defined]

    @admin.display(description=_("xoay vòng, thu hồi khóa"))
    def credentials_link(self, obj: ApiClient) -> str:
        url = reverse("admin:clients_apicredential_changelist")
        return format_html(
            '<a href="{}?client__id__exact={}">{}</a>',
            url,
            obj.pk,
            gettext("Danh sách khóa của hệ thống này"),
        )

    @admin.action(description=_("Cấp khóa mới"), permissions=["manage"])
    def issue_credential(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset.select_related("agency"):
            if not client.is_active:
                messages.error(
                    request,
                    gettext("“%(client)s” đang tạm dừng: không cấp khóa.") % {"client": client},
                )
                continue
            _show_token(request, credential_issue(actor=request.user, client=client))  # type: ignore[arg-type]

    @admin.action(description=_("Tạm dừng (từ chối mọi khóa ngay)"), permissions=["manage"])
    def pause(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            client_set_active(actor=request.user, client=client, active=False)  # type: ignore[arg-type]
        messages.success(request, gettext("Đã tạm dừng %(n)d hệ thống.") % {"n": len(queryset)})

    @admin.action(description=_("Cho hoạt động lại"), permissions=["manage"])
    def resume(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            client_set_active(actor=request.user, client=client, active=True)  # type: ignore[arg-type]
        messages.success(
            request, gettext("Đã cho hoạt động lại %(n)d hệ thống.") % {"n": len(queryset)}
        )


# --- Credentials -----------------------------------------------------------------------


@admin.register(ApiCredential)
class ApiCredentialAdmin(_SystemAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "key_id",
        "client",
        "state",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = [("client", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["key_id", "client__code", "client__name"]
    list_select_related = ["client", "created_by"]
    date_hierarchy = "created_at"
    fields = [
        "key_id",
        "client",
        "state",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = fields
    actions = ["rotate", "revoke"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # a credential is issued from its client ("Cấp khóa mới")

    @admin.display(description=_("tình trạng"))
    def state(self, obj: ApiCredential) -> str:
        if obj.revoked_at is not None:
            return gettext("Đã thu hồi")
        if obj.expires_at is not None and obj.expires_at <= timezone.now():
            return gettext("Đã hết hạn")
        if obj.expires_at is not None:
            return gettext("Còn hiệu lực đến %(at)s") % {
                "at": timezone.localtime(obj.expires_at).strftime("%d/%m/%Y %H:%M")
            }
        return gettext("Còn hiệu lực")

    @admin.action(description=_("Xoay vòng khóa (giữ khóa cũ 24 giờ)"), permissions=["manage"])
    def rotate(self, request: HttpRequest, queryset: QuerySet[ApiCredential]) -> None:
        for credential in queryset.select_related("client"):
            try:
                issued = credential_rotate(
                    actor=request.user,  # type: ignore[arg-type]
                    credential=credential,
                    overlap=ROTATION_OVERLAP,
                )
            except CredentialError as exc:
                messages.error(request, f"{credential.key_id}: {exc}")
                continue
            _show_token(request, issued)
            messages.info(
                request,
                gettext("Khóa cũ %(key)s còn dùng được 24 giờ nữa, sau đó hết hạn.")
                % {"key": credential.key_id},
            )

    @admin.action(description=_("Thu hồi khóa"), permissions=["manage"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiCredential]) -> None:
        keys = [
            credential_revoke(actor=request.user, credential=c).key_id  # type: ignore[arg-type]
            for c in queryset
        ]
        messages.success(
            request,
            gettext("Đã thu hồi %(n)d khóa, có hiệu lực ngay: %(keys)s.")
            % {"n": len(keys), "keys": ", ".join(keys)},
        )


# --- Webhook subscriptions -------------------------------------------------------------


class WebhookSubscribeForm(forms.ModelForm):
    url = forms.URLField(label=_("Địa chỉ nhận"), max_length=500, assume_scheme="https")
    event_choices = forms.MultipleChoiceField(
        label=_("Sự kiện"),
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Để trống: mọi sự kiện."),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["client", "url"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        # The same rule as the service and the deliveries (motcua/clients/webhooks.py).
        problem = url_problem(url, resolve=False)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:] + ".")
        return url


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(_SystemAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["client", "url", "event_list", "is_active", "created_at"]
    list_filter = ["is_active", ("client", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["url", "client__code", "client__name"]
    list_select_related = ["client"]
    fields = ["client", "url", "event_list", "is_active", "created_at"]  # never the secret
    readonly_fields = fields
    add_form = WebhookSubscribeForm
    actions = ["switch_off", "switch_on"]

    @admin.action(description=_("Tắt đăng ký"), permissions=["manage"])
    def switch_off(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        for subscription in queryset:
            webhook_set_active(actor=request.user, subscription=subscription, active=False)  # type: ignore[arg-type]
        messages.success(request, gettext("Đã tắt %(n)d đăng ký.") % {"n": len(queryset)})

    @admin.action(description=_("Bật lại đăng ký"), permissions=["manage"])
    def switch_on(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        for subscription in queryset:
            webhook_set_active(actor=request.user, subscription=subscription, active=True)  # type: ignore[arg-type]
        messages.success(request, gettext("Đã bật lại %(n)d đăng ký.") % {"n": len(queryset)})

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["client", "url", "event_choices"] if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    @admin.display(description=_("sự kiện"))
    def event_list(self, obj: WebhookSubscription) -> str:
        return ", ".join(obj.events) or gettext("mọi sự kiện")

    def save_model(
        self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool
    ) -> None:
        if change:
            raise PermissionDenied
        data = form.cleaned_data
        created = webhook_subscribe(
            actor=request.user,  # type: ignore[arg-type]
            client=data["client"],
            url=data["url"],
            events=data["event_choices"],
        )
        obj.pk, obj.secret, obj.events = created.pk, created.secret, created.events
        obj._state.adding = False
        show_secret_once(
            request,
            what=gettext("Khóa ký HMAC của webhook"),
            key=created.url,
            secret=created.secret,
        )
