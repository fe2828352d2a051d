from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.client_desk.tools.transaction import retrying

# Messages one address may send through the form in a window, before being refused (429).
POST_LIMIT = 5
POST_WINDOW_MINUTES = 10
BODY_LIMIT = 5000
FIELD_LIMIT = 200


class ClientDeskContactForm(http.Controller):
    """The website contact form: no account needed; the message lands in the writer's
    conversation (found by e-mail or phone, else a lead client, source website) with the page
    it was sent from as source."""

    @http.route("/client_desk/contact", type="http", auth="public", website=True, methods=["GET"])
    def contact_page(self, **kw):
        return request.render("client_desk_inbox_website.contact_page", {"sent": kw.get("sent")})

    @http.route("/client_desk/contact/send", type="http", auth="public", website=True, methods=["POST"])
    def contact_send(self, name="", email="", phone="", body="", page_url="", **kw):
        values = {"name": name.strip()[:FIELD_LIMIT], "email": email.strip()[:FIELD_LIMIT],
                  "phone": phone.strip()[:FIELD_LIMIT]}
        body = (body or "").strip()
        error = None
        if not body or len(body) > BODY_LIMIT:
            error = _("Write a message of at most %d characters.") % BODY_LIMIT
        elif not (values["email"] or values["phone"]):
            error = _("Leave an e-mail address or a phone number so that we can answer.")
        if error:
            return request.render("client_desk_inbox_website.contact_page",
                                  dict(values, body=body, error=error), status=400)
        address = request.httprequest.remote_addr or ""
        throttle = request.env["client.desk.throttle.hit"].sudo()
        if not throttle._hit_unless_throttled("inbox_contact", address, POST_LIMIT, POST_WINDOW_MINUTES):
            response = request.make_response(_("Too many messages, please try again later."))
            response.status_code = 429
            return response
        page_url = page_url or request.httprequest.referrer or ""
        lang = request.env.context.get("lang")

        def work(env):
            return env["res.partner"].with_context(lang=lang)._client_desk_inbox_contact(
                values, body, "website", page_url).id

        try:
            retrying(request.env.cr.dbname, work)
        except UserError as exc:
            return request.render("client_desk_inbox_website.contact_page",
                                  dict(values, body=body, error=exc.name), status=400)
        return request.redirect("/client_desk/contact?sent=1")
