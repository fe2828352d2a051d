import logging
import threading

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessDenied
from odoo.http import request

_logger = logging.getLogger(__name__)

# Throttle scopes (client.desk.throttle.hit) of failed logins: by remote address (over any
# logins: one guesser), and by address and login together (one guesser on one account).
SCOPE_ADDRESS = "login_address"
SCOPE_ADDRESS_LOGIN = "login_address_login"
# ir.config_parameter keys and their defaults (Settings > Client Desk).
PARAM_MAX_FAILURES = "client_desk.login_max_failures"
PARAM_ADDRESS_MAX_FAILURES = "client_desk.login_address_max_failures"
PARAM_WINDOW_MINUTES = "client_desk.login_window_minutes"
DEFAULT_MAX_FAILURES = 5
DEFAULT_ADDRESS_MAX_FAILURES = 20
DEFAULT_WINDOW_MINUTES = 15
# Attribute of the current thread holding the caller's address during an XML-RPC call (set
# by client_desk.http_entry: XML-RPC runs outside odoo.http, without a request object).
XMLRPC_ADDRESS_ATTRIBUTE = "client_desk_remote_addr"


class ClientDeskLoginThrottled(AccessDenied):
    """A login refused without looking at the password: too many recent failures."""


class ResUsers(models.Model):
    """Failed-login throttling (SECURITY item 6, checklist 13 and 18).

    Failures are counted by where they come from, never by login alone: counting by login
    let anyone lock anyone out (five wrong passwords from anywhere blocked the administrator
    for the whole window). Two counters, within a window:

    - per address and login: after `login_max_failures` failures on one account from one
      address, that address may not try that account any more;
    - per address: after `login_address_max_failures` failures from one address over any
      accounts, that address may not log in at all (one guesser trying many accounts). The
      limit is higher: a salon behind one address must not lock out every colleague after one
      typo-prone one.

    While throttled an attempt is refused without checking the password, even the right one,
    so guessing from that address gains nothing until the window has passed. The owner of the
    account, from any other address, still logs in. A success forgets its address and login's
    failures (not its address's: an attacker with one account of their own must not reset the
    address counter between guesses).

    Covered: the web login form, /web/session/authenticate, JSON-RPC and XML-RPC
    common.login / authenticate (through _login) and RPC calls with uid and password (through
    check / check_credentials). Outside HTTP and XML-RPC (scripts, the shell) there is no
    address and nothing is counted.
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
        """(failures per address and login, failures per address, window in minutes)."""
        return (
            self._client_desk_int_param(PARAM_MAX_FAILURES, DEFAULT_MAX_FAILURES),
            self._client_desk_int_param(PARAM_ADDRESS_MAX_FAILURES, DEFAULT_ADDRESS_MAX_FAILURES),
            self._client_desk_int_param(PARAM_WINDOW_MINUTES, DEFAULT_WINDOW_MINUTES),
        )

    @api.model
    def _client_desk_address_login_key(self, address, login):
        """The key of one login tried from one address (empty without an address)."""
        return "%s %s" % (address, login or "") if address else ""

    @api.model
    def _client_desk_login_throttled(self, login, address):
        """True when address made too many failed attempts within the window, in all or on
        this login."""
        per_login, per_address, window = self._client_desk_login_limits()
        hits = self.env["client.desk.throttle.hit"]
        return hits._is_throttled(SCOPE_ADDRESS, address, per_address, window) or hits._is_throttled(
            SCOPE_ADDRESS_LOGIN, self._client_desk_address_login_key(address, login), per_login, window
        )

    @api.model
    def _client_desk_login_record(self, login, address, success):
        """Counts a failed attempt for its address (alone and with the login); a success
        clears the failures of this login from this address."""
        hits = self.env["client.desk.throttle.hit"]
        key = self._client_desk_address_login_key(address, login)
        if success:
            hits._reset(SCOPE_ADDRESS_LOGIN, key)
        else:
            hits._hit(SCOPE_ADDRESS_LOGIN, key)
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
        """The caller's address: of the HTTP request, or of the XML-RPC call being served
        (None outside both)."""
        if request:
            return request.httprequest.remote_addr
        return getattr(threading.current_thread(), XMLRPC_ADDRESS_ATTRIBUTE, None)

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
            address = cls._client_desk_remote_address()
            if passwd and address:
                login = cls._client_desk_with_env("_client_desk_login_of", uid)
                cls._client_desk_with_env("_client_desk_login_record", login, address, False)
            raise

    @api.model
    def _client_desk_login_of(self, uid):
        """The login of user id uid; "#<uid>" when there is no such user (a guesser walking
        through ids is counted too)."""
        user = self.browse(uid).exists() if isinstance(uid, int) else self.browse()
        return user.login or "#%s" % uid

    @api.model
    def check_credentials(self, password):
        # Reached when a password must really be compared (RPC calls whose password is not
        # cached yet, password changes): refuse without comparing while throttled.
        login = self.sudo()._client_desk_login_of(self.env.uid)
        if self._client_desk_login_throttled(login, self._client_desk_remote_address()):
            raise ClientDeskLoginThrottled()
        return super().check_credentials(password)
