"""Packages (a ten-visit card): sold through an invoice, one visit used per done appointment
of a covered service (once), no deposit when booking online with a valid package."""
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.client_desk_agenda.tests.common import utc

from .common import AgendaBillingCase


class TestPackages(AgendaBillingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card10 = cls.env["client.desk.package"].create({
            "name": "Ten-visit card", "visits": 10, "validity_days": 365, "price": 200.0,
            "service_ids": [(6, 0, (cls.cut | cls.colour).ids)]})

    def sell(self, package=None, partner=None):
        return self.env["client.desk.package.card"].browse(
            (package or self.card10).sudo(self.staff).client_desk_sell((partner or self.client).id))

    def test_selling_a_package_makes_the_card_and_its_invoice(self):
        card = self.sell()
        self.assertEqual((card.visits_total, card.visits_left, card.state), (10, 10, "valid"))
        self.assertEqual(card.expiry_date, fields.Date.to_string(date.today() + timedelta(days=365)))
        self.assertEqual(card.invoice_id.partner_id, self.client)
        self.assertEqual((card.invoice_id.state, card.invoice_id.amount_total), ("open", 200.0))
        self.assertEqual(self.client.sudo(self.staff).client_desk_package_visits_left, 10)

    def test_done_appointment_uses_one_visit_once(self):
        card = self.sell()
        start = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now()) + timedelta(days=1))
        event = self.appointment(start[:16])
        event.sudo(self.staff).action_client_desk_done()
        self.assertEqual((card.visits_used, card.visits_left), (1, 9))
        used = self.events_of("package_visit_used")
        self.assertEqual(len(used), 1)
        self.assertIn("9 of 10", used.body)
        # Undone (back to confirmed) and done again: still one visit.
        event.write({"client_desk_state": "confirmed"})
        event.sudo(self.staff).action_client_desk_done()
        self.assertEqual(card.visits_used, 1)
        self.assertEqual(len(self.events_of("package_visit_used")), 1)
        with self.assertRaisesRegex(UserError, "covered by the client's package"):
            event.sudo(self.staff).client_desk_create_invoice()
        self.assertFalse(event.client_desk_invoice_ids)

    def test_uncovered_service_expired_or_used_up_cards_use_nothing(self):
        other = self.env["client.desk.service"].create({"name": "Baard", "duration_minutes": 15, "price": 15.0,
                                                        "staff_ids": [(6, 0, self.staff.ids)]})
        card = self.sell()
        self.appointment("2030-01-07 09:00", service=other).sudo(self.staff).action_client_desk_done()
        self.assertEqual(card.visits_used, 0)
        # Valid today, but expired on the day of the appointment.
        card.write({"expiry_date": "2029-12-31"})
        self.appointment("2030-01-07 10:00").sudo(self.staff).action_client_desk_done()
        self.assertEqual((card.visits_used, card.state), (0, "valid"))
        card.write({"expiry_date": fields.Date.to_string(date.today() - timedelta(days=1))})
        self.assertEqual(card.state, "expired")
        small = self.env["client.desk.package"].create({"name": "Two visits", "visits": 2, "validity_days": 10000,
                                                        "price": 40.0, "service_ids": [(6, 0, self.cut.ids)]})
        two = self.sell(small)
        for hour in ("11:00", "12:00", "13:00"):
            self.appointment("2030-01-07 %s" % hour).sudo(self.staff).action_client_desk_done()
        self.assertEqual((two.visits_used, two.visits_left, two.state), (2, 0, "used"))

    def test_a_valid_package_books_online_without_deposit(self):
        self.env["client.desk.package"].browse(self.card10.id).write({"validity_days": 10000})
        self.sell()
        event = self.colour._client_desk_book_online(self.staff.id, utc("2030-01-07 10:00"), self.client)
        self.assertEqual(event.client_desk_state, "confirmed")
        self.assertFalse(event.client_desk_invoice_ids)
        other = self.colour._client_desk_book_online(self.staff.id, utc("2030-01-07 12:00"), self.portal_client)
        self.assertEqual(other.client_desk_state, "requested")
        self.assertTrue(other.client_desk_deposit_invoice_id)

    def test_bad_input_and_rights(self):
        with self.assertRaisesRegex(UserError, "Choose the client"):
            self.card10.sudo(self.staff).client_desk_sell(999999999)
        with self.assertRaisesRegex(UserError, "Choose the client"):
            self.card10.sudo(self.staff).client_desk_sell(self.staff.partner_id.id)
        for values in [{"visits": 0}, {"validity_days": 0}, {"price": -1}]:
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.card10.write(values)
        for user in (self.portal_user, self.employee):
            with self.assertRaises(AccessError):
                self.card10.sudo(user).client_desk_sell(self.client.id)
        self.assertFalse(self.env["client.desk.package.card"].search([("partner_id", "=", self.client.id)]))
        card = self.sell(partner=self.portal_client)
        for model in ("client.desk.package", "client.desk.package.card", "client.desk.package.usage"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].sudo(self.portal_user).search_read([], ["id"])
        with self.assertRaises(AccessError):
            card.sudo(self.portal_user).write({"visits_total": 99})
        with self.assertRaises(AccessError):
            card.sudo(self.staff).unlink()
        with self.assertRaises(AccessError):
            self.card10.sudo(self.staff).write({"price": 1})
        with self.assertRaises(AccessError):
            card.sudo(self.portal_user).action_client_desk_stop()
        card.sudo(self.staff).action_client_desk_stop()
        self.assertEqual(card.state, "stopped")
        with self.assertRaisesRegex(UserError, "already stopped"):
            card.sudo(self.staff).action_client_desk_stop()
