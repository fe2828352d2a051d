"""The portal chatter (/mail/chatter_fetch, /mail/chatter_post) made safe (SECURITY checklist 16).

Stock Odoo 11 opens any record's chatter with that record's `access_token` field and passes
every extra form field on to message_post (subtype, date, author e-mail, partners to notify,
our conversation kind...), with the message "sent" by the public user. Here:

- a Client Desk record (client.desk.portal.mixin) opens its chatter by token only when its
  model says so (_client_desk_token_opens_chatter); the token goes through the shared check
  (expired, rotated, revoked: 403), and the message is posted by the record's client
  (_client_desk_portal_post);
- on every model only the message text (and the token) go through; the client's domain is
  ignored when a token opens the messages, and portal users never see internal notes;
- an unknown model or a garbage id answers 4xx with a message, never 500.
"""
from werkzeug.exceptions import NotFound
from werkzeug.urls import url_parse

from odoo import _, http
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.mail import PortalChatter

from ..tools.record_id import read_record_id
from .portal_access import client_desk_portal_access

MAX_MESSAGE_LENGTH = 10000
MAX_FETCH_LIMIT = 100


class ClientDeskChatterRefused(Exception):
    """Bad input to the chatter: answered 4xx with this message."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


class ClientDeskPortalChatter(PortalChatter):
    # -- checks --------------------------------------------------------------------------------

    def _client_desk_chatter_target(self, res_model, res_id):
        """(Model, id) of an existing record that has a portal chatter; else raises
        ClientDeskChatterRefused (400 for a model without one, 404 for a missing record)."""
        env = request.env
        if not isinstance(res_model, str) or res_model not in env.registry:
            raise ClientDeskChatterRefused(_("There is no conversation here."))
        model = env[res_model]
        if not issubclass(type(model), env.registry["mail.thread"]) or "website_message_ids" not in model._fields:
            raise ClientDeskChatterRefused(_("There is no conversation here."))
        record_id = read_record_id(res_id)
        if not record_id or not model.sudo().browse(record_id).exists():
            raise ClientDeskChatterRefused(_("This conversation does not exist (any more)."), status=404)
        return model, record_id

    def _client_desk_is_portal_model(self, model):
        return issubclass(type(model), request.env.registry["client.desk.portal.mixin"])

    def _client_desk_token_record(self, model, record_id, token):
        """The record (sudo) of a Client Desk model whose chatter the visitor opens by token or
        as its client, to post and read as that client; None when stock's chatter applies, with
        the visitor's own rights (staff without a token, or a model whose tokens do not open the
        chatter). NotFound/Forbidden from the shared check."""
        if not token and request.env.user.has_group("base.group_user"):
            return None
        if not model._client_desk_token_opens_chatter():
            if token:
                raise NotFound()
            return None
        return client_desk_portal_access(model._name, record_id, token)[0]

    def _client_desk_check_stock_token(self, model, token):
        """Stock's token check reads the model's token field: a model without one has none."""
        if token and model._mail_post_token_field not in model._fields:
            raise NotFound()

    def _client_desk_back_url(self):
        """Where to go after posting: the page the form was on, when it is on this site."""
        referrer = request.httprequest.referrer
        if referrer:
            url = url_parse(referrer)
            # "//other.site/..." would leave the site too.
            if url.netloc in ("", request.httprequest.host) and url.path.startswith("/") \
                    and not url.path.startswith("//"):
                return url.replace(scheme="", netloc="", fragment="").to_url()
        return "/my"

    def _client_desk_token(self, kw):
        """The token the visitor sent, None without one; NotFound for one that is no text."""
        token = kw.get("token")
        if token is not None and not isinstance(token, str):
            raise NotFound()
        return token or None

    # -- routes --------------------------------------------------------------------------------

    @http.route()
    def portal_chatter_post(self, res_model=None, res_id=None, message=None, **kw):
        token = self._client_desk_token(kw)
        try:
            model, record_id = self._client_desk_chatter_target(res_model, res_id)
            if len(message or "") > MAX_MESSAGE_LENGTH:
                raise ClientDeskChatterRefused(
                    _("A message can be %s characters long at most.") % MAX_MESSAGE_LENGTH)
        except ClientDeskChatterRefused as refusal:
            response = request.make_response(refusal.message, [("Content-Type", "text/plain; charset=utf-8")])
            response.status_code = refusal.status
            return response
        url = self._client_desk_back_url()
        if self._client_desk_is_portal_model(model):
            record = self._client_desk_token_record(model, record_id, token)
            if record is not None:
                if message:
                    record._client_desk_portal_post(message)
                    url += "#discussion"
                return request.redirect(url)
        self._client_desk_check_stock_token(model, token)
        # Only the text and the token: every other field would go straight into message_post.
        only = {"token": token} if token else {}
        if not message:
            return request.redirect(url)
        # Stock redirects to the raw Referer: none would crash, another site's would be followed.
        request.httprequest.environ["HTTP_REFERER"] = request.httprequest.host_url.rstrip("/") + url
        return super().portal_chatter_post(res_model, record_id, message, **only)

    @http.route()
    def portal_message_fetch(self, res_model=None, res_id=None, domain=False, limit=10, offset=0, **kw):
        token = self._client_desk_token(kw)
        try:
            model, record_id = self._client_desk_chatter_target(res_model, res_id)
        except ClientDeskChatterRefused as refusal:
            raise NotFound(refusal.message)
        limit = min(read_record_id(limit) or 10, MAX_FETCH_LIMIT)
        offset = read_record_id(offset) or 0
        if self._client_desk_is_portal_model(model):
            record = self._client_desk_token_record(model, record_id, token)
            if record is not None:
                return self._client_desk_fetch(record, limit, offset)
        self._client_desk_check_stock_token(model, token)
        if token or not isinstance(domain, list):
            domain = []  # with a token the search runs as superuser: no client-made conditions
        if not request.env.user.has_group("base.group_user"):
            domain = expression.AND([domain, self._client_desk_public_domain()])
        return super().portal_message_fetch(
            res_model, record_id, domain=domain, limit=limit, offset=offset, **({"token": token} if token else {}))

    def _client_desk_public_domain(self):
        """Messages a client may see: never internal notes."""
        return ["&", ("subtype_id", "!=", False), ("subtype_id.internal", "=", False)]

    def _client_desk_fetch(self, record, limit, offset):
        """The record's portal messages (no internal notes), as stock's fetch answers them."""
        field_domain = record._fields["website_message_ids"].domain
        if callable(field_domain):
            field_domain = field_domain(record)
        domain = expression.AND([field_domain, [("res_id", "=", record.id)], self._client_desk_public_domain()])
        messages = request.env["mail.message"].sudo()
        return {
            "messages": messages.search(domain, limit=limit, offset=offset).portal_message_format(),
            "message_count": messages.search_count(domain),
        }
