from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError

from .common import BillingCase


class TestQuotes(BillingCase):
    user_prefix = "billing.quote"

    def test_sending_is_an_event(self):
        order = self.make_quote(self.env, self.client, sent=False)
        order.sudo(self.staff).write({"state": "sent"})
        self.assertEqual(len(self.events(self.client, "quote_sent")), 1)

    def test_accept_confirms_notifies_and_invoices_in_one_click(self):
        order = self.make_quote(self.env, self.client)
        order.client_desk_accept("Anne Peeters")
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(self.events(self.client, "quote_accepted")), 1)
        self.assertIn("Anne Peeters", order.message_ids[0].body)
        action = order.sudo(self.staff).action_client_desk_invoice()
        invoice = self.env["account.invoice"].browse(action["res_id"])
        self.assertAlmostEqual(invoice.amount_total, 50.0)
        with self.assertRaises(UserError):
            order.sudo(self.staff).action_client_desk_invoice()

    def test_expired_or_answered_quote_refused(self):
        expired = self.make_quote(self.env, self.client,
                                  validity=fields.Date.to_string(date.today() - timedelta(days=1)))
        with self.assertRaises(UserError):
            expired.client_desk_accept("Anne")
        self.assertEqual(expired.state, "sent")
        order = self.make_quote(self.env, self.client)
        order.client_desk_decline("Too expensive")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.client_desk_decline_reason, "Too expensive")
        with self.assertRaises(UserError):
            order.client_desk_accept("Anne")

    def test_decline_needs_a_reason(self):
        order = self.make_quote(self.env, self.client)
        with self.assertRaises(UserError):
            order.client_desk_decline("   ")
        self.assertEqual(order.state, "sent")

    def test_draft_quote_cannot_be_invoiced(self):
        order = self.make_quote(self.env, self.client, sent=False)
        with self.assertRaises(UserError):
            order.sudo(self.staff).action_client_desk_invoice()
