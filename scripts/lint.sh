#!/usr/bin/env bash
# make lint: flake8 and pylint-odoo over our Python; exits non-zero on any finding.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
status=0
say "flake8"
"$VENV/bin/flake8" addons tests bench scripts conftest.py || status=1
if compgen -G "addons/*/__manifest__.py" >/dev/null; then
  say "pylint-odoo"
  "$VENV/bin/pylint" --rcfile=.pylintrc addons/* || status=1
fi
exit $status
