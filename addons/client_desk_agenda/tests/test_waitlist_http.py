from datetime import datetime, timedelta

from odoo import fields

from .common import AgendaHttpCase, utc

DAY = "2030-01-07"
NINE = utc("2030-01-07 08:00")  # 09:00 in Brussels


class TestWaitlistHttp(AgendaHttpCase):
    """2030-01-07 is full: an appointment at 09:00 (Brussels) and the rest of the day blocked."""

    post_install = True
    at_install = False

    def setUp(self):
        super().setUp()
        resource = self.env["resource.resource"].create({
            "name": "Staff", "user_id": self.staff.id, "calendar_id": self.env.user.company_id.resource_calendar_id.id})
        self.env["resource.calendar.leaves"].create({
            "name": "Training", "resource_id": resource.id, "calendar_id": resource.calendar_id.id,
            "date_from": utc("2030-01-07 08:30"), "date_to": utc("2030-01-07 17:00")})
        self.booked = self.book_as_staff(self.portal_b.partner_id, "2030-01-07 08:00")

    def slots_page(self):
        return "/book/service/%s?staff=any&day=%s" % (self.service.id, DAY)

    def entries(self):
        return self.env["client.desk.waitlist"].search([("service_id", "=", self.service.id)])

    def join_url(self):
        return "/book/service/%s/waitlist" % self.service.id

    def join(self, email="wait.client@example.com", **extra):
        data = {"staff": "any", "day": DAY, "name": "Waiting Client", "email": email, "phone": "0470 11 22 33"}
        data.update(extra)
        return self.post(self.join_url(), dict(data, csrf_token=self.csrf()))

    def csrf(self):
        """A CSRF token of this session, read once (pages are slow to render on a busy machine)."""
        if not getattr(self, "_csrf", None):
            self._csrf = self.csrf_token(self.form_page())
        return self._csrf

    def login(self, login, password=None):
        self._csrf = None
        return super().login(login, password)

    def secure_post(self, path, data=None):
        return self.post(path, dict(data or {}, csrf_token=self.csrf()))

    def offered_entry(self, partner):
        entry = self.env["client.desk.waitlist"].create({
            "partner_id": partner.id, "service_id": self.service.id, "day": DAY})
        self.booked.client_desk_cancel("Sick")
        self.assertEqual(entry.state, "offered")
        return entry

    def test_a_visitor_joins_a_full_day_from_the_booking_page(self):
        page = self.get(self.slots_page())
        self.assertIn("o_client_desk_waitlist_form", page.text)
        response = self.join()
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("You are on the waitlist", response.text)
        entry = self.entries()
        self.assertEqual((entry.state, entry.source, entry.day), ("waiting", "online", DAY))
        self.assertEqual((entry.partner_id.email, entry.partner_id.client_desk_source),
                         ("wait.client@example.com", "booking"))
        message = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", entry.partner_id.id),
                                                   ("client_desk_kind", "=", "waitlist_joined")])
        self.assertEqual(message.author_id, entry.partner_id)
        # The same visitor joining again keeps one entry.
        self.join()
        self.assertEqual(len(self.entries()), 1)

    def test_joining_refuses_bad_input_without_csrf_and_by_get(self):
        response = self.post(self.join_url(), {"staff": "any", "day": DAY, "name": "X", "email": "x@example.com"})
        self.assertEqual(response.status_code, 400)
        response = self.get(self.join_url() + "?staff=any&day=%s&name=X&email=x@example.com" % DAY)
        self.assertEqual(response.status_code, 405)
        for extra, text in [({"day": "2001-01-01"}, "in the past"), ({"day": "someday"}, "not a valid date"),
                            ({"staff": "999999"}, "does not perform"), ({"email": ""}, "name and e-mail")]:
            response = self.join(**extra)
            self.assertEqual(response.status_code, 400, extra)
            self.assertIn(text, response.text)
        self.assertNotFound(self.secure_post("/book/service/abc/waitlist", {"day": DAY}))
        self.assertFalse(self.entries())

    def test_the_offered_client_claims_by_token_and_gets_the_appointment(self):
        entry = self.offered_entry(self.portal_a.partner_id)
        url = entry.client_desk_portal_url().replace(self.base_url, "")
        page = self.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_client_desk_claim_button", page.text)
        token = url.split("access_token=")[1]
        response = self.secure_post("/my/waitlist/%s/claim?access_token=%s" % (entry.id, token), {"start": NINE})
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("/my/appointments/", response.url)
        self.assertEqual(entry.state, "booked")
        self.assertEqual((entry.event_id.start, entry.event_id.client_desk_partner_id),
                         (NINE, self.portal_a.partner_id))
        # A second claim of the same entry gets a clear message.
        again = self.secure_post("/my/waitlist/%s/claim?access_token=%s" % (entry.id, token), {"start": NINE})
        self.assertEqual(again.status_code, 409)
        self.assertIn("You already booked this time", again.text)

    def test_claims_are_attacked(self):
        entry = self.offered_entry(self.portal_a.partner_id)
        url = entry.client_desk_portal_url().replace(self.base_url, "")
        other = self.env["client.desk.waitlist"].create({
            "partner_id": self.portal_b.partner_id.id, "service_id": self.service.id, "day": "2030-01-08"})
        other_token = other.client_desk_portal_url().split("access_token=")[1]
        claim = "/my/waitlist/%s/claim" % entry.id
        # Another entry's token, no token, a garbage or unknown id: 404, nothing booked.
        self.assertNotFound(self.secure_post(claim + "?access_token=" + other_token, {"start": NINE}))
        self.assertNotFound(self.secure_post(claim, {"start": NINE}))
        self.assertNotFound(self.secure_post("/my/waitlist/abc/claim", {"start": NINE}))
        self.assertNotFound(self.secure_post("/my/waitlist/999999999/claim", {"start": NINE}))
        # GET never claims; no CSRF token, no claim.
        token = url.split("access_token=")[1]
        self.assertEqual(self.get(claim + "?access_token=%s&start=%s" % (token, NINE)).status_code, 405)
        self.assertEqual(self.post(claim + "?access_token=" + token, {"start": NINE}).status_code, 400)
        # Another logged-in client cannot claim or leave it either.
        self.login(self.portal_b.login)
        self.assertNotFound(self.secure_post(claim, {"start": NINE}))
        self.assertNotFound(self.secure_post("/my/waitlist/%s/leave" % entry.id))
        self.assertEqual(entry.state, "offered")
        self.assertFalse(entry.event_id)

    def test_an_expired_offer_cannot_be_claimed(self):
        entry = self.offered_entry(self.portal_a.partner_id)
        url = entry.client_desk_portal_url().replace(self.base_url, "")
        entry.write({"offer_expiry": fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=1))})
        token = url.split("access_token=")[1]
        response = self.secure_post("/my/waitlist/%s/claim?access_token=%s" % (entry.id, token), {"start": NINE})
        self.assertEqual(response.status_code, 409)
        self.assertIn("This offer has expired", response.text)
        self.assertEqual((entry.state, entry.missed_count), ("waiting", 1))
        self.assertFalse(entry.event_id)

    def test_the_portal_shows_the_clients_entries_and_lets_them_leave(self):
        entry = self.env["client.desk.waitlist"].create({
            "partner_id": self.portal_a.partner_id.id, "service_id": self.service.id, "day": DAY})
        other = self.env["client.desk.waitlist"].create({
            "partner_id": self.portal_b.partner_id.id, "service_id": self.service.id, "day": DAY})
        self.login(self.portal_a.login)
        page = self.get("/my/appointments")
        self.assertIn("/my/waitlist/%s/leave" % entry.id, page.text)
        self.assertNotIn("/my/waitlist/%s/leave" % other.id, page.text)
        self.assertNotFound(self.get("/my/waitlist/%s" % other.id))
        response = self.secure_post("/my/waitlist/%s/leave" % entry.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("You left the waitlist", response.text)
        self.assertEqual((entry.state, other.state), ("left", "waiting"))
        self.assertNotIn("/my/waitlist/%s/leave" % entry.id, self.get("/my/appointments").text)

    def test_time_blocked_from_the_agenda_is_not_offered_on_book(self):
        page = self.get("/book/service/%s?staff=any&day=2030-01-08" % self.service.id)
        self.assertIn("start=2030-01-08+09%3A00%3A00", page.text)
        self.env["client.desk.block.time"].sudo(self.staff).create({
            "staff_id": self.staff.id, "date_from": utc("2030-01-08 09:00"), "date_to": utc("2030-01-08 10:00"),
            "reason": "Pause"}).action_block()
        page = self.get("/book/service/%s?staff=any&day=2030-01-08" % self.service.id)
        self.assertIn("start=2030-01-08+08%3A30%3A00", page.text)
        for blocked in ("08%3A45", "09%3A00", "09%3A45"):
            self.assertNotIn("start=2030-01-08+%s%%3A00" % blocked, page.text)
        self.assertIn("start=2030-01-08+10%3A00%3A00", page.text)
