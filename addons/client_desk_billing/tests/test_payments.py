from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import BillingCase


class TestOfflinePayment(BillingCase):
    user_prefix = "billing.pay"

    def register(self, invoice, amount, **values):
        wizard = self.env["client.desk.payment.register"].sudo(self.staff).create(dict({
            "partner_id": invoice.commercial_partner_id.id,
            "invoice_id": invoice.id,
            "amount": amount,
            "currency_id": invoice.currency_id.id,
            "method": "cash",
        }, **values))
        wizard.action_confirm()
        return wizard

    def test_partial_then_full_payment_reconciles(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        self.register(invoice, 20.0)
        self.assertEqual(invoice.state, "open")
        self.assertAlmostEqual(invoice.residual, 40.0)
        self.register(invoice, 40.0, method="card")
        self.assertEqual(invoice.state, "paid")
        self.assertEqual(sorted(invoice.payment_ids.mapped("client_desk_method")), ["card", "cash"])

    def test_payment_is_a_conversation_event_by_the_staff_member(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        self.register(invoice, 60.0)
        event = self.events(self.client, "payment_received")
        self.assertEqual(len(event), 1)
        self.assertEqual(event.author_id, self.staff.partner_id)
        self.assertEqual(event.client_desk_record_ref, "account.invoice,%d" % invoice.id)

    def test_bad_amounts_change_nothing(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        for amount in (0.0, -5.0, 60.01):
            with self.assertRaises(UserError):
                self.register(invoice, amount)
        self.assertFalse(invoice.payment_ids)
        self.assertAlmostEqual(invoice.residual, 60.0)

    def test_other_currency_refused(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        with self.assertRaises(UserError) as caught:
            self.register(invoice, 10.0, currency_id=self.other_currency.id)
        self.assertIn(self.other_currency.name, caught.exception.name)
        self.assertFalse(invoice.payment_ids)

    def test_paid_and_cancelled_invoices_refused(self):
        paid = self.make_invoice(self.env, self.client, 30.0)
        self.register(paid, 30.0)
        with self.assertRaises(UserError):
            paid._client_desk_register_payment(1.0, "cash")
        cancelled = self.make_invoice(self.env, self.client, 30.0)
        cancelled.journal_id.update_posted = True
        cancelled.action_invoice_cancel()
        with self.assertRaises(UserError):
            cancelled._client_desk_register_payment(1.0, "cash")
        self.assertFalse(cancelled.payment_ids)

    def test_same_wizard_confirmed_twice_books_once(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        wizard = self.register(invoice, 10.0)
        wizard.action_confirm()
        self.assertEqual(len(invoice.payment_ids), 1)
        self.assertAlmostEqual(invoice.residual, 50.0)

    def test_invoice_of_another_client_refused(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        with self.assertRaises(UserError):
            self.register(invoice, 10.0, partner_id=self.portal_client.id)
        self.assertFalse(invoice.payment_ids)

    def test_employee_without_client_desk_rights_cannot_register(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        wizard = self.env["client.desk.payment.register"].sudo(self.employee).create({
            "partner_id": self.client.id, "invoice_id": invoice.id, "amount": 10.0,
            "currency_id": invoice.currency_id.id, "method": "cash"})
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertFalse(invoice.payment_ids)

    def test_loose_payment_without_invoice(self):
        wizard = self.env["client.desk.payment.register"].sudo(self.staff).create({
            "partner_id": self.client.id, "amount": 25.0, "method": "cash", "description": "Coupe Homme",
            "currency_id": self.currency.id})
        wizard.action_confirm()
        self.assertEqual(wizard.payment_id.state, "posted")
        self.assertEqual(len(self.events(self.client, "payment_received")), 1)


class TestPaymentRequestAndOverview(BillingCase):
    user_prefix = "billing.overview"

    def test_payment_request_is_an_open_invoice_with_structured_communication(self):
        Invoice = self.env["account.invoice"].sudo(self.staff)
        invoice = Invoice.browse(Invoice.client_desk_create_payment_request(self.client.id, 25.0, "Coupe Homme"))
        self.assertEqual(invoice.state, "open")
        self.assertTrue(invoice.client_desk_is_request)
        self.assertAlmostEqual(invoice.amount_total, 25.0)
        self.assertRegex(invoice.reference, r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")
        row = self.env["client.desk.payment.overview"].search([("kind", "=", "request"), ("res_id", "=", invoice.id)])
        self.assertEqual(row.status, "open")

    def test_payment_request_bad_input(self):
        Invoice = self.env["account.invoice"].sudo(self.staff)
        count = Invoice.search_count([])
        for amount, description in ((0, "x"), (-1, "x"), ("abc", "x"), (10, "  ")):
            with self.assertRaises(UserError):
                Invoice.client_desk_create_payment_request(self.client.id, amount, description)
        self.assertEqual(Invoice.search_count([]), count)

    def test_statuses_and_totals(self):
        Overview = self.env["client.desk.payment.overview"].sudo(self.staff)
        before = Overview.client_desk_totals()
        late = self.make_invoice(self.env, self.client, 100.0,
                                 due=fields.Date.to_string(date.today() - timedelta(days=5)))
        current = self.make_invoice(self.env, self.client, 40.0)
        draft = self.make_invoice(self.env, self.client, 10.0, validate=False)
        current._client_desk_register_payment(15.0, "cash")
        quote = self.make_quote(self.env, self.client)
        status = {(row.kind, row.res_id): row.status for row in Overview.search([("partner_id", "=", self.client.id)])}
        self.assertEqual(status["invoice", late.id], "overdue")
        self.assertEqual(status["invoice", current.id], "open")
        self.assertEqual(status["invoice", draft.id], "draft")
        self.assertEqual(status["quote", quote.id], "pending")
        self.assertEqual(list(status.values()).count("paid"), 1)  # the payment of 15
        after = Overview.client_desk_totals()
        self.assertAlmostEqual(after["open"] - before["open"], 125.0)
        self.assertAlmostEqual(after["overdue"] - before["overdue"], 100.0)
        self.assertAlmostEqual(after["paid_this_month"] - before["paid_this_month"], 15.0)
        self.assertAlmostEqual(self.client.client_desk_open_balance, 125.0)

    def test_portal_user_reads_no_overview(self):
        with self.assertRaises(AccessError):
            self.env["client.desk.payment.overview"].sudo(self.portal_user).search_read([], ["name"])
        with self.assertRaises(AccessError):
            self.env["client.desk.payment.overview"].sudo(self.portal_user).client_desk_totals()

    def test_show_conversation_opens_the_client_card(self):
        invoice = self.make_invoice(self.env, self.client, 10.0)
        row = self.env["client.desk.payment.overview"].sudo(self.staff).search(
            [("kind", "=", "invoice"), ("res_id", "=", invoice.id)])
        action = row.action_show_conversation()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.client.id))


class TestReminders(BillingCase):
    user_prefix = "billing.remind"

    def setUp(self):
        super().setUp()
        self.env.user.company_id.client_desk_reminder_days = "3,10,30"

    def test_schedule_and_nothing_once_paid(self):
        due = date.today() - timedelta(days=12)
        invoice = self.make_invoice(self.env, self.client, 60.0, due=fields.Date.to_string(due))
        Invoice = self.env["account.invoice"]
        self.assertIn(invoice.id, Invoice._cron_client_desk_send_reminders())
        self.assertEqual(invoice.client_desk_reminder_count, 2)  # steps 3 and 10 reached: one mail
        self.assertEqual(len(self.events(self.client, "payment_reminder")), 1)
        self.assertNotIn(invoice.id, Invoice._cron_client_desk_send_reminders())  # same day: nothing
        day_31 = fields.Date.to_string(due + timedelta(days=31))
        invoice._client_desk_register_payment(60.0, "cash")
        self.assertNotIn(invoice.id, Invoice._cron_client_desk_send_reminders(today=day_31))
        self.assertEqual(len(self.events(self.client, "payment_reminder")), 1)

    def test_next_step_reminds_again(self):
        due = date.today() - timedelta(days=4)
        invoice = self.make_invoice(self.env, self.client, 60.0, due=fields.Date.to_string(due))
        Invoice = self.env["account.invoice"]
        Invoice._cron_client_desk_send_reminders()
        self.assertNotIn(invoice.id, Invoice._cron_client_desk_send_reminders(
            today=fields.Date.to_string(due + timedelta(days=9))))
        self.assertIn(invoice.id, Invoice._cron_client_desk_send_reminders(
            today=fields.Date.to_string(due + timedelta(days=10))))
        self.assertEqual(invoice.client_desk_reminder_count, 2)

    def test_button_refuses_a_paid_invoice(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        invoice.sudo(self.staff).action_client_desk_send_reminder()
        self.assertEqual(invoice.client_desk_reminder_count, 1)
        invoice._client_desk_register_payment(60.0, "cash")
        with self.assertRaises(UserError):
            invoice.sudo(self.staff).action_client_desk_send_reminder()
        self.assertEqual(invoice.client_desk_reminder_count, 1)

    def test_bad_schedule_refused(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            self.env.user.company_id.client_desk_reminder_days = "3, ten"
