from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang, html_escape

PAYMENT_METHODS = [
    ("cash", "Cash"),
    ("transfer", "Bank transfer"),
    ("card", "Card"),
    ("cheque", "Cheque"),
    ("other", "Other"),
]


class AccountPayment(models.Model):
    """Customer payments: how the client paid, an event in their conversation, a receipt."""

    _inherit = "account.payment"

    client_desk_method = fields.Selection(PAYMENT_METHODS, "Paid by", default="transfer")

    @api.multi
    def post(self):
        result = super().post()
        for payment in self.filtered(lambda p: p.partner_type == "customer" and p.payment_type == "inbound"):
            payment._client_desk_post_received()
        return result

    @api.multi
    def _client_desk_post_received(self):
        """The payment as an event in the client's conversation."""
        self.ensure_one()
        client = self.partner_id.commercial_partner_id
        amount = formatLang(self.env, self.amount, currency_obj=self.currency_id)
        documents = ", ".join(self.invoice_ids.mapped(lambda i: i.number or ""))
        if documents:
            text = _("Payment of %(amount)s received for %(documents)s") % {"amount": amount, "documents": documents}
        else:
            text = _("Payment of %s received") % amount
        # An online payment is the client's own act; an offline one is booked by staff.
        author = client if self.payment_transaction_id else None
        record = self.invoice_ids[:1] or self
        return client._client_desk_event("payment_received", "<p>%s</p>" % html_escape(text),
                                         record=record, author=author)

    @api.multi
    def client_desk_send_receipt(self):
        """E-mails the client a receipt with the payment's PDF; returns True."""
        template = self.env.ref("client_desk_billing.mail_template_payment_receipt")
        for payment in self:
            if payment.state not in ("posted", "reconciled"):
                raise UserError(_("Only a booked payment has a receipt."))
            if not payment.partner_id.email:
                raise UserError(_("%s has no e-mail address.") % payment.partner_id.display_name)
            payment.with_context(client_desk_pdf_or_html=True).message_post_with_template(
                template.id, composition_mode="comment")
        return True
