# SPDX-License-Identifier: MPL-2.0
"""The SQL references of the report figures (G5): what the machine does without the summary
tables.

- SCAN: an aggregate over the whole dossier table, run with the index scans of
  NO_INDEX_SCANS switched off: the time the report is compared with.
- RECOUNT: form 06 totals recounted by brute force, dossier by dossier, from the dossier and
  pause tables alone: what the report must equal. Parameters: tz (the local time zone), start
  and end (the period's first and last day).
"""

NO_INDEX_SCANS = ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan")

SCAN = (
    "SELECT lead_agency_id, status, count(*), count(resolved_at) "
    "FROM dossiers_dossier GROUP BY 1, 2"
)

RECOUNT = """
WITH l AS (
    SELECT d.id, d.channel, d.status,
           (d.received_at AT TIME ZONE %(tz)s)::date AS received_on,
           (d.legal_due_at AT TIME ZONE %(tz)s)::date AS due_on,
           (COALESCE(d.resolved_at, d.closed_at) AT TIME ZONE %(tz)s)::date AS ended_on,
           d.resolved_at IS NOT NULL AS resolved, d.timeliness
    FROM dossiers_dossier d WHERE d.received_at IS NOT NULL
), c AS (
    SELECT l.*,
           received_on < %(start)s AS carried,
           ended_on IS NOT NULL AND ended_on <= %(end)s AS ended_in,
           EXISTS (
               SELECT 1 FROM dossiers_dossierpause p WHERE p.dossier_id = l.id
               AND (p.started_at AT TIME ZONE %(tz)s)::date <= %(end)s
               AND (p.ended_at IS NULL OR (p.ended_at AT TIME ZONE %(tz)s)::date > %(end)s)
           ) AS paused_at_end
    FROM l
    WHERE received_on <= %(end)s AND (ended_on IS NULL OR ended_on >= %(start)s)
)
SELECT
    COUNT(*) FILTER (WHERE carried),
    COUNT(*) FILTER (WHERE NOT carried AND channel = 2),
    COUNT(*) FILTER (WHERE NOT carried AND channel <> 2),
    COUNT(*) FILTER (WHERE ended_in AND resolved AND timeliness = 'early'),
    COUNT(*) FILTER (WHERE ended_in AND resolved AND timeliness = 'on_time'),
    COUNT(*) FILTER (WHERE ended_in AND resolved AND timeliness = 'late'),
    COUNT(*) FILTER (WHERE NOT ended_in AND NOT paused_at_end
                     AND (due_on IS NULL OR due_on >= %(end)s)),
    COUNT(*) FILTER (WHERE NOT ended_in AND NOT paused_at_end AND due_on < %(end)s),
    COUNT(*) FILTER (WHERE NOT ended_in AND paused_at_end),
    COUNT(*) FILTER (WHERE ended_in AND NOT resolved)
FROM c
"""
