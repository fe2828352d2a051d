"""Invoice, request payment and register payment from an appointment (staff form)."""
from odoo.exceptions import AccessError, UserError

from .common import AgendaBillingCase


class TestAppointmentInvoicing(AgendaBillingCase):

    def test_invoice_is_prefilled_with_the_service_and_its_price_for_the_client(self):
        event = self.appointment("2030-01-07 09:00")
        self.assertEqual(event.client_desk_billing_state, "none")
        invoice_id = event.sudo(self.staff).client_desk_create_invoice()
        self.assertIsInstance(invoice_id, int)
        invoice = self.invoice(invoice_id)
        self.assertEqual(invoice.partner_id, self.client)
        self.assertEqual(invoice.client_desk_event_id, event)
        self.assertEqual(invoice.client_desk_event_role, "appointment")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(len(invoice.invoice_line_ids), 1)
        self.assertIn("Coupe Homme", invoice.invoice_line_ids.name)
        self.assertEqual(invoice.amount_total, 25.0)
        event.invalidate_cache()
        self.assertEqual(event.client_desk_billing_state, "draft")
        self.assertEqual(event.client_desk_invoice_count, 1)
        action = event.action_client_desk_invoices()
        self.assertEqual(self.env["account.invoice"].search(action["domain"]), invoice)

    def test_a_second_invoice_or_a_cancelled_appointment_is_refused(self):
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).client_desk_create_invoice()
        with self.assertRaisesRegex(UserError, "already invoiced"):
            event.sudo(self.staff).client_desk_create_invoice()
        with self.assertRaisesRegex(UserError, "already invoiced"):
            event.sudo(self.staff).client_desk_request_payment()
        self.assertEqual(len(event.client_desk_invoice_ids), 1)
        other = self.appointment("2030-01-07 11:00")
        other.client_desk_cancel("Client ill")
        with self.assertRaisesRegex(UserError, "Cancelled"):
            other.sudo(self.staff).client_desk_create_invoice()
        self.assertFalse(other.client_desk_invoice_ids)

    def test_register_payment_validates_the_invoice_and_books_the_payment(self):
        event = self.appointment("2030-01-07 09:00")
        payment_id = event.sudo(self.staff).client_desk_register_payment(10.0, "cash")
        self.assertIsInstance(payment_id, int)
        invoice = event.client_desk_invoice_ids
        self.assertEqual(invoice.state, "open")
        self.assertEqual(invoice.residual, 15.0)
        event.invalidate_cache()
        self.assertEqual(event.client_desk_billing_state, "partial")
        event.sudo(self.staff).client_desk_register_payment()
        event.invalidate_cache()
        self.assertEqual(invoice.state, "paid")
        self.assertEqual(event.client_desk_billing_state, "paid")
        self.assertEqual(len(self.events_of("payment_received")), 2)
        with self.assertRaisesRegex(UserError, "already paid"):
            event.sudo(self.staff).client_desk_register_payment(1.0)

    def test_register_payment_refuses_bad_amounts_and_changes_nothing(self):
        event = self.appointment("2030-01-07 09:00")
        invoice = self.invoice(event.sudo(self.staff).client_desk_create_invoice(validate=True))
        for amount, message in [("abc", "must be a number"), (-5, "more than zero"), (99.0, "more than what is left")]:
            with self.assertRaisesRegex(UserError, message):
                event.sudo(self.staff).client_desk_register_payment(amount)
        self.assertFalse(invoice.payment_ids)
        self.assertEqual(invoice.residual, 25.0)

    def test_register_payment_button_opens_billings_wizard_on_the_invoice(self):
        event = self.appointment("2030-01-07 09:00")
        action = event.sudo(self.staff).action_client_desk_register_payment()
        self.assertEqual(action["res_model"], "client.desk.payment.register")
        invoice = event.client_desk_invoice_ids
        self.assertEqual(action["context"]["default_invoice_id"], invoice.id)
        wizard = self.env["client.desk.payment.register"].sudo(self.staff).with_context(**action["context"]).create(
            {"amount": 25.0, "method": "card"})
        wizard.action_confirm()
        self.assertEqual(invoice.state, "paid")

    def test_request_payment_is_billings_payment_request_linked_to_the_appointment(self):
        event = self.appointment("2030-01-07 09:00", service=self.colour)
        invoice = self.invoice(event.sudo(self.staff).client_desk_request_payment())
        self.assertTrue(invoice.client_desk_is_request)
        self.assertEqual(invoice.state, "open")
        self.assertEqual(invoice.amount_total, 80.0)
        self.assertEqual(invoice.client_desk_event_id, event)
        self.assertIn("Coloration", invoice.client_desk_description)
        event.invalidate_cache()
        self.assertEqual(event.client_desk_billing_state, "open")

    def test_only_staff_invoice_or_take_payments(self):
        event = self.appointment("2030-01-07 09:00")
        for user in (self.employee, self.portal_user):
            for method, args in [("client_desk_create_invoice", ()), ("client_desk_request_payment", ()),
                                 ("client_desk_register_payment", (25.0,))]:
                with self.assertRaises(AccessError, msg="%s %s" % (user.login, method)):
                    getattr(event.sudo(user), method)(*args)
        self.assertFalse(event.client_desk_invoice_ids)

    def test_portal_client_reads_their_appointment_but_not_its_invoicing_fields(self):
        event = self.appointment("2030-01-07 09:00", partner=self.portal_client)
        event.sudo(self.staff).client_desk_create_invoice()
        self.assertEqual(event.sudo(self.portal_user).read(["name"])[0]["id"], event.id)
        for name in ("client_desk_invoice_ids", "client_desk_billing_state", "client_desk_deposit_invoice_id"):
            with self.assertRaises(AccessError, msg=name):
                event.sudo(self.portal_user).read([name])
