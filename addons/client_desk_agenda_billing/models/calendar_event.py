from odoo import api, fields, models

STAFF = "client_desk.group_client_desk_user"
BILLING_STATES = [
    ("none", "Not invoiced"),
    ("draft", "Invoice in draft"),
    ("open", "Invoiced, to pay"),
    ("partial", "Partly paid"),
    ("paid", "Paid"),
]
DEPOSIT_STATES = [("none", "No deposit"), ("waiting", "Deposit to pay"), ("paid", "Deposit paid"),
                  ("released", "Released unpaid")]


class CalendarEvent(models.Model):
    """An appointment's invoices (visit, deposit, fees) and where its payment stands."""

    _inherit = "calendar.event"

    client_desk_invoice_ids = fields.One2many(
        "account.invoice", "client_desk_event_id", "Invoices", readonly=True, groups=STAFF)
    client_desk_invoice_count = fields.Integer("Invoice count", compute="_compute_client_desk_billing", groups=STAFF)
    client_desk_billing_state = fields.Selection(
        BILLING_STATES, "Payment", compute="_compute_client_desk_billing", groups=STAFF,
        help="Where the invoice of the visit stands (the deposit and fees not included).")
    client_desk_deposit_state = fields.Selection(
        DEPOSIT_STATES, "Deposit status", compute="_compute_client_desk_billing", groups=STAFF)
    client_desk_deposit_invoice_id = fields.Many2one(
        "account.invoice", "Deposit invoice", compute="_compute_client_desk_billing", groups=STAFF)
    client_desk_deposit_amount = fields.Monetary(
        "Deposit asked", currency_field="client_desk_currency_id", readonly=True, copy=False)
    client_desk_hold_until = fields.Datetime(
        "Held until", readonly=True, copy=False,
        help="The booking is released when its deposit is not paid by then.")

    @api.depends("client_desk_invoice_ids.state", "client_desk_invoice_ids.residual",
                 "client_desk_invoice_ids.client_desk_event_role")
    def _compute_client_desk_billing(self):
        for event in self:
            invoices = event.client_desk_invoice_ids.filtered(lambda i: i.type == "out_invoice")
            event.client_desk_invoice_count = len(invoices)
            visit = invoices.filtered(lambda i: i.client_desk_event_role == "appointment" and i.state != "cancel")
            event.client_desk_billing_state = self._client_desk_billing_state_of(visit)
            deposit = invoices.filtered(lambda i: i.client_desk_event_role == "deposit")[:1]
            event.client_desk_deposit_invoice_id = deposit
            event.client_desk_deposit_state = self._client_desk_deposit_state_of(deposit)

    @api.model
    def _client_desk_billing_state_of(self, invoices):
        if not invoices:
            return "none"
        if all(invoice.state == "paid" for invoice in invoices):
            return "paid"
        if any(invoice.state == "draft" for invoice in invoices):
            return "draft"
        if any(invoice.state == "paid" or invoice.residual < invoice.amount_total for invoice in invoices):
            return "partial"
        return "open"

    @api.model
    def _client_desk_deposit_state_of(self, deposit):
        if not deposit:
            return "none"
        if deposit._client_desk_really_paid():
            return "paid"
        if deposit.state == "open":
            return "waiting"
        return "released"

    @api.multi
    def action_client_desk_invoices(self):
        """The appointment's invoices (smart button)."""
        self.ensure_one()
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action["domain"] = [("client_desk_event_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.client_desk_partner_id.id, "type": "out_invoice",
                             "default_type": "out_invoice"}
        return action
