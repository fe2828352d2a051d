#!/usr/bin/env bash
# make test: lint, a fresh test database with every Client Desk module, the whole suite under
# pytest, then the addons' tests again under Odoo's own runner (make test-odoo), as OCA's CI
# runs them.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

lint_status=0
bash scripts/lint.sh || lint_status=$?

say "creating a fresh test database '$TEST_DB'"
"$PY" scripts/odoo_db.py fresh-test "$TEST_DB" || exit 1
"$PY" scripts/odoo_db.py warm-assets "$TEST_DB" || exit 1

say "running the test suite"
set +e
"$PY" -m pytest addons tests \
  --odoo-database="$TEST_DB" --odoo-config=odoo.conf --odoo-log-level=warn \
  -p no:cacheprovider "$@"
status=$?
set -e
"$PY" scripts/odoo_db.py drop "$TEST_DB" || true

odoo_status=0
bash scripts/run_odoo_tests.sh || odoo_status=$?
[ "$status" = 0 ] && status=$odoo_status

if [ "$lint_status" != 0 ]; then
  echo "lint failed (see above)" >&2
  exit "$lint_status"
fi
exit "$status"
