"""Payments page at scale: the overview's first page and its totals header, beside Odoo's own
invoice list, on a database of its own (cd_billing_bench, client_desk_billing alone, no demo).

    .venv/bin/python bench/bench_billing.py [--invoices 100000] [--clients 10000] [--repeat 3]

The generator writes invoices and payments with bulk INSERTs (header rows with their amounts;
no journal items: the pages read only the headers)."""
import argparse
import os
import random
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchlib  # noqa: E402

OUR_FIELDS = ["date", "partner_id", "kind", "name", "description", "user_id", "date_due", "currency_id",
              "amount_total", "amount_residual", "status"]
# account.invoice_tree's columns.
STOCK_FIELDS = ["partner_id", "date_invoice", "number", "reference", "commercial_partner_id", "name", "journal_id",
                "company_id", "user_id", "date_due", "origin", "amount_total_signed", "residual_signed",
                "currency_id", "company_currency_id", "state", "type"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100000)
    parser.add_argument("--clients", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=os.environ.get("BENCH_BILLING_DB", "cd_billing_bench"))
    return parser.parse_known_args()[0]


def bench_database(dbname):
    """client_desk_billing with the Belgian chart of accounts, no demo data; made once."""
    odoo_db = benchlib.odoo_db
    logfile = os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname)
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, ["client_desk_billing"], logfile, demo=False, languages=None)
    if "l10n_be" not in odoo_db.installed_modules(dbname):
        print("installing the Belgian chart of accounts ...", flush=True)
        odoo_db.install(dbname, ["l10n_be"], logfile, demo=False, languages=None)


def ensure_invoices(registry, count, seed=6):
    """Brings the database to `count` customer invoices (and a payment for every third)."""
    from psycopg2.extras import execute_values

    import odoo

    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM account_invoice WHERE type = 'out_invoice'")
        have = cr.fetchone()[0]
        if have >= count:
            return
        print("generating %d invoices ..." % (count - have), flush=True)
        company = env.user.company_id
        journal = env["account.invoice"].with_context(type="out_invoice")._default_journal()
        bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        receivable = env["ir.property"].get("property_account_receivable_id", "res.partner")
        method = env.ref("account.account_payment_method_manual_in")
        cr.execute("SELECT id FROM res_partner WHERE client_desk_is_client ORDER BY id")
        clients = [row[0] for row in cr.fetchall()]
        rng = random.Random(seed + have)
        today = date.today()
        invoices, payments = [], []
        for index in range(have, count):
            partner = rng.choice(clients)
            issued = today - timedelta(days=rng.randint(0, 720))
            due = issued + timedelta(days=15)
            amount = float(rng.choice((25, 35, 45, 60, 75, 90, 120, 150)))
            state = rng.choice(("paid", "paid", "paid", "open", "open", "draft", "cancel"))
            residual = amount if state == "open" else 0.0
            number = None if state == "draft" else "INV/%d/%06d" % (issued.year, index + 1)
            invoices.append((number, partner, partner, receivable.id, journal.id, company.id, company.currency_id.id,
                             issued, due, amount, amount, amount, amount, residual, residual, residual, state))
            if state == "paid" and index % 3 == 0:
                payments.append(("CUST.IN/%06d" % (index + 1), partner, amount, company.currency_id.id, due,
                                 bank.id, method.id, company.id, number))
        execute_values(cr, """
            INSERT INTO account_invoice (number, partner_id, commercial_partner_id, account_id, journal_id,
                company_id, currency_id, date_invoice, date_due, amount_total, amount_untaxed, amount_total_signed,
                amount_total_company_signed, residual, residual_signed, residual_company_signed, state, type,
                reference_type, create_uid, write_uid, create_date, write_date)
            VALUES %s""", invoices, page_size=5000, template=(
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'out_invoice', 'none', 1, 1,"
            " now() at time zone 'UTC', now() at time zone 'UTC')"))
        execute_values(cr, """
            INSERT INTO account_payment (name, partner_id, amount, currency_id, payment_date, journal_id,
                payment_method_id, company_id, communication, payment_type, partner_type, state,
                client_desk_method, create_uid, write_uid, create_date, write_date)
            VALUES %s""", payments, page_size=5000, template=(
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, 'inbound', 'customer', 'posted', 'transfer', 1, 1,"
            " now() at time zone 'UTC', now() at time zone 'UTC')"))
        cr.commit()
        cr.execute("ANALYZE account_invoice")
        cr.execute("ANALYZE account_payment")
        cr.commit()


def main():
    args = parse_args()
    bench_database(args.db)
    registry = benchlib.odoo_registry(args.db)
    benchlib.ensure_clients(registry, args.clients)
    ensure_invoices(registry, args.invoices)
    import odoo

    runs = args.repeat * 20
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "nl_BE"})
        overview = env["client.desk.payment.overview"]
        invoices = env["account.invoice"]

        def first_page(model, fields, domain):
            """What the list view asks: 80 rows and the count of all."""
            def run():
                env.cache.invalidate()
                model.search_read(domain, fields, limit=80)
                model.search_count(domain)
            return run

        def group_by_status():
            env.cache.invalidate()
            overview.read_group([], ["status", "amount_total", "amount_residual"], ["status"])

        def totals():
            env.cache.invalidate()
            overview.client_desk_totals()

        def stock_totals():
            env.cache.invalidate()
            invoices.read_group([("type", "=", "out_invoice"), ("state", "=", "open")], ["residual_signed"], [])

        stock_list = benchlib.timed(first_page(invoices, STOCK_FIELDS, [("type", "=", "out_invoice")]), runs)
        rows = [
            ("payments page, first page (80 rows + count)",
             benchlib.timed(first_page(overview, OUR_FIELDS, []), runs), stock_list, "p50 <= 150 ms"),
            ("payments page, filter overdue",
             benchlib.timed(first_page(overview, OUR_FIELDS, [("status", "=", "overdue")]), runs), stock_list,
             "p50 <= 150 ms"),
            ("payments page, filter open (open, pending, overdue)",
             benchlib.timed(first_page(overview, OUR_FIELDS, [("status", "in", ("open", "pending", "overdue"))]),
                            runs), stock_list, "p50 <= 150 ms"),
            ("payments page, filter paid",
             benchlib.timed(first_page(overview, OUR_FIELDS, [("status", "=", "paid")]), runs), stock_list,
             "p50 <= 150 ms"),
            ("payments page, grouped by status",
             benchlib.timed(group_by_status, runs), None, "p50 <= 150 ms"),
            ("payments page, one client's items",
             benchlib.timed(first_page(overview, OUR_FIELDS, [("partner_id", "=", env["res.partner"].search(
                 [("client_desk_is_client", "=", True)], limit=1).id)]), runs), stock_list, "p50 <= 150 ms"),
            ("totals header (open, overdue, paid this month)", benchlib.timed(totals, runs),
             benchlib.timed(stock_totals, runs), "p50 <= 100 ms"),
        ]
        cr.execute("SELECT count(*) FROM client_desk_payment_overview")
        items = cr.fetchone()[0]
        benchlib.print_table(
            "Payments page at %d invoices, %d items, %d clients (%d runs each; stock = account.invoice list;"
            " machine load average %.1f)" % (args.invoices, items, args.clients, runs, os.getloadavg()[0]), rows)


if __name__ == "__main__":
    main()
