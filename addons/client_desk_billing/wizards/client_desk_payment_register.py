from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

from ..models.account_payment import PAYMENT_METHODS


class ClientDeskPaymentRegister(models.TransientModel):
    """Registers a payment made offline (cash, transfer, card, cheque...): on an invoice, partly
    or fully, or on its own; optionally e-mails the client a receipt. Confirming the same
    wizard twice books once."""

    _name = "client.desk.payment.register"
    _description = "Register an offline payment"

    partner_id = fields.Many2one("res.partner", "Client", required=True, domain=[("client_desk_is_client", "=", True)])
    invoice_id = fields.Many2one(
        "account.invoice", "Invoice", domain="[('commercial_partner_id', '=', partner_id), "
        "('type', '=', 'out_invoice'), ('state', '=', 'open')]")
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one("res.currency", required=True,
                                  default=lambda self: self.env.user.company_id.currency_id)
    method = fields.Selection(PAYMENT_METHODS, "Paid by", required=True, default="cash")
    date = fields.Date(required=True, default=fields.Date.context_today)
    description = fields.Char()
    send_receipt = fields.Boolean("Send a receipt to the client")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", readonly=True)
    payment_id = fields.Many2one("account.payment", readonly=True)

    @api.onchange("invoice_id")
    def _onchange_invoice_id(self):
        if self.invoice_id:
            self.amount = self.invoice_id.residual
            self.currency_id = self.invoice_id.currency_id
            self.partner_id = self.invoice_id.commercial_partner_id

    @api.multi
    def action_confirm(self):
        """Books the payment (once) and sends the receipt when asked; closes the wizard."""
        self.ensure_one()
        require_staff(self.env)
        if self.state == "done":
            return {"type": "ir.actions.act_window_close"}
        if self.invoice_id:
            if self.invoice_id.commercial_partner_id != self.partner_id.commercial_partner_id:
                raise UserError(_("This invoice belongs to another client."))
            payment = self.invoice_id._client_desk_register_payment(
                self.amount, self.method, date=self.date, currency=self.currency_id,
                communication=self.description or None)
        else:
            payment = self._create_loose_payment()
        self.write({"state": "done", "payment_id": payment.id})
        if self.send_receipt:
            payment.client_desk_send_receipt()
        return {"type": "ir.actions.act_window_close"}

    @api.multi
    def _create_loose_payment(self):
        """A payment that settles no invoice (the client paid for something not invoiced)."""
        if self.amount <= 0:
            raise UserError(_("The amount must be more than zero."))
        if not (self.description or "").strip():
            raise UserError(_("Describe what the payment is for."))
        journal = self.env["account.journal"].search([
            ("type", "=", "cash" if self.method == "cash" else "bank"),
            ("company_id", "=", self.env.user.company_id.id)], limit=1)
        if not journal:
            raise UserError(_("Set up a bank and a cash journal first."))
        payment = self.env["account.payment"].create({
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": self.partner_id.commercial_partner_id.id,
            "amount": self.amount,
            "currency_id": self.currency_id.id,
            "payment_date": self.date,
            "journal_id": journal.id,
            "payment_method_id": self.env.ref("account.account_payment_method_manual_in").id,
            "communication": self.description,
            "client_desk_method": self.method,
        })
        payment.post()
        return payment
