from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

# The conversation page shows the latest items; the payments overview has them all.
PAYMENTS_LIMIT = 80


class ClientDeskConversation(models.Model):
    """The inbox's door to billing: "New quote", "New invoice" and "New payment request" for
    the conversation's client, and the client's quotes, invoices and payments on its page."""

    _inherit = "client.desk.conversation"

    client_desk_payment_ids = fields.Many2many(
        "client.desk.payment.overview", string="Payments", compute="_compute_client_desk_payment_ids",
        help="The client's latest quotes, invoices, payment requests and payments (read with your own rights).")

    @api.multi
    def _compute_client_desk_payment_ids(self):
        self._client_desk_show_latest(
            "client_desk_payment_ids", self.env["client.desk.payment.overview"], "partner_id", PAYMENTS_LIMIT)

    @api.multi
    def _client_desk_billing_client(self):
        """The one client of the selected conversation (a quote or invoice is for one client)."""
        require_staff(self.env)
        if len(self) != 1:
            raise UserError(_("Select one conversation: a quote, an invoice or a payment request is for one client."))
        return self.partner_id

    @api.multi
    def action_client_desk_new_quote(self):
        """The quote form, for the conversation's client."""
        partner = self._client_desk_billing_client()
        return {
            "type": "ir.actions.act_window",
            "name": _("New quote"),
            "res_model": "sale.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_partner_id": partner.id},
        }

    @api.multi
    def action_client_desk_new_invoice(self):
        """The customer invoice form, for the conversation's client."""
        partner = self._client_desk_billing_client()
        return {
            "type": "ir.actions.act_window",
            "name": _("New invoice"),
            "res_model": "account.invoice",
            "view_mode": "form",
            "views": [(self.env.ref("account.invoice_form").id, "form")],
            "target": "current",
            "context": {"type": "out_invoice", "default_type": "out_invoice", "journal_type": "sale",
                        "default_partner_id": partner.id},
        }

    @api.multi
    def action_client_desk_new_payment_request(self):
        """The payment request wizard, for the conversation's client."""
        partner = self._client_desk_billing_client()
        return {
            "type": "ir.actions.act_window",
            "name": _("New payment request"),
            "res_model": "client.desk.payment.request",
            "view_mode": "form",
            "views": [(self.env.ref("client_desk_billing.client_desk_payment_request_view_form").id, "form")],
            "target": "new",
            "context": {"default_partner_id": partner.id},
        }
