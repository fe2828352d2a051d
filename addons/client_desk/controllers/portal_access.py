"""The one portal access check every Client Desk route uses (DESIGN contract 5).

    from odoo.addons.client_desk.controllers.portal_access import (
        client_desk_portal_record, client_desk_token_page_headers)

    record = client_desk_portal_record("calendar.event", event_id, access_token)
    response = request.render("my_module.page", {"event": record})
    return client_desk_token_page_headers(response)

client_desk_portal_record() answers 404 for an unknown record or a missing/wrong token and 403
for an expired, rotated or revoked one (werkzeug exceptions: ir.http turns them into pages),
and returns the record with sudo: routes must show only what the client may see.
"""
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import request

# Pages opened by token: never framed (clickjacking), the token never leaves in a Referer,
# never kept by a browser or proxy cache.
TOKEN_PAGE_HEADERS = [
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
]
MAX_RECORD_ID = 2 ** 31 - 1  # PostgreSQL integer ids; a bigger one is simply not there


def client_desk_portal_record(model_name, record_id, access_token=None):
    """The record (sudo) that the visitor may open, or NotFound/Forbidden raised."""
    env = request.env
    if model_name not in env.registry or not issubclass(
        type(env[model_name]), env.registry["client.desk.portal.mixin"]
    ):
        raise NotFound()
    try:
        record_id = int(record_id)
    except (TypeError, ValueError):
        raise NotFound()
    if not 0 < record_id <= MAX_RECORD_ID:
        raise NotFound()
    record = env[model_name].sudo().browse(record_id).exists()
    if not record:
        raise NotFound()
    record._client_desk_portal_access(env.user, access_token)
    return record


def client_desk_token_page_headers(response):
    """Adds the token-page security headers to a response; returns it."""
    for name, value in TOKEN_PAGE_HEADERS:
        response.headers[name] = value
    return response


class ClientDeskProfile(http.Controller):
    """A client confirms or corrects their contact details from a link, without logging in."""

    @http.route(
        "/client_desk/profile/<int:partner_id>", type="http", auth="public", website=True, methods=["GET", "POST"]
    )
    def client_desk_profile(self, partner_id, access_token=None, **post):
        partner = client_desk_portal_record("res.partner", partner_id, access_token)
        values = {
            "partner": partner,
            "access_token": access_token,
            "name": partner.name,
            "email": partner.email,
            "phone": partner.phone,
            "error": None,
            "saved": False,
        }
        status = 200
        if request.httprequest.method == "POST":
            submitted = {key: post.get(key) or "" for key in ("name", "email", "phone")}
            try:
                # A savepoint: a refused change leaves nothing half-written.
                with request.env.cr.savepoint():
                    partner._client_desk_profile_update(**submitted)
                values.update(saved=True, name=partner.name, email=partner.email, phone=partner.phone)
            except ValidationError as error:
                values.update(submitted, error=error.name or _("These details could not be saved."))
                status = 400
        response = request.render("client_desk.client_desk_profile_page", values, status=status)
        return client_desk_token_page_headers(response)
