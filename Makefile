# motcua — the menu. `make demo` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
export DJANGO_ALLOW_ASYNC_UNSAFE := true

.PHONY: help setup demo run test test-domain test-app lint fmt check contract messages bench chaos province lock clean

help:  ## this menu
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@$(BIN)/python -m pip install --quiet --no-deps -e . > $(VENV)/install.log 2>&1 \
	  || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the locked dependencies
	@test -f .env || cp .env.example .env

demo: setup  ## set up, migrate SQLite, load the demo province, serve on 127.0.0.1:8000
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Cổng dịch vụ công:  http://$(HOST):$(PORT)/"
	@echo "  Một cửa (cán bộ):   http://$(HOST):$(PORT)/desk/"
	@echo "  Quản trị danh mục:  http://$(HOST):$(PORT)/admin/"
	@echo "  Hàng đợi gửi đi (outbox worker) và cập nhật số liệu thống kê chạy nền cùng máy chủ."
	@echo ""
	@$(MAKE) --no-print-directory run

run: setup  ## serve (with the outbox worker) without reloading the demo data
	@$(BIN)/python manage.py run_outbox --worker-id demo & worker=$$!; \
	  $(BIN)/python manage.py refresh_reports --every 300 & reports=$$!; \
	  trap 'kill $$worker $$reports 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup  ## set up and run the whole suite (domain, Django, browser)
	$(MAKE) --no-print-directory test-domain
	$(MAKE) --no-print-directory test-app

test-domain: setup  ## pure domain tests: no Django, 100 % coverage required
	PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(BIN)/python -m pytest -p _hypothesis_pytestplugin -p pytest_cov \
	  -c /dev/null --rootdir . tests/domain -q -p no:cacheprovider \
	  --cov=motcua.domain --cov-report=term-missing --cov-fail-under=100

test-app: setup  ## Django and browser tests, in parallel
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --ignore=tests/domain -q

lint: setup  ## ruff, import contracts, mypy --strict on the domain, and the "interfaces never write the ORM" rule
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	@bash scripts/check_interfaces.sh

fmt: setup  ## format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: setup  ## migrations and docs/api/openapi.yaml are up to date; deploy checks pass
	$(BIN)/python manage.py makemigrations --check --dry-run
	@schema=$$(mktemp --suffix=.yaml); trap 'rm -f "$$schema"' EXIT; \
	  $(BIN)/python manage.py spectacular --validate --fail-on-warn --file "$$schema" \
	  && diff -u docs/api/openapi.yaml "$$schema" \
	  || { echo "docs/api/openapi.yaml is stale: run $(BIN)/python manage.py spectacular --validate --file docs/api/openapi.yaml" >&2; exit 1; }
	@bash scripts/check_deploy.sh $(BIN)/python

contract: setup  ## schemathesis against docs/api/openapi.yaml on a throwaway server (no 5xx, schema kept)
	bash scripts/schemathesis.sh

messages: setup  ## extract and compile the vi/en translation catalogues
	$(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --no-location -i '.venv/*' -i 'tests/*' -i 'staticfiles/*' -i 'test-artifacts/*'
	$(BIN)/python manage.py compilemessages -l vi -l en -i .venv

bench: setup  ## every figure of docs/benchmarks.md next to its reference (data sets made once; ARGS=--only G1,G3)
	@bash scripts/bench_tools.sh
	$(BIN)/python bench/run.py $(ARGS)

chaos: setup  ## fault drill: kill -9 workers and PostgreSQL under load (restarts the local PostgreSQL!)
	@bash scripts/bench_tools.sh
	$(BIN)/python bench/chaos.py --yes $(ARGS)

province: setup  ## synthetic province on PostgreSQL: make province N=10000000 [SEED=2026] [DB=postgres://…]
	$(BIN)/python manage.py generate_province --dossiers $(or $(N),1000000) $(if $(SEED),--seed $(SEED)) \
	  $(if $(DB),--database-url $(DB)) $(ARGS)

lock:  ## regenerate requirements*.lock from pyproject.toml in a clean venv
	bash scripts/lock.sh

clean:  ## remove the virtualenv and local database
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
