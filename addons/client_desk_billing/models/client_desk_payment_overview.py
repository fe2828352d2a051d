from psycopg2 import sql

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

STATUSES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("pending", "Pending"),
    ("overdue", "Overdue"),
    ("accepted", "Accepted"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
]
KINDS = [
    ("quote", "Quote"),
    ("invoice", "Invoice"),
    ("request", "Payment request"),
    ("payment", "Payment"),
]
# Row ids: the document's id times 10 plus its kind, so that each row keeps its id.
KIND_OFFSET = {"quote": 1, "invoice": 2, "request": 3, "payment": 4}
KIND_MODEL = {"quote": "sale.order", "invoice": "account.invoice", "request": "account.invoice",
              "payment": "account.payment"}

# Indexes the first page and the totals need at 100,000 invoices (dropped by uninstall_hook).
INDEXES = {
    "client_desk_billing_invoice_open_idx": (
        "account_invoice", "(company_id, date_due) INCLUDE (residual_company_signed) "
        "WHERE state = 'open' AND type = 'out_invoice'"),
    "client_desk_billing_invoice_date_idx": (
        "account_invoice", "(COALESCE(date_invoice, create_date::date) DESC, id DESC) "
        "WHERE type = 'out_invoice'"),
    "client_desk_billing_payment_date_idx": (
        "account_payment", "(payment_date DESC, id DESC) WHERE partner_type = 'customer' AND payment_type = 'inbound'"),
    "client_desk_billing_order_date_idx": (
        "sale_order", "(COALESCE(confirmation_date::date, date_order::date) DESC, id DESC)"),
    "client_desk_billing_invoice_client_idx": (
        "account_invoice", "(commercial_partner_id, date_invoice DESC) WHERE type = 'out_invoice'"),
    "client_desk_billing_payment_client_idx": ("account_payment", "(partner_id, payment_date DESC)"),
    "client_desk_billing_tx_invoice_idx": ("payment_transaction", "(account_invoice_id) WHERE state = 'pending'"),
}


class ClientDeskPaymentOverview(models.Model):
    """The payments page: quotes, invoices, payment requests and payments of the clients, one
    row each, with one status (a database view over the documents themselves)."""

    _name = "client.desk.payment.overview"
    _description = "Client Desk payments overview"
    _auto = False
    # Each branch of the view has an index in this order: the first page is a merge of three
    # index scans, not a sort of every row.
    _order = "date desc, res_id desc"
    _rec_name = "name"

    kind = fields.Selection(KINDS, readonly=True)
    res_id = fields.Integer("Document id", readonly=True)
    name = fields.Char("Number", readonly=True)
    description = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", "Client", readonly=True)
    user_id = fields.Many2one("res.users", "Staff member", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(readonly=True)
    date_due = fields.Date("Due / valid until", readonly=True)
    amount_total = fields.Monetary("Amount", readonly=True)
    amount_residual = fields.Monetary("Left to pay", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)

    @api.model_cr
    def init(self):
        cr = self.env.cr
        for name, (table, definition) in INDEXES.items():
            # Constant definitions above: no user input reaches this SQL.
            cr.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} {}").format(
                sql.Identifier(name), sql.Identifier(table), sql.SQL(definition)))
        tools.drop_view_if_exists(cr, self._table)
        # No joins in the branches (a quote's and a payment's partner is the client itself, as
        # Client Desk books them): each branch stays a plain scan that can follow its index.
        cr.execute("""
            CREATE VIEW client_desk_payment_overview AS (
                SELECT o.id * 10 + 1 AS id, 'quote'::varchar AS kind, o.id AS res_id, o.name AS name,
                       o.client_order_ref AS description, o.partner_id AS partner_id,
                       o.user_id AS user_id, o.company_id AS company_id,
                       (SELECT pl.currency_id FROM product_pricelist pl WHERE pl.id = o.pricelist_id) AS currency_id,
                       COALESCE(o.confirmation_date::date, o.date_order::date) AS date,
                       o.validity_date AS date_due, o.amount_total AS amount_total,
                       0.0 AS amount_residual,
                       CASE o.state WHEN 'draft' THEN 'draft' WHEN 'sent' THEN 'pending'
                                    WHEN 'cancel' THEN 'cancelled' ELSE 'accepted' END::varchar AS status
                  FROM sale_order o
                UNION ALL
                SELECT i.id * 10 + (CASE WHEN i.client_desk_is_request THEN 3 ELSE 2 END),
                       (CASE WHEN i.client_desk_is_request THEN 'request' ELSE 'invoice' END)::varchar,
                       i.id, COALESCE(i.number, i.reference),
                       COALESCE(i.client_desk_description, i.origin, i.name),
                       i.commercial_partner_id, i.user_id, i.company_id, i.currency_id,
                       COALESCE(i.date_invoice, i.create_date::date), i.date_due, i.amount_total,
                       CASE WHEN i.state = 'open' THEN i.residual ELSE 0.0 END,
                       (CASE
                            WHEN i.state = 'draft' THEN 'draft'
                            WHEN i.state = 'cancel' THEN 'cancelled'
                            WHEN i.state = 'paid' THEN 'paid'
                            WHEN i.date_due < CURRENT_DATE THEN 'overdue'
                            WHEN EXISTS (SELECT 1 FROM payment_transaction t
                                          WHERE t.account_invoice_id = i.id AND t.state = 'pending') THEN 'pending'
                            ELSE 'open' END)::varchar
                  FROM account_invoice i
                 WHERE i.type = 'out_invoice'
                UNION ALL
                SELECT ap.id * 10 + 4, 'payment'::varchar, ap.id, ap.name, ap.communication,
                       ap.partner_id, ap.create_uid, ap.company_id, ap.currency_id,
                       ap.payment_date, NULL::date, ap.amount, 0.0,
                       (CASE ap.state WHEN 'draft' THEN 'draft' WHEN 'cancelled' THEN 'cancelled'
                                      ELSE 'paid' END)::varchar
                  FROM account_payment ap
                 WHERE ap.partner_type = 'customer' AND ap.payment_type = 'inbound'
            )
        """)

    # -- the header ----------------------------------------------------------------------------

    @api.model
    def client_desk_totals(self):
        """The payments page's header for the user's company: what is open, what of it is
        overdue, what was paid this month, in the company's currency.

        Returns {"open": float, "overdue": float, "paid_this_month": float, "currency": "EUR"}."""
        require_staff(self.env)
        self.check_access_rights("read")
        company = self.env.user.company_id
        today = fields.Date.context_today(self)
        month_start = today[:8] + "01"
        cr = self.env.cr
        cr.execute("""
            SELECT COALESCE(SUM(residual_company_signed), 0),
                   COALESCE(SUM(residual_company_signed) FILTER (WHERE date_due < %s), 0)
              FROM account_invoice
             WHERE state = 'open' AND type = 'out_invoice' AND company_id = %s
        """, (today, company.id))
        open_total, overdue_total = cr.fetchone()
        cr.execute("""
            SELECT COALESCE(SUM(amount), 0) FROM account_payment
             WHERE partner_type = 'customer' AND payment_type = 'inbound'
               AND state IN ('posted', 'reconciled') AND company_id = %s AND payment_date >= %s
        """, (company.id, month_start))
        paid_total = cr.fetchone()[0]
        return {
            "open": float(open_total),
            "overdue": float(overdue_total),
            "paid_this_month": float(paid_total),
            "currency": company.currency_id.name,
        }

    # -- acting on a row -------------------------------------------------------------------------

    @api.multi
    def _client_desk_document(self):
        """The quote, invoice or payment of this row (with the user's own rights)."""
        self.ensure_one()
        return self.env[KIND_MODEL[self.kind]].browse(self.res_id)

    @api.multi
    def action_open_document(self):
        """Opens the row's quote, invoice or payment, where the user acts on it."""
        document = self._client_desk_document()
        return {
            "type": "ir.actions.act_window",
            "res_model": document._name,
            "view_mode": "form",
            "res_id": document.id,
            "target": "current",
        }

    @api.multi
    def action_show_conversation(self):
        """Opens the client's card to write to them about this item."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("This item has no client."))
        return self.partner_id._client_desk_open_card()
