# SPDX-License-Identifier: MPL-2.0
"""The benchmark's Django side, run as a subprocess against one database (DATABASE_URL):

    python -m bench.harness.app prepare   --out FILE [--sample N]
    python -m bench.harness.app verify    --acks FILE --marker M [--media DIR --pdf FILE]
    python -m bench.harness.app numbering --marker M
    python -m bench.harness.app form06    [--repetitions R] [--recount]

Each prints one JSON object on its last line. `prepare` readies a database for the load: the
database cache table, an API client of the receiving unit with a fresh token, a verified
session of a restricted officer, a sample of dossier codes (a file for the load client, a
table `bench_codes` for pgbench), and the SQL the application itself sends for a status
lookup and for a submission's numbering and insert (captured, so that the pgbench
references run exactly the application's statements).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_ENV_FILE", "/dev/null")

#: The bench submits as the provincial service center's one-stop unit of the justice
#: department (Sở Tư pháp), the procedure below: it is received online and needs no file.
BENCH_CLIENT = "bench-load"
OFFICER = "chuyenvien.stp"
#: every dossier of the officer's agency, newest first: 25 rows on every page
INBOX = "/desk/ho-so/hop/tat-ca/"


def _setup() -> None:
    import django

    django.setup()


# --------------------------------------------------------------------------- prepare


def _targets(n: int) -> list[dict[str, Any]]:
    """Up to `n` (online procedure, its case, receiving agency with an identifier code), each
    at a different receiving unit."""
    from motcua.catalog.selectors import published_versions
    from motcua.dossiers.selectors_applicant import receiving_agencies_for

    found: list[dict[str, Any]] = []
    units: set[str] = set()
    for version in published_versions().order_by("procedure__code"):
        case = version.cases.order_by("pk").first()
        if case is None:
            continue
        for agency in receiving_agencies_for(version=version):
            if agency.identifier_code and agency.identifier_code not in units:
                units.add(agency.identifier_code)
                found.append({"version": version, "agency": agency, "case": case})
                if len(found) == n:
                    return found
    if not found:
        raise SystemExit("no online procedure with a receiving agency in this database")
    return found


def _target() -> dict[str, Any]:
    return _targets(1)[0]


def _payload(target: dict[str, Any]) -> dict[str, Any]:
    return {
        "procedure": target["version"].procedure.code,
        "case_id": target["case"].pk,
        "applicant": {
            "name": "Nguyễn Văn Đo Tải",
            "identity_number": "034090001234",
            "phone": "0912345678",
            "address": "Số 5 đường Nguyễn Văn Linh, phường Phố Hiến, tỉnh Hưng Yên",
        },
        "components": [],
    }


def _client_token(agency: Any, code: str = BENCH_CLIENT) -> str:
    from motcua.clients.models import ApiClient
    from motcua.clients.services import client_create, credential_issue

    client = ApiClient.objects.filter(code=code).first()
    if client is None or client.agency_id != agency.pk:
        if client is not None:
            client.delete()
        client = client_create(
            actor=None,
            code=code,
            name="Máy đo hiệu năng",
            agency=agency,
            scopes=["dossiers.read", "dossiers.create"],
        )
    return credential_issue(actor=None, client=client).token


def _officer_session() -> dict[str, str]:
    """A signed-in, OTP-verified session of the restricted officer (as the desk leaves it)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.accounts.models import User

    user = User.objects.get(username=OFFICER)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(
        b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b.lower()
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return {"cookie": settings.SESSION_COOKIE_NAME, "value": str(session.session_key)}


def _sample_codes(n: int) -> list[tuple[int, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT id, code FROM dossiers_dossier WHERE code NOT LIKE 'TAM-%%' "
                "ORDER BY random() LIMIT %s",
                [n],
            )
        else:  # PostgreSQL: random ids, not a sort of the whole table
            cursor.execute("SELECT max(id) FROM dossiers_dossier")
            top = cursor.fetchone()[0] or 0
            cursor.execute(
                "SELECT id, code FROM dossiers_dossier WHERE id IN "
                "(SELECT (1 + floor(random() * %s))::bigint FROM generate_series(1, %s)) "
                "AND code NOT LIKE 'TAM-%%' ORDER BY random() LIMIT %s",
                [top, n * 2, n],
            )
        rows = [(int(i), str(c)) for i, c in cursor.fetchall()]
        cursor.execute("DROP TABLE IF EXISTS bench_codes")
        cursor.execute("CREATE TABLE bench_codes (i integer PRIMARY KEY, id bigint, code text)")
        cursor.executemany(
            "INSERT INTO bench_codes VALUES (%s, %s, %s)",
            [(i, pk, code) for i, (pk, code) in enumerate(rows, start=1)],
        )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE bench_codes")
    return rows


def _captured(run: Any) -> list[str]:
    """The SQL statements `run()` sends, parameters inlined by the driver."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"] for q in queries.captured_queries]


def _lookup_script(statements: list[str], dossier_id: int, code: str, sample: int) -> str:
    """pgbench: the application's own lookup statements for a random sampled code."""
    lines = [f"\\set i random(1, {sample})"]
    for sql in statements:
        if '"dossiers_' not in sql:  # the dossier's own reads only (not a cache, a session)
            continue
        sql = sql.replace(f"'{code}'", "(SELECT code FROM bench_codes WHERE i = :i)")
        sql = re.sub(
            rf"(= |IN \()({dossier_id})\b", r"\1(SELECT id FROM bench_codes WHERE i = :i)", sql
        )
        lines.append(sql.replace("\n", " ") + ";")
    return "\n".join(lines) + "\n"


def _submit_script(statements: list[str], dossier_id: int, code: str) -> str:
    """pgbench: the application's dossier insert and numbering, statement for statement.

    As the engine does it: insert the dossier under a stand-in code, get-or-create the unit's
    counter for the day, lock it, move it on and give the dossier its code, in one
    transaction. Each transaction takes a random day of a far century (so that 9,999 numbers
    per unit and day never run out) and a fresh stand-in code."""
    insert = next(s for s in statements if s.startswith('INSERT INTO "dossiers_dossier" '))
    counter = [s for s in statements if '"dossiers_dossiercodecounter"' in s]
    found = next(s for s in counter if s.startswith("SELECT") and "FOR UPDATE" not in s)
    # get_or_create's insert, sent only when the day's counter is new (as it is for a far day)
    create = next(
        (s for s in counter if s.startswith("INSERT")),
        'INSERT INTO "dossiers_dossiercodecounter" ("unit_identifier", "day", "last") '
        "VALUES ('{unit}', '{day}'::date, 0)",
    )
    locking = next(s for s in counter if "FOR UPDATE" in s)
    assign = next(s for s in statements if s.startswith('UPDATE "dossiers_dossier" SET "code"'))
    match = re.search(r"'(\d{4}-\d{2}-\d{2})'::date", locking)
    unit = re.search(r'"unit_identifier" = \'([^\']+)\'', locking)
    if not (match and unit):
        raise SystemExit(f"unexpected numbering SQL: {locking}")
    create = create.replace("{unit}", unit[1]).replace("{day}", match[1])
    day = "('2100-01-01'::date + :day)"

    def on_day(sql: str) -> str:
        return sql.replace(f"'{match[1]}'::date", day)

    pending = re.sub(r"'TAM-[0-9a-f]{32}'", "'TAM-' || md5(random()::text)", insert)
    number = "lpad((:c_last + 1)::text, 4, '0')"
    # "X" keeps these codes apart from the data set's real ones (yymmdd of 2121 = of 2021)
    new_code = f"'X{unit[1]}-' || to_char({day}, 'YYMMDD') || '-' || {number}"
    return "\n".join(
        [
            "\\set day random(0, 36500)",
            "BEGIN;",
            pending + " \\gset",
            on_day(found) + ";",
            on_day(create).split(" RETURNING ")[0] + " ON CONFLICT DO NOTHING;",
            on_day(locking) + " \\gset c_",
            'UPDATE "dossiers_dossiercodecounter" SET "last" = :c_last + 1 '
            'WHERE "dossiers_dossiercodecounter"."id" = :c_id;',
            assign.replace(f"'{code}'", new_code).replace(f"= {dossier_id}", "= :id") + ";",
            "COMMIT;",
            "",
        ]
    )


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.public import dossier_status_public
    from motcua.dossiers.services.components import published_components

    call_command("createcachetable", verbosity=0)
    if args.lookup_only:
        rows = _sample_codes(args.sample)
        Path(args.out).write_text("\n".join(code for _, code in rows) + "\n")
        return {"sample": len(rows)}
    target = _target()
    token = _client_token(target["agency"])
    payload = _payload(target)
    component = next(
        (
            c
            for c in published_components(target["version"], target["case"])
            if not c.accepted_types or "pdf" in c.accepted_types
        ),
        None,
    )
    if component is None:
        raise SystemExit(f"{target['version']} has no component that takes a PDF")
    payload_file = dict(
        payload,
        components=[{"component_id": component.pk, "originals": 1, "files": ["tep"]}],
    )
    rows = _sample_codes(args.sample)
    Path(args.out).write_text("\n".join(code for _, code in rows) + "\n")
    dossier_id, code = rows[0]
    lookup = _captured(lambda: dossier_status_public(code))

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    statements: list[str] = []

    def submit() -> None:
        response = client.post(
            "/api/v1/dossiers", payload, content_type="application/json", secure=True, **headers
        )
        if response.status_code != 201:
            raise SystemExit(
                f"the probe submission failed: {response.status_code} {response.content!r}"
            )
        statements.append(response.json()["code"])

    submitted = _captured(submit)
    new = Dossier.objects.get(code=statements[0])
    return {
        "token": token,
        "payload": payload,
        "payload_file": payload_file,
        # several receiving units, each with its own client: the numbering scenario (G10)
        # submits 30,000 dossiers in two days, more than one unit's 9,999 codes a day
        "clients": [
            {"token": _client_token(t["agency"], f"{BENCH_CLIENT}-{i}"), "payload": _payload(t)}
            for i, t in enumerate(_targets(args.units))
        ],
        "agency": target["agency"].code,
        "unit": target["agency"].identifier_code,
        "session": _officer_session(),
        "sample": len(rows),
        **(
            {
                "lookup_sql": _lookup_script(lookup, dossier_id, code, len(rows)),
                "submit_sql": _submit_script(submitted, new.pk, new.code),
            }
            if connection.vendor == "postgresql"
            else {}
        ),
        "submit_statements": len(submitted),
    }


# --------------------------------------------------------------------------- verify


def verify(args: argparse.Namespace) -> dict[str, Any]:
    """Every acknowledged submission exists exactly once, with what was sent."""
    from motcua.dossiers.models import Dossier, DossierFile, DraftFile

    acks = [json.loads(line) for line in Path(args.acks).read_text().splitlines() if line]
    by_name = Counter(
        Dossier.objects.filter(applicant_name__startswith=args.marker).values_list(
            "applicant_name", flat=True
        )
    )
    duplicates = sum(1 for count in by_name.values() if count > 1)
    codes = {a["code"]: a["tag"] for a in acks}
    found = dict(Dossier.objects.filter(code__in=list(codes)).values_list("code", "applicant_name"))
    missing = [c for c in codes if c not in found]
    wrong = [c for c, tag in codes.items() if c in found and found[c] != tag]
    result: dict[str, Any] = {
        "acknowledged": len(codes),
        "in_database": sum(by_name.values()),
        "missing": len(missing),
        "wrong_content": len(wrong),
        "duplicates": duplicates,
    }
    if args.pdf:
        digest = hashlib.sha256(Path(args.pdf).read_bytes()).hexdigest()
        files = list(
            DossierFile.objects.filter(dossier__code__in=list(codes)).values_list("file", flat=True)
        )
        media = Path(args.media)
        bad = sum(
            1 for name in files if hashlib.sha256((media / name).read_bytes()).hexdigest() != digest
        )
        referenced = set(DossierFile.objects.values_list("file", flat=True)) | set(
            DraftFile.objects.values_list("file", flat=True)
        )
        on_disk = {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}
        result.update(
            files=len(files),
            files_bad_hash=bad,
            orphan_files=len(on_disk - referenced),
            missing_files=len({f for f in files} - on_disk),
        )
    return result


def numbering(args: argparse.Namespace) -> dict[str, Any]:
    """Per unit and day, the codes of the run's dossiers and the counter: no gap, no
    duplicate (every number from 1 to the counter is a dossier of that unit and day)."""
    from motcua.dossiers.models import Dossier, DossierCodeCounter

    days = set(
        Dossier.objects.filter(applicant_name__startswith=args.marker).values_list(
            "code", flat=True
        )
    )
    keys = {(c.rsplit("-", 2)[0], c.rsplit("-", 2)[1]) for c in days}
    gaps = duplicates = checked = 0
    per_day: dict[str, int] = defaultdict(int)
    for unit, yymmdd in sorted(keys):
        prefix = f"{unit}-{yymmdd}-"
        seqs = [
            int(c.rsplit("-", 1)[1])
            for c in Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        ]
        counts = Counter(seqs)
        duplicates += sum(1 for n in counts.values() if n > 1)
        day = f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}"
        last = (
            DossierCodeCounter.objects.filter(unit_identifier=unit, day=day)
            .values_list("last", flat=True)
            .first()
        ) or 0
        gaps += len(set(range(1, last + 1)) - set(counts)) + len(
            set(counts) - set(range(1, last + 1))
        )
        checked += len(seqs)
        per_day[day] += sum(1 for c in days if c.startswith(prefix))
    return {
        "unit_days": len(keys),
        "codes": checked,
        "run_dossiers": len(days),
        "duplicates": duplicates,
        "gaps": gaps,
        "per_day": dict(per_day),
    }


def form06(args: argparse.Namespace) -> dict[str, Any]:
    """Milliseconds for form06 of the last complete quarter by agency, each repetition;
    with --recount, whether its total equals the brute-force SQL recount (bench.harness.recount;
    the line-by-line Python recount is tested in motcua/reports/tests)."""
    from django.utils import timezone

    from motcua.domain.reporting import Period
    from motcua.reports.selectors import GroupBy, form06

    today = timezone.localdate()
    quarter = (today.month - 1) // 3
    year = today.year if quarter else today.year - 1
    quarter = quarter or 4
    period = Period.quarter(year, quarter)
    times = []
    report = None
    for _ in range(args.repetitions):
        start = time.perf_counter()
        report = form06(period=period, group_by=GroupBy.AGENCY)
        times.append((time.perf_counter() - start) * 1000)
    result: dict[str, Any] = {"period": str(period), "ms": times, "lines": len(report.lines)}
    if args.recount and report is not None:
        from django.conf import settings
        from django.db import connection

        from bench.harness.recount import RECOUNT
        from motcua.domain.reporting import Row

        start = time.perf_counter()
        with connection.cursor() as cursor:
            params = {"tz": settings.TIME_ZONE, "start": period.start, "end": period.end}
            cursor.execute(RECOUNT, params)
            brute = Row(*cursor.fetchone())
        result["recount_ms"] = (time.perf_counter() - start) * 1000
        result["equal"] = brute == report.total
        result["total"] = str(report.total)
    return result


def inbox_queries(args: argparse.Namespace) -> dict[str, Any]:
    """Queries for the restricted officer's inbox page: page 1, page 40 and another inbox
    (a constant count means no query per row)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    session = _officer_session()  # signed in and OTP-verified, as for the load
    client.cookies[session["cookie"]] = session["value"]
    counts, statuses = {}, {}
    for label, path in {
        "page 1": INBOX,
        "page 40": f"{INBOX}?trang=40",
        "another inbox": "/desk/ho-so/hop/qua-han/",
    }.items():
        client.get(path)  # warm caches (content types, the officer's positions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[label] = len(queries.captured_queries)
        statuses[label] = response.status_code
    return {"counts": counts, "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", required=True)
    p.add_argument("--sample", type=int, default=10_000)
    p.add_argument("--lookup-only", action="store_true")
    p.add_argument("--units", type=int, default=8)
    sub.add_parser("inbox-queries")
    v = sub.add_parser("verify")
    v.add_argument("--acks", required=True)
    v.add_argument("--marker", required=True)
    v.add_argument("--media", default="")
    v.add_argument("--pdf", default="")
    n = sub.add_parser("numbering")
    n.add_argument("--marker", required=True)
    f = sub.add_parser("form06")
    f.add_argument("--repetitions", type=int, default=1)
    f.add_argument("--recount", action="store_true")
    args = parser.parse_args()
    _setup()
    commands = {
        "prepare": prepare,
        "verify": verify,
        "numbering": numbering,
        "form06": form06,
        "inbox-queries": inbox_queries,
    }
    result = commands[args.command](args)
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
