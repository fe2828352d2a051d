import logging

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.client_desk.tools.transaction import retrying

_logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Client-Desk-Secret"


class ClientDeskInboxSms(http.Controller):
    """Where an SMS gateway delivers the replies of clients: POST, form fields 'from'
    and 'body', and the gateway's incoming secret in the X-Client-Desk-Secret header
    (or a 'secret' field). A wrong or missing secret: 403, nothing done."""

    @http.route("/client_desk/sms/inbound/<int:gateway_id>", type="http", auth="public", methods=["POST"],
                csrf=False, save_session=False)
    def client_desk_sms_inbound(self, gateway_id, **_query):
        # The request body only: a secret in the query string would end up in access logs.
        values = request.httprequest.form
        secret = request.httprequest.headers.get(SECRET_HEADER) or values.get("secret") or ""
        gateway = request.env["client.desk.sms.gateway"].sudo().browse(gateway_id)
        if not gateway._client_desk_inbox_secret_ok(str(secret)):
            _logger.info("Incoming SMS refused: wrong or missing secret for gateway %s", gateway_id)
            raise Forbidden(_("Wrong or missing secret."))
        number = str(values.get("from") or values.get("number") or "")
        body = str(values.get("body") or values.get("text") or "")

        def work(env):
            return env["res.partner"]._client_desk_inbox_sms_received(number, body)

        try:
            retrying(request.env.cr.dbname, work)
        except UserError as error:
            raise BadRequest(error.name)
        return request.make_response("OK", headers=[("Content-Type", "text/plain")])
