# Shared settings and helpers for the set-up scripts; sourced, never run.
# Every value can be overridden from the environment (see README "Configuration").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
VAR="$ROOT/var"
export PGPORT="${PGPORT:-5432}"
DB_NAME="${DB_NAME:-clientdesk}"
TEST_DB="${TEST_DB:-clientdesk_test}"
HTTP_PORT="${HTTP_PORT:-8069}"
PG_VERSION=15
LESSC_VERSION=3.13.1
# Odoo finds lessc on PATH.
export PATH="$VENV/lessc/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
  printf '\n\033[31mclient desk set-up: %s\033[0m\n\n' "$*" >&2
  exit 1
}
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "'$*' needs root. Run it as root (or install sudo), then run make again."
  fi
}
apt_install() {
  # Installs Debian packages that are missing; refreshes the package lists once per run.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing system packages: ${missing[*]} (no apt-get here: install them by hand)."
  say "installing system packages: ${missing[*]}"
  if [ -z "${CLIENT_DESK_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq >/dev/null
    export CLIENT_DESK_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]} with apt-get."
}
