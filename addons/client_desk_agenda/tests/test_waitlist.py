from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.client_desk.tests.harness import po_translation

from .common import AgendaCase, utc

DAY = "2030-01-07"
NINE = utc("2030-01-07 08:00")  # 09:00 in Brussels


class WaitlistCase(AgendaCase):
    """Monday 7 January 2030 is full for the cut (30 min, staff only): the staff member is
    blocked from 09:30 (local) and has an appointment at 09:00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        resource = env["resource.resource"].create({"name": "Staff", "user_id": cls.staff.id,
                                                    "calendar_id": cls.opening.id})
        cls.block = env["resource.calendar.leaves"].create({
            "name": "Training", "calendar_id": cls.opening.id, "resource_id": resource.id,
            "date_from": utc("2030-01-07 08:30"), "date_to": utc("2030-01-07 17:00")})
        cls.other = env["res.partner"].create({
            "name": "Bart Claes", "email": "bart.claes@example.com", "mobile": "0470 22 33 44",
            "client_desk_is_client": True, "lang": "nl_BE"})
        cls.third = env["res.partner"].create({
            "name": "Chloé Dubois", "email": "chloe.dubois@example.com", "client_desk_is_client": True,
            "lang": "fr_BE"})

    def setUp(self):
        super().setUp()
        self.booked = self.appointment("2030-01-07 08:00")

    def join(self, partner, user=None):
        waitlist = self.env["client.desk.waitlist"].sudo(user or self.staff)
        return waitlist.browse(waitlist.client_desk_join(partner.id, self.cut.id, DAY))

    def later(self, minutes):
        return datetime.utcnow() + timedelta(minutes=minutes)


class TestWaitlist(WaitlistCase):

    def test_staff_add_a_client_to_a_full_day_who_waits(self):
        entry = self.join(self.other)
        self.assertEqual(entry.state, "waiting")
        self.assertEqual(entry.source, "backend")
        self.assertEqual(self.kinds(self.other), ["waitlist_joined"])
        # Joining twice keeps one entry.
        self.assertEqual(self.join(self.other), entry)
        # The staff member sees the waitlist of the day.
        self.assertIn(entry, self.env["client.desk.waitlist"].sudo(self.staff).search([("day", "=", DAY)]))

    def test_a_past_day_and_a_stranger_to_the_service_are_refused(self):
        waitlist = self.env["client.desk.waitlist"].sudo(self.staff)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            waitlist.client_desk_join(self.other.id, self.cut.id, "2001-01-01")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            waitlist.client_desk_join(self.other.id, self.cut.id, DAY, staff_id=self.staff2.id)
        self.assertFalse(waitlist.search([("partner_id", "=", self.other.id)]))

    def test_portal_users_and_employees_cannot_touch_the_waitlist(self):
        entry = self.join(self.other)
        for user in (self.portal_user, self.employee):
            with self.assertRaises(AccessError):
                entry.sudo(user).read(["state"])
            with self.assertRaises(AccessError):
                self.env["client.desk.waitlist"].sudo(user).client_desk_join(self.other.id, self.cut.id, DAY)

    def test_a_cancellation_offers_the_slot_held_with_mail_and_sms_in_the_clients_language(self):
        entry = self.join(self.other)
        self.booked.sudo(self.staff).client_desk_cancel("Sick")
        self.assertEqual(entry.state, "offered")
        self.assertEqual((entry.offer_start, entry.offer_staff_id), (NINE, self.staff))
        self.assertTrue(entry.offer_expiry > datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"))
        self.assertEqual(self.kinds(self.other), ["waitlist_joined", "waitlist_offered"])
        mail = self.env["mail.mail"].sudo().search([("model", "=", "client.desk.waitlist"), ("res_id", "=", entry.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("07/01/2030 09:00 (Europe/Brussels)", mail.body_html)
        self.assertIn("/my/waitlist/%s?access_token=" % entry.id, mail.body_html)
        subject = po_translation("client_desk_agenda", "nl_BE", "A time is free: ${object.service_id.name}")
        self.assertEqual(mail.subject, subject.replace("${object.service_id.name}", "Coupe Homme"))
        sms = self.env["client.desk.sms"].sudo().search([
            ("model", "=", "client.desk.waitlist"), ("res_id", "=", entry.id)])
        self.assertEqual(len(sms), 1)
        dutch = po_translation(
            "client_desk_agenda", "nl_BE",
            "%(company)s: %(service)s is free on %(when)s. Held for you until %(until)s; claim it: %(url)s")
        self.assertTrue(sms.body.startswith(dutch.split("%(company)s")[0] + self.env.user.company_id.name))
        # Held: neither the booking page nor another client can take it meanwhile.
        self.assertNotIn(NINE, [slot["start"] for slot in self.cut.client_desk_slots(False, DAY)])
        with self.assertRaises(UserError):
            self.cut.sudo()._client_desk_book_online(False, NINE, self.portal_client)

    def test_first_to_claim_wins_the_others_are_told_and_get_the_next_offer(self):
        first, second = self.join(self.other), self.join(self.third)
        self.booked.sudo(self.staff).client_desk_cancel("Sick")
        self.assertEqual((first.state, second.state), ("offered", "offered"))
        self.assertEqual(first.offer_start, second.offer_start)
        result = second.sudo().client_desk_claim(NINE)
        self.assertTrue(result["ok"])
        event = self.env["calendar.event"].browse(result["event_id"])
        self.assertEqual((event.client_desk_partner_id, event.start, event.client_desk_source),
                         (self.third, NINE, "online"))
        self.assertEqual((second.state, second.event_id), ("booked", event))
        self.assertIn("waitlist_claimed", self.kinds(self.third))
        # The other one is told, waits again and is not offered a slot that is not there.
        self.assertEqual((first.state, first.missed_count), ("waiting", 1))
        taken = self.env["mail.mail"].sudo().search([("model", "=", "client.desk.waitlist"),
                                                     ("res_id", "=", first.id)], order="id desc", limit=1)
        subject = po_translation("client_desk_agenda", "nl_BE", "The time was taken: ${object.service_id.name}")
        self.assertEqual(taken.subject, subject.replace("${object.service_id.name}", "Coupe Homme"))
        refused = first.sudo().client_desk_claim(NINE)
        self.assertFalse(refused["ok"])
        self.assertIn("no open offer", refused["message"])
        # Time frees up again later that day: offered to the one still waiting.
        self.block.write({"date_from": utc("2030-01-07 16:00")})
        self.assertEqual(first.state, "offered")
        self.assertEqual(first.offer_start, utc("2030-01-07 08:30"))

    def test_a_claim_beaten_by_a_booking_gets_a_clear_message_and_the_next_offer(self):
        entry = self.join(self.other)
        self.booked.sudo(self.staff).client_desk_cancel("Sick")
        # Staff book the slot over the hold (they may), then free 16:30 local.
        self.appointment("2030-01-07 08:00", partner=self.portal_client)
        self.block.write({"date_to": utc("2030-01-07 15:30")})
        result = entry.sudo().client_desk_claim(NINE)
        self.assertFalse(result["ok"])
        self.assertIn("Another client claimed this time", result["message"])
        self.assertEqual(entry.state, "offered")
        self.assertEqual(entry.offer_start, utc("2030-01-07 15:30"))
        self.assertEqual(entry.missed_count, 1)

    def test_an_expired_offer_goes_to_the_next_client(self):
        first = self.join(self.other)
        self.booked.sudo(self.staff).client_desk_cancel("Sick")
        self.env["ir.config_parameter"].sudo().set_param("client_desk_agenda.waitlist_offers_per_slot", "1")
        second = self.join(self.third)
        self.assertEqual((first.state, second.state), ("offered", "waiting"))
        late = self.later(3 * 60)
        result = first.sudo().client_desk_claim(NINE, now=late)
        self.assertFalse(result["ok"])
        self.assertIn("expired", result["message"])
        self.assertEqual((first.state, first.missed_count), ("waiting", 1))
        self.assertEqual((second.state, second.offer_start), ("offered", NINE))
        # The cron does the same for offers nobody answers; nobody is offered again the time
        # they let go, which is bookable by anyone once no offer holds it.
        self.env["client.desk.waitlist"]._cron_client_desk_waitlist(now=self.later(6 * 60))
        self.assertEqual((second.state, second.missed_count), ("waiting", 1))
        self.assertEqual(first.state, "waiting")
        self.assertIn(NINE, [slot["start"] for slot in self.cut.client_desk_slots(False, DAY)])

    def test_a_reschedule_and_removed_time_off_free_slots(self):
        entry = self.join(self.other)
        self.booked.sudo(self.staff).write({"start": utc("2030-01-08 08:00"), "stop": utc("2030-01-08 08:30")})
        self.assertEqual((entry.state, entry.offer_start), ("offered", NINE))
        entry.client_desk_leave()
        self.assertEqual(entry.state, "left")
        self.assertIn("waitlist_left", self.kinds(self.other))
        later = self.join(self.third)
        self.assertEqual(later.state, "offered")  # a free slot is offered at once
        self.appointment("2030-01-07 08:00", partner=self.portal_client)
        waiting = self.join(self.client)
        self.assertEqual(waiting.state, "waiting")
        self.block.unlink()
        self.assertEqual(waiting.state, "offered")

    def test_entries_of_past_days_close(self):
        entry = self.join(self.other)
        self.env["client.desk.waitlist"]._cron_client_desk_waitlist(now=datetime(2030, 1, 8, 12, 0))
        self.assertEqual(entry.state, "expired")

    def test_join_over_xmlrpc_style_returns_an_id(self):
        entry_id = self.env["client.desk.waitlist"].sudo(self.staff).client_desk_join(self.other.id, self.cut.id, DAY)
        self.assertIsInstance(entry_id, int)

    def test_gdpr_erase_removes_the_clients_entries(self):
        entry = self.join(self.other)
        kept = self.join(self.third)
        self.other._client_desk_gdpr_erase()
        self.assertFalse(entry.exists())
        self.assertTrue(kept.exists())
