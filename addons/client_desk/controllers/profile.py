"""/client_desk/profile/<id>: a client confirms or corrects their contact details from a link."""
from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import request

from .portal_access import client_desk_portal_access, client_desk_token_page_headers

PROFILE_INPUTS = ("name", "email", "phone")


class ClientDeskProfile(http.Controller):
    """A client confirms or corrects their contact details from a link, without logging in.

    GET shows the page; only a POST with its CSRF token writes. The e-mail of a client who has a
    login is shown, not editable, unless that very login is logged in.
    """

    @http.route(
        "/client_desk/profile/<int:partner_id>", type="http", auth="public", website=True, methods=["GET", "POST"]
    )
    def client_desk_profile(self, partner_id, access_token=None, **post):
        partner, _access = client_desk_portal_access("res.partner", partner_id, access_token)
        user = request.env.user
        values = {
            "partner": partner,
            "access_token": access_token,
            "name": partner.name,
            "email": partner.email,
            "phone": partner.phone,
            "email_locked": partner._client_desk_profile_email_locked(user),
            "error": None,
            "saved": False,
        }
        status = 200
        if request.httprequest.method == "POST":
            # An input that is not posted keeps its value (None).
            submitted = {key: (post.get(key) or "") if key in post else None for key in PROFILE_INPUTS}
            try:
                # A savepoint: a refused change leaves nothing half-written.
                with request.env.cr.savepoint():
                    partner._client_desk_profile_update(user=user, **submitted)
                values.update(saved=True, name=partner.name, email=partner.email, phone=partner.phone)
            except ValidationError as error:
                values.update({key: value for key, value in submitted.items() if value is not None},
                              error=error.name or _("These details could not be saved."))
                status = 400
        response = request.render("client_desk.client_desk_profile_page", values, status=status)
        return client_desk_token_page_headers(response)
