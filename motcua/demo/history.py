# SPDX-License-Identifier: MPL-2.0
"""Demo history: about fifteen months of past dossiers, so statistics have something to show.

The dossier engine only acts "now", so the past is written straight into the tables, the
way the engine would have left each dossier: received, due, sometimes paused, resolved
early, on time or late, withdrawn or stopped, or still open. Reproducible from a seed;
made once (skipped when any history exists); stops the day before today so that the code
counters of today stay the engine's. Demo and benchmark data only.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.domain.deadlines import VN_TZ
from motcua.domain.workflow import Channel, Status
from motcua.dossiers.models import Dossier, DossierPause
from motcua.dossiers.services._base import new_lookup_secret
from motcua.org.models import Agency

MARK = "LS"  # history lookup secrets start with MARK (and their code sequence with 9)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Thanh", "Hữu"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam"]


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(8 + rng.randrange(9), rng.randrange(60)), VN_TZ)


def _working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@transaction.atomic
def load_history(*, days: int = 450, per_day: float = 6.0, seed: int = 2026) -> int:
    """Write the demo history; returns how many dossiers were written (0 if present)."""
    if Dossier.objects.filter(lookup_secret__startswith=MARK).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    versions = list(
        ProcedureVersion.objects.filter(status="published", cases__isnull=False)
        .select_related("processing_agency", "receiving_agency")
        .distinct()
        .order_by("pk")
    )
    communes = list(
        Agency.objects.filter(identifier_code__isnull=False, administrative_unit__level="commune")
    )
    if not versions:
        return 0
    weights = [1 / (i + 1) for i in range(len(versions))]  # a few procedures dominate
    cases = {v.pk: v.cases.order_by("pk").first() for v in versions}
    today = timezone.localdate()
    first = today - timedelta(days=days)
    sequence: dict[tuple[str, date], int] = {}
    dossiers: list[Dossier] = []
    pauses: list[tuple[int, datetime, datetime | None]] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        growth = 0.6 + 0.8 * offset / days
        for _ in range(int(rng.expovariate(1 / (per_day * growth)) + 0.5)):
            version = rng.choices(versions, weights)[0]
            agency = version.processing_agency or version.receiving_agency
            if agency is None or not agency.identifier_code:
                if not communes:
                    continue
                agency = rng.choice(communes)
            dossier, pause = _dossier(rng, version, cases[version.pk], agency, day, today, sequence)
            if pause is not None:
                pauses.append((len(dossiers), *pause))
            dossiers.append(dossier)
    made = Dossier.objects.bulk_create(dossiers, batch_size=500)
    DossierPause.objects.bulk_create(
        [
            DossierPause(
                dossier=made[index],
                kind="supplement",
                started_at=start,
                ended_at=end,
                reason="Bổ sung giấy tờ chứng minh theo quy định",
                requested_by_agency=made[index].lead_agency,
            )
            for index, start, end in pauses
        ],
        batch_size=500,
    )
    return len(made)


def _dossier(
    rng: random.Random,
    version: ProcedureVersion,
    case: object,
    agency: Agency,
    day: date,
    today: date,
    sequence: dict[tuple[str, date], int],
) -> tuple[Dossier, tuple[datetime, datetime | None] | None]:
    identifier = str(agency.identifier_code)
    number = sequence[(identifier, day)] = sequence.get((identifier, day), 0) + 1
    received = _moment(day, rng)
    span = rng.choice([3, 5, 5, 7, 10, 15])
    due_day = day
    for _ in range(span):
        due_day = _working_day(due_day + timedelta(days=1))
    due = datetime.combine(due_day, time(16, 30), VN_TZ)
    channel = rng.choices([Channel.ONLINE, Channel.COUNTER, Channel.POST], [45, 50, 5])[0]
    fields: dict[str, object] = {"status": Status.PROCESSING}
    fate = rng.random()
    end_day = day + timedelta(days=int(span * 1.4 * rng.uniform(0.3, 1.25)))
    if fate < 0.94 and end_day < today:
        resolved = _moment(end_day, rng)
        timeliness = "early" if end_day < due_day else "on_time" if end_day == due_day else "late"
        fields = {
            "status": Status.RETURNED if end_day + timedelta(days=2) < today else Status.RESOLVED,
            "resolved_at": resolved,
            "timeliness": timeliness,
        }
        if fields["status"] == Status.RETURNED:
            fields["returned_at"] = resolved + timedelta(days=1)
    elif fate < 0.985 and end_day < today:
        status = rng.choice([Status.WITHDRAWN, Status.STOPPED])
        fields = {"status": status, "closed_at": _moment(end_day, rng)}
    pause = None
    start = day + timedelta(days=1)
    resolved_later = "resolved_at" in fields and start < end_day
    open_now = "resolved_at" not in fields and "closed_at" not in fields
    if rng.random() < 0.12 and start < today and (resolved_later or open_now):
        still = open_now and rng.random() < 0.5
        end = None if still else min(start + timedelta(days=rng.randrange(1, 6)), end_day, today)
        pause = (_moment(start, rng), end and _moment(end, rng))
        if still:
            fields["status"] = Status.SUPPLEMENT_REQUESTED
            fields["paused_since"] = pause[0]
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return (
        Dossier(
            code=f"{identifier}-{day:%y%m%d}-{9000 + number:04d}",
            lookup_secret=MARK + new_lookup_secret(),
            procedure_version=version,
            case=case,  # type: ignore[misc]
            rule_set="2025" if day >= date(2025, 7, 1) else "2018",
            channel=channel,
            receiving_agency=agency,
            lead_agency=agency,
            current_agency=agency,
            applicant_name=name,
            applicant_kind="citizen",
            summary=version.name[:500],
            submitted_at=received - timedelta(minutes=rng.randrange(5, 120)),
            received_at=received,
            due_at=due,
            legal_due_at=due,
            **fields,
        ),
        pause,
    )
