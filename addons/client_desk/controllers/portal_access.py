"""The one portal access check every Client Desk route uses (DESIGN contract 5).

    from odoo.addons.client_desk.controllers.portal_access import (
        client_desk_portal_record, client_desk_token_page_headers)

    record = client_desk_portal_record("calendar.event", event_id, access_token)
    response = request.render("my_module.page", {"event": record})
    return client_desk_token_page_headers(response)

client_desk_portal_record() answers 404 for an unknown or archived record or a missing/wrong
token and 403 for an expired, rotated or revoked one (werkzeug exceptions: ir.http turns them
into pages), and returns the record with sudo: routes must show only what the client may see.
client_desk_portal_access() also says how the visitor opened it ("owner" or "token"), for
pages that allow the logged-in client more than a token holder.
"""
from werkzeug.exceptions import NotFound

from odoo.http import request

from ..tools.record_id import read_record_id

# Pages opened by token: never framed (clickjacking), the token never leaves in a Referer,
# never kept by a browser or proxy cache.
TOKEN_PAGE_HEADERS = [
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
]


def client_desk_portal_record(model_name, record_id, access_token=None):
    """The record (sudo) that the visitor may open, or NotFound/Forbidden raised."""
    return client_desk_portal_access(model_name, record_id, access_token)[0]


def client_desk_portal_access(model_name, record_id, access_token=None):
    """(record (sudo), "owner" or "token"): the record the visitor may open and how they may
    open it, or NotFound/Forbidden raised."""
    env = request.env
    if model_name not in env.registry or not issubclass(
        type(env[model_name]), env.registry["client.desk.portal.mixin"]
    ):
        raise NotFound()
    record_id = read_record_id(record_id)
    if not record_id:
        raise NotFound()
    record = env[model_name].sudo().browse(record_id).exists()
    if not record:
        raise NotFound()
    access = record._client_desk_portal_access(env.user, access_token)
    return record, access


def client_desk_token_page_headers(response):
    """Adds the token-page security headers to a response; returns it."""
    for name, value in TOKEN_PAGE_HEADERS:
        response.headers[name] = value
    return response
