#!/usr/bin/env bash
# Interfaces (portal, desk, api) parse input, call a service or selector and render.
# They never write the ORM themselves (STYLE.md). This rule fails the lint if one does.
set -euo pipefail
pattern='\.(save|create|update|delete|bulk_create|bulk_update|get_or_create|update_or_create)\('
dirs=()
for d in motcua/portal motcua/desk motcua/api; do [ -d "$d" ] && dirs+=("$d"); done
if hits=$(grep -rnE "$pattern" --include='*.py' "${dirs[@]}" | grep -v '/tests/'); then
  echo "Interfaces must call a service instead of writing the ORM:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "interfaces: no ORM writes"
