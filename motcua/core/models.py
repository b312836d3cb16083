# SPDX-License-Identifier: MPL-2.0
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for our models: when a row was created and last changed (UTC)."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class ValidityQuerySet(models.QuerySet):
    """Rows with a validity window [valid_from, valid_to] (both inclusive, valid_to open)."""

    def in_force(self, on: date) -> "ValidityQuerySet":
        return self.filter(models.Q(valid_from__lte=on) | models.Q(valid_from__isnull=True)).filter(
            models.Q(valid_to__gte=on) | models.Q(valid_to__isnull=True)
        )


class ValidityModel(models.Model):
    """Effective-dated reference data: kept, never deleted, when the law changes it."""

    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_in_force(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


class AppendOnlyModel(models.Model):
    """Rows that are history: written once, never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} is append-only; it cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"{type(self).__name__} is append-only; it cannot be deleted.")
