# SPDX-License-Identifier: MPL-2.0
"""The province's working calendar as data: days off, make-up working days, working hours.

Public holidays are set by Labour Code 2019 Art. 112; the Government announces each year
which days civil servants take off and which Saturdays they work in exchange (làm bù).
The `holidays` package seeds the table; administrators correct it with the official
notice number. The pure `motcua.domain.workdays.WorkCalendar` is built from these rows.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel


class DayKind(models.TextChoices):
    OFF = "off", _("Ngày nghỉ")
    WORK = "work", _("Ngày làm việc bù")
    NORMAL = "normal", _("Ngày bình thường (bỏ ngày nghỉ đã nạp)")


class DaySource(models.TextChoices):
    SEED = "seed", _("Nạp tự động từ gói holidays")
    ADMIN = "admin", _("Quản trị viên khai báo")


class CalendarDay(TimeStampedModel):
    """One date whose status differs from the weekly rule (Mon–Fri work, Sat–Sun rest).

    ``OFF``: a holiday, an observed day (nghỉ bù) or a swapped day off. ``WORK``: a Saturday
    or Sunday worked in exchange (làm bù). ``NORMAL``: cancels a seeded day so that
    re-seeding does not bring it back.
    """

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=10, choices=DayKind.choices)
    reason = models.CharField(_("lý do"), max_length=200)
    notice = models.CharField(
        _("văn bản công bố"),
        max_length=200,
        blank=True,
        help_text=_(
            "Số hiệu văn bản của Chính phủ hoặc UBND tỉnh, ví dụ Thông báo 6150/TB-BLĐTBXH."
        ),
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=DaySource.choices)
    verified = models.BooleanField(
        _("đã đối chiếu văn bản"),
        default=False,
        help_text=_("Đánh dấu khi đã đối chiếu với văn bản chính thức."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ / ngày làm bù")
        verbose_name_plural = _("ngày nghỉ / ngày làm bù")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}: {self.reason}"


class DeadlinePolicyChoice(models.TextChoices):
    HOUR_EXACT = "hour_exact", _("Tính đến đúng giờ tiếp nhận (phương án A)")
    END_OF_DAY = "end_of_day", _("Tính đến hết ngày làm việc cuối cùng (phương án B)")


class WorkingPolicy(TimeStampedModel):
    """Working hours, reception cut-off and deadline policy, effective from a date.

    A new row takes effect on ``valid_from``; dossiers received earlier keep the due dates
    computed when they were received (SPEC §11.4).
    """

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    morning_start = models.TimeField(_("sáng bắt đầu"), default=time(7, 0))
    morning_end = models.TimeField(_("sáng kết thúc"), default=time(11, 30))
    afternoon_start = models.TimeField(_("chiều bắt đầu"), default=time(13, 30))
    afternoon_end = models.TimeField(_("chiều kết thúc"), default=time(17, 0))
    cutoff = models.TimeField(
        _("giờ chốt tiếp nhận"),
        null=True,
        blank=True,
        help_text=_(
            "Hồ sơ tiếp nhận sau giờ này được tính từ ngày làm việc tiếp theo. "
            "Để trống nếu không áp dụng."
        ),
    )
    deadline_policy = models.CharField(
        _("cách tính hạn"),
        max_length=20,
        choices=DeadlinePolicyChoice.choices,
        default=DeadlinePolicyChoice.HOUR_EXACT,
    )
    note = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("giờ làm việc và cách tính hạn")
        verbose_name_plural = _("giờ làm việc và cách tính hạn")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return _("Áp dụng từ %(day)s") % {"day": self.valid_from.strftime("%d/%m/%Y")}

    def clean(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(
                _(
                    "Giờ làm việc phải theo thứ tự: sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu "
                    "< chiều kết thúc."
                )
            )
        if self.cutoff and not (self.morning_start < self.cutoff <= self.afternoon_end):
            raise ValidationError({"cutoff": _("Giờ chốt tiếp nhận phải nằm trong giờ làm việc.")})


class CalendarChange(models.Model):
    """Append-only record of every change to the calendar: who, when, what, on which basis."""

    day = models.DateField(_("ngày"))
    before = models.CharField(_("trước"), max_length=250, blank=True)
    after = models.CharField(_("sau"), max_length=250, blank=True)
    notice = models.CharField(_("văn bản"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("người thay đổi"),
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử thay đổi lịch")
        verbose_name_plural = _("lịch sử thay đổi lịch")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.before or '—'} → {self.after or '—'}"
