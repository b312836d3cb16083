# SPDX-License-Identifier: MPL-2.0
"""Machine clients of the API: other agencies' systems, the national portal connector.

A client belongs to one agency and acts in the dossier engine through its own service
account (`user`, a staff account without a password), so the engine's rules — roles from
staff positions, the agency's scope — apply to it unchanged; its `scopes` narrow further
which API operations it may call. It authenticates with a credential (`Bearer` token) of
which only a hash is stored; credentials are rotated with an overlap and revoked at once.
Webhook subscriptions tell where to push dossier events, signed with HMAC-SHA256.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.org.models import Agency


class Scope(models.TextChoices):
    DOSSIERS_READ = "dossiers.read", _("Đọc hồ sơ của cơ quan")
    DOSSIERS_CREATE = "dossiers.create", _("Nộp hồ sơ thay người dân")
    DOSSIERS_ACT = "dossiers.act", _("Thực hiện thao tác xử lý hồ sơ")
    DOCUMENTS_READ = "documents.read", _("Tải tệp của hồ sơ")
    DOCUMENTS_WRITE = "documents.write", _("Đính kèm tệp vào hồ sơ")


class ApiClient(TimeStampedModel):
    code = models.SlugField(_("mã hệ thống"), max_length=40, unique=True)
    name = models.CharField(_("tên hệ thống"), max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="api_clients", verbose_name=_("cơ quan")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name=_("tài khoản dịch vụ"),
    )
    scopes = models.JSONField(_("quyền"), default=list, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hệ thống kết nối")
        verbose_name_plural = _("hệ thống kết nối")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows(self, scope: str) -> bool:
        """Whether the client holds `scope`; `dossiers.act` covers every `dossiers.act:<x>`."""
        granted = set(self.scopes)
        return scope in granted or (
            scope.startswith("dossiers.act:") and Scope.DOSSIERS_ACT.value in granted
        )


class ApiCredential(models.Model):
    """One secret of a client. The token is `mc_<key_id>_<secret>`; only sha256(secret)
    is stored, so the token is shown once, when issued."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="credentials")
    key_id = models.CharField(_("mã khóa"), max_length=24, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("cấp lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa truy cập")
        verbose_name_plural = _("khóa truy cập")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client.code}/{self.key_id}"

    def usable_at(self, moment: object) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)  # type: ignore[operator]


class WebhookSubscription(TimeStampedModel):
    """Where to POST dossier events for a client (at least once, signed, with an
    idempotency key). `secret` signs the body; it is shared with the receiver."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    secret = models.CharField(_("khóa ký HMAC"), max_length=64)
    events = models.JSONField(
        _("sự kiện"), default=list, blank=True, help_text=_("Để trống: mọi sự kiện.")
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đăng ký nhận sự kiện (webhook)")
        verbose_name_plural = _("đăng ký nhận sự kiện (webhook)")

    def __str__(self) -> str:
        return f"{self.client.code} → {self.url}"

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key` and what the first request with it produced, so a
    retried POST answers the same dossier instead of creating another. Unique per caller;
    the row is written in the same transaction as what it records."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    fingerprint = models.CharField(max_length=64)
    result = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("khóa chống gửi trùng")
        verbose_name_plural = _("khóa chống gửi trùng")
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="clients_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}/{self.key}"
