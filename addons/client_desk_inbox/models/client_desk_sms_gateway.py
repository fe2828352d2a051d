import hmac

from odoo import api, fields, models

MANAGER = "client_desk.group_client_desk_manager"


class ClientDeskSmsGateway(models.Model):
    """A gateway delivers the SMS clients send us to /client_desk/sms/inbound/<gateway id>,
    with its own secret (in the secret model, as the core's other secrets)."""

    _inherit = "client.desk.sms.gateway"

    inbound_secret = fields.Char(
        "Secret for incoming SMS", compute="_compute_inbound_secret", inverse="_inverse_inbound_secret",
        search="_search_inbound_secret", groups=MANAGER, copy=False,
        help="The provider sends it in the X-Client-Desk-Secret header (or a 'secret' field) when it "
             "delivers a client's SMS to /client_desk/sms/inbound/<gateway id>. Empty: no incoming SMS.",
    )

    def _compute_inbound_secret(self):
        self._compute_secret("inbound_secret")

    def _inverse_inbound_secret(self):
        self._inverse_secret("inbound_secret")

    def _search_inbound_secret(self, operator, value):
        return self._search_secret("inbound_secret", operator, value)

    @api.multi
    def _client_desk_inbox_secret_ok(self, secret):
        """Whether secret is this active gateway's incoming secret (compared in constant time)."""
        self.ensure_one()
        gateway = self.sudo()
        expected = gateway.exists() and gateway.active and gateway._secret_records().inbound_secret
        if not expected or not secret:
            return False
        return hmac.compare_digest(expected.encode("utf-8"), secret.encode("utf-8"))
