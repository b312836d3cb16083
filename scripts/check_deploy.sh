#!/usr/bin/env bash
# `manage.py check --deploy` must be clean with production-like settings.
set -euo pipefail
python=${1:-python}
env -i PATH="$PATH" HOME="${HOME:-/root}" MOTCUA_ENV_FILE=/dev/null \
  DEBUG=false \
  SECRET_KEY="ci-deploy-check-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
  ALLOWED_HOSTS=dichvucong.example.gov.vn \
  DATABASE_URL="sqlite:////tmp/motcua-deploy-check.sqlite3" \
  "$python" manage.py check --deploy --fail-level WARNING
