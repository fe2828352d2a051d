"""/agenda/feed/<user>/<token>.ics: a staff member's private calendar feed."""
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.client_desk.controllers.portal_access import client_desk_portal_record


class ClientDeskAgendaFeed(http.Controller):

    @http.route(
        "/agenda/feed/<user_id>/<token>.ics", type="http", auth="public", website=True, methods=["GET"], csrf=False
    )
    def feed(self, user_id, token, **kwargs):
        user = client_desk_portal_record("res.users", user_id, token)
        if user.share:
            raise NotFound()
        return request.make_response(user._client_desk_feed_ics(), headers=[
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),
        ])
