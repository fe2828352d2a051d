"""The payments page's summary table, kept current by PostgreSQL triggers.

client_desk_payment_overview holds one row per quote, customer invoice, payment request and
customer payment. Triggers on the documents' tables rewrite a document's row whenever the
document changes, however it changes (the ORM's write, a stored field's recomputation, raw SQL),
so the page reads one indexed table instead of a UNION over every document.

Only the due date is stored for "overdue": the model compares it with today when it reads and
searches, so a day passing needs no rewrite.

Every statement here is a constant: no value from a user reaches this SQL."""
from psycopg2 import sql

TABLE = "client_desk_payment_overview"
COLUMNS = ("id, kind, res_id, name, description, partner_id, user_id, company_id, currency_id, "
           "date, date_due, amount_total, amount_residual, amount_residual_company, base_status")

# The rows of each kind of document; {where} narrows to one document (or TRUE for all).
QUOTE_ROWS = """
    SELECT o.id * 10 + 1, 'quote', o.id, o.name, o.client_order_ref,
           COALESCE(p.commercial_partner_id, o.partner_id), o.user_id, o.company_id, pl.currency_id,
           COALESCE(o.confirmation_date::date, o.date_order::date), o.validity_date, o.amount_total, 0.0, 0.0,
           CASE o.state WHEN 'draft' THEN 'draft' WHEN 'sent' THEN 'pending'
                        WHEN 'cancel' THEN 'cancelled' ELSE 'accepted' END
      FROM sale_order o
      LEFT JOIN res_partner p ON p.id = o.partner_id
      LEFT JOIN product_pricelist pl ON pl.id = o.pricelist_id
     WHERE {where}
"""
INVOICE_ROWS = """
    SELECT i.id * 10 + (CASE WHEN i.client_desk_is_request THEN 3 ELSE 2 END),
           CASE WHEN i.client_desk_is_request THEN 'request' ELSE 'invoice' END,
           i.id, COALESCE(i.number, i.reference), COALESCE(i.client_desk_description, i.origin, i.name),
           i.commercial_partner_id, i.user_id, i.company_id, i.currency_id,
           COALESCE(i.date_invoice, i.create_date::date), i.date_due, i.amount_total,
           CASE WHEN i.state = 'open' THEN i.residual ELSE 0.0 END,
           CASE WHEN i.state = 'open' THEN i.residual_company_signed ELSE 0.0 END,
           CASE WHEN i.state = 'draft' THEN 'draft'
                WHEN i.state = 'cancel' THEN 'cancelled'
                WHEN i.state = 'paid' THEN 'paid'
                WHEN EXISTS (SELECT 1 FROM payment_transaction t
                              WHERE t.account_invoice_id = i.id AND t.state = 'pending') THEN 'pending'
                ELSE 'open' END
      FROM account_invoice i
     WHERE i.type = 'out_invoice' AND {where}
"""
PAYMENT_ROWS = """
    SELECT ap.id * 10 + 4, 'payment', ap.id, ap.name, ap.communication,
           COALESCE(p.commercial_partner_id, ap.partner_id), ap.create_uid, ap.company_id, ap.currency_id,
           ap.payment_date, NULL::date, ap.amount, 0.0, 0.0,
           CASE ap.state WHEN 'draft' THEN 'draft' WHEN 'cancelled' THEN 'cancelled' ELSE 'paid' END
      FROM account_payment ap
      LEFT JOIN res_partner p ON p.id = ap.partner_id
     WHERE ap.partner_type = 'customer' AND ap.payment_type = 'inbound' AND {where}
"""

# (function, the document's rows, the ids its row may have, the document's alias)
REFRESHERS = (
    ("client_desk_overview_refresh_quote", QUOTE_ROWS, "ARRAY[doc_id * 10 + 1]", "o"),
    ("client_desk_overview_refresh_invoice", INVOICE_ROWS, "ARRAY[doc_id * 10 + 2, doc_id * 10 + 3]", "i"),
    ("client_desk_overview_refresh_payment", PAYMENT_ROWS, "ARRAY[doc_id * 10 + 4]", "ap"),
)

REFRESH_FUNCTION = """
    CREATE OR REPLACE FUNCTION {function}(doc_id integer) RETURNS void AS $body$
    BEGIN
        DELETE FROM client_desk_payment_overview WHERE id = ANY({ids});
        INSERT INTO client_desk_payment_overview ({columns}) {rows};
    END
    $body$ LANGUAGE plpgsql
"""

# Row triggers: (trigger, table, function, body of the trigger function)
TRIGGERS = (
    ("client_desk_overview_quote_trg", "sale_order", "client_desk_overview_quote_changed", """
        IF TG_OP = 'DELETE' THEN PERFORM client_desk_overview_refresh_quote(OLD.id);
        ELSE PERFORM client_desk_overview_refresh_quote(NEW.id); END IF;
        RETURN NULL;"""),
    ("client_desk_overview_invoice_trg", "account_invoice", "client_desk_overview_invoice_changed", """
        IF TG_OP = 'DELETE' THEN PERFORM client_desk_overview_refresh_invoice(OLD.id);
        ELSE PERFORM client_desk_overview_refresh_invoice(NEW.id); END IF;
        RETURN NULL;"""),
    ("client_desk_overview_payment_trg", "account_payment", "client_desk_overview_payment_changed", """
        IF TG_OP = 'DELETE' THEN PERFORM client_desk_overview_refresh_payment(OLD.id);
        ELSE PERFORM client_desk_overview_refresh_payment(NEW.id); END IF;
        RETURN NULL;"""),
    # A pending online payment makes its invoice "pending".
    ("client_desk_overview_transaction_trg", "payment_transaction", "client_desk_overview_transaction_changed", """
        IF TG_OP <> 'INSERT' AND OLD.account_invoice_id IS NOT NULL THEN
            PERFORM client_desk_overview_refresh_invoice(OLD.account_invoice_id);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.account_invoice_id IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW.account_invoice_id IS DISTINCT FROM OLD.account_invoice_id) THEN
            PERFORM client_desk_overview_refresh_invoice(NEW.account_invoice_id);
        END IF;
        RETURN NULL;"""),
    # A contact moved to another company: its quotes and payments follow it.
    ("client_desk_overview_partner_trg", "res_partner", "client_desk_overview_partner_changed", """
        IF OLD.commercial_partner_id IS DISTINCT FROM NEW.commercial_partner_id THEN
            UPDATE client_desk_payment_overview SET partner_id = NEW.commercial_partner_id
             WHERE (kind = 'quote' AND res_id IN (SELECT id FROM sale_order WHERE partner_id = NEW.id))
                OR (kind = 'payment' AND res_id IN (SELECT id FROM account_payment WHERE partner_id = NEW.id));
        END IF;
        RETURN NULL;"""),
)
TRIGGER_EVENTS = {
    # A new partner gets its commercial partner just after its insert: it has no documents yet.
    "res_partner": "UPDATE OF commercial_partner_id ON res_partner FOR EACH ROW WHEN ("
                   "OLD.commercial_partner_id IS NOT NULL"
                   " AND OLD.commercial_partner_id IS DISTINCT FROM NEW.commercial_partner_id)",
}

TRIGGER_FUNCTION = """
    CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $body$
    BEGIN {body}
    END
    $body$ LANGUAGE plpgsql
"""

# The page's order (date desc, res_id desc), each filter, and a client's items.
INDEXES = {
    "client_desk_payment_overview_date_idx": "(date DESC, res_id DESC)",
    "client_desk_payment_overview_status_idx": "(base_status, date DESC, res_id DESC)",
    "client_desk_payment_overview_kind_idx": "(kind, date DESC, res_id DESC)",
    "client_desk_payment_overview_partner_idx": "(partner_id, date DESC, res_id DESC)",
    "client_desk_payment_overview_due_idx": "(date_due) WHERE base_status IN ('open', 'pending')",
    # The totals header: what is left on open invoices, and of it what is overdue.
    "client_desk_payment_overview_totals_idx": (
        "(company_id, date_due) INCLUDE (amount_residual_company) "
        "WHERE base_status IN ('open', 'pending') AND kind IN ('invoice', 'request')"),
}


def install(cr):
    """(Re)creates the functions, triggers and indexes, and fills the table from the documents."""
    for function, rows, ids, alias in REFRESHERS:
        where = "%s.id = doc_id" % alias
        cr.execute(sql.SQL(REFRESH_FUNCTION).format(
            function=sql.Identifier(function), ids=sql.SQL(ids), columns=sql.SQL(COLUMNS),
            rows=sql.SQL(rows.replace("{where}", where))))
    for trigger, table, function, body in TRIGGERS:
        cr.execute(sql.SQL(TRIGGER_FUNCTION).format(function=sql.Identifier(function), body=sql.SQL(body)))
        cr.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(sql.Identifier(trigger), sql.Identifier(table)))
        event = TRIGGER_EVENTS.get(table) or "INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW" % table
        cr.execute(sql.SQL("CREATE TRIGGER {} AFTER {} EXECUTE FUNCTION {}()").format(
            sql.Identifier(trigger), sql.SQL(event), sql.Identifier(function)))
    for name, definition in INDEXES.items():
        cr.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} {}").format(
            sql.Identifier(name), sql.Identifier(TABLE), sql.SQL(definition)))
    rebuild(cr)


def rebuild(cr):
    """Refills the table from the documents (at install and update)."""
    cr.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(TABLE)))
    for _function, rows, _ids, _alias in REFRESHERS:
        cr.execute(sql.SQL("INSERT INTO {} ({}) {}").format(
            sql.Identifier(TABLE), sql.SQL(COLUMNS), sql.SQL(rows.replace("{where}", "TRUE"))))
    cr.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(TABLE)))


def uninstall(cr):
    """Drops the triggers and their functions (Odoo drops the model's table itself)."""
    for trigger, table, function, _body in TRIGGERS:
        cr.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(sql.Identifier(trigger), sql.Identifier(table)))
        cr.execute(sql.SQL("DROP FUNCTION IF EXISTS {}()").format(sql.Identifier(function)))
    for function, _rows, _ids, _alias in REFRESHERS:
        cr.execute(sql.SQL("DROP FUNCTION IF EXISTS {}(integer)").format(sql.Identifier(function)))
    drop_old_view(cr)


def _kind(cr):
    cr.execute("SELECT relkind FROM pg_class WHERE relname = %s", (TABLE,))
    row = cr.fetchone()
    return row[0] if row else None


def drop_old_view(cr):
    """Before 11.0.1.1.0 the overview was a view: make room for the table."""
    if _kind(cr) == "v":
        cr.execute(sql.SQL("DROP VIEW {}").format(sql.Identifier(TABLE)))
