#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Restore drill: prove that a backup of the motcua database restores to the same dossiers.
# docs/deployment.md#restore-drill.
#
#   scripts/restore_drill.sh [options] SOURCE_DATABASE_URL
#       1. opens a REPEATABLE READ transaction on the source and exports its snapshot;
#       2. fingerprints the source inside that snapshot (dossier count and an order-independent
#          checksum of every dossier's code and status, plus a few more tables);
#       3. pg_dump -Fc of that same snapshot, so a busy database still compares exactly;
#       4. creates a new database, pg_restore into it;
#       5. fingerprints the copy and compares; runs `manage.py verify_audit` on the copy;
#       6. drops the copy; prints each step's time. Exit 0 only if everything matched.
#   scripts/restore_drill.sh --compare URL_A URL_B
#       only steps 2 and 5 between two live databases (after a real restore, say).
#
# Options:
#   --keep-dump PATH      write the dump to PATH and keep it (the nightly backup does this)
#   --target-server URL   create the copy on this server (any database URL there; the copy's
#                         name replaces its database name). Default: the source's server.
#   --keep-copy           do not drop the copy; its URL is printed as "copy: URL"
#   --no-audit            skip the audit chain verification
#   --jobs N              parallel pg_restore jobs (default 2)
# Environment: MOTCUA_PYTHON, the Python of the project's virtualenv (default .venv/bin/python,
# else python3), for manage.py verify_audit and URL handling. The role needs CREATEDB.
# Exit status: 0 all matched; 1 a mismatch or a broken audit chain; 2 bad usage; other
# non-zero: a step failed (dump, restore, connection).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${MOTCUA_PYTHON:-}
if [ -z "$PY" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PY="$ROOT/.venv/bin/python"; else PY=python3; fi
fi

usage() { sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

keep_dump="" target_server="" keep_copy=0 audit=1 jobs=2 compare=0
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-dump) keep_dump=${2:?}; shift 2 ;;
    --target-server) target_server=${2:?}; shift 2 ;;
    --keep-copy) keep_copy=1; shift ;;
    --no-audit) audit=0; shift ;;
    --jobs) jobs=${2:?}; shift 2 ;;
    --compare) compare=1; shift ;;
    -h|--help) usage ;;
    --*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
if [ "$compare" = 1 ]; then [ $# -eq 2 ] || usage; else [ $# -eq 1 ] || usage; fi

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }
step() { printf '  %-22s %s\n' "$1" "$2"; }
# A URL for printing: the password, if any, is masked.
shown() { printf '%s' "$1" | sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#'; }
# URL with its database name replaced (query string and socket-style empty host kept).
with_dbname() {
  "$PY" - "$1" "$2" <<'PY'
import sys
from urllib.parse import quote, urlsplit, urlunsplit
url, name = sys.argv[1], sys.argv[2]
p = urlsplit(url)
print(urlunsplit((p.scheme, p.netloc, "/" + quote(name), p.query, p.fragment)))
PY
}
dbname_of() {
  "$PY" -c 'import sys; from urllib.parse import unquote, urlsplit; print(unquote(urlsplit(sys.argv[1]).path.lstrip("/")))' "$1"
}

# The fingerprint: one "name|count|checksum" line per table. The dossier checksum is the sum of
# the first 64 bits of md5(code:status) over all rows: independent of row order, collation and
# physical layout, computed in one streaming pass (no sort, no giant string: string_agg would
# hit PostgreSQL's 1 GB limit near 35 million dossiers).
read -r -d '' FINGERPRINT_SQL <<'SQL' || true
SELECT 'dossiers (code:status)', count(*),
       coalesce(sum(('x' || left(md5(code || ':' || status::text), 16))::bit(64)::bigint::numeric), 0)
  FROM dossiers_dossier
UNION ALL
SELECT 'dossier events', count(*), coalesce(max(id), 0) FROM dossiers_dossierevent
UNION ALL
SELECT 'dossier files (sha256)', count(*),
       coalesce(sum(('x' || left(sha256, 16))::bit(64)::bigint::numeric), 0)
  FROM dossiers_dossierfile
UNION ALL
SELECT 'audit entries', count(*), coalesce(max(sequence), 0) FROM audit_auditentry;
SQL

fingerprint() {  # $1: database URL
  psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$FINGERPRINT_SQL"
}

# Compare two fingerprints, print a table; return 1 on any difference.
compare_prints() {  # $1 source print, $2 copy print
  local bad=0 line name count sum other
  printf '  %-24s %14s %14s  %s\n' "table" "source" "copy" "checksum"
  while IFS='|' read -r name count sum; do
    other=$(printf '%s\n' "$2" | awk -F'|' -v n="$name" '$1 == n { print $2 "|" $3 }')
    if [ "$other" = "$count|$sum" ]; then
      printf '  %-24s %14s %14s  equal\n' "$name" "$count" "${other%%|*}"
    else
      printf '  %-24s %14s %14s  DIFFERENT\n' "$name" "$count" "${other%%|*}"
      bad=1
    fi
  done <<< "$1"
  return $bad
}

verify_audit() {  # $1 database URL
  local t out
  t=$(now)
  if out=$(cd "$ROOT" && DATABASE_URL="$1" "$PY" manage.py verify_audit 2>&1); then
    step "verify_audit (copy)" "$(since "$t"): $out"
    return 0
  fi
  step "verify_audit (copy)" "$(since "$t"): FAILED"
  printf '%s\n' "$out" | sed 's/^/    /'
  return 1
}

if [ "$compare" = 1 ]; then
  echo "compare: $(shown "$1") with $(shown "$2")"
  t0=$(now)
  a=$(fingerprint "$1")
  b=$(fingerprint "$2")
  step "fingerprints" "$(since "$t0")"
  status=0
  compare_prints "$a" "$b" || status=1
  if [ "$audit" = 1 ]; then verify_audit "$2" || status=1; fi
  if [ "$status" = 0 ]; then echo "compare: OK"; else echo "compare: MISMATCH"; fi
  exit $status
fi

SOURCE=$1
source_name=$(dbname_of "$SOURCE")
copy_name="${source_name:0:30}_drill_$(date +%Y%m%d%H%M%S)_$$"
server=${target_server:-$SOURCE}
COPY=$(with_dbname "$server" "$copy_name")
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-drill.XXXXXX")
dump=${keep_dump:-$work/$source_name.dump}
created=0

drop_copy() {
  local t
  t=$(now)
  if psql -X -q -v ON_ERROR_STOP=1 -d "$server" \
      -c "DROP DATABASE IF EXISTS \"$copy_name\" WITH (FORCE)"; then
    step "drop copy" "$(since "$t")"
  else
    echo "could not drop $copy_name: drop it by hand" >&2
  fi
  created=0
}
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$?
  if [ -n "${snap_pid:-}" ]; then kill "$snap_pid" 2>/dev/null || true; fi
  if [ "$created" = 1 ] && [ "$keep_copy" = 0 ]; then drop_copy; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$(now)
echo "restore drill: $(shown "$SOURCE") -> $(shown "$COPY")"

# 1-2. A snapshot held open by a psql session beside us; the fingerprint and pg_dump both read
# that snapshot, so writes that land meanwhile are in neither.
t=$(now)
coproc SNAP { psql -X -q -At -v ON_ERROR_STOP=1 -d "$SOURCE" 2>&1; }
# shellcheck disable=SC2153  # SNAP_PID is set by coproc
snap_pid=$SNAP_PID
echo "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT pg_export_snapshot();" >&"${SNAP[1]}"
read -r -t 60 -u "${SNAP[0]}" snapshot || snapshot=""
if ! [[ "$snapshot" =~ ^[0-9A-F]+-[0-9A-F]+-[0-9]+$ ]]; then
  echo "cannot open a snapshot on the source: $snapshot" >&2
  exit 3
fi
printf '%s\n' "$FINGERPRINT_SQL" "SELECT 'END-OF-FINGERPRINT';" >&"${SNAP[1]}"
source_print=""
while read -r -t 3600 -u "${SNAP[0]}" line; do
  [ "$line" = "END-OF-FINGERPRINT" ] && break
  source_print+="$line"$'\n'
done
source_print=${source_print%$'\n'}
if [ "$(printf '%s\n' "$source_print" | grep -c '|')" -ne 4 ]; then
  echo "fingerprint of the source failed: $source_print" >&2
  exit 3
fi
step "snapshot, fingerprint" "$(since "$t") (snapshot $snapshot)"

# 3. The dump, of that snapshot.
t=$(now)
pg_dump -Fc --snapshot="$snapshot" --file="$dump" -d "$SOURCE"
step "pg_dump -Fc" "$(since "$t") ($(du -h "$dump" | cut -f1), $dump)"
printf 'COMMIT;\n\\q\n' >&"${SNAP[1]}"
wait "$snap_pid" 2>/dev/null || true
snap_pid=""

# 4. A new database, and the restore.
t=$(now)
psql -X -q -v ON_ERROR_STOP=1 -d "$server" -c "CREATE DATABASE \"$copy_name\""
created=1
step "create database" "$(since "$t") ($copy_name)"
t=$(now)
pg_restore --no-owner --no-privileges --exit-on-error --jobs="$jobs" -d "$COPY" "$dump"
step "pg_restore" "$(since "$t") (jobs $jobs)"

# 5. Compare, verify.
t=$(now)
copy_print=$(fingerprint "$COPY")
step "fingerprint (copy)" "$(since "$t")"
status=0
compare_prints "$source_print" "$copy_print" || status=1
if [ "$audit" = 1 ]; then verify_audit "$COPY" || status=1; fi

# 6. Drop the copy (on an error, the exit trap does).
if [ "$keep_copy" = 1 ]; then echo "copy: $COPY"; else drop_copy; fi
if [ "$status" = 0 ]; then
  echo "restore drill: OK in $(since "$start")"
else
  echo "restore drill: MISMATCH after $(since "$start")"
fi
exit $status
