#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on $PGPORT and lets the current user create databases.
# A server that already runs is only given the role; otherwise the Debian cluster is started
# (created and, when missing, installed first).
source "$(dirname "$0")/common.sh"

DB_ROLE="$(id -un)"

port_is_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; }
server_state() {
  command -v pg_isready >/dev/null || { echo 2; return; }
  pg_isready -q -p "$PGPORT" >/dev/null 2>&1
  echo $?
}
can_connect() { psql -X -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

start_local_cluster() {
  apt_install "postgresql-$PG_VERSION"
  command -v pg_lsclusters >/dev/null || die "no pg_lsclusters: start a PostgreSQL $PG_VERSION server on port $PGPORT yourself, then run make again."
  local cluster
  cluster="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v p="$PGPORT" '$1 == v && $3 == p {print $2; exit}')"
  if [ -z "$cluster" ]; then
    cluster=clientdesk
    say "creating PostgreSQL $PG_VERSION cluster '$cluster' on port $PGPORT"
    as_root pg_createcluster "$PG_VERSION" "$cluster" -p "$PGPORT" >/dev/null
  fi
  say "starting PostgreSQL $PG_VERSION cluster '$cluster' on port $PGPORT"
  as_root pg_ctlcluster "$PG_VERSION" "$cluster" start \
    || die "PostgreSQL cluster $PG_VERSION/$cluster did not start: see /var/log/postgresql/postgresql-$PG_VERSION-$cluster.log."
}

state="$(server_state)"
if [ "$state" = 2 ] && port_is_open; then
  die "port $PGPORT is taken by a server that does not answer as PostgreSQL.
  Stop that server, or choose another port for Client Desk's cluster: PGPORT=5433 make run"
fi
if [ "$state" = 2 ] || [ "$state" = 3 ]; then
  start_local_cluster
fi
for _ in $(seq 1 30); do
  [ "$(server_state)" = 0 ] && break
  sleep 1
done
[ "$(server_state)" = 0 ] || die "PostgreSQL on port $PGPORT does not accept connections (still starting up, or in recovery?)."

if ! can_connect; then
  say "creating PostgreSQL role '$DB_ROLE'"
  if [ "$(id -u)" = 0 ] || command -v sudo >/dev/null; then
    as_root runuser -u postgres -- psql -X -p "$PGPORT" -d postgres -qc "CREATE ROLE \"$DB_ROLE\" LOGIN CREATEDB" >/dev/null 2>&1 || true
  fi
  can_connect || die "the PostgreSQL server on port $PGPORT refuses user '$DB_ROLE'.
  Either let Client Desk start its own cluster on a free port (PGPORT=5433 make run),
  or have that server's administrator run: CREATE ROLE \"$DB_ROLE\" LOGIN CREATEDB;"
fi
if [ "$DB_ROLE" = postgres ]; then
  die "Odoo refuses to connect as 'postgres'. Run make as another user."
fi
