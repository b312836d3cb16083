# SPDX-License-Identifier: MPL-2.0
"""The synthetic province: N dossiers over several years, generated in PostgreSQL (issue #10).

Benchmark data only; docs/benchmarks.md describes the data set and its cost. In short:

- **Agencies.** Every commune of the two-tier structure gets its People's Committee (lead
  agency) and one-stop section (receiving unit), with illustrative identifier codes like the
  demo's two communes; provincial procedures are received and handled by their processing
  agency, or by the provincial service center when the catalogue names none.
- **Volumes.** Procedures are drawn by popularity (`POPULARITY`, an estimate, not data),
  communes by size, days by a growth over the window, the day of the week and noise. Counter
  and post dossiers arrive on working days in office hours; online ones also in the evening,
  at night and at weekends, and are received within hours or on the next working morning.
- **Codes.** Real codes (`motcua.domain.codes`) of the receiving unit and the day the engine
  reserves the code, numbered on from the unit's `DossierCodeCounter` for that day in time
  order, with no gap and no duplicate; the counters are moved on, so a real submission
  afterwards continues the sequence.
- **Lives** (`generator_sql.Lives`). Due dates from the case's processing time on the
  province calendar; about 9 % paused once for a supplement (due date moved; 12 % of those
  never answered and stopped), 3 % re-appointed, a falling share late, a few withdrawn,
  stopped, refused or stuck; what has not happened by the end of the window is the open
  backlog. Statuses, timeliness, deadline status, version and (with `events`) the timeline
  agree with these moments the way the services leave them.

Reproducible: every random draw is a hash of (seed, dossier number, draw number) computed in
the database, and the volumes use a fixed integer hash in Python, so the same seed, size,
years and end date give the same rows on a database with the same demo data and counters.
Generated dossiers have lookup secrets starting with `MARK` (a letter no real secret uses).

⚡️ Fast: Python plans "slots" (unit, day, part of the day, how many dossiers, first
sequence) and COPYs them to a temporary table; one `INSERT … SELECT` per million dossiers
expands them in the server and computes each life there, the pauses and events coming out
of the same statement (a writable CTE). Secondary indexes and the unique and foreign-key
constraints are dropped first and re-created afterwards from their recorded definitions
(`pg_indexes`, `pg_get_constraintdef`), unless the run adds less than a quarter of the rows
already there. Everything runs in one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from motcua.catalog.models import ProcedureVersion
from motcua.core.text import fold
from motcua.demo.generator_sql import BUCKETS, MARK, Calendar, Case, Lives, buckets, insert
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, DossierPause
from motcua.org.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel

MAX_SEQUENCE = 9999  # motcua.domain.codes
CHUNK = 1_000_000  # dossiers per INSERT statement (its rows are kept in memory)
CENTER = "ttpvhcc"  # provincial procedures without a processing agency are received here

# Relative popularity of the demo procedures (share of all dossiers of the province), an
# estimate from the kinds of procedure (certified copies and civil status dominate at the
# commune, land and social insurance at the province); anything else weighs DEFAULT_WEIGHT.
POPULARITY = {
    "2.000815": 22.0,  # chứng thực bản sao
    "1.001193": 7.0,  # khai sinh
    "1.004873": 5.0,  # xác nhận tình trạng hôn nhân
    "1.004194": 5.0,  # đăng ký tạm trú
    "1.013978": 5.0,  # đăng ký đất đai (xã)
    "1.014137": 4.0,  # thẻ bảo hiểm y tế
    "1.004222": 3.0,  # đăng ký thường trú
    "1.010041": 3.0,  # xác nhận thông tin cư trú
    "2.000986": 3.0,  # liên thông khai sinh
    "3.000346": 3.0,  # giấy phép lái xe
    "1.000656": 2.5,  # khai tử
    "1.001456": 2.5,  # hộ chiếu
    "1.115618": 2.5,  # đất đai (tỉnh)
    "1.000894": 2.0,  # kết hôn
    "1.001612": 2.0,  # hộ kinh doanh
    "1.115620": 2.0,  # đất đai (xã)
    "3.000333": 2.0,  # lý lịch tư pháp
    "1.001776": 1.5,  # trợ cấp xã hội
    "1.013225": 1.5,  # giấy phép xây dựng
    "1.014748": 1.5,  # trợ cấp thất nghiệp
    "2.000635": 1.5,  # bản sao trích lục hộ tịch
    "1.004859": 1.2,  # thay đổi, cải chính hộ tịch
    "1.008498": 1.2,  # đăng ký thuế
    "2.001023": 1.0,  # liên thông khai tử
    "2.001583": 1.0,  # công ty TNHH một thành viên
    "1.010038": 0.8,  # tách hộ
}
DEFAULT_WEIGHT = 0.3
BUSINESS = {"2.001955", "2.000591", "2.000648", "2.001583", "1.001029", "2.001610"}
# Parts of a day: (first minute, length in minutes); part 1 skips the lunch break.
PARTS = {0: (0, 420), 1: (420, 480), 2: (1020, 420), 3: (360, 1020)}
WEEKDAY = (1.2, 1.05, 1.0, 1.0, 0.9, 0.8, 0.8)  # Saturday, Sunday: make-up working days


class GeneratorError(Exception):
    """The generation cannot run as asked; the message says why."""


@dataclass(frozen=True)
class Plan:
    """What to generate: `dossiers` over `years` years ending with the local day `end`."""

    dossiers: int
    seed: int = 2026
    years: int = 5
    end: date | None = None  # default: yesterday
    append: bool = False
    events: bool = False  # also write the timeline (DossierEvent rows)

    def last_day(self) -> date:
        return self.end or timezone.localdate() - timedelta(days=1)

    def first_day(self) -> date:
        last = self.last_day()
        try:
            return last.replace(year=last.year - self.years) + timedelta(days=1)
        except ValueError:  # 29 February
            return last.replace(year=last.year - self.years, day=28) + timedelta(days=1)


@dataclass
class Result:
    dossiers: int
    pauses: int
    events: int
    first_id: int
    last_id: int
    first_day: date
    last_day: date
    seed: int
    salt: int
    units: int
    indexes_rebuilt: bool
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


Progress = Callable[[str], None]


# --- the province -----------------------------------------------------------------------
def ensure_province() -> bool:
    """Load the demo province if it is missing, and give every commune its two agencies.

    Returns whether the demo loader ran. The commune agencies follow the demo's two
    communes (`ubnd-<commune>` resolves, `ttpvhcc-<commune>` receives); their identifier
    codes `NNN.00.91.H31` / `NNN.00.92.H31` are illustrative, like every demo code.
    """
    loaded = False
    if not (
        Agency.objects.filter(code=CENTER).exists()
        and ProcedureVersion.objects.filter(status="published").exists()
    ):
        from motcua.demo.loader import load_demo

        load_demo()
        loaded = True
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    for number, unit in enumerate(communes.order_by("code"), start=1):
        if unit.agencies.filter(kind=AgencyKind.PEOPLES_COMMITTEE).exists():
            continue
        slug = slugify(fold(unit.name))
        if Agency.objects.filter(code=f"ubnd-{slug}").exists():
            slug = f"{slug}-{unit.code}"
        local = unit.name[0].lower() + unit.name[1:]
        committee = Agency.objects.create(
            code=f"ubnd-{slug}",
            name=f"Ủy ban nhân dân {local}",
            kind=AgencyKind.PEOPLES_COMMITTEE,
            identifier_code=f"{number:03d}.00.91.H31",
            administrative_unit=unit,
            feedback_address=f"Ủy ban nhân dân {local}, tỉnh Hưng Yên",
        )
        Agency.objects.create(
            code=f"ttpvhcc-{slug}",
            name=f"Trung tâm Phục vụ hành chính công {local}",
            kind=AgencyKind.ONE_STOP_SECTION,
            identifier_code=f"{number:03d}.00.92.H31",
            administrative_unit=unit,
            parent=committee,
        )
    return loaded


@dataclass
class _Unit:
    """A receiving unit: its agency, the lead agency, its procedures and its weights."""

    agency_id: int
    lead_id: int
    identifier: str
    group: int
    office: float
    online: float
    base: dict[date, int] = field(default_factory=dict)  # counter already used per day


def _online_share(version: ProcedureVersion) -> tuple[float, float]:
    if not version.channel_online:
        return 0.0, 0.0
    if not version.channel_counter:
        return 1.0, 0.0
    return {"full": (0.15, 0.60), "partial": (0.08, 0.47)}.get(version.online_level, (0.0, 0.0))


def _cases(version: ProcedureVersion, weight: float) -> list[Case]:
    """The version's cases; the first takes 60 % of its dossiers when there are several."""
    cases = list(version.cases.order_by("order", "pk"))
    shares = [1.0] if len(cases) == 1 else [0.6] + [0.4 / (len(cases) - 1)] * (len(cases) - 1)
    a, b = _online_share(version)
    kinds = {"working_days": 0, "calendar_days": 1, "working_hours": 2}
    return [
        Case(
            case.pk,
            version.pk,
            kinds.get(case.processing_unit, 0),
            float(case.processing_amount),
            a,
            b,
            0.025 if version.channel_post else 0.0,
            version.procedure.code in BUSINESS,
            weight * share,
        )
        for case, share in zip(cases, shares, strict=True)
    ]


def _receiver(agency: Agency) -> Agency | None:
    """The agency itself, or its nearest parent with an identifier code."""
    while agency is not None and not agency.identifier_code:
        agency = agency.parent  # type: ignore[assignment]
    return agency


def _world() -> tuple[list[list[Case]], list[_Unit]]:
    """Unit groups (index 0: the communes) with their cases, and the receiving units."""
    versions = (
        ProcedureVersion.objects.filter(status="published", cases__isnull=False)
        .select_related("procedure", "processing_agency__parent")
        .distinct()
        .order_by("procedure__code", "-number")
    )
    latest: dict[str, ProcedureVersion] = {}
    for version in versions:
        latest.setdefault(version.procedure.code, version)
    groups: dict[str, list[Case]] = {"": []}
    center = Agency.objects.get(code=CENTER)
    agencies: dict[str, Agency] = {}
    for code, version in latest.items():
        weight = POPULARITY.get(code, DEFAULT_WEIGHT)
        agency = version.processing_agency and _receiver(version.processing_agency)
        if agency is None and not version.level_commune:
            agency = center
        key = agency.code if agency else ""
        if agency:
            agencies[key] = agency
        groups.setdefault(key, []).extend(_cases(version, weight))
    keys = sorted(groups)  # "" (communes) first
    units = []
    commune_units = (
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
        .prefetch_related("agencies")
        .order_by("code")
    )
    sizes = []
    for unit in commune_units:
        by_kind = {a.kind: a for a in unit.agencies.all() if a.identifier_code}
        lead = by_kind.get(AgencyKind.PEOPLES_COMMITTEE)
        desk = by_kind.get(AgencyKind.ONE_STOP_SECTION) or lead
        if lead and desk:
            size = (0.5 + _unit_hash(int(unit.code))) * (1.6 if unit.kind == "Phường" else 1.0)
            sizes.append((desk, lead, size))
    total_size = sum(s for _, _, s in sizes) or 1.0
    for gi, key in enumerate(keys):
        cases = groups[key]
        office = sum(c.weight for c in cases)
        online = sum(c.weight for c in cases if c.online_a + c.online_b > 0)
        if key == "":
            for desk, lead, size in sizes:
                share = size / total_size
                units.append(
                    _Unit(
                        desk.pk, lead.pk, desk.identifier_code, gi, office * share, online * share
                    )
                )
        else:
            agency = agencies[key]
            units.append(_Unit(agency.pk, agency.pk, agency.identifier_code, gi, office, online))
    return [groups[k] for k in keys], [u for u in units if u.office > 0]


# --- determinism ----------------------------------------------------------------------------
def _mix(x: int) -> int:
    """splitmix64: a fixed integer hash, the same on every machine."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def _unit_hash(*parts: int) -> float:
    h = 0
    for p in parts:
        h = _mix(h ^ (p & 0xFFFFFFFFFFFFFFFF))
    return (h >> 11) / float(1 << 53)


# --- the plan of slots ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Slot:
    unit: _Unit
    day: date
    part: int
    count: int


def _slots(plan: Plan, units: list[_Unit], working: Callable[[date], bool]) -> list[_Slot]:
    """How many dossiers each unit receives in each part of each day, summing to N exactly.

    Expected volumes are scaled to N and rounded by cumulative floors, in (day, unit, part)
    order, so the total is exact and small N still spreads over the whole window.
    """
    first, last = plan.first_day(), plan.last_day()
    span = max((last - first).days, 1)
    weights: list[tuple[_Unit, date, int, float]] = []
    for offset in range(span + 1):
        day = first + timedelta(days=offset)
        t = offset / span
        growth = 0.75 + 0.5 * t
        online = 0.15 + 0.55 * t
        for ui, unit in enumerate(units):
            noise = 0.75 + 0.5 * _unit_hash(plan.seed, ui, day.toordinal())
            if working(day):
                volume = growth * WEEKDAY[day.weekday()] * noise
                parts = [
                    (0, unit.online * volume * online * 0.03),
                    (1, unit.office * volume),
                    (2, unit.online * volume * online * 0.09),
                ]
            else:
                parts = [(3, unit.online * growth * noise * online * 0.25)]
            weights.extend((unit, day, part, w) for part, w in parts if w > 0)
    total = sum(w for *_, w in weights)
    slots, cumulative, given = [], 0.0, 0
    for unit, day, part, w in weights:
        cumulative += w
        upto = min(plan.dossiers, math.floor(cumulative * plan.dossiers / total + 1e-9))
        if upto > given:
            slots.append(_Slot(unit, day, part, upto - given))
            given = upto
    if given < plan.dossiers and slots:  # float rounding at the very end
        last_slot = slots[-1]
        slots[-1] = _Slot(last_slot.unit, last_slot.day, last_slot.part, last_slot.count + 1)
    return slots


# --- indexes and constraints ---------------------------------------------------------------
def _drop_secondary(cursor: Any, table: str) -> list[str]:
    """Drop the table's secondary indexes, unique and foreign-key constraints (not its primary
    key); return the statements that re-create them exactly, constraints first."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = %s AND NOT EXISTS ("
        "  SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass"
        "  AND c.conrelid = %s::regclass) ORDER BY i.indexname",
        [table, table],
    )
    indexes = cursor.fetchall()
    restore = [f'ALTER TABLE "{table}" ADD CONSTRAINT "{n}" {d}' for n, d, _ in constraints]
    restore += [definition for _, definition in indexes]
    for name, _, _ in constraints:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return restore


# --- the run -------------------------------------------------------------------------------
def generate(plan: Plan, *, progress: Progress | None = None) -> Result:
    """Generate `plan.dossiers` dossiers into the default (PostgreSQL) database.

    Loads the demo province first when it is missing. Refuses when generated dossiers are
    already there unless `plan.append`. Raises `GeneratorError` with the reason.
    """
    say = progress or (lambda _message: None)
    if connection.vendor != "postgresql":
        raise GeneratorError(
            "The province generator needs PostgreSQL (bulk INSERT … SELECT and index "
            f"rebuilds); this database is {connection.vendor}. Set DATABASE_URL or pass "
            "--database-url postgres://…"
        )
    if plan.dossiers < 1:
        raise GeneratorError("Give a positive number of dossiers.")
    if plan.years < 1:
        raise GeneratorError("Give at least one year.")
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = seconds.get(name, 0.0) + now - clock
        clock = now

    with transaction.atomic():
        if ensure_province():
            say("demo province loaded")
        lap("province")
        with connection.cursor() as cursor:
            result = _run(plan, cursor, say, lap)
    lap("commit")
    result.seconds = seconds
    return result


@dataclass
class _Prepared:
    """What the load needs: the slots (copied to `gen_slots`), the SQL, the id range."""

    rows: list[tuple[Any, ...]]
    chunks: int
    lives: Lives
    units: int
    salt: int
    rebuild: bool


def _run(plan: Plan, cursor: Any, say: Progress, lap: Callable[[str], None]) -> Result:
    dossiers, pauses = Dossier._meta.db_table, DossierPause._meta.db_table
    events = DossierEvent._meta.db_table
    ready = _prepare(plan, cursor, say)
    lap("plan")
    restore: list[str] = []
    if ready.rebuild:  # not for a small append: keeping the indexes live is cheaper then
        for table in (dossiers, pauses, *([events] if plan.events else [])):
            restore += _drop_secondary(cursor, table)
    lap("drop indexes")
    lives = ready.lives
    statement = (  # pauses and events come out of the same rows: a writable CTE
        f"WITH l AS MATERIALIZED ({lives.select()}), "
        f"p AS ({insert(pauses, DossierPause, lives.pause_columns(), 'l WHERE l.has_pause')}) "
    )
    if plan.events:
        timeline = insert(events, DossierEvent, lives.event_columns(), lives.events_of_lives())
        statement += f", e AS ({timeline}) "
    statement += insert(dossiers, Dossier, lives.dossier_columns(), "l")
    done = 0
    for chunk in range(ready.chunks):
        cursor.execute(statement.replace("__CHUNK__", str(chunk)))
        done += cursor.rowcount
        say(f"{done:,} / {plan.dossiers:,} dossiers")
    lap("insert")
    try:
        for number, sql in enumerate(restore, start=1):
            cursor.execute(sql)
            if number % 10 == 0 or number == len(restore):
                say(f"{number} / {len(restore)} indexes and constraints restored")
    except IntegrityError as exc:
        raise GeneratorError(f"The generated rows break a constraint: {exc}") from exc
    lap("restore indexes")
    _write_counters(cursor)
    counts = []
    for table in ("dossiers_dossierpause", "dossiers_dossierevent"):
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE dossier_id > %s",  # noqa: S608 - fixed names
            [ready.lives.id_base],
        )
        counts.append(cursor.fetchone()[0])
    cursor.execute("DROP TABLE gen_slots")
    for table in (dossiers, pauses, events, DossierCodeCounter._meta.db_table):
        cursor.execute(f'ANALYZE "{table}"')
    lap("counters, analyze")
    return Result(
        dossiers=done,
        pauses=counts[0],
        events=counts[1],
        first_id=ready.lives.id_base + 1,
        last_id=ready.lives.id_base + done,
        first_day=plan.first_day(),
        last_day=plan.last_day(),
        seed=plan.seed,
        salt=ready.salt,
        units=ready.units,
        indexes_rebuilt=ready.rebuild,
    )


def _prepare(plan: Plan, cursor: Any, say: Progress) -> _Prepared:
    """Lock, check, plan the slots and copy them to `gen_slots`, reserve the ids."""
    dossiers, pauses = Dossier._meta.db_table, DossierPause._meta.db_table
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the province rows before any DDL
    cursor.execute(
        f'LOCK TABLE "{dossiers}", "{pauses}", "{DossierEvent._meta.db_table}" '
        "IN SHARE ROW EXCLUSIVE MODE"
    )
    cursor.execute(f'LOCK TABLE "{DossierCodeCounter._meta.db_table}" IN EXCLUSIVE MODE')
    salt = Dossier.objects.filter(lookup_secret__startswith=MARK).count()
    if salt and not plan.append:
        raise GeneratorError(
            f"The database already has {salt:,} generated dossiers; pass --append to add more."
        )
    groups, units = _world()
    if not units:
        raise GeneratorError("No published procedure to generate dossiers for.")
    first, last = plan.first_day(), plan.last_day()
    cal = Calendar.build(first, last)
    slots = _slots(plan, units, cal.is_working)
    say(f"{len(slots):,} slots over {len(units)} units, {first:%d/%m/%Y}–{last:%d/%m/%Y}")
    _read_counters(units, first, last)
    rows = _slot_rows(plan, slots, units, salt)
    cases, runs = buckets(groups)
    existing = Dossier.objects.count()
    for setting in ("maintenance_work_mem = '1GB'", "work_mem = '1GB'", "synchronous_commit = off"):
        cursor.execute(f"SET LOCAL {setting}")
    id_base = _reserve_ids(cursor, plan.dossiers) - plan.dossiers
    _copy_slots(cursor, rows)
    lives = Lives(plan.seed, id_base, cal, cases, runs, last, settings.TIME_ZONE)
    return _Prepared(
        rows, rows[-1][0] + 1, lives, len(units), salt, rebuild=plan.dossiers * 4 >= existing
    )


def _reserve_ids(cursor: Any, n: int) -> int:
    """Move the dossier id sequence past `n` new ids; the last of them (the table is locked,
    so no submission takes one meanwhile)."""
    cursor.execute(
        "SELECT setval(s::regclass, GREATEST((SELECT COALESCE(max(id), 0) FROM dossiers_dossier), "
        "COALESCE(pg_sequence_last_value(s::regclass), 0)) + %s) "
        "FROM pg_get_serial_sequence('dossiers_dossier', 'id') AS s",
        [n],
    )
    return int(cursor.fetchone()[0])


def _read_counters(units: list[_Unit], first: date, last: date) -> None:
    by_identifier = {u.identifier: u for u in units}
    rows = DossierCodeCounter.objects.filter(
        Q(unit_identifier__in=list(by_identifier)), day__gte=first, day__lte=last
    ).values_list("unit_identifier", "day", "last")
    for identifier, day, used in rows:
        by_identifier[identifier].base[day] = used


def _slot_rows(
    plan: Plan, slots: list[_Slot], units: list[_Unit], salt: int
) -> list[tuple[Any, ...]]:
    """The gen_slots rows in (day, unit, part) order, each with its chunk, first sequence
    number and first dossier number; checks four digits of sequence are enough."""
    first, span = plan.first_day(), max((plan.last_day() - plan.first_day()).days, 1)
    group_of = {id(u): u.group for u in units}
    used: dict[tuple[int, date], int] = {}
    rows, n0, chunk, in_chunk = [], 0, 0, 0
    for slot in sorted(slots, key=lambda s: (s.day, s.unit.identifier, s.part)):
        key = (id(slot.unit), slot.day)
        seq0 = used.get(key, slot.unit.base.get(slot.day, 0))
        used[key] = seq0 + slot.count
        if used[key] > MAX_SEQUENCE:
            raise GeneratorError(
                f"{slot.unit.identifier} would receive more than {MAX_SEQUENCE} dossiers on "
                f"{slot.day:%d/%m/%Y} (four-digit sequence); generate fewer dossiers or more years."
            )
        if in_chunk and in_chunk + slot.count > CHUNK:
            chunk, in_chunk = chunk + 1, 0
        m0, mlen = PARTS[slot.part]
        bucket = (group_of[id(slot.unit)] * 2 + (0 if slot.part == 1 else 1)) * BUCKETS
        rows.append(
            (
                chunk,
                slot.unit.agency_id,
                slot.unit.lead_id,
                slot.unit.identifier,
                slot.day,
                slot.part,
                slot.count,
                seq0,
                salt + n0,
                n0,
                f"{slot.unit.identifier}-{slot.day:%y%m%d}-",
                m0,
                mlen,
                (slot.day - first).days / span,
                bucket,
            )
        )
        n0 += slot.count
        in_chunk += slot.count
    return rows


def _copy_slots(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    cursor.execute(
        "CREATE TEMP TABLE gen_slots (chunk int, unit_id bigint, lead_id bigint, "
        "identifier text, day date, part int, c int, seq0 int, g0 bigint, n0 bigint, "
        "prefix text, m0 float8, mlen float8, t float8, bucket int) ON COMMIT DROP"
    )
    with cursor.cursor.copy(
        "COPY gen_slots (chunk, unit_id, lead_id, identifier, day, part, c, seq0, g0, n0, "
        "prefix, m0, mlen, t, bucket) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute("ANALYZE gen_slots")


def _write_counters(cursor: Any) -> None:
    """Move each unit's day counter to its last generated number (continues for real use)."""
    cursor.execute(
        "INSERT INTO dossiers_dossiercodecounter AS c (unit_identifier, day, last) "
        "SELECT identifier, day, max(seq0 + c) FROM gen_slots GROUP BY identifier, day "
        "ON CONFLICT (unit_identifier, day) DO UPDATE SET last = GREATEST(c.last, EXCLUDED.last)"
    )
