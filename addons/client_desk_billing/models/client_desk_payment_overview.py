from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from odoo.addons.client_desk.tools.access import require_staff

from ..tools import overview_sql

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

# Indexes on the documents for the totals header and the triggers (dropped by uninstall_hook).
INDEXES = {
    "client_desk_billing_payment_date_idx": (
        "account_payment", "(payment_date DESC, id DESC) WHERE partner_type = 'customer' AND payment_type = 'inbound'"),
    "client_desk_billing_payment_client_idx": ("account_payment", "(partner_id, payment_date DESC)"),
    "client_desk_billing_tx_invoice_idx": ("payment_transaction", "(account_invoice_id) WHERE state = 'pending'"),
}
# The view's indexes before the summary table: no longer read, only slowing writes down.
OLD_INDEXES = ("client_desk_billing_invoice_date_idx", "client_desk_billing_order_date_idx",
               "client_desk_billing_invoice_client_idx", "client_desk_billing_invoice_open_idx")
# A document's stored status; "overdue" is an open or pending one past its due date.
BASE_STATUSES = [status for status in STATUSES if status[0] != "overdue"]
DUE_STATUSES = ("open", "pending")


class ClientDeskPaymentOverview(models.Model):
    """The payments page: quotes, invoices, payment requests and payments of the clients, one
    row each, with one status. A summary table that PostgreSQL triggers keep current
    (tools/overview_sql.py); "overdue" is the due date compared with today when read or
    searched, so nothing is rewritten when a day passes."""

    _name = "client.desk.payment.overview"
    _description = "Client Desk payments overview"
    _log_access = False
    # Served by an index in this order: the first page reads 80 index entries, sorts nothing.
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
    amount_residual_company = fields.Float(
        "Left to pay in the company's currency", readonly=True, help="What the totals header adds up.")
    base_status = fields.Selection(BASE_STATUSES, "Status before the due date", readonly=True)
    status = fields.Selection(STATUSES, compute="_compute_status", search="_search_status", readonly=True)

    @api.model_cr_context
    def _auto_init(self):
        overview_sql.drop_old_view(self.env.cr)
        return super()._auto_init()

    @api.model_cr
    def init(self):
        cr = self.env.cr
        for name, (table, definition) in INDEXES.items():
            # Constant definitions above: no user input reaches this SQL.
            cr.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} {}").format(
                sql.Identifier(name), sql.Identifier(table), sql.SQL(definition)))
        for name in OLD_INDEXES:
            cr.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(name)))
        overview_sql.install(cr)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        """Reads only the asked columns, of the rows and of their clients: the list shows a
        client's name, and Odoo would otherwise read every column of 80 clients (most of a
        first page's time)."""
        return super(ClientDeskPaymentOverview, self.with_context(prefetch_fields=False)).read(fields, load=load)

    # -- status: overdue from the due date and today ----------------------------------------------

    @api.depends("base_status", "date_due")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for row in self:
            overdue = row.base_status in DUE_STATUSES and row.date_due and row.date_due < today
            row.status = "overdue" if overdue else row.base_status

    @api.model
    def _status_domain(self, statuses):
        """The domain of the rows whose status is one of statuses, on stored indexed columns."""
        today = fields.Date.context_today(self)
        plain = [status for status in statuses if status not in DUE_STATUSES and status != "overdue"]
        domains = [[("base_status", "in", plain)]] if plain else []
        for status in DUE_STATUSES:
            current, overdue = status in statuses, "overdue" in statuses
            if current and overdue:
                domains.append([("base_status", "=", status)])
            elif current:
                domains.append([("base_status", "=", status), "|", ("date_due", "=", False), ("date_due", ">=", today)])
            elif overdue:
                domains.append([("base_status", "=", status), ("date_due", "<", today)])
        return expression.OR([expression.normalize_domain(d) for d in domains]) if domains else expression.FALSE_DOMAIN

    @api.model
    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("The status can only be searched by its value."))
        values = set(value if isinstance(value, (list, tuple)) else [value])
        if operator in ("!=", "not in"):
            values = {status for status, _label in STATUSES} - values
        return self._status_domain(values)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Grouping by status (not a column): one group per status, each a read_group of its
        domain."""
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if not groupby or groupby[0] != "status":
            return super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby,
                                      lazy=lazy)
        rest = groupby[1:]
        fields = [name for name in fields or [] if name != "status"]
        groups = []
        for status, _label in STATUSES:
            status_domain = expression.AND([expression.normalize_domain(domain or []), [("status", "=", status)]])
            if lazy or not rest:
                found = super().read_group(status_domain, fields, [], lazy=lazy)
                count = found[0].get("__count", found[0].get("_count", 0)) if found else 0
                if not count:
                    continue
                group = {key: val for key, val in found[0].items() if key not in ("id", "_count", "__count")}
                group.update({"status": status, "__domain": status_domain})
                if lazy:
                    group.update({"status_count": count, "__context": {"group_by": rest}})
                else:
                    group["__count"] = count
                groups.append(group)
            else:
                for group in super().read_group(status_domain, fields, rest, lazy=False):
                    group["status"] = status
                    groups.append(group)
        return groups[offset:offset + limit if limit else None]

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
            SELECT COALESCE(SUM(amount_residual_company), 0),
                   COALESCE(SUM(amount_residual_company) FILTER (WHERE date_due < %s), 0)
              FROM client_desk_payment_overview
             WHERE kind IN ('invoice', 'request') AND base_status IN ('open', 'pending') AND company_id = %s
        """, (today, company.id))
        open_total, overdue_total = cr.fetchone()
        cr.execute("""
            SELECT COALESCE(SUM(amount), 0) FROM account_payment
             WHERE partner_type = 'customer' AND payment_type = 'inbound'
               AND state IN ('posted', 'reconciled') AND company_id = %s AND payment_date >= %s
        """, (company.id, month_start))
        paid_total = cr.fetchone()[0]
        return {
            # The table's amounts are floats: rounded like the currency, as the documents are.
            "open": company.currency_id.round(float(open_total)),
            "overdue": company.currency_id.round(float(overdue_total)),
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
