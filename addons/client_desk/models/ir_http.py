"""HTTP hardening that is not tied to one feature (SECURITY items 4 and 6).

- JSONP answers are refused: `?jsonp=cb` made Odoo 11 wrap any JSON-RPC answer, session id
  included, in a script another site can load with the visitor's cookies.
- Requests bigger than `client_desk.max_upload_mb` are refused with 413 before their body is
  read.
- The session cookie gets `SameSite=Lax` (Werkzeug 0.11's set_cookie cannot set it).
- A MissingError in a page route answers 404 (stock: 500), an AccessError 403.
- A NUL character in the address, the query or a form field answers 400 (stock: 500).

The first two cannot wait for ir.http._dispatch: by then Odoo 11 has already read the body
(HttpRequest.__init__ parses the form and files, JsonRequest.__init__ the JSON) and a JSONP
error answer would itself carry the session id. client_desk/http_entry.py wraps Odoo's WSGI
entry points (once per process, from the module's post_load hook) and calls the class methods
below: before the request object reads anything, after the response is made, and before an
XML-RPC body is read (XML-RPC does not go through odoo.http at all).
"""
import logging

import werkzeug.exceptions

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

_logger = logging.getLogger(__name__)

# PostgreSQL refuses NUL in text: stock Odoo answered such an address or form field with a 500
# (website's 404 page itself looks the path up among attachments).
NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
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

        Reads the query string and the headers, and the body only when it is a form of
        acceptable size (Odoo would parse it next anyway).
        """
        if "jsonp" in httprequest.args:
            return cls._client_desk_refusal(httprequest, "_client_desk_jsonp_refusal")
        if NUL in httprequest.path or cls._client_desk_has_nul(httprequest.args):
            return cls._client_desk_refusal(httprequest, "_client_desk_nul_refusal")
        length = httprequest.content_length or 0
        if length > ALWAYS_ALLOWED_BYTES:
            refusal = cls._client_desk_refusal(httprequest, "_client_desk_size_refusal", length)
            if refusal is not None:
                return refusal
        # A form is parsed here, under the size limit, once: Odoo's request object reuses it.
        if httprequest.mimetype in FORM_TYPES and cls._client_desk_has_nul(httprequest.form):
            return cls._client_desk_refusal(httprequest, "_client_desk_nul_refusal")
        return None

    @staticmethod
    def _client_desk_has_nul(values):
        return any(NUL in key or NUL in value for key, value in values.items(True))

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
    def _client_desk_nul_refusal(self):
        return ClientDeskBadRequest(_("This address or form contains a NUL character, which is not allowed."))

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
    def _client_desk_size_message(self, limit):
        """What a sender of more than limit bytes is told, in the context's language."""
        return _("This file or form is too large: %s MB at most can be sent at once.") % (limit // MEGABYTE)

    @api.model
    def _client_desk_size_refusal(self, length):
        limit = self._client_desk_max_upload_bytes()
        if length <= limit:
            return None
        _logger.info("Request of %s bytes refused (limit %s bytes)", length, limit)
        return ClientDeskRequestTooLarge(self._client_desk_size_message(limit))

    # -- before an XML-RPC body is read (called from wsgi_server.wsgi_xmlrpc) --------------

    @classmethod
    def _client_desk_xmlrpc_limit(cls, lang):
        """(request size limit in bytes, the refusal message in lang) of this database.

        An XML-RPC call names its database inside its body, so the limit is needed before
        the database is known: http_entry asks every loaded database with Client Desk.
        """
        with cls.pool.cursor() as cr:
            ir_http = api.Environment(cr, SUPERUSER_ID, {"lang": lang})["ir.http"]
            limit = ir_http._client_desk_max_upload_bytes()
            return limit, ir_http._client_desk_size_message(limit)

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
            if isinstance(original, ValueError) and "NUL" in str(original):  # psycopg2's refusal
                exception = request.env["ir.http"]._client_desk_nul_refusal()
            elif isinstance(original, MissingError):
                exception = werkzeug.exceptions.NotFound()
            elif isinstance(original, AccessError):
                exception = werkzeug.exceptions.Forbidden()
            if (isinstance(exception, werkzeug.exceptions.NotFound) and request.endpoint
                    and not getattr(request, "is_frontend", False)):
                # A route that exists answered "not found": the fallbacks for unknown URLs
                # (website pages, attachments) do not apply, and website's needs
                # request.website, which only website routes have (a 500 before).
                return request._handle_exception(exception)
        return super()._handle_exception(exception)
