#!/usr/bin/env bash
# make test-odoo: the addons' tests under Odoo's own runner, as OCA's CI runs them: on a
# fresh database, their dependencies first (without tests: --test-enable runs the tests of
# every module it installs, Odoo's own included), then
# odoo-bin --test-enable -i <every Client Desk module> --stop-after-init.
# Fails when a test fails or errs, when a module or the database fails to load, or when a
# test file did not run (scripts/check_odoo_test_log.py reads Odoo's log).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
DB="${ODOO_TEST_DB:-$TEST_DB}"
modules="$("$PY" scripts/odoo_db.py modules | paste -sd, -)"
depends="$("$PY" scripts/odoo_db.py depends)"
log="$VAR/log/odoo-tests-$DB.log"
port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$VAR/log"
rm -f "$log"

say "running the tests of $modules under Odoo's runner on a fresh database '$DB' (log: $log)"
"$PY" scripts/odoo_db.py drop "$DB"
odoo() {
  "$PY" scripts/odoo-bin -c odoo.conf -d "$DB" --db-filter="^$DB\$" --stop-after-init --http-port="$port" \
    --max-cron-threads=0 --log-level=info "$@"
}
set +e
# English first, as in the pytest database: tests read the source strings unless they ask.
odoo -i "$depends" --load-language=en_US,nl_BE,fr_BE --logfile="$VAR/log/odoo-tests-depends-$DB.log"
code=$?
if [ "$code" = 0 ]; then
  # Odoo's exit code also counts the tests of stock modules pulled in by auto_install: the
  # log says whether ours passed.
  odoo -i "$modules" --test-enable --logfile="$log"
  "$PY" scripts/check_odoo_test_log.py "$log" $(echo "$modules" | tr , ' ')
  code=$?
else
  echo "installing the dependencies ($depends) failed: see $VAR/log/odoo-tests-depends-$DB.log" >&2
fi
set -e
"$PY" scripts/odoo_db.py drop "$DB" || true
exit "$code"
