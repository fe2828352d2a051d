from psycopg2 import sql


def uninstall_hook(cr, registry):
    """Removes the raw SQL objects the module made (the overview view, its indexes)."""
    cr.execute("DROP VIEW IF EXISTS client_desk_payment_overview")
    for index in ("client_desk_billing_invoice_open_idx", "client_desk_billing_invoice_date_idx",
                  "client_desk_billing_payment_date_idx", "client_desk_billing_order_date_idx",
                  "client_desk_billing_tx_invoice_idx", "client_desk_billing_invoice_client_idx",
                  "client_desk_billing_payment_client_idx"):
        cr.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(index)))
