"""The payments page's summary table stays right after every kind of change, "overdue" follows
the calendar without a rewrite, and the uninstall hook leaves no trigger or function."""
from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields

from .. import hooks
from .common import QUIET, BillingCase


def day(offset):
    return fields.Date.to_string(date.today() + timedelta(days=offset))


class TestOverviewKeptCurrent(BillingCase):
    user_prefix = "billing.table"

    def row(self, kind, document):
        """The document's row read afresh from the table (the triggers write behind the ORM)."""
        self.env.cache.invalidate()
        return self.env["client.desk.payment.overview"].sudo(self.staff).search(
            [("kind", "=", kind), ("res_id", "=", document.id)])

    def test_new_invoice_draft_then_open(self):
        invoice = self.make_invoice(self.env, self.client, 60.0, validate=False)
        row = self.row("invoice", invoice)
        self.assertEqual((row.status, row.partner_id, row.amount_total), ("draft", self.client, 60.0))
        self.assertEqual(row.amount_residual, 0.0)
        invoice.action_invoice_open()
        row = self.row("invoice", invoice)
        self.assertEqual((row.status, row.name, row.amount_residual), ("open", invoice.number, 60.0))

    def test_payments_update_the_invoice_and_add_a_row(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        payment = invoice._client_desk_register_payment(20.0, "cash")
        self.assertEqual((self.row("invoice", invoice).status, self.row("invoice", invoice).amount_residual),
                         ("open", 40.0))
        paid_row = self.row("payment", payment)
        self.assertEqual((paid_row.status, paid_row.amount_total, paid_row.partner_id), ("paid", 20.0, self.client))
        invoice._client_desk_register_payment(40.0, "card")
        row = self.row("invoice", invoice)
        self.assertEqual((row.status, row.amount_residual), ("paid", 0.0))

    def test_cancel_and_delete(self):
        invoice = self.make_invoice(self.env, self.client, 30.0)
        invoice.journal_id.update_posted = True
        invoice.action_invoice_cancel()
        self.assertEqual(self.row("invoice", invoice).status, "cancelled")
        invoice.action_invoice_draft()
        self.assertEqual(self.row("invoice", invoice).status, "draft")
        invoice.move_name = False
        invoice.unlink()
        self.assertFalse(self.row("invoice", invoice))

    def test_quote_sent_accepted_declined(self):
        draft = self.make_quote(self.env, self.client, sent=False)
        self.assertEqual(self.row("quote", draft).status, "draft")
        self.assertAlmostEqual(self.row("quote", draft).amount_total, 50.0)
        accepted = self.make_quote(self.env, self.portal_client)
        self.assertEqual(self.row("quote", accepted).status, "pending")
        accepted.client_desk_accept("Portal Client")
        self.assertEqual(self.row("quote", accepted).status, "accepted")
        declined = self.make_quote(self.env, self.portal_client)
        declined.client_desk_decline("Too dear")
        self.assertEqual(self.row("quote", declined).status, "cancelled")

    def test_pending_online_payment(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        acquirer = self.env.ref("client_desk_billing.payment_acquirer_client_desk_test")
        acquirer.write({"website_published": True, "company_id": invoice.company_id.id})
        tx = invoice._client_desk_payment_transaction(acquirer)
        self.assertEqual(self.row("invoice", invoice).status, "open")
        tx.state = "pending"
        self.assertEqual(self.row("invoice", invoice).status, "pending")
        tx.state = "cancel"
        self.assertEqual(self.row("invoice", invoice).status, "open")

    def test_a_day_passing_makes_an_invoice_overdue_without_a_write(self):
        invoice = self.make_invoice(self.env, self.client, 60.0, due=day(1))
        Overview = self.env["client.desk.payment.overview"].sudo(self.staff)
        mine = [("partner_id", "=", self.client.id), ("kind", "=", "invoice")]
        self.assertEqual(self.row("invoice", invoice).status, "open")
        self.assertFalse(Overview.search(mine + [("status", "=", "overdue")]))
        self.assertEqual(Overview.search(mine + [("status", "=", "open")]).res_id, invoice.id)
        in_two_days = fields.Date.from_string(day(2))
        with patch.object(fields.Date, "context_today", lambda *args, **kwargs: fields.Date.to_string(in_two_days)):
            self.assertEqual(self.row("invoice", invoice).status, "overdue")
            self.assertEqual(Overview.search(mine + [("status", "=", "overdue")]).res_id, invoice.id)
            self.assertFalse(Overview.search(mine + [("status", "=", "open")]))
            self.assertEqual(Overview.search(mine + [("status", "in", ("open", "pending", "overdue"))]).res_id,
                             invoice.id)
            self.assertFalse(Overview.search(mine + [("status", "!=", "overdue")]))
            groups = Overview.read_group(mine, ["status", "amount_residual"], ["status"])
            self.assertEqual([(g["status"], g["status_count"], g["amount_residual"]) for g in groups],
                             [("overdue", 1, 60.0)])

    def test_group_by_status_agrees_with_search(self):
        self.make_invoice(self.env, self.client, 100.0, due=day(-5))
        self.make_invoice(self.env, self.client, 40.0)
        self.make_invoice(self.env, self.client, 10.0, validate=False)
        self.make_quote(self.env, self.client)
        Overview = self.env["client.desk.payment.overview"].sudo(self.staff)
        mine = [("partner_id", "=", self.client.id)]
        groups = Overview.read_group(mine, ["status", "amount_total"], ["status"])
        self.assertEqual({g["status"]: g["status_count"] for g in groups},
                         {"overdue": 1, "open": 1, "draft": 1, "pending": 1})
        for group in groups:
            self.assertEqual(Overview.search_count(group["__domain"]), group["status_count"])
        eager = Overview.read_group(mine, ["status", "kind", "amount_total"], ["status", "kind"], lazy=False)
        self.assertIn(("overdue", "invoice", 1), [(g["status"], g["kind"], g["__count"]) for g in eager])

    def test_quotes_and_payments_of_a_contact_are_the_companys(self):
        company = self.env["res.partner"].with_context(**QUIET).create(
            {"name": "Coiffure Thibaut BVBA", "is_company": True, "client_desk_is_client": True})
        contact = self.env["res.partner"].with_context(**QUIET).create(
            {"name": "Thibaut Dessart", "parent_id": company.id, "email": "thibaut@example.com"})
        quote = self.make_quote(self.env, contact)
        self.assertEqual(self.row("quote", quote).partner_id, company)
        action = company.sudo(self.staff).action_client_desk_payments()
        self.assertIn(quote.id, self.env["client.desk.payment.overview"].sudo(self.staff).search(
            action["domain"] + [("kind", "=", "quote")]).mapped("res_id"))
        self.env.cache.invalidate()
        self.assertEqual(company.sudo(self.staff).client_desk_payment_item_count, 1)
        # The contact moves to another company: its quote follows it.
        other = self.env["res.partner"].with_context(**QUIET).create({"name": "Salon Lotte", "is_company": True})
        contact.parent_id = other
        self.assertEqual(self.row("quote", quote).partner_id, other)

    def test_staff_cannot_write_the_table(self):
        from odoo.exceptions import AccessError
        invoice = self.make_invoice(self.env, self.client, 60.0)
        row = self.row("invoice", invoice)
        with self.assertRaises(AccessError):
            row.write({"amount_residual": 0.0})
        with self.assertRaises(AccessError):
            row.unlink()
        self.assertEqual(self.row("invoice", invoice).amount_residual, 60.0)


class TestOverviewUninstall(BillingCase):
    user_prefix = "billing.drop"

    def count(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchone()[0]

    def test_uninstall_hook_drops_triggers_functions_and_indexes(self):
        triggers = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'client\\_desk\\_overview\\_%'"
        functions = "SELECT count(*) FROM pg_proc WHERE proname LIKE 'client\\_desk\\_overview\\_%'"
        indexes = "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'client\\_desk\\_billing\\_%'"
        self.assertEqual(self.count(triggers), 5)
        self.assertEqual(self.count(functions), 8)
        self.assertTrue(self.count(indexes))
        hooks.drop_sql_objects(self.env.cr)
        self.assertEqual((self.count(triggers), self.count(functions), self.count(indexes)), (0, 0, 0))
        # The documents' tables work without the table's triggers (Odoo then drops the table).
        self.env.cr.execute("DROP TABLE client_desk_payment_overview")
        self.make_invoice(self.env, self.client, 10.0)

    def test_uninstall_takes_back_sales_and_billing_rights(self):
        from odoo.addons.client_desk.tests.harness import new_user
        billing = self.env.ref("account.group_account_invoice")
        salesman = self.env.ref("sales_team.group_sale_salesman")
        sales_manager = self.env.ref("sales_team.group_sale_manager")
        self.assertTrue(self.staff.has_group("account.group_account_invoice"))
        seller = new_user(self.env, "billing.drop.seller", "user")
        seller.write({"groups_id": [(4, sales_manager.id)]})
        hooks.take_back_rights(self.env)
        self.assertFalse(billing & self.staff.groups_id)
        self.assertFalse(salesman & self.staff.groups_id)
        self.assertFalse(billing & self.manager.groups_id)
        # A Sales manager stays one (and a seller); the Billing right goes.
        self.assertTrue(salesman & seller.groups_id)
        self.assertTrue(sales_manager & seller.groups_id)
        self.assertFalse(billing & seller.groups_id)
        newcomer = new_user(self.env, "billing.drop.new", "user")
        self.assertFalse((billing | salesman) & newcomer.groups_id)
        self.assertTrue(newcomer.has_group("client_desk.group_client_desk_user"))
