from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, html_escape

from ..tools.structured_communication import make_structured_communication

MAX_DESCRIPTION_LENGTH = 500


class AccountInvoice(models.Model):
    """Invoices and payment requests of Client Desk clients: a Belgian structured
    communication, portal pages by ownership or token, payable online, events in the
    client's conversation."""

    _name = "account.invoice"
    _inherit = ["account.invoice", "client.desk.billing.document"]

    client_desk_is_request = fields.Boolean(
        "Payment request", readonly=True, copy=False,
        help="An amount and a description the client is asked to pay, without line items.")
    client_desk_description = fields.Char(
        "Description", readonly=True, states={"draft": [("readonly", False)]},
        help="What a payment request is for, as the client sees it.")
    client_desk_pay_online = fields.Boolean(
        "Allow the client to pay online", default=True,
        help="Shows a pay button in the e-mail and the portal (the company's published payment acquirers).")
    client_desk_reminder_count = fields.Integer("Reminders sent", readonly=True, copy=False)
    client_desk_last_reminder = fields.Date("Last reminder", readonly=True, copy=False)

    # -- events ------------------------------------------------------------------------------

    @api.multi
    def write(self, vals):
        newly_sent = self.browse() if not vals.get("sent") else self.filtered(lambda i: not i.sent)
        result = super().write(vals)
        for invoice in newly_sent.filtered(lambda i: i.type == "out_invoice"):
            text = _("Invoice %s sent") % (invoice.number or invoice.name or "")
            invoice._client_desk_post_event("invoice_sent", text)
        return result

    @api.multi
    def _client_desk_post_event(self, kind, text, author=None):
        self.ensure_one()
        body = "<p>%s</p>" % html_escape(text)
        return self.commercial_partner_id._client_desk_event(kind, body, record=self, author=author)

    # -- structured communication --------------------------------------------------------------

    @api.multi
    def action_invoice_open(self):
        result = super().action_invoice_open()
        for invoice in self.filtered(lambda i: i.type == "out_invoice" and not i.reference):
            invoice.reference = make_structured_communication(invoice.id)
        return result

    # -- portal --------------------------------------------------------------------------------

    @api.multi
    def _client_desk_portal_url(self):
        self.ensure_one()
        return "/my/payments/invoice/%d?%s" % (self.id, url_encode({"access_token": self._client_desk_access_token()}))

    @api.multi
    def _client_desk_check_payable(self, amount=None, currency=None):
        """Raises UserError unless amount (default: what is left to pay) may be paid on this
        invoice now: open, positive, not more than what is left, in the invoice's currency."""
        self.ensure_one()
        if self.type != "out_invoice":
            raise UserError(_("Only customer invoices can be paid here."))
        if self.state == "paid":
            raise UserError(_("Invoice %s is already paid.") % self.number)
        if self.state != "open":
            raise UserError(_("Invoice %s cannot be paid: it is not open (draft or cancelled).")
                            % (self.number or self.name or ""))
        if currency and currency != self.currency_id:
            raise UserError(_("The payment is in %(paid)s but the invoice is in %(invoice)s.")
                            % {"paid": currency.name, "invoice": self.currency_id.name})
        if amount is None:
            return True
        rounding = self.currency_id.rounding
        if float_compare(amount, 0.0, precision_rounding=rounding) <= 0:
            raise UserError(_("The amount must be more than zero."))
        if float_compare(amount, self.residual, precision_rounding=rounding) > 0:
            raise UserError(_("The amount (%(amount)s) is more than what is left to pay (%(residual)s).")
                            % {"amount": amount, "residual": self.residual})
        return True

    @api.multi
    def _client_desk_payment_transaction(self, acquirer):
        """The online transaction paying what is left of this invoice with acquirer: the one
        already waiting for the same amount (a form submitted twice makes one), else a new one."""
        self.ensure_one()
        self._client_desk_check_payable()
        if not acquirer.website_published or acquirer.company_id != self.company_id:
            raise UserError(_("This payment method is not available."))
        transactions = self.env["payment.transaction"].sudo()
        waiting = transactions.search([
            ("account_invoice_id", "=", self.id), ("acquirer_id", "=", acquirer.id),
            ("state", "=", "draft"), ("amount", "=", self.residual),
        ], limit=1)
        if waiting:
            return waiting
        tx = transactions.create({
            "acquirer_id": acquirer.id,
            "type": "form",
            "amount": self.residual,
            "currency_id": self.currency_id.id,
            "partner_id": self.partner_id.id,
            "partner_country_id": self.partner_id.country_id.id,
            "reference": transactions._get_next_reference(self.number, acquirer=acquirer),
            "account_invoice_id": self.id,
        })
        self.sudo().write({"payment_tx_id": tx.id})
        return tx

    # -- payment requests ----------------------------------------------------------------------

    @api.model
    def client_desk_create_payment_request(self, partner_id, amount, description, currency_id=None):
        """A payment request: the client is asked to pay amount for description, without line
        items; it is an open invoice payable like any other. Returns its id."""
        partner = self.env["res.partner"].browse(int(partner_id)).exists()
        if not partner:
            raise UserError(_("Choose the client to ask for payment."))
        description = (description or "").strip()
        if not description:
            raise UserError(_("Describe what the payment is for."))
        if len(description) > MAX_DESCRIPTION_LENGTH:
            raise UserError(_("The description is too long."))
        try:
            amount = float(amount)
        except (TypeError, ValueError):
            raise UserError(_("The amount must be a number."))
        if amount <= 0:
            raise UserError(_("The amount must be more than zero."))
        journal = self.with_context(type="out_invoice")._default_journal()
        if not journal or not journal.default_credit_account_id:
            raise UserError(_("Set up a sales journal with an income account first."))
        currency = self.env["res.currency"].browse(int(currency_id)) if currency_id else journal.company_id.currency_id
        invoice = self.create({
            "partner_id": partner.id,
            "type": "out_invoice",
            "journal_id": journal.id,
            "currency_id": currency.id,
            "client_desk_is_request": True,
            "client_desk_description": description,
            "invoice_line_ids": [(0, 0, {
                "name": description,
                "quantity": 1,
                "price_unit": amount,
                "account_id": journal.default_credit_account_id.id,
            })],
        })
        invoice.action_invoice_open()
        return invoice.id

    # -- actions -------------------------------------------------------------------------------

    @api.multi
    def action_client_desk_send(self):
        """E-mails the invoice (PDF and, when allowed, the pay link) to the client and marks it
        sent; returns True."""
        template = self.env.ref("client_desk_billing.mail_template_invoice")
        for invoice in self:
            if invoice.state != "open" or invoice.type != "out_invoice":
                raise UserError(_("Only an open customer invoice can be sent."))
            if not invoice.partner_id.email:
                raise UserError(_("%s has no e-mail address.") % invoice.partner_id.display_name)
            invoice.with_context(client_desk_pdf_or_html=True).message_post_with_template(
                template.id, composition_mode="comment")
            invoice.write({"sent": True})
        return True

    @api.multi
    def action_client_desk_register_payment(self):
        """Opens the offline payment wizard on this invoice."""
        self.ensure_one()
        self._client_desk_check_payable()
        return {
            "type": "ir.actions.act_window",
            "name": _("Register a payment"),
            "res_model": "client.desk.payment.register",
            "view_mode": "form",
            "target": "new",
            "context": {"default_invoice_id": self.id, "default_partner_id": self.commercial_partner_id.id},
        }

    @api.multi
    def action_client_desk_show_conversation(self):
        self.ensure_one()
        return self.commercial_partner_id._client_desk_open_card()
