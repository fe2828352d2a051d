import hmac
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .payment_acquirer import TEST_PROVIDER

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    """Online payments of invoices: the test acquirer's feedback, and the invoice paid for what
    the transaction carries (a partly paid invoice's rest), once, however often the provider
    calls back."""

    _inherit = "payment.transaction"

    # -- the test acquirer ---------------------------------------------------------------------

    @api.model
    def _client_desk_test_form_get_tx_from_data(self, data):
        reference = data.get("reference") or ""
        tx = self.search([("reference", "=", reference), ("acquirer_id.provider", "=", TEST_PROVIDER)])
        if len(tx) != 1:
            raise ValidationError(_("Unknown payment reference."))
        expected = tx.acquirer_id._client_desk_test_signature(tx.reference, tx.amount, tx.currency_id.name)
        if not hmac.compare_digest(expected, str(data.get("signature") or "")):
            raise ValidationError(_("The payment confirmation is not signed."))
        return tx

    @api.multi
    def _client_desk_test_form_get_invalid_parameters(self, data):
        invalid = []
        try:
            amount = float(data.get("amount") or 0)
        except ValueError:
            amount = 0.0
        if float_compare(amount, self.amount, 2) != 0:
            invalid.append(("amount", data.get("amount"), "%.2f" % self.amount))
        if data.get("currency") != self.currency_id.name:
            invalid.append(("currency", data.get("currency"), self.currency_id.name))
        return invalid

    @api.multi
    def _client_desk_test_form_validate(self, data):
        if self.state == "done":
            return True
        return self.write({"state": "done", "date_validate": fields.Datetime.now(),
                           "acquirer_reference": "TEST-%s" % self.reference})

    # -- paying the invoice --------------------------------------------------------------------

    def _confirm_invoice(self):
        """Pays the invoice for the transaction's amount when it is done; a second call (the
        provider calling back twice) books nothing more."""
        self.ensure_one()
        if self.state != "done" or not self.account_invoice_id:
            return super()._confirm_invoice()
        paid = self.env["account.payment"].sudo().search([("payment_transaction_id", "=", self.id)], limit=1)
        if paid:
            return True
        invoice = self.account_invoice_id.sudo()
        try:
            journal = self.acquirer_id.journal_id or invoice._client_desk_payment_journal("card")
            invoice._client_desk_register_payment(
                self.amount, "card", journal=journal, currency=self.currency_id, transaction=self,
                communication=self.reference)
        except UserError as error:
            _logger.warning("transaction %s not booked on invoice %s: %s", self.reference, invoice.id, error)
            invoice.message_post(body=_("An online payment (%(reference)s) was not booked: %(error)s")
                                 % {"reference": self.reference, "error": error.name})
            return "pay_invoice_invalid_doc_state"
        return True
