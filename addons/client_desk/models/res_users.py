import logging

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessDenied
from odoo.http import request

_logger = logging.getLogger(__name__)

# Throttle scopes (client.desk.throttle.hit) of failed logins: by login, and by remote address.
SCOPE_LOGIN = "login"
SCOPE_ADDRESS = "login_address"
# ir.config_parameter keys and their defaults (Settings > Client Desk).
PARAM_MAX_FAILURES = "client_desk.login_max_failures"
PARAM_ADDRESS_MAX_FAILURES = "client_desk.login_address_max_failures"
PARAM_WINDOW_MINUTES = "client_desk.login_window_minutes"
DEFAULT_MAX_FAILURES = 5
DEFAULT_ADDRESS_MAX_FAILURES = 20
DEFAULT_WINDOW_MINUTES = 15


class ClientDeskLoginThrottled(AccessDenied):
    """A login refused without looking at the password: too many recent failures."""


class ResUsers(models.Model):
    """Failed-login throttling (SECURITY item 6, checklist 13).

    After too many failures within a window, by one login (from anywhere: a distributed
    guess) or from one remote address (over any logins: one guesser), every attempt is
    refused without checking the password, even the right one, so guessing gains nothing
    until the window has passed. The address limit is higher than the login one: an office
    or a salon behind one address must not lock out every colleague after one typo-prone one.
    A successful login forgets its login's failures (not its address's: an attacker with one
    account of their own must not reset the address counter between guesses).

    Covered: the web login form, /web/session/authenticate, XML-RPC/JSON-RPC common.login /
    authenticate (through _login) and RPC calls with uid and password (through check /
    check_credentials). Outside an HTTP request there is no address: only the login counts.
    """

    _inherit = "res.users"

    @api.model
    def _client_desk_int_param(self, key, default):
        """A positive integer ir.config_parameter; the default when unset or invalid."""
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return default
        return value if value > 0 else default

    @api.model
    def _client_desk_login_limits(self):
        """(failures per login, failures per address, window in minutes)."""
        return (
            self._client_desk_int_param(PARAM_MAX_FAILURES, DEFAULT_MAX_FAILURES),
            self._client_desk_int_param(PARAM_ADDRESS_MAX_FAILURES, DEFAULT_ADDRESS_MAX_FAILURES),
            self._client_desk_int_param(PARAM_WINDOW_MINUTES, DEFAULT_WINDOW_MINUTES),
        )

    @api.model
    def _client_desk_login_throttled(self, login, address):
        """True when login or address made too many failed attempts within the window."""
        per_login, per_address, window = self._client_desk_login_limits()
        hits = self.env["client.desk.throttle.hit"]
        return hits._is_throttled(SCOPE_LOGIN, login, per_login, window) or hits._is_throttled(
            SCOPE_ADDRESS, address, per_address, window
        )

    @api.model
    def _client_desk_login_record(self, login, address, success):
        """Counts a failed attempt for its login and address; a success clears the login's."""
        hits = self.env["client.desk.throttle.hit"]
        if success:
            hits._reset(SCOPE_LOGIN, login)
        else:
            hits._hit(SCOPE_LOGIN, login)
            hits._hit(SCOPE_ADDRESS, address)

    @api.model
    def _client_desk_login_throttled_message(self):
        """What the login page says instead of "Wrong login/password" while throttled."""
        window = self._client_desk_login_limits()[2]
        return _(
            "Too many failed login attempts. For your security, logging in is blocked for %s minutes."
            " Please try again later."
        ) % window

    @classmethod
    def _client_desk_remote_address(cls):
        """The caller's address when called within an HTTP request (None for XML-RPC)."""
        return request.httprequest.remote_addr if request else None

    @classmethod
    def _client_desk_with_env(cls, method, *args):
        """Runs a method of this model as superuser in its own transaction, committed at once:
        failures must be counted even though the login's own transaction is rolled back."""
        with cls.pool.cursor() as cr:
            return getattr(api.Environment(cr, SUPERUSER_ID, {})[cls._name], method)(*args)

    @classmethod
    def _login(cls, db, login, password):
        if not password:
            return super()._login(db, login, password)  # refused by Odoo; not a guess to count
        address = cls._client_desk_remote_address()
        if cls._client_desk_with_env("_client_desk_login_throttled", login, address):
            _logger.info("Login refused (throttled) for db:%s login:%s from %s", db, login, address or "n/a")
            if request:
                request.client_desk_login_throttled = True  # the login page explains why
            return False
        uid = super()._login(db, login, password)
        cls._client_desk_with_env("_client_desk_login_record", login, address, bool(uid))
        return uid

    @classmethod
    def check(cls, db, uid, passwd):
        """RPC calls with uid and password: a wrong password counts as a failed login."""
        try:
            return super().check(db, uid, passwd)
        except ClientDeskLoginThrottled:
            raise
        except AccessDenied:
            if passwd:
                login = cls._client_desk_with_env("_client_desk_login_of", uid)
                if login:
                    cls._client_desk_with_env(
                        "_client_desk_login_record", login, cls._client_desk_remote_address(), False
                    )
            raise

    @api.model
    def _client_desk_login_of(self, uid):
        return self.browse(uid).exists().login

    @api.model
    def check_credentials(self, password):
        # Reached when a password must really be compared (RPC calls whose password is not
        # cached yet, password changes): refuse without comparing while throttled.
        if self._client_desk_login_throttled(self.env.user.login, self._client_desk_remote_address()):
            raise ClientDeskLoginThrottled()
        return super().check_credentials(password)
