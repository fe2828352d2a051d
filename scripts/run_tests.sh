#!/usr/bin/env bash
# make test: lint, then two runs side by side, each on databases of its own:
# - the addons' tests under Odoo's own runner (make test-odoo: odoo-bin --test-enable on a fresh
#   database with every Client Desk module, as OCA's CI runs them);
# - the repository's tests under pytest (tests/: every module installed alone and uninstalled,
#   each bridge with its two modules, all of them on the Belgian chart and each feature module
#   uninstalled from there, the set-up scripts), which only drive odoo-bin.
# Each addon test runs once (under pytest too it doubled the time CI takes, for the same
# assertions); run a single addon test file with pytest while developing (README, Tests).
# Ends with both summaries; exits non-zero on any failure.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

lint_status=0
bash scripts/lint.sh || lint_status=$?

mkdir -p "$VAR/log"
repo_log="$VAR/log/pytest-tests.log"
subsets_log="$VAR/log/pytest-subsets.log"
odoo_out="$VAR/log/odoo-tests-summary.log"
say "running the repository's tests (tests/) under pytest, beside the addons' tests (logs: $repo_log, $subsets_log)"
set +e
# Two pytest runs: the subsets of modules (a template database, then copies) take as long as
# the rest of tests/ together.
# (--ignore does not take a file of a testpaths folder named on the command line: the files are listed.)
mapfile -t repo_tests < <(ls tests/test_*.py | grep -v '/test_module_subsets\.py$')
"$PY" -m pytest "${repo_tests[@]}" -p no:odoo -p no:cacheprovider "$@" >"$repo_log" 2>&1 &
repo_pid=$!
"$PY" -m pytest tests/test_module_subsets.py -p no:odoo -p no:cacheprovider "$@" >"$subsets_log" 2>&1 &
subsets_pid=$!
bash scripts/run_odoo_tests.sh 2>&1 | tee "$odoo_out"
odoo_status=${PIPESTATUS[0]}
wait "$repo_pid"
repo_status=$?
wait "$subsets_pid"
subsets_status=$?
set -e

say "the repository's tests (tests/)"
cat "$repo_log"
say "the subsets of modules (tests/test_module_subsets.py)"
cat "$subsets_log"
say "the addons' tests (Odoo's runner)"
tail -n 3 "$odoo_out"

if [ "$lint_status" != 0 ]; then
  echo "lint failed (see above)" >&2
  exit "$lint_status"
fi
[ "$repo_status" = 0 ] || exit "$repo_status"
[ "$subsets_status" = 0 ] || exit "$subsets_status"
exit "$odoo_status"
