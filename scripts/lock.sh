#!/usr/bin/env bash
# Regenerate the lock files from pyproject.toml in throw-away virtualenvs.
set -euo pipefail
tmp=$(mktemp -d)
python3 -m venv "$tmp/run" && "$tmp/run/bin/pip" install -q -U pip && "$tmp/run/bin/pip" install -q .
"$tmp/run/bin/pip" freeze --exclude-editable | grep -v '^motcua' | sort -f > requirements.lock
python3 -m venv "$tmp/dev" && "$tmp/dev/bin/pip" install -q -U pip && "$tmp/dev/bin/pip" install -q ".[dev]"
"$tmp/dev/bin/pip" freeze --exclude-editable | grep -v '^motcua' | sort -f > requirements-dev.lock
rm -rf "$tmp" build motcua.egg-info  # setuptools builds in the tree
echo "requirements.lock and requirements-dev.lock updated"
