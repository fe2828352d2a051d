from odoo import _, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# Odoo's own message for empty required fields (translated by the portal module).
MISSING_MESSAGE = "Some required fields are empty."


class ClientDeskCustomerPortal(CustomerPortal):
    """/my/account also edits the client's consent and the custom fields asked on the portal.

    Only a POST (which Odoo checks for its CSRF token) writes: a GET with parameters shows the
    page and changes nothing (a link on any site carries the client's cookie on a top-level
    GET). The page only ever touches the logged-in user's own partner, with sudo: portal users
    have no access to the custom field models nor to the consent ledger. Bad input answers 400
    with the form and its messages, and writes nothing.
    """

    def _client_desk_partner(self):
        return request.env.user.partner_id.sudo()

    def details_form_validate(self, data):
        partner = self._client_desk_partner()
        own = partner._client_desk_account_inputs()
        ours = {name: data.pop(name) for name in list(data) if name in own}
        try:
            error, error_message = super().details_form_validate(data)
        finally:
            data.update(ours)
        # A country or state that is not in the list was left out of data by account().
        refused = getattr(request, "client_desk_refused_inputs", {})
        errors = dict(refused, **partner._client_desk_account_errors(data))
        for name, message in errors.items():
            error[name] = "error"
            error_message.append(message)
        if refused and "missing" not in error.values():
            error_message[:] = [message for message in error_message if message != _(MISSING_MESSAGE)]
        return error, error_message

    @http.route()
    def account(self, redirect=None, **post):
        if request.httprequest.method != "POST":
            post = {}  # GET never writes
        partner = self._client_desk_partner()
        # Odoo's page reads country_id as a number: garbage is refused and left out.
        refused = partner._client_desk_account_reference_errors(post)
        request.client_desk_refused_inputs = refused
        post = {name: value for name, value in post.items() if name not in refused}
        error = dict(refused)
        if post:
            error, _messages = self.details_form_validate(dict(post))
            if not error:
                # Everything is valid: ours first, then Odoo writes the address and redirects.
                partner._client_desk_account_save(post)
        response = super().account(redirect=redirect, **post)
        if getattr(response, "is_qweb", False):
            qcontext = response.qcontext
            qcontext.update(partner._client_desk_account_form_values(post))
            if error:
                response.status_code = 400
                qcontext["error"] = dict(qcontext.get("error") or {}, **{name: "error" for name in refused})
                messages = qcontext.setdefault("error_message", [])
                messages.extend(message for message in refused.values() if message not in messages)
        return response
