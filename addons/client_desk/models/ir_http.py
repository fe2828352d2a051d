"""HTTP hardening that is not tied to one feature (SECURITY items 4 and 6).

- JSONP answers are refused: `?jsonp=cb` made Odoo 11 wrap any JSON-RPC answer, session id
  included, in a script another site can load with the visitor's cookies.
- Requests bigger than `client_desk.max_upload_mb` are refused with 413 before their body is
  read.
- The session cookie gets `SameSite=Lax` (Werkzeug 0.11's set_cookie cannot set it).
- A MissingError in a page route answers 404 (stock: 500), an AccessError 403.

The first two cannot wait for ir.http._dispatch: by then Odoo 11 has already read the body
(HttpRequest.__init__ parses the form and files, JsonRequest.__init__ the JSON) and a JSONP
error answer would itself carry the session id. The earliest point that knows the database is
odoo.http.Root.get_request(), called once the session and database are set up and before the
request object reads anything; the cookie is set in Root.get_response(), after every ir.http
hook. Both are wrapped below (once per process) and hand over to this database's ir.http, so a
database without client_desk is left as it was.
"""
import logging

import werkzeug.exceptions

import odoo
from odoo import SUPERUSER_ID, _, api, http, models
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

_logger = logging.getLogger(__name__)

PARAM_MAX_UPLOAD_MB = "client_desk.max_upload_mb"
DEFAULT_MAX_UPLOAD_MB = 25
MEGABYTE = 1024 * 1024
SESSION_COOKIE = "session_id"
# Bodies up to this size are never refused (the smallest limit one can set is 1 MB): most
# requests, every JSON-RPC call among them, pass without reading the parameter.
ALWAYS_ALLOWED_BYTES = MEGABYTE


class ClientDeskBadRequest(werkzeug.exceptions.BadRequest):
    """400 answered before Odoo builds its request object."""


class ClientDeskRequestTooLarge(werkzeug.exceptions.RequestEntityTooLarge):
    """413 answered before the body is read."""


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # -- before the request object exists (called from Root.get_request) ------------------

    @classmethod
    def _client_desk_refuse_request(cls, httprequest):
        """The HTTP error to answer instead of handling this request, or None.

        Only reads the query string and the headers, never the body.
        """
        if "jsonp" in httprequest.args:
            return cls._client_desk_refusal(httprequest, "_client_desk_jsonp_refusal")
        length = httprequest.content_length or 0
        if length > ALWAYS_ALLOWED_BYTES:
            return cls._client_desk_refusal(httprequest, "_client_desk_size_refusal", length)
        return None

    @classmethod
    def _client_desk_refusal(cls, httprequest, method, *args):
        """Calls method (an @api.model method of ir.http) in the visitor's language."""
        lang = httprequest.session.context.get("lang") or "en_US"
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": lang})
            return getattr(env["ir.http"], method)(*args)

    @api.model
    def _client_desk_jsonp_refusal(self):
        return ClientDeskBadRequest(
            _("JSONP is not supported: call this address with a JSON request from the same site.")
        )

    @api.model
    def _client_desk_max_upload_bytes(self):
        """The request size limit in bytes (ir.config_parameter client_desk.max_upload_mb)."""
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_MAX_UPLOAD_MB)
        try:
            megabytes = int(value)
        except (TypeError, ValueError):
            megabytes = DEFAULT_MAX_UPLOAD_MB
        return (megabytes if megabytes > 0 else DEFAULT_MAX_UPLOAD_MB) * MEGABYTE

    @api.model
    def _client_desk_size_refusal(self, length):
        limit = self._client_desk_max_upload_bytes()
        if length <= limit:
            return None
        _logger.info("Request of %s bytes refused (limit %s bytes)", length, limit)
        return ClientDeskRequestTooLarge(
            _("This file or form is too large: %s MB at most can be sent at once.") % (limit // MEGABYTE)
        )

    # -- after the response is made (called from Root.get_response) -----------------------

    @classmethod
    def _client_desk_secure_cookies(cls, response):
        """Adds SameSite=Lax (and HttpOnly) to the session cookie: other sites' forms and
        scripts no longer send it, links still do."""
        headers = getattr(response, "headers", None)
        if headers is None or "Set-Cookie" not in headers:
            return response
        cookies = headers.getlist("Set-Cookie")
        del headers["Set-Cookie"]
        for cookie in cookies:
            if cookie.startswith(SESSION_COOKIE + "="):
                attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
                if not any(part.startswith("samesite") for part in attributes):
                    cookie += "; SameSite=Lax"
                if "httponly" not in attributes:
                    cookie += "; HttpOnly"
            headers.add("Set-Cookie", cookie)
        return response

    # -- errors in routes --------------------------------------------------------------------

    @classmethod
    def _handle_exception(cls, exception):
        """In page (type='http') routes a missing record is a 404 and a record one may not
        read a 403, never a 500 with a traceback; JSON-RPC keeps Odoo's own error answers,
        which the web client shows as dialogs."""
        if getattr(request, "_request_type", None) == "http":
            error = getattr(exception, "error", None)  # QWebException wraps the real error
            original = error if isinstance(error, (MissingError, AccessError)) else exception
            if isinstance(original, MissingError):
                exception = werkzeug.exceptions.NotFound()
            elif isinstance(original, AccessError):
                exception = werkzeug.exceptions.Forbidden()
        return super()._handle_exception(exception)


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


def _patch_root():
    """Wraps Root.get_request and Root.get_response once per process (see module docstring)."""
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


_patch_root()
