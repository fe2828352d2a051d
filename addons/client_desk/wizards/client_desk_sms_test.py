from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.access import require_manager


class ClientDeskSmsTest(models.TransientModel):
    """Sends one SMS through a gateway right away, to check its settings."""

    _name = "client.desk.sms.test"
    _description = "Send a test SMS"
    _order = "id desc"

    gateway_id = fields.Many2one("client.desk.sms.gateway", "Gateway", required=True, ondelete="cascade")
    number = fields.Char(required=True, help="Your own mobile number, e.g. 0478 12 34 56.")
    body = fields.Text(
        "Message", required=True, default=lambda self: _("This is a test SMS from Client Desk."),
    )

    @api.multi
    def action_send(self):
        """Queues the test SMS on this gateway, to be sent as soon as this transaction is
        committed, and shows it (with its outcome once sent)."""
        self.ensure_one()
        # Wizards have no access rules of their own: only those who configure gateways test them.
        require_manager(self.env, _("Only Client Desk managers can send test SMS."))
        if not self.gateway_id.active:
            raise UserError(_("This gateway is archived: restore it before testing it."))
        sms = self.env["client.desk.sms"].client_desk_queue(self.number, self.body)
        sms.write({"gateway_id": self.gateway_id.id, "company_id": self.gateway_id.company_id.id or sms.company_id.id})
        sms.action_send()
        return {
            "type": "ir.actions.act_window",
            "name": _("Test SMS"),
            "res_model": "client.desk.sms",
            "res_id": sms.id,
            "view_mode": "form",
            "target": "current",
        }
