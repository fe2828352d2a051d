from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

ROLES = [("appointment", "Appointment"), ("deposit", "Deposit"), ("no_show", "No-show fee"),
         ("late_cancel", "Late cancellation fee")]
FEE_ROLES = ("no_show", "late_cancel")


class AccountInvoice(models.Model):
    """Invoices raised from an appointment: for the visit, its deposit or a fee."""

    _inherit = "account.invoice"

    client_desk_event_id = fields.Many2one(
        "calendar.event", "Appointment", index=True, ondelete="set null", readonly=True, copy=False)
    client_desk_event_role = fields.Selection(ROLES, "For", readonly=True, copy=False)
    client_desk_waive_reason = fields.Text("Fee waived because", readonly=True, copy=False)

    @api.multi
    def action_invoice_paid(self):
        """A paid deposit confirms the booking it holds."""
        unpaid_deposits = self.filtered(lambda i: i.state != "paid" and i.client_desk_event_role == "deposit")
        if self.env.context.get("client_desk_cancelling"):
            # Settled by its own credit note: released, not paid.
            unpaid_deposits = self.browse()
        result = super().action_invoice_paid()
        for invoice in unpaid_deposits.filtered(lambda i: i.state == "paid"):
            invoice.client_desk_event_id.sudo()._client_desk_deposit_paid(invoice)
        return result

    @api.multi
    def _client_desk_really_paid(self):
        """Paid by the client, not settled by a credit note."""
        return self.filtered(lambda i: i.state == "paid" and not i.refund_invoice_ids)

    @api.multi
    def _client_desk_cancel_open(self, reason):
        """Cancels this open, unpaid invoice with a credit note reconciled with it (a posted
        invoice cannot be deleted); a draft one is simply cancelled."""
        for invoice in self:
            if invoice.state == "draft":
                invoice.action_invoice_cancel()
                continue
            if invoice.state != "open" or invoice.payment_move_line_ids:
                raise UserError(_("Invoice %s is (partly) paid: refund it instead.") % invoice.number)
            wizard = self.env["account.invoice.refund"].with_context(
                client_desk_cancelling=True,
                active_ids=invoice.ids, active_id=invoice.id, active_model="account.invoice").create({
                    "description": reason[:128], "filter_refund": "cancel"})
            wizard.compute_refund(mode="cancel")
        return True

    @api.multi
    def client_desk_waive_fee(self, reason):
        """Waives this no-show or late-cancellation fee with a reason (kept, and posted in the
        client's conversation): the fee invoice is cancelled by a credit note. Returns True."""
        require_staff(self.env)
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for waiving the fee."))
        for invoice in self:
            if invoice.client_desk_event_role not in FEE_ROLES:
                raise UserError(_("Only a no-show or late cancellation fee can be waived."))
            if invoice.state not in ("draft", "open"):
                raise UserError(_("This fee is paid or already cancelled: it cannot be waived."))
        for invoice in self:
            invoice._client_desk_cancel_open(_("Fee waived: %s") % reason)
            invoice.write({"client_desk_waive_reason": reason})
            invoice._client_desk_post_event("fee_waived", _("Fee %(number)s waived: %(reason)s") % {
                "number": invoice.number or invoice.name or "", "reason": reason})
        return True
