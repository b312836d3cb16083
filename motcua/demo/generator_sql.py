# SPDX-License-Identifier: MPL-2.0
# ruff: noqa: S608 - every SQL string here is built from numbers, dates and names this module
# makes itself (no user input reaches it); values are inlined as constants on purpose (⚡️).
"""The SQL of the synthetic province (`motcua.demo.generator`): one dossier's life per row.

`Lives.select()` expands the planned slots (`gen_slots`: unit, day, part of the day, count,
first sequence number) into one row per dossier with `generate_series`, and computes its
whole life in the server: every random draw is a hash of (seed, dossier number, draw
number) (`hashint8extended`), and the calendar and the procedures are constant arrays, so
there is no join and no Python per row. The query is a stack of levels, each fenced with
`OFFSET 0` so that a column is computed once however many later levels read it. Moments
stay local timestamps (Asia/Ho_Chi_Minh) until `dossier_columns()` converts them.

Working-day arithmetic uses the province calendar as arrays: `index[d]` is the number of
working days up to day `d`, `workdays[k]` the k-th working day; "n working days after the
receipt" is `workdays[index[receipt] + n]` (receipts are always on working days).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models

from motcua.workcal.selectors import work_calendar

MARK = "LG"  # generated lookup secrets start with it ("L" is not in the secret alphabet)
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # as dossiers.services._base
BUCKETS = 1000  # resolution of the procedure draw (per unit group and part of the day)
POSITIVE = (1 << 63) - 1
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Thanh", "Hữu", "Ngọc", "Xuân"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Yến"]
MINUTE = "interval '1 minute'"


@dataclass(frozen=True)
class Case:
    """One (procedure version, case) to draw from, with what its dossiers' lives need."""

    case_id: int
    version_id: int
    kind: int  # 0 working days, 1 calendar days, 2 working hours
    amount: float
    online_a: float  # online share at the start of the window …
    online_b: float  # … grows by this much to its end
    post: float  # share of the non-online ones sent by post
    business: bool
    weight: float

    @property
    def online(self) -> float:
        """The average online share over the window (0: no online channel)."""
        return self.online_a + self.online_b / 2


def array(values: Sequence[Any], kind: str) -> str:
    """A constant array literal of ints, floats, booleans or dates made by this module."""
    if kind == "date":
        body = ",".join(d.isoformat() for d in values)
    elif kind == "boolean":
        body = ",".join("t" if v else "f" for v in values)
    else:
        body = ",".join(repr(v) for v in values)
    return f"('{{{body}}}'::{kind}[])"


def _text_array(values: Sequence[str]) -> str:
    return "(ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "])"


@dataclass(frozen=True)
class Calendar:
    """The province calendar from 10 days before the window to 500 days after it."""

    start: date
    index: list[int]  # per day from `start`: working days up to and including it
    working: list[bool]
    workdays: list[date]  # the k-th working day (1-based in SQL)

    @classmethod
    def build(cls, first: date, last: date) -> Calendar:
        cal = work_calendar(on=last)
        start, stop = first - timedelta(days=10), last + timedelta(days=500)
        index, working, workdays = [], [], []
        for offset in range((stop - start).days + 1):
            day = start + timedelta(days=offset)
            is_working = cal.is_working_day(day)
            if is_working:
                workdays.append(day)
            index.append(len(workdays))
            working.append(is_working)
        return cls(start, index, working, workdays)

    def is_working(self, day: date) -> bool:
        return self.working[(day - self.start).days]


def buckets(groups: list[list[Case]]) -> tuple[list[Case], list[int]]:
    """All cases (numbered from 1 in SQL) and, per unit group, two runs of BUCKETS case
    numbers: every case by its weight (office hours), then the cases with an online channel
    by weight × online share (submissions out of hours are online)."""
    cases = [c for g in groups for c in g]
    numbers = {id(c): i + 1 for i, c in enumerate(cases)}
    runs: list[int] = []
    for group in groups:
        online = [(c, c.weight * c.online) for c in group if c.online > 0]
        for pool in ([(c, c.weight) for c in group], online or [(c, c.weight) for c in group]):
            total, cumulative, run = sum(w for _, w in pool), 0.0, []
            for case, weight in pool:
                cumulative += weight
                run.extend([numbers[id(case)]] * (round(cumulative / total * BUCKETS) - len(run)))
            runs.extend((run + [run[-1]] * BUCKETS)[:BUCKETS])
    return cases, runs


@dataclass(frozen=True)
class Lives:
    """The SQL of one generation run: `select()` and the column expressions over it."""

    seed: int
    id_base: int  # dossier ids are id_base + 1 …
    cal: Calendar
    cases: list[Case]
    buckets: list[int]
    end: date  # the last day; `as_of` (midnight after it) decides what has happened
    tz: str

    def _r(self, k: int, of: str = "a.g") -> str:
        """The k-th uniform draw in [0, 1) of dossier number `of`: half a 64-bit hash.

        Each seed owns the hash keys seed·64 … seed·64 + 63: draws 1–24 use keys 0–12, the
        secret and the identity digits 40–41, the procedure (draw 126) key 63."""
        h = f"hashint8extended({of}, {self.seed * 64 + k // 2})"
        return f"(({h} >> {32 * (k % 2)}) & 4294967295)::float8 / 4294967296.0"

    def select(self) -> str:
        """One row per dossier of the slots of chunk `__CHUNK__`, with every life column."""
        cal, cases, r = self.cal, self.cases, self._r
        wd, ci, cw = (
            array(cal.workdays, "date"),
            array(cal.index, "int"),
            array(cal.working, "boolean"),
        )
        cs, asof = f"date '{cal.start}'", f"timestamp '{self.end + timedelta(days=1)} 00:00'"
        amount = array([c.amount for c in cases], "float8")
        day_of = f"(c.rcv_ts::date - {cs} + 1)"  # index of the receipt day in the arrays
        cd_due = f"{day_of} + {amount}[c.ci]::int"  # receipt + N calendar days
        a = f"""
            SELECT s.*, i, s.g0 + i AS g, {self.id_base} + s.n0 + i AS id, s.seq0 + i AS seq,
                   {array(self.buckets, "int")}[s.bucket + 1
                       + floor({r(126, "s.g0 + i")} * {BUCKETS})::int] AS ci
            FROM gen_slots s, generate_series(1, s.c) AS i WHERE s.chunk = __CHUNK__ OFFSET 0"""
        # Submission minute: in slot order (codes follow time), lunch break skipped.
        b = f"""
            SELECT a.*, CASE WHEN a.part = 1 AND a.m >= 690 THEN a.m + 120 ELSE a.m END AS minute,
                   CASE WHEN a.part <> 1 THEN 2
                        WHEN {r(2)} < {array([c.online_a for c in cases], "float8")}[a.ci]
                            + {array([c.online_b for c in cases], "float8")}[a.ci] * a.t THEN 2
                        WHEN {r(2)} > 1 - {array([c.post for c in cases], "float8")}[a.ci] THEN 3
                        ELSE 1 END AS channel,
                   {", ".join(f"{r(k)} AS r{k}" for k in range(3, 25))}
            FROM (SELECT a.*, a.m0 + (a.i - 1 + {r(1)}) / a.c * a.mlen AS m FROM ({a}) a
                  OFFSET 0) a OFFSET 0"""
        # Receipt: at once at the counter; online and post within hours or next working morning.
        c = f"""
            SELECT b.*, b.day + b.minute * {MINUTE} AS sub_ts,
                   CASE WHEN b.channel = 1 THEN b.day + b.minute * {MINUTE}
                        WHEN b.part = 0 THEN b.day + (450 + b.r4 * 180) * {MINUTE}
                        WHEN b.part = 1 AND b.minute + 10 + b.r3 * 170 <= 1020
                            THEN b.day + (b.minute + 10 + b.r3 * 170) * {MINUTE}
                        ELSE {wd}[{ci}[b.day - {cs} + 1] + 1] + (450 + b.r4 * 180) * {MINUTE}
                   END AS rcv_ts,
                   b.channel <> 1 AND b.r5 < 0.015 AS refused
            FROM ({b}) b OFFSET 0"""
        # The legal due day before any pause, as a working-day index (idue0).
        d = f"""
            SELECT c.*, c.rcv_ts::date AS rd, {ci}[{day_of}] AS ird,
                   CASE {array([c.kind for c in cases], "int")}[c.ci]
                       WHEN 1 THEN {ci}[{cd_due}] + CASE WHEN {cw}[{cd_due}] THEN 0 ELSE 1 END
                       WHEN 2 THEN {ci}[{day_of}] + ceil({amount}[c.ci] / 8)::int
                       ELSE {ci}[{day_of}] + ceil({amount}[c.ci])::int
                   END AS idue0,
                   c.rcv_ts - c.rcv_ts::date AS rtime,
                   NOT c.refused AND c.rcv_ts < {asof} AS received
            FROM ({c}) c OFFSET 0"""
        # Fate; a supplement pause (k1 working days after receipt, k2 long; 12 % never
        # answered), a re-appointment, or lateness, else early or on the day.
        paused = "d.r6 >= 0.020 AND d.idue0 - d.ird >= 2 AND d.r7 < 0.15"
        e = f"""
            SELECT d.*, d.idue0 - d.ird AS span,
                   CASE WHEN d.r6 < 0.012 THEN 'withdrawn' WHEN d.r6 < 0.020 THEN 'stopped'
                        WHEN d.r6 < 0.022 THEN 'stuck' ELSE 'resolve' END AS fate,
                   {paused} AS paused, {paused} AND d.r10 < 0.12 AS expire,
                   d.r6 >= 0.020 AND d.idue0 - d.ird >= 1 AND d.r11 < 0.03 AND NOT ({paused})
                       AS reappoint,
                   1 + floor(d.r8 * LEAST(d.idue0 - d.ird - 1, 3))::int AS k1,
                   1 + floor(d.r9 * d.r9 * 12)::int AS k2
            FROM ({d}) d OFFSET 0"""
        f = f"""
            SELECT e.*, CASE WHEN e.paused AND NOT e.expire THEN e.k2 ELSE 0 END AS shift,
                   GREATEST(CASE
                       WHEN e.reappoint THEN e.span + 1 + floor(e.r12 * 5)::int
                       WHEN e.r12 < 0.045 - 0.03 * e.t
                           THEN e.span + 1 + floor(e.r13 * e.r13 * GREATEST(3, e.span))::int
                       WHEN e.r13 < 0.22 THEN e.span
                       ELSE floor(e.r14 * e.span)::int
                   END, CASE WHEN e.paused THEN e.k1 ELSE 0 END) AS resolve_wd
            FROM ({e}) e OFFSET 0"""
        g = f"""
            SELECT f.*,
                   {wd}[f.ird + f.k1] + (480 + f.r15 * 420) * {MINUTE} AS ps_ts,
                   CASE WHEN f.expire THEN {wd}[f.ird + f.k1 + 16] + (480 + f.r16 * 120) * {MINUTE}
                        ELSE {wd}[f.ird + f.k1 + f.k2] + (480 + f.r16 * 420) * {MINUTE}
                   END AS pe_ts,
                   {wd}[f.ird + f.span] + f.rtime AS due0_ts,
                   {wd}[f.ird + f.span + f.shift] + f.rtime AS legal_ts,
                   {wd}[f.ird + f.span + f.shift + 5] + f.rtime AS newdue_ts,
                   GREATEST({wd}[GREATEST(f.ird + f.span + f.shift - 1, f.ird)] + 600 * {MINUTE},
                            f.rcv_ts + 60 * {MINUTE}) AS reap_ts,
                   f.ird + f.resolve_wd + f.shift AS ires,
                   GREATEST({wd}[f.ird + f.resolve_wd + f.shift] + (480 + f.r17 * 510) * {MINUTE},
                            f.rcv_ts + 20 * {MINUTE},
                            CASE WHEN f.paused THEN {wd}[f.ird + f.k1 + f.k2]
                                 + (510 + f.r16 * 420) * {MINUTE} END) AS res_ts,
                   GREATEST({wd}[f.ird + floor(f.r21 * (f.span + 1))::int]
                            + (480 + f.r18 * 480) * {MINUTE}, f.rcv_ts + 30 * {MINUTE}) AS close_ts,
                   CASE WHEN f.channel = 2 AND f.r20 < 0.6 THEN 'online'
                        WHEN f.channel = 3 OR f.r20 > 0.92 THEN 'post' ELSE 'counter' END
                       AS delivery
            FROM ({f}) f OFFSET 0"""
        # What has happened before the end of the window decides the status.
        h = f"""
            SELECT g.*,
                   CASE WHEN g.delivery = 'online' THEN g.res_ts + 5 * {MINUTE}
                        ELSE GREATEST({wd}[g.ires + floor(g.r19 * g.r19 * 5)::int]
                                      + (480 + g.r18 * 480) * {MINUTE}, g.res_ts + 10 * {MINUTE})
                   END AS ret_ts,
                   g.received AND g.paused AND g.ps_ts < {asof} AS has_pause,
                   g.received AND g.paused AND g.ps_ts < {asof} AND g.pe_ts >= {asof}
                       AS pause_open,
                   CASE WHEN NOT g.received THEN NULL WHEN g.expire THEN g.pe_ts
                        WHEN g.fate IN ('withdrawn', 'stopped') THEN g.close_ts END AS end_ts,
                   g.received AND g.fate = 'resolve' AND NOT g.expire AND g.res_ts < {asof}
                       AS resolved
            FROM ({g}) g OFFSET 0"""
        i = f"""
            SELECT h.*, h.end_ts < {asof} IS TRUE AS closed,
                   h.resolved AND h.ret_ts < {asof} AS returned,
                   h.received AND h.reappoint AND h.reap_ts < {asof}
                       AND (NOT h.resolved OR h.reap_ts < h.res_ts) AS reappointed,
                   CASE WHEN h.pause_open THEN h.due0_ts ELSE h.legal_ts END AS legal_due
            FROM ({h}) h OFFSET 0"""
        return f"""
            SELECT i.*,
                   CASE WHEN i.refused AND i.rcv_ts < {asof} THEN 3 WHEN NOT i.received THEN 1
                        WHEN i.closed AND i.fate = 'withdrawn' THEN 7 WHEN i.closed THEN 8
                        WHEN i.returned THEN 10 WHEN i.resolved THEN 9 WHEN i.pause_open THEN 5
                        WHEN i.rd = date '{self.end}' AND i.r24 < 0.5 AND NOT i.reappointed
                            THEN 2 ELSE 4 END AS status,
                   CASE WHEN i.reappointed THEN i.newdue_ts ELSE i.legal_due END AS due
            FROM ({i}) i OFFSET 0"""

    def dossier_columns(self) -> dict[str, str]:
        """SQL per Dossier column over the lives `l`, as the services would have left it."""
        cal, cases, utc, end = self.cal, self.cases, f"AT TIME ZONE '{self.tz}'", self.end
        wd, ci = array(cal.workdays, "date"), array(cal.index, "int")
        business = array([c.business for c in cases], "boolean")
        hashed = f"(hashint8extended(l.g, {self.seed * 64 + 40}) & {POSITIVE})"
        secret = " || ".join(
            f"substr('{SECRET_ALPHABET}', 1 + (({hashed} >> {6 * k}) & 63)::int % 31, 1)"
            for k in range(8)
        )
        name = (
            f"{_text_array(FAMILY)}[1 + floor(l.r22 * {len(FAMILY)})::int] || ' ' || "
            f"{_text_array(MIDDLE)}[1 + floor(l.r3 * {len(MIDDLE)})::int] || ' ' || "
            f"{_text_array(GIVEN)}[1 + floor(l.r23 * {len(GIVEN)})::int]"
        )
        digits = f"(hashint8extended(l.g, {self.seed * 64 + 41}) & {POSITIVE})"
        moments = ", ".join(f"CASE WHEN {happened} THEN {at} END" for at, *_, happened in EVENTS)
        legal_day = "ird + l.span + l.shift"
        return {
            "id": "l.id",
            "created_at": f"l.sub_ts {utc}",
            "updated_at": f"GREATEST({moments}) {utc}",
            "code": "l.prefix || lpad(l.seq::text, 4, '0')",
            "rule_set": "CASE WHEN l.day >= date '2025-07-01' THEN '2025' ELSE '2018' END",
            "channel": "l.channel",
            "status": "l.status",
            "applicant_name": name,
            "applicant_identity": (  # province of birth, century and sex, year, number
                "'0' || (33 + floor(l.r23 * 4)::int) || floor(l.r22 * 4)::int"
                f" || lpad(floor(l.r3 * 99)::int::text, 2, '0') || lpad(({digits} % 1000000)"
                "::text, 6, '0')"
            ),
            "applicant_kind": f"CASE WHEN {business}[l.ci] THEN 'business' ELSE 'citizen' END",
            "applicant_tax_code": (
                f"CASE WHEN {business}[l.ci] THEN lpad(({digits} % 10000000000)::text, 10, '0')"
                " ELSE '' END"
            ),
            "submitted_at": f"l.sub_ts {utc}",
            "received_at": f"CASE WHEN l.received THEN l.rcv_ts {utc} END",
            "due_at": f"CASE WHEN l.received THEN l.due {utc} END",
            "legal_due_at": f"CASE WHEN l.received THEN l.legal_due {utc} END",
            "reappointed_at": f"CASE WHEN l.reappointed THEN l.newdue_ts {utc} END",
            "paused_since": f"CASE WHEN l.status = 5 THEN l.ps_ts {utc} END",
            "resolved_at": f"CASE WHEN l.resolved THEN l.res_ts {utc} END",
            "timeliness": (
                f"CASE WHEN NOT l.resolved THEN '' WHEN l.ires < l.{legal_day} THEN 'early' "
                f"WHEN l.ires = l.{legal_day} THEN 'on_time' ELSE 'late' END"
            ),
            "returned_at": f"CASE WHEN l.returned THEN l.ret_ts {utc} END",
            "returned_via": "CASE WHEN l.returned THEN l.delivery ELSE '' END",
            "recipient_name": (
                f"CASE WHEN l.returned AND l.delivery = 'counter' THEN {name} ELSE '' END"
            ),
            "closed_at": (
                f"CASE WHEN l.status = 3 THEN l.rcv_ts {utc} "
                f"WHEN l.status IN (7, 8) THEN l.end_ts {utc} END"
            ),
            "deadline_status": (  # as `domain.deadlines.deadline_status` on the last day
                "CASE WHEN l.status NOT IN (2, 4, 5) THEN '' "
                f"WHEN date '{end}' > l.due::date THEN 'overdue' "
                f"WHEN l.due::date <= {wd}[{ci}[date '{end}' - date '{cal.start}' + 1] + 1] "
                "THEN 'due_soon' ELSE 'on_track' END"
            ),
            "procedure_version_id": f"{array([c.version_id for c in cases], 'bigint')}[l.ci]",
            "case_id": f"{array([c.case_id for c in cases], 'bigint')}[l.ci]",
            "receiving_agency_id": "l.unit_id",
            "lead_agency_id": "CASE WHEN l.received THEN l.lead_id END",
            "current_agency_id": "CASE WHEN l.received THEN l.lead_id ELSE l.unit_id END",
            "result_delivery": "l.delivery",
            "lookup_secret": f"'{MARK}' || {secret}",
            "supplement_requests": "CASE WHEN l.has_pause THEN 1 ELSE 0 END",
            "version": " + ".join(f"({happened})::int" for *_, happened in EVENTS),
        }

    def pause_columns(self) -> dict[str, str]:
        """SQL per DossierPause column for the dossiers of `l` that have one."""
        wd, utc = array(self.cal.workdays, "date"), f"AT TIME ZONE '{self.tz}'"
        return {
            "dossier_id": "l.id",
            "kind": "'supplement'",
            "requested_by_agency_id": "l.lead_id",
            "started_at": f"l.ps_ts {utc}",
            "ended_at": f"CASE WHEN NOT l.pause_open THEN l.pe_ts {utc} END",
            "reason": "'Bổ sung giấy tờ chứng minh theo quy định'",
            "respond_by": f"({wd}[l.ird + l.k1 + 15] + time '17:00') {utc}",
            "due_before": f"l.due0_ts {utc}",
            "due_after": f"CASE WHEN NOT l.pause_open AND NOT l.expire THEN l.legal_ts {utc} END",
        }

    def event_columns(self) -> dict[str, str]:
        """SQL per DossierEvent column over `l` joined with its events `v` (see EVENTS)."""
        return {
            "dossier_id": "l.id",
            "at": f"v.at AT TIME ZONE '{self.tz}'",
            "action": "v.action",
            "from_status": "v.from_status",
            "to_status": "v.to_status",
        }

    @staticmethod
    def events_of_lives() -> str:
        """`l` joined with one row per event that happened (for `insert`)."""
        rows = ", ".join(
            f"({at}, {action}, {before}::int, {after}, {happened})"
            for at, action, before, after, happened in EVENTS
        )
        return (
            f"l CROSS JOIN LATERAL (VALUES {rows}) AS v(at, action, from_status, to_status, "
            "happened) WHERE v.happened"
        )


# The timeline as the services write it (one `DossierEvent` per commit; `Dossier.version`
# counts them): (moment, action, from status, to status, whether it happened), over `l`.
EVENTS = [
    (
        "l.sub_ts",
        "CASE l.channel WHEN 2 THEN 'submit_online' ELSE 'register_postal' END",
        "NULL",
        "1",
        "l.channel <> 1",
    ),
    ("l.rcv_ts", "'receive'", "CASE WHEN l.channel = 1 THEN NULL ELSE 1 END", "2", "l.received"),
    ("l.rcv_ts", "'refuse'", "1", "3", "l.status = 3"),
    ("l.rcv_ts + 5 * " + MINUTE, "'forward'", "2", "4", "l.status NOT IN (1, 2, 3)"),
    ("l.ps_ts", "'request_supplement'", "4", "5", "l.has_pause"),
    (
        "l.pe_ts",
        "CASE WHEN l.expire THEN 'supplement_deadline_expired' ELSE 'receive_supplement' END",
        "5",
        "CASE WHEN l.expire THEN 8 ELSE 4 END",
        "l.has_pause AND NOT l.pause_open",
    ),
    ("l.reap_ts", "'apologise_and_reappoint'", "4", "4", "l.reappointed"),
    ("l.res_ts", "'issue_result'", "4", "9", "l.resolved"),
    ("l.ret_ts", "'return_result'", "9", "10", "l.returned"),
    (
        "l.end_ts - 10 * " + MINUTE,
        "'request_withdrawal'",
        "4",
        "4",
        "l.closed AND l.fate = 'withdrawn'",
    ),
    (
        "l.end_ts",
        "CASE WHEN l.fate = 'withdrawn' THEN 'approve_withdrawal' ELSE 'stop' END",
        "4",
        "CASE WHEN l.fate = 'withdrawn' THEN 7 ELSE 8 END",
        "l.closed AND NOT l.expire",
    ),
]


def insert(table: str, model: type[models.Model], given: dict[str, str], source: str) -> str:
    """`INSERT INTO table (every concrete column) SELECT … FROM source`; columns that
    `given` does not name get a neutral default (empty, false, 0, NULL), so a field added
    to the model later does not break the generator."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.column in given]
    columns = ", ".join(f.column for f in fields)
    values = ", ".join(given.get(f.column) or _default(f) for f in fields)
    return f'INSERT INTO "{table}" ({columns}) SELECT {values} FROM {source}'


def _default(field: Any) -> str:
    if field.null:
        return "NULL"
    if isinstance(field, models.BooleanField):
        return "false"
    if isinstance(field, models.JSONField):
        return "'[]'::jsonb" if field.default is list else "'{}'::jsonb"
    if isinstance(field, models.IntegerField | models.DecimalField):
        return "0"
    if isinstance(field, models.DateTimeField):
        return "now()"
    return "''"
