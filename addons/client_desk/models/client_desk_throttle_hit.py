from datetime import datetime, timedelta

from odoo import api, fields, models


class ClientDeskThrottleHit(models.Model):
    """One counted attempt (a failed login, a booking...) by one key within one scope.

    Generic throttle (SECURITY checklist 13): a caller counts attempts of a kind (scope, e.g.
    'login' or 'login_address') by who makes them (key, e.g. a login or an IP address) and
    refuses once a key made `limit` attempts within the last `window_minutes`. Rows are only
    written through the methods below, with sudo; a daily cron deletes old ones (they hold
    logins and addresses: personal data kept no longer than needed).
    """

    _name = "client.desk.throttle.hit"
    _description = "Throttled attempt"
    _order = "date desc, id desc"

    # Rows older than this are deleted by the cron: longer than any window callers use.
    _keep_hours = 48

    scope = fields.Char(required=True, index=True, readonly=True)
    key = fields.Char(required=True, readonly=True)
    date = fields.Datetime(required=True, index=True, readonly=True, default=fields.Datetime.now)

    def init(self):
        # Counting happens on every login: one index answers "hits of this key since then".
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS client_desk_throttle_hit_scope_key_date_idx"
            " ON client_desk_throttle_hit (scope, key, date)"
        )

    @api.model
    def _normalize_key(self, key):
        """Keys are compared case-insensitively ("Anne@Example.com" is "anne@example.com")."""
        return (key or "").strip().lower()

    @api.model
    def _window_start(self, window_minutes):
        return fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=window_minutes))

    @api.model
    def _count(self, scope, key, window_minutes):
        """Attempts of key in scope within the last window_minutes."""
        return self.sudo().search_count([
            ("scope", "=", scope),
            ("key", "=", self._normalize_key(key)),
            ("date", ">=", self._window_start(window_minutes)),
        ])

    @api.model
    def _is_throttled(self, scope, key, limit, window_minutes):
        """True when key already made limit attempts in scope within the window.

        An empty key (e.g. no remote address outside HTTP) is never throttled.
        """
        if not self._normalize_key(key):
            return False
        return self._count(scope, key, window_minutes) >= limit

    @api.model
    def _hit(self, scope, key):
        """Counts one attempt of key in scope (nothing for an empty key)."""
        if not self._normalize_key(key):
            return self.browse()
        return self.sudo().create({"scope": scope, "key": self._normalize_key(key)})

    @api.model
    def _hit_unless_throttled(self, scope, key, limit, window_minutes):
        """For callers where every attempt counts (bookings, messages): refuses (False) once
        the key made limit attempts within the window, else counts this one and returns True.
        A refused attempt is not counted, so the key is free again when the window passes."""
        if self._is_throttled(scope, key, limit, window_minutes):
            return False
        self._hit(scope, key)
        return True

    @api.model
    def _reset(self, scope, key):
        """Forgets the attempts of key in scope (e.g. a login's failures after a success)."""
        self.sudo().search([("scope", "=", scope), ("key", "=", self._normalize_key(key))]).unlink()

    @api.model
    def _cron_delete_old_hits(self):
        """Daily: deletes attempts older than _keep_hours."""
        limit = fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=self._keep_hours))
        self.sudo().search([("date", "<", limit)]).unlink()
