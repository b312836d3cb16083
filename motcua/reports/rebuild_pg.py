# SPDX-License-Identifier: MPL-2.0
"""Full rebuild of the summary tables in SQL, for PostgreSQL (millions of dossiers).

The same rules as `motcua.domain.reporting` and `motcua.reports.sources`, written as set
operations: each dossier's life is cut into half-open day intervals of one state (within
time, overdue, paused), each interval adds +1 on its first day and -1 on the day after; a
running sum per (agency, procedure version) gives the open counts at the end of each day,
spread to every day until the next change. Flows are grouped per day directly.
The test suite checks on PostgreSQL that this rebuild, the Python refresh and the one-by-one
recount agree (motcua/reports/tests/test_properties.py).

Both tables are written in day order: a report reads the rows of a few days (`OpenDay` on
two days, `FlowDay` over the period), which then lie in a few hundred contiguous pages rather
than one page per row scattered over the whole table (8,600 pages for a quarter at 1 M
dossiers, 570 in day order). After the rebuild commits, `vacuum()` clears the rows it
deleted: this server runs without autovacuum, and until then every report also visits the
pages of the old rows.

Assumes, like the engine guarantees, that a dossier's pauses do not overlap.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from motcua.domain.workflow import Channel, Status

_LIVES = """
CREATE TEMP TABLE report_lives ON COMMIT DROP AS
SELECT d.id,
       COALESCE(d.lead_agency_id, d.receiving_agency_id) AS agency_id,
       d.procedure_version_id AS version_id,
       d.channel,
       (d.received_at AT TIME ZONE %(tz)s)::date AS received_on,
       (d.legal_due_at AT TIME ZONE %(tz)s)::date AS due_on,
       CASE WHEN COALESCE(d.resolved_at, d.closed_at) IS NOT NULL THEN GREATEST(
           (COALESCE(d.resolved_at, d.closed_at) AT TIME ZONE %(tz)s)::date,
           (d.received_at AT TIME ZONE %(tz)s)::date
       ) END AS ended_on,  -- GREATEST ignores NULLs: keep open dossiers open
       CASE
           WHEN d.resolved_at IS NOT NULL THEN 'resolved'
           WHEN d.closed_at IS NOT NULL AND d.status = %(withdrawn)s THEN 'withdrawn'
           WHEN d.closed_at IS NOT NULL THEN 'stopped'
       END AS ending,
       d.timeliness
FROM dossiers_dossier d
WHERE d.received_at IS NOT NULL
"""

_FLOWS = """
INSERT INTO reports_flowday (day, agency_id, procedure_version_id, new_online, new_direct,
    early, on_time, late, withdrawn_early, withdrawn_on_time, withdrawn_late, stopped)
SELECT day, agency_id, version_id,
       SUM(new_online), SUM(new_direct), SUM(early), SUM(on_time), SUM(late),
       SUM(withdrawn_early), SUM(withdrawn_on_time), SUM(withdrawn_late), SUM(stopped)
FROM (
    SELECT received_on AS day, agency_id, version_id,
           (channel = %(online)s)::int AS new_online, (channel <> %(online)s)::int AS new_direct,
           0 AS early, 0 AS on_time, 0 AS late, 0 AS withdrawn_early, 0 AS withdrawn_on_time,
           0 AS withdrawn_late, 0 AS stopped
    FROM report_lives
    UNION ALL
    SELECT ended_on, agency_id, version_id, 0, 0,
           (ending = 'resolved' AND t = 'early')::int,
           (ending = 'resolved' AND t = 'on_time')::int,
           (ending = 'resolved' AND t = 'late')::int,
           (ending = 'withdrawn' AND w = 'early')::int,
           (ending = 'withdrawn' AND w = 'on_time')::int,
           (ending = 'withdrawn' AND w = 'late')::int,
           (ending = 'stopped')::int
    FROM (
        SELECT *,
               CASE WHEN timeliness IN ('early', 'on_time', 'late') THEN timeliness
                    ELSE CASE WHEN ended_on < due_on OR due_on IS NULL THEN 'early'
                              WHEN ended_on = due_on THEN 'on_time' ELSE 'late' END
               END AS t,
               CASE WHEN due_on IS NULL OR ended_on < due_on THEN 'early'
                    WHEN ended_on = due_on THEN 'on_time' ELSE 'late' END AS w
        FROM report_lives WHERE ending IS NOT NULL
    ) ended
) f
WHERE day <= %(today)s
GROUP BY day, agency_id, version_id
ORDER BY day, agency_id, version_id
"""

# Pauses clipped to the dossier's open life [received_on, ended_on); open pauses run on.
_PAUSES = """
CREATE TEMP TABLE report_pauses ON COMMIT DROP AS
SELECT l.id, l.agency_id, l.version_id, l.due_on,
       GREATEST((p.started_at AT TIME ZONE %(tz)s)::date, l.received_on) AS p_from,
       LEAST(
           COALESCE((p.ended_at AT TIME ZONE %(tz)s)::date, 'infinity'::date),
           COALESCE(l.ended_on, 'infinity'::date)
       ) AS p_to
FROM dossiers_dossierpause p
JOIN report_lives l ON l.id = p.dossier_id
"""

# Base intervals (ignoring pauses): within [received, due+1), overdue [due+1, ended);
# then each pause moves its days from within/overdue to paused.
_OPEN = """
INSERT INTO reports_openday (day, agency_id, procedure_version_id, within, overdue, paused)
WITH intervals AS (
    SELECT agency_id, version_id, 0 AS state, received_on AS a,
           LEAST(COALESCE(due_on + 1, 'infinity'::date), COALESCE(ended_on, 'infinity'::date))
               AS b, 1 AS sign
    FROM report_lives
    UNION ALL
    SELECT agency_id, version_id, 1, GREATEST(due_on + 1, received_on),
           COALESCE(ended_on, 'infinity'::date), 1
    FROM report_lives WHERE due_on IS NOT NULL
    UNION ALL  -- pause days before the due date: within → paused
    SELECT agency_id, version_id, 0, p_from,
           LEAST(p_to, COALESCE(due_on + 1, 'infinity'::date)), -1
    FROM report_pauses
    UNION ALL
    SELECT agency_id, version_id, 2, p_from,
           LEAST(p_to, COALESCE(due_on + 1, 'infinity'::date)), 1
    FROM report_pauses
    UNION ALL  -- pause days after the due date: overdue → paused
    SELECT agency_id, version_id, 1, GREATEST(p_from, due_on + 1), p_to, -1
    FROM report_pauses WHERE due_on IS NOT NULL
    UNION ALL
    SELECT agency_id, version_id, 2, GREATEST(p_from, due_on + 1), p_to, 1
    FROM report_pauses WHERE due_on IS NOT NULL
),
deltas AS (
    SELECT agency_id, version_id, a AS day, state, sign AS delta FROM intervals WHERE a < b
    UNION ALL
    SELECT agency_id, version_id, b, state, -sign FROM intervals
    WHERE a < b AND b <> 'infinity'::date
),
per_day AS (
    SELECT agency_id, version_id, day,
           SUM(delta) FILTER (WHERE state = 0) AS dw,
           SUM(delta) FILTER (WHERE state = 1) AS dov,
           SUM(delta) FILTER (WHERE state = 2) AS dp
    FROM deltas WHERE day <= %(today)s
    GROUP BY agency_id, version_id, day
),
running AS (
    SELECT agency_id, version_id, day,
           SUM(COALESCE(dw, 0)) OVER w AS within,
           SUM(COALESCE(dov, 0)) OVER w AS overdue,
           SUM(COALESCE(dp, 0)) OVER w AS paused,
           LEAD(day) OVER (PARTITION BY agency_id, version_id ORDER BY day) AS next_day
    FROM per_day
    WINDOW w AS (PARTITION BY agency_id, version_id ORDER BY day)
)
SELECT g::date, agency_id, version_id, within, overdue, paused
FROM running,
     generate_series(day, COALESCE(next_day - 1, %(today)s), interval '1 day') AS g
WHERE within + overdue + paused > 0
ORDER BY g, agency_id, version_id
"""


def rebuild(today: date, tz: str) -> tuple[int, int, int]:
    """Recompute both tables for every day up to `today`; (dossiers, flow rows, open rows).
    Runs inside the caller's transaction (the temporary tables drop at commit)."""
    params = {
        "tz": tz,
        "today": today,
        "online": int(Channel.ONLINE),
        "withdrawn": int(Status.WITHDRAWN),
    }
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS report_lives, report_pauses")
        cursor.execute("DELETE FROM reports_flowday")
        cursor.execute("DELETE FROM reports_openday")
        cursor.execute(_LIVES, params)
        dossiers = cursor.rowcount
        cursor.execute(_FLOWS, params)
        flows = cursor.rowcount
        cursor.execute(_PAUSES, params)
        cursor.execute(_OPEN, params)
        opens = cursor.rowcount
        cursor.execute("DROP TABLE report_lives, report_pauses")
        cursor.execute("ANALYZE reports_flowday")
        cursor.execute("ANALYZE reports_openday")
    return dossiers, flows, opens


def vacuum() -> None:
    """VACUUM (ANALYZE) both tables: after a rebuild has committed, outside any transaction.
    Reclaims the deleted rows (whose pages a report would otherwise visit) and sets the hint
    bits and visibility map, so the first reports do not write."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) reports_flowday, reports_openday")
