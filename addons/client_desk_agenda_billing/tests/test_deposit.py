"""Deposits: an online booking of a service asking one is held until its down-payment invoice
is paid, then confirmed; released when the hold expires unpaid (clock moved, no sleep); the
deposit is deducted on the final invoice."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from odoo.addons.client_desk_agenda.tests.common import utc

from .common import AgendaBillingCase


def later(value, minutes):
    return fields.Datetime.to_string(fields.Datetime.from_string(value) + timedelta(minutes=minutes))


class TestDeposit(AgendaBillingCase):

    def book_online(self, start="2030-01-07 10:00", service=None):
        return (service or self.colour)._client_desk_book_online(self.staff.id, utc(start), self.client)

    def test_booking_a_deposit_service_holds_it_with_an_open_down_payment_invoice(self):
        before = fields.Datetime.now()
        event = self.book_online()
        self.assertEqual(event.client_desk_state, "requested")
        deposit = event.client_desk_deposit_invoice_id
        self.assertEqual(deposit.state, "open")
        self.assertEqual(deposit.amount_total, 16.0)  # 20 % of 80
        self.assertEqual(deposit.partner_id, self.client)
        self.assertTrue(deposit.client_desk_pay_online)
        self.assertEqual(event.client_desk_deposit_state, "waiting")
        self.assertEqual(event.client_desk_deposit_amount, 16.0)
        self.assertGreaterEqual(event.client_desk_hold_until, later(before, 60))
        self.assertLessEqual(event.client_desk_hold_until, later(fields.Datetime.now(), 60))
        self.assertEqual(self.kinds()[-2:], ["appointment_requested", "invoice_sent"])
        self.assertTrue(deposit.sent)
        mail = self.env["mail.mail"].search([("model", "=", "account.invoice"), ("res_id", "=", deposit.id)])
        self.assertIn(self.client, mail.recipient_ids)
        self.assertIn("/my/payments/invoice/%d" % deposit.id, mail.body_html)

    def test_a_service_without_deposit_books_as_before(self):
        event = self.book_online(service=self.cut)
        self.assertEqual(event.client_desk_state, "confirmed")
        self.assertFalse(event.client_desk_invoice_ids)
        self.assertFalse(event.client_desk_hold_until)

    def test_paying_the_deposit_confirms_the_booking_and_it_is_deducted_at_the_end(self):
        event = self.book_online()
        deposit = event.client_desk_deposit_invoice_id
        deposit._client_desk_register_payment(16.0, "card")
        self.assertEqual(deposit.state, "paid")
        self.assertEqual(event.client_desk_state, "confirmed")
        self.assertFalse(event.client_desk_hold_until)
        self.assertEqual(self.kinds()[-3:], ["deposit_paid", "appointment_scheduled", "payment_received"])
        paid_event = self.events_of("deposit_paid")
        self.assertEqual(paid_event.author_id, self.client)
        self.assertIn("16", paid_event.body)
        # Later, nothing released: it is paid.
        self.assertEqual(self.env["calendar.event"]._cron_client_desk_release_holds(now=later(
            fields.Datetime.now(), 24 * 60)), [])
        event.sudo(self.staff).action_client_desk_done()
        final = self.invoice(event.sudo(self.staff).client_desk_create_invoice())
        self.assertEqual(final.amount_total, 64.0)
        self.assertEqual(sorted(final.invoice_line_ids.mapped("price_unit")), [-16.0, 80.0])
        self.assertIn(deposit.number, " ".join(final.invoice_line_ids.mapped("name")))

    def test_an_unpaid_hold_is_released_when_it_expires_and_the_slot_is_free_again(self):
        self.env["ir.config_parameter"].sudo().set_param("client_desk_agenda_billing.hold_minutes", "30")
        event = self.book_online()
        deposit = event.client_desk_deposit_invoice_id

        def slots_day():
            return [slot["start"] for slot in self.colour.client_desk_slots(self.staff.id, "2030-01-07")]
        self.assertNotIn(utc("2030-01-07 10:00"), slots_day())
        Event = self.env["calendar.event"]
        self.assertEqual(Event._cron_client_desk_release_holds(now=later(event.client_desk_hold_until, -1)), [])
        self.assertEqual(event.client_desk_state, "requested")
        released = Event._cron_client_desk_release_holds(now=later(event.create_date, 31))
        self.assertEqual(released, event.ids)
        self.assertEqual(event.client_desk_state, "cancelled")
        self.assertIn("not paid in time", event.client_desk_cancel_reason)
        self.assertEqual(deposit.state, "paid")  # settled by its credit note
        refund = self.env["account.invoice"].search([("refund_invoice_id", "=", deposit.id)])
        self.assertEqual(refund.amount_total, 16.0)
        self.assertFalse(deposit.payment_ids)
        event.invalidate_cache()
        self.assertEqual(event.client_desk_deposit_state, "released")
        self.assertFalse(self.events_of("deposit_paid"))
        self.assertEqual(self.kinds()[-1], "appointment_cancelled")
        self.assertIn(utc("2030-01-07 10:00"), slots_day())
        # Run again: nothing more.
        self.assertEqual(Event._cron_client_desk_release_holds(now=later(event.create_date, 90)), [])

    def test_deposit_settings_are_checked(self):
        for values in [{"deposit_type": "fixed", "deposit_amount": 0}, {"deposit_type": "fixed", "deposit_amount": 90},
                       {"deposit_type": "percent", "deposit_percent": 0},
                       {"deposit_type": "percent", "deposit_percent": 120}]:
            with self.assertRaises(ValidationError, msg=str(values)):
                with self.env.cr.savepoint():
                    self.colour.write(values)
        self.assertEqual((self.colour.deposit_type, self.colour.deposit_percent), ("percent", 20))
        self.cut.write({"deposit_type": "fixed", "deposit_amount": 10})
        self.assertEqual(self.cut._client_desk_deposit(), 10.0)
