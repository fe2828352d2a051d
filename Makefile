# Client Desk: make run | make test | make test-odoo | make bench | make lint | make clean-db
# Settings (environment or make variables): DB_NAME, TEST_DB, HTTP_PORT, PGPORT; see README.
SHELL := /bin/bash
export DB_NAME ?= clientdesk
export TEST_DB ?= clientdesk_test
export HTTP_PORT ?= 8069
export PGPORT ?= 5432
PY := .venv/bin/python

.PHONY: run test test-odoo bench lint clean-db setup venv postgres

venv:
	@bash scripts/setup_venv.sh

postgres:
	@bash scripts/setup_postgres.sh

setup: venv postgres

run: setup
	@bash scripts/run_server.sh

test: setup
	@bash scripts/run_tests.sh

# The addons' tests under Odoo's own runner (odoo-bin --test-enable), as OCA's CI runs them.
test-odoo: setup
	@bash scripts/run_odoo_tests.sh

lint: venv
	@bash scripts/lint.sh

bench: setup
	@bash scripts/run_bench.sh $(BENCH_ARGS)

clean-db: setup
	@$(PY) scripts/odoo_db.py drop $(DB_NAME) $(TEST_DB)
	@echo "dropped $(DB_NAME) and $(TEST_DB)"
