from odoo import _, api, fields, models
from odoo.exceptions import UserError

# How the client paid → the kind of journal the money goes to.
METHOD_JOURNAL_TYPE = {"cash": "cash", "transfer": "bank", "card": "bank", "cheque": "bank", "other": "bank"}


class AccountInvoice(models.Model):
    """Booking a payment on an invoice: the one place offline, online and bank-statement
    payments go through."""

    _inherit = "account.invoice"

    @api.multi
    def _client_desk_payment_journal(self, method):
        """The company's first cash or bank journal for the method."""
        self.ensure_one()
        journal = self.env["account.journal"].sudo().search([
            ("type", "=", METHOD_JOURNAL_TYPE.get(method, "bank")), ("company_id", "=", self.company_id.id),
        ], limit=1)
        if not journal:
            raise UserError(_("Set up a bank and a cash journal first."))
        return journal

    @api.multi
    def _client_desk_register_payment(self, amount, method, date=None, journal=None, currency=None,
                                      transaction=None, communication=None):
        """Books a customer payment of amount on this invoice and reconciles it; returns the
        account.payment. UserError (nothing booked) for an amount that is not positive or more
        than what is left, another currency, or an invoice that is not open."""
        self.ensure_one()
        self._client_desk_check_payable(amount, currency)
        journal = journal or self._client_desk_payment_journal(method)
        payment_method = self.env.ref("account.account_payment_method_manual_in")
        # Staff book as themselves (the event names them); an online payment as the system.
        payments = self.env["account.payment"].sudo() if transaction else self.env["account.payment"]
        payment = payments.create({
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": self.commercial_partner_id.id,
            "amount": amount,
            "currency_id": self.currency_id.id,
            "payment_date": date or fields.Date.context_today(self),
            "journal_id": journal.id,
            "payment_method_id": payment_method.id,
            "communication": communication or self.reference or self.number,
            "invoice_ids": [(6, 0, [self.id])],
            "client_desk_method": method,
            "payment_transaction_id": transaction.id if transaction else False,
        })
        payment.post()
        return payment
