from werkzeug.exceptions import BadRequest, NotFound

from odoo import _, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# Messages a client may post from the portal in a window, before being refused (429).
POST_LIMIT = 20
POST_WINDOW_MINUTES = 10
BODY_LIMIT = 5000


class ClientDeskInboxPortal(CustomerPortal):
    """/my/messages: the logged-in client's own conversation (messages to and from them,
    never internal notes nor events) and a box to write to the business (source portal)."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        partner = request.env.user.partner_id
        values["client_desk_message_count"] = (
            request.env["res.partner"].sudo()._client_desk_portal_message_count(partner)
            if partner.sudo().client_desk_is_client else 0
        )
        return values

    def _client_desk_client(self):
        partner = request.env.user.partner_id.sudo()
        if request.env.user._is_public() or not partner.client_desk_is_client:
            raise NotFound()
        return partner

    @http.route("/my/messages", type="http", auth="user", website=True, methods=["GET"])
    def client_desk_messages(self, **kw):
        partner = self._client_desk_client()
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "client_desk_messages",
            "thread": partner._client_desk_portal_messages(),
            "error": kw.get("error"),
            "sent": kw.get("sent"),
        })
        return request.render("client_desk_inbox.portal_my_messages", values)

    @http.route("/my/messages/post", type="http", auth="user", website=True, methods=["POST"])
    def client_desk_messages_post(self, body=None, **kw):
        partner = self._client_desk_client()
        body = (body or "").strip()
        if not body or len(body) > BODY_LIMIT:
            raise BadRequest(_("Write a message of at most %d characters.") % BODY_LIMIT)
        throttle = request.env["client.desk.throttle.hit"].sudo()
        if not throttle._hit_unless_throttled("inbox_portal", str(partner.id), POST_LIMIT, POST_WINDOW_MINUTES):
            response = request.make_response(_("Too many messages, please try again later."))
            response.status_code = 429
            return response
        partner._client_desk_portal_write(body)
        return request.redirect("/my/messages?sent=1")
