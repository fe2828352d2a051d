from odoo import _, api, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff


class CalendarEvent(models.Model):
    """Invoice, ask payment for and take payment of an appointment: staff buttons and the
    public methods behind them (they return ids over RPC)."""

    _inherit = "calendar.event"

    # -- building invoices ---------------------------------------------------------------------

    @api.multi
    def _client_desk_new_invoice(self, role, lines):
        """A draft customer invoice of the client for this appointment; lines: (label, amount)."""
        self.ensure_one()
        Invoice = self.env["account.invoice"]
        journal = Invoice.with_context(type="out_invoice")._default_journal()
        if not journal or not journal.default_credit_account_id:
            raise UserError(_("Set up a sales journal with an income account first."))
        currency = self.client_desk_currency_id or journal.company_id.currency_id
        return Invoice.create({
            "partner_id": self.client_desk_partner_id.id,
            "type": "out_invoice",
            "journal_id": journal.id,
            "currency_id": currency.id,
            "origin": self.name,
            "client_desk_event_id": self.id,
            "client_desk_event_role": role,
            "invoice_line_ids": [(0, 0, {
                "name": label, "quantity": 1, "price_unit": amount,
                "account_id": journal.default_credit_account_id.id,
            }) for label, amount in lines],
        })

    @api.multi
    def _client_desk_visit_invoices(self):
        self.ensure_one()
        return self.sudo().client_desk_invoice_ids.filtered(
            lambda i: i.client_desk_event_role == "appointment" and i.state != "cancel").sudo(self.env.uid)

    @api.multi
    def _client_desk_check_invoiceable(self):
        self.ensure_one()
        self._client_desk_check_appointment(("requested", "confirmed", "done"))
        invoice = self._client_desk_visit_invoices()[:1]
        if invoice:
            name = invoice.number or invoice.name or _("draft")
            raise UserError(_("This appointment is already invoiced (%s).") % name)
        if self.client_desk_price <= 0:
            raise UserError(_("This appointment has no price to invoice."))
        if self.env["client.desk.package.usage"].sudo().search_count([("event_id", "=", self.id)]):
            raise UserError(_("This appointment is covered by the client's package: there is nothing to invoice."))

    @api.multi
    def _client_desk_paid_deposit(self):
        """The paid deposit invoice of this appointment (empty when none)."""
        self.ensure_one()
        return self.sudo().client_desk_invoice_ids.filtered(
            lambda i: i.client_desk_event_role == "deposit")._client_desk_really_paid()[:1]

    @api.multi
    def _client_desk_invoice_lines(self):
        """The service at the appointment's price, less the deposit paid for it."""
        self.ensure_one()
        label = "%s – %s" % (self.client_desk_service_id.name or self.name,
                             self.client_desk_when_text(self._client_desk_business_tz()))
        lines = [(label, self.client_desk_price)]
        deposit = self._client_desk_paid_deposit()
        if deposit:
            lines.append((_("Deposit paid (%s)") % deposit.number, -deposit.amount_total))
        return lines

    # -- public methods --------------------------------------------------------------------

    @api.multi
    def client_desk_create_invoice(self, validate=False):
        """Invoices this appointment to its client: the service at its price, less a paid
        deposit; validated when asked. Returns the invoice's id."""
        require_staff(self.env)
        self._client_desk_check_invoiceable()
        invoice = self._client_desk_new_invoice("appointment", self._client_desk_invoice_lines())
        if validate:
            invoice.action_invoice_open()
        return invoice.id

    @api.multi
    def client_desk_request_payment(self, send=False):
        """Asks the client to pay this appointment (billing's payment request: an amount and a
        description), e-mailed when send. Returns the request's (invoice's) id."""
        require_staff(self.env)
        self._client_desk_check_invoiceable()
        amount = sum(amount for _label, amount in self._client_desk_invoice_lines())
        if amount <= 0:
            raise UserError(_("The deposit already covers this appointment."))
        Invoice = self.env["account.invoice"]
        invoice = Invoice.browse(Invoice.client_desk_create_payment_request(
            self.client_desk_partner_id.id, amount, self._client_desk_invoice_lines()[0][0],
            self.client_desk_currency_id.id or None))
        invoice.write({"client_desk_event_id": self.id, "client_desk_event_role": "appointment",
                       "origin": self.name})
        if send:
            invoice.action_client_desk_send()
        return invoice.id

    @api.multi
    def _client_desk_open_visit_invoice(self):
        """The open invoice of the visit: the existing one (a draft is validated), else a new one."""
        self.ensure_one()
        invoice = self._client_desk_visit_invoices().filtered(lambda i: i.state in ("draft", "open"))[:1]
        if not invoice:
            if self._client_desk_visit_invoices():
                raise UserError(_("This appointment is already paid."))
            invoice = self.env["account.invoice"].browse(self.client_desk_create_invoice())
        if invoice.state == "draft":
            invoice.action_invoice_open()
        return invoice

    @api.multi
    def client_desk_register_payment(self, amount=None, method="cash"):
        """Books a payment at the desk (billing's offline payment) on the appointment's invoice,
        made and validated first when needed; amount defaults to what is left to pay. Returns
        the payment's id."""
        require_staff(self.env)
        self.ensure_one()
        invoice = self._client_desk_open_visit_invoice()
        if amount is not None:
            try:
                amount = float(amount)
            except (TypeError, ValueError):
                raise UserError(_("The amount must be a number."))
        payment = invoice._client_desk_register_payment(invoice.residual if amount is None else amount, method)
        return payment.id

    # -- buttons -------------------------------------------------------------------------------

    @api.model
    def _client_desk_invoice_form(self, invoice_id):
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.invoice",
            "res_id": invoice_id,
            "view_mode": "form",
            "views": [(self.env.ref("account.invoice_form").id, "form")],
            "target": "current",
        }

    @api.multi
    def action_client_desk_invoice(self):
        """Opens a new draft invoice of this appointment."""
        self.ensure_one()
        return self._client_desk_invoice_form(self.client_desk_create_invoice())

    @api.multi
    def action_client_desk_request_payment(self):
        """Sends the client a payment request (when they have an e-mail address) and opens it."""
        self.ensure_one()
        return self._client_desk_invoice_form(self.client_desk_request_payment(
            send=bool(self.client_desk_partner_id.email)))

    @api.multi
    def action_client_desk_register_payment(self):
        """Opens billing's offline payment on the appointment's invoice (validated first)."""
        require_staff(self.env)
        self.ensure_one()
        return self._client_desk_open_visit_invoice().action_client_desk_register_payment()
