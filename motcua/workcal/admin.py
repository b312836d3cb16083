# SPDX-License-Identifier: MPL-2.0
"""Admin for the calendar. Changes go through the services so that each one is recorded."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from motcua.core.admin_mixins import ReadOnlyAdminMixin
from motcua.workcal.models import CalendarChange, CalendarDay, WorkingPolicy
from motcua.workcal.services import calendar_day_delete, calendar_day_set


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "reason", "notice", "source", "verified"]
    list_filter = ["kind", "source", "verified"]
    search_fields = ["reason", "notice"]
    date_hierarchy = "day"
    readonly_fields = ["source"]
    fields = ["day", "kind", "reason", "notice", "verified", "source"]

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: ModelForm, change: bool
    ) -> None:
        if change and "day" in form.changed_data:
            calendar_day_delete(actor=request.user, day=form.initial["day"])  # type: ignore[arg-type]
        saved = calendar_day_set(
            actor=request.user,
            day=obj.day,
            kind=obj.kind,  # type: ignore[arg-type]
            reason=obj.reason,
            notice=obj.notice,
            verified=obj.verified,
        )
        obj.pk, obj.source = saved.pk, saved.source

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_day_delete(actor=request.user, day=obj.day)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for row in queryset:
            calendar_day_delete(actor=request.user, day=row.day)  # type: ignore[arg-type]


@admin.register(WorkingPolicy)
class WorkingPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "valid_from",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "cutoff",
        "deadline_policy",
    ]


@admin.register(CalendarChange)
class CalendarChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only history."""

    list_display = ["at", "day", "before", "after", "notice", "actor"]
    list_filter = ["at"]
    search_fields = ["notice", "before", "after"]
