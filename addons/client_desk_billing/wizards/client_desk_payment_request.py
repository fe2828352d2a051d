from odoo import api, fields, models

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskPaymentRequest(models.TransientModel):
    """Asks a client to pay an amount for a description, without line items."""

    _name = "client.desk.payment.request"
    _description = "Ask a client for a payment"

    partner_id = fields.Many2one("res.partner", "Client", required=True, domain=[("client_desk_is_client", "=", True)])
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one("res.currency", required=True,
                                  default=lambda self: self.env.user.company_id.currency_id)
    description = fields.Char(required=True)
    send = fields.Boolean("Send it to the client now", default=True)

    @api.multi
    def action_confirm(self):
        """Creates the request (an open invoice), sends it when asked, and opens it."""
        self.ensure_one()
        require_staff(self.env)
        Invoice = self.env["account.invoice"]
        invoice = Invoice.browse(Invoice.client_desk_create_payment_request(
            self.partner_id.id, self.amount, self.description, self.currency_id.id))
        if self.send:
            invoice.action_client_desk_send()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.invoice",
            "view_mode": "form",
            "res_id": invoice.id,
            "views": [(self.env.ref("account.invoice_form").id, "form")],
        }
