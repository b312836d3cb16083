# SPDX-License-Identifier: MPL-2.0
"""Support view of the outbox: read-only rows, and a "retry now" action (a service call)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.core.admin_mixins import ReadOnlyAdminMixin
from motcua.outbox.models import OutboxMessage
from motcua.outbox.services import outbox_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "topic",
        "idempotency_key",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "topic"]
    search_fields = ["idempotency_key", "last_error"]
    date_hierarchy = "created_at"
    ordering = ["-id"]
    actions = ["retry_now"]

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # The rows stay read-only in the form; re-queuing needs the model's change right.
        return request.user.has_perm("outbox.change_outboxmessage")

    @admin.action(description=_("Gửi lại ngay"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox_retry(actor=request.user, ids=queryset.values_list("id", flat=True))
        self.message_user(
            request,
            ngettext(
                "Đã đưa %(count)d thông điệp trở lại hàng đợi.",
                "Đã đưa %(count)d thông điệp trở lại hàng đợi.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
