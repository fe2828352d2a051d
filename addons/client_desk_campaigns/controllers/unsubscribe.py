import base64

import werkzeug

from odoo import http
from odoo.http import request

PIXEL = base64.b64decode(b"R0lGODlhAQABAIAAANvf7wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")


class CampaignController(http.Controller):
    """Links in campaign e-mails: unsubscribe (RFC 8058 one-click) and the open pixel.

    Both carry a signed token for one recipient row and one purpose (tools/tokens.py): a
    forged or altered token, or one for a row that is gone, gets 404 (as the issue asks: the
    answer tells a forger nothing about which rows exist).
    """

    def _recipient(self, purpose, token):
        recipient, status = request.env["client.desk.campaign.recipient"]._client_desk_from_token(purpose, token)
        if status in (403, 404):
            raise werkzeug.exceptions.NotFound()
        return recipient

    def _render(self, template, recipient, **values):
        lang = recipient.partner_id.lang
        if lang:
            request.context = dict(request.context, lang=lang)
        company = recipient.mailing_id.create_uid.company_id or request.env.user.company_id
        values.update(recipient=recipient, company=company)
        return request.render(template, values)

    @http.route("/client_desk/unsubscribe/<string:token>", type="http", auth="public", methods=["GET"],
                website=True, sitemap=False)
    def unsubscribe_page(self, token, **kwargs):
        """A confirmation page: following the link (as mail scanners do) changes nothing."""
        recipient = self._recipient("unsubscribe", token)
        return self._render("client_desk_campaigns.unsubscribe_confirm", recipient, token=token)

    # The token is the proof: RFC 8058 one-click POSTs come from the mail provider, without
    # the site's CSRF token or cookie (SECURITY.md 7: signed requests may skip CSRF).
    @http.route("/client_desk/unsubscribe/<string:token>", type="http", auth="public", methods=["POST"],
                csrf=False, website=True, sitemap=False)
    def unsubscribe(self, token, **kwargs):
        """Unsubscribes the link's client (consent and ledger) and confirms it."""
        recipient = self._recipient("unsubscribe", token)
        recipient.client_desk_unsubscribe()
        return self._render("client_desk_campaigns.unsubscribe_done", recipient)

    @http.route("/client_desk/campaign/open/<string:token>.gif", type="http", auth="public", methods=["GET"],
                website=True, sitemap=False)
    def opened(self, token, **kwargs):
        """The tracking pixel: the e-mail was opened (viewed)."""
        recipient = self._recipient("open", token)
        if recipient.statistics_id:
            recipient.statistics_id.sudo().set_opened()
        return request.make_response(PIXEL, [("Content-Type", "image/gif"), ("Cache-Control", "no-store")])
