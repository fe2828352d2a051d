#!/usr/bin/env bash
# make run: brings the database up to date with the code, then serves it.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
if (exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT") 2>/dev/null; then
  die "port $HTTP_PORT is already in use (another Odoo running?). Stop it, or serve on another port: HTTP_PORT=8070 make run"
fi
"$PY" scripts/odoo_db.py ensure "$DB_NAME" || exit 1
say "Client Desk on http://localhost:$HTTP_PORT (log in as admin / admin; Ctrl-C stops it)"
# client_desk is loaded server-wide too: its post_load hook (the HTTP and XML-RPC hardening)
# then runs before the first request, not when the database's registry is first loaded.
exec "$PY" scripts/odoo-bin -c odoo.conf -d "$DB_NAME" --db-filter="^$DB_NAME\$" --http-port="$HTTP_PORT" \
  --load=web,client_desk
