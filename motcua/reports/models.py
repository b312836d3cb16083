# SPDX-License-Identifier: MPL-2.0
"""Summary tables of the periodic report (form 06), refreshed from the dossiers.

Two narrow tables keyed by (day, lead agency, procedure version), in local dates:

- `FlowDay`: what happened that day (receipts by channel, endings by kind);
- `OpenDay`: the open dossiers at the end of that day, by state (within time, overdue,
  paused), one row per key that has any.

The report of a period is `OpenDay` on the day before it + `FlowDay` summed over it +
`OpenDay` on its last day (`motcua.domain.reporting.row_from_aggregates`), so it reads a
few thousand rows whatever the size of the dossier table. `RefreshMark` records how far the
tables are complete; `motcua.reports.refresh` rebuilds from that day on.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion
from motcua.domain.reporting import Flow
from motcua.org.models import Agency

FLOW_COLUMNS = tuple(flow.value for flow in Flow)
STATE_COLUMNS = ("within", "overdue", "paused")


class _Keyed(models.Model):
    day = models.DateField(_("ngày"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan giải quyết")
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("thủ tục")
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.agency_id}/{self.procedure_version_id}"


class FlowDay(_Keyed):
    new_online = models.PositiveIntegerField(default=0)
    new_direct = models.PositiveIntegerField(default=0)
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    withdrawn_early = models.PositiveIntegerField(default=0)
    withdrawn_on_time = models.PositiveIntegerField(default=0)
    withdrawn_late = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu trong ngày")
        verbose_name_plural = _("số liệu trong ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure_version"], name="reports_flow_day_key"
            )
        ]


class OpenDay(_Keyed):
    within = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    paused = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("hồ sơ đang giải quyết cuối ngày")
        verbose_name_plural = _("hồ sơ đang giải quyết cuối ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure_version"], name="reports_open_day_key"
            )
        ]


class RefreshMark(models.Model):
    """Singleton: the summary tables hold final figures for every day before `complete_before`
    and provisional ones (as of `refreshed_at`) from that day up to `through`."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    complete_before = models.DateField(null=True)
    through = models.DateField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    dossiers_seen = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("lần cập nhật số liệu thống kê")

    def __str__(self) -> str:
        return f"{self.refreshed_at}"
