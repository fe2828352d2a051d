"""Client Desk's hold on Odoo's two WSGI entry points, installed once per process.

Odoo 11 answers every request through odoo.service.wsgi_server.application_unproxied, which
hands /xmlrpc/... POSTs to wsgi_server.wsgi_xmlrpc (looked up by name at each request) and
everything else to odoo.http.root. The hardening of models/ir_http.py must act before either
reads the body, so both are wrapped here:

- odoo.http.Root.get_request (web pages, JSON-RPC): JSONP and bodies over the size limit are
  refused before the request object parses anything; Root.get_response: the session cookie
  gets SameSite=Lax. Both ask the request's database's ir.http, so a database without
  client_desk is left as it was.
- odoo.service.db.check_super (the master password of the database manager, over XML-RPC
  and the web): failures are throttled by address, in the process (no database is involved).
- wsgi_server.wsgi_xmlrpc (XML-RPC, which never goes through odoo.http): a body over the
  size limit is refused with an XML-RPC fault before it is read, and the caller's address is
  kept on the thread while the call runs, so failed logins over XML-RPC are throttled by
  address like the web's (models/res_users.py).

install() is the module's post_load hook (see __init__.py): Odoo calls it once per process
when it loads the module, for a database's registry or as a server-wide module (--load),
before any request of that database is served. Importing the module changes nothing.
"""
import collections
import io
import logging
import threading
import time
import xml.parsers.expat
import xmlrpc.client

import babel.core
import werkzeug.datastructures
import werkzeug.exceptions
import werkzeug.http
import werkzeug.wrappers

import odoo
from odoo import http
from odoo.exceptions import AccessDenied, UserError
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.service import wsgi_server

from .models.ir_http import ALWAYS_ALLOWED_BYTES, DEFAULT_MAX_UPLOAD_MB, MEGABYTE
from .models.res_users import XMLRPC_ADDRESS_ATTRIBUTE

_logger = logging.getLogger(__name__)
XMLRPC_PREFIX = "/xmlrpc/"
XMLRPC_V2_PREFIX = "/xmlrpc/2/"
# When no database with Client Desk is loaded yet (a server-wide load before the first
# registry), the default limit applies, with its message in English.
FALLBACK_MESSAGE = "This file or form is too large: %s MB at most can be sent at once."


def install():
    """Wraps the entry points once per process (idempotent)."""
    _wrap_root()
    _wrap_xmlrpc()
    _wrap_master_password()


# -- web pages and JSON-RPC ----------------------------------------------------------------


def _client_desk_ir_http(httprequest):
    """This request's database's ir.http when client_desk is installed there, else None."""
    db = httprequest.session.db
    if not db:
        return None
    try:
        with odoo.tools.mute_logger("odoo.sql_db"):
            ir_http = odoo.registry(db)["ir.http"]
    except Exception:  # noqa: BLE001 - Root.dispatch handles (and logs) a broken database next
        return None
    return ir_http if hasattr(ir_http, "_client_desk_refuse_request") else None


def _wrap_root():
    root_class = http.Root
    if getattr(root_class.get_request, "client_desk_wrapped", False):
        return
    get_request = root_class.get_request
    get_response = root_class.get_response

    def client_desk_get_request(self, httprequest):
        ir_http = _client_desk_ir_http(httprequest)
        if ir_http is not None:
            refusal = ir_http._client_desk_refuse_request(httprequest)
            if refusal is not None:
                raise refusal  # Root.dispatch answers HTTPExceptions as they are
        return get_request(self, httprequest)

    def client_desk_get_response(self, httprequest, result, explicit_session):
        response = get_response(self, httprequest, result, explicit_session)
        ir_http = _client_desk_ir_http(httprequest)
        if ir_http is not None:
            ir_http._client_desk_secure_cookies(response)
        return response

    client_desk_get_request.client_desk_wrapped = True
    root_class.get_request = client_desk_get_request
    root_class.get_response = client_desk_get_response


# -- XML-RPC -------------------------------------------------------------------------------


def _wrap_xmlrpc():
    wsgi_xmlrpc = wsgi_server.wsgi_xmlrpc
    if getattr(wsgi_xmlrpc, "client_desk_wrapped", False):
        return

    def client_desk_wsgi_xmlrpc(environ, start_response):
        if environ["REQUEST_METHOD"] != "POST" or not environ["PATH_INFO"].startswith(XMLRPC_PREFIX):
            return wsgi_xmlrpc(environ, start_response)
        refusal = _xmlrpc_refusal(environ) or _xmlrpc_unreadable(environ)
        if refusal is not None:
            return refusal(environ, start_response)
        thread = threading.current_thread()
        setattr(thread, XMLRPC_ADDRESS_ATTRIBUTE, environ.get("REMOTE_ADDR"))
        try:
            return wsgi_xmlrpc(environ, start_response)
        finally:
            delattr(thread, XMLRPC_ADDRESS_ATTRIBUTE)

    client_desk_wsgi_xmlrpc.client_desk_wrapped = True
    wsgi_server.wsgi_xmlrpc = client_desk_wsgi_xmlrpc


def _xmlrpc_unreadable(environ):
    """A 400 answer when the body is not an XML-RPC call, else None (the body, read here,
    is put back for Odoo). Stock parsed it outside its error handling: a 500 and a traceback
    in the log for any garbage a client sends."""
    data = environ["wsgi.input"].read(_content_length(environ))
    environ["wsgi.input"] = io.BytesIO(data)
    try:
        xmlrpc.client.loads(data)
    except (xml.parsers.expat.ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError, IndexError) as error:
        _logger.info("unreadable XML-RPC call refused: %s", error)
        return werkzeug.exceptions.BadRequest("This is not an XML-RPC call: %s" % error)
    return None


def _content_length(environ):
    """The declared body size, or None when missing or invalid."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return length if length >= 0 else None


def _accept_language(environ):
    """The caller's language as an Odoo code (as odoo.http.Root.setup_lang derives it)."""
    accepted = werkzeug.http.parse_accept_header(
        environ.get("HTTP_ACCEPT_LANGUAGE"), werkzeug.datastructures.LanguageAccept
    )
    try:
        code, territory, _script, _variant = babel.core.parse_locale(accepted.best or "en-US", sep="-")
        return "%s_%s" % (code, territory) if territory else babel.core.LOCALE_ALIASES[code]
    except (ValueError, KeyError):
        return "en_US"


def _client_desk_registries():
    """The loaded, ready registries of databases where client_desk is installed."""
    registries = Registry.registries
    for name in list(registries.keys()):
        registry = registries.get(name)
        if registry is not None and registry.ready and hasattr(registry["ir.http"], "_client_desk_xmlrpc_limit"):
            yield registry


def _xmlrpc_limit(lang):
    """(size limit in bytes, refusal message) for an XML-RPC call, whose database is named
    only inside the body: the largest limit of the loaded databases with Client Desk (with
    one database, as `make run` serves, that database's own limit)."""
    best = None
    for registry in _client_desk_registries():
        limit = registry["ir.http"]._client_desk_xmlrpc_limit(lang)
        if best is None or limit[0] > best[0]:
            best = limit
    if best is None:
        best = (DEFAULT_MAX_UPLOAD_MB * MEGABYTE, FALLBACK_MESSAGE % DEFAULT_MAX_UPLOAD_MB)
    return best


def _xmlrpc_refusal(environ):
    """The WSGI response refusing this XML-RPC call before its body is read, or None."""
    length = _content_length(environ)
    if length is None:
        return werkzeug.exceptions.LengthRequired()  # Odoo answered 500
    if length <= ALWAYS_ALLOWED_BYTES:
        return None
    limit, message = _xmlrpc_limit(_accept_language(environ))
    if length <= limit:
        return None
    _logger.info("XML-RPC request of %s bytes refused (limit %s bytes)", length, limit)
    # An XML-RPC fault (HTTP 200, as the protocol wants) in the form Odoo gives a UserError on
    # this route: clients show it as they show Odoo's own errors.
    if environ["PATH_INFO"].startswith(XMLRPC_V2_PREFIX):
        body = wsgi_server.xmlrpc_handle_exception_int(UserError(message))
    else:
        body = wsgi_server.xmlrpc_handle_exception_string(UserError(message))
    # The unread body is not wanted: the connection closes after the answer.
    return werkzeug.wrappers.Response(body, mimetype="text/xml", headers=[("Connection", "close")])


# -- the database manager's master password ----------------------------------------------


class MasterPasswordThrottle:
    """Failed master-password checks per address in the last WINDOW seconds; past LIMIT the
    check is refused without comparing, even the right password. Kept in the process: the
    database manager works outside any database (with workers, each counts its own)."""

    LIMIT = 5
    WINDOW = 15 * 60

    def __init__(self):
        self._lock = threading.Lock()
        self._failures = collections.defaultdict(collections.deque)

    def _recent(self, address, now):
        failures = self._failures[address]
        while failures and failures[0] <= now - self.WINDOW:
            failures.popleft()
        return failures

    def throttled(self, address):
        with self._lock:
            return len(self._recent(address, time.monotonic())) >= self.LIMIT

    def failed(self, address):
        with self._lock:
            now = time.monotonic()
            self._recent(address, now).append(now)

    def clear(self):
        with self._lock:
            self._failures.clear()


MASTER_PASSWORD_THROTTLE = MasterPasswordThrottle()


def _caller_address():
    if http.request:
        return http.request.httprequest.remote_addr
    return getattr(threading.current_thread(), XMLRPC_ADDRESS_ATTRIBUTE, None)


def _wrap_master_password():
    check_super = db_service.check_super
    if getattr(check_super, "client_desk_wrapped", False):
        return

    def client_desk_check_super(passwd):
        address = _caller_address()
        if MASTER_PASSWORD_THROTTLE.throttled(address):
            _logger.warning("master password check refused (throttled) for %s", address or "n/a")
            raise AccessDenied()
        try:
            return check_super(passwd)
        except AccessDenied:
            MASTER_PASSWORD_THROTTLE.failed(address)
            raise

    client_desk_check_super.client_desk_wrapped = True
    db_service.check_super = client_desk_check_super
