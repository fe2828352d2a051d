import re

from .common import AgendaHttpCase, utc


class TestBookingHttp(AgendaHttpCase):

    def details_path(self, start="2030-01-07 09:00:00"):
        return "/book/service/%s/details?staff=any&start=%s" % (self.service.id, start)

    def book(self, email="new.client@example.com", start="2030-01-07 09:00:00", **extra):
        data = {"staff": "any", "start": start, "name": "New Client", "email": email, "phone": "0470 99 88 77"}
        data.update(extra)
        return self.post("/book/service/%s/confirm" % self.service.id, data, csrf_from=self.details_path(start))

    def test_public_booking_from_service_to_confirmation(self):
        page = self.get("/book")
        self.assertIn("Coupe Homme", page.text)
        self.assertNotIn("Secret", page.text)
        slots = self.get("/book/service/%s?staff=any&day=2030-01-07" % self.service.id)
        self.assertEqual(slots.status_code, 200)
        self.assertIn("start=2030-01-07+08%3A00%3A00", slots.text)  # 09:00 in Brussels
        self.assertIn("Europe/Brussels", slots.text)
        response = self.book()
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("/book/confirmed/", response.url)
        self.assertIn("Your appointment is booked", response.text)
        event = self.events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.start, "2030-01-07 09:00:00")
        self.assertEqual(event.client_desk_source, "online")
        partner = event.client_desk_partner_id
        self.assertEqual((partner.email, partner.client_desk_source), ("new.client@example.com", "booking"))
        message = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id),
                                                   ("client_desk_kind", "=", "appointment_scheduled")])
        self.assertEqual(message.author_id, partner)

    def test_without_csrf_nothing_is_created(self):
        response = self.post("/book/service/%s/confirm" % self.service.id, {
            "staff": "any", "start": "2030-01-07 09:00:00", "name": "X", "email": "x@example.com"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.events())

    def test_get_never_books(self):
        response = self.get("/book/service/%s/confirm?staff=any&start=2030-01-07+09:00:00&name=X&email=x@example.com"
                            % self.service.id)
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self.events())

    def test_bad_input_answers_4xx_with_a_message(self):
        self.assertNotFound(self.get("/book/service/abc"))
        self.assertNotFound(self.get("/book/service/999999999"))
        self.assertNotFound(self.get("/book/service/%s" % self.hidden.id))
        for path, text in [
            ("/book/service/%s?staff=999999" % self.service.id, "does not perform"),
            ("/book/service/%s?day=2030-13-45" % self.service.id, "not a valid date"),
            ("/book/service/%s?day=2001-01-01" % self.service.id, "in the past"),
            (self.details_path("2001-01-01 09:00:00"), "in the past"),
            (self.details_path("tomorrow"), "not a valid time"),
        ]:
            response = self.get(path)
            self.assertEqual(response.status_code, 400, path)
            self.assertIn(text, response.text)
        response = self.book(name="")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.events())

    def test_slot_taken_meanwhile_shows_the_next_free_slots(self):
        self.book_as_staff(self.portal_b.partner_id, "2030-01-07 09:00")
        response = self.book()
        self.assertEqual(response.status_code, 409)
        self.assertIn("no longer available", response.text)
        self.assertIn("start=2030-01-07 09:30:00", response.text)
        self.assertEqual(len(self.events()), 1)

    def test_bookings_are_throttled_per_email(self):
        hits = self.env["client.desk.throttle.hit"]
        for _attempt in range(5):
            hits._hit("booking_email", "busy@example.com")
        response = self.book(email="busy@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertFalse(self.events())

    def test_logged_in_client_books_as_themselves(self):
        self.login(self.portal_a.login)
        details = self.get(self.details_path())
        self.assertIn(self.portal_a.partner_id.email, details.text)
        response = self.book(email=self.portal_a.partner_id.email)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.events().client_desk_partner_id, self.portal_a.partner_id)

    def test_script_in_the_name_is_escaped(self):
        self.book(name="<script>alert(1)</script>")
        partner = self.events().client_desk_partner_id
        page = self.get("/book/service/%s/details?staff=any&start=2030-01-07+10:00:00" % self.service.id)
        self.assertNotIn("<script>alert(1)</script>", page.text)
        self.assertEqual(partner.name, "<script>alert(1)</script>")


class TestPortalAppointmentsHttp(AgendaHttpCase):

    def setUp(self):
        super().setUp()
        self.mine = self.book_as_staff(self.portal_a.partner_id, "2030-01-07 09:00")
        self.theirs = self.book_as_staff(self.portal_b.partner_id, "2030-01-07 10:00")

    def test_list_shows_only_own_appointments(self):
        self.login(self.portal_a.login)
        page = self.get("/my/appointments")
        self.assertIn("/my/appointments/%s" % self.mine.id, page.text)
        self.assertNotIn("/my/appointments/%s" % self.theirs.id, page.text)

    def test_another_clients_appointment_is_not_found(self):
        self.login(self.portal_a.login)
        self.assertNotFound(self.get("/my/appointments/%s" % self.theirs.id))
        self.assertNotFound(self.get("/my/appointments/%s?access_token=wrong" % self.theirs.id))
        self.assertNotFound(self.get("/my/appointments/%s/ics" % self.theirs.id))
        self.assertNotFound(self.get("/my/appointments/999999999"))
        self.assertNotFound(self.get("/my/appointments/abc"))
        token = self.mine._client_desk_access_token()
        self.assertNotFound(self.get("/my/appointments/%s?access_token=%s" % (self.theirs.id, token)))
        response = self.post("/my/appointments/%s/cancel" % self.theirs.id, {},
                             csrf_from="/my/appointments/%s" % self.mine.id)
        self.assertNotFound(response)
        self.assertEqual(self.theirs.client_desk_state, "confirmed")

    def test_cancel_by_post_only_before_the_cutoff(self):
        self.login(self.portal_a.login)
        self.assertEqual(self.get("/my/appointments/%s/cancel" % self.mine.id).status_code, 405)
        self.assertEqual(self.mine.client_desk_state, "confirmed")
        response = self.post("/my/appointments/%s/cancel" % self.mine.id, {"reason": "Sick"},
                             csrf_from="/my/appointments/%s" % self.mine.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.mine.client_desk_state, "cancelled")
        self.assertEqual(self.mine.client_desk_cancel_reason, "Sick")
        soon = self.book_as_staff(self.portal_a.partner_id, "2030-01-07 12:00")
        self.env["ir.config_parameter"].sudo().set_param("client_desk_agenda.cancel_hours", "10000000")
        self.assertNotIn("Cancel the appointment", self.get("/my/appointments/%s" % soon.id).text)
        response = self.post("/my/appointments/%s/cancel" % soon.id, {}, csrf_from=self.form_page())
        self.assertEqual(response.status_code, 409)
        self.assertEqual(soon.client_desk_state, "confirmed")

    def test_token_opens_the_page_and_the_ics_for_anonymous_visitors(self):
        token = self.mine._client_desk_access_token()
        page = self.get("/my/appointments/%s?access_token=%s" % (self.mine.id, token))
        self.assertEqual(page.status_code, 200)
        self.assertIn("Coupe Homme", page.text)
        self.assertEqual(page.headers.get("Referrer-Policy"), "no-referrer")
        ics = self.get("/my/appointments/%s/ics?access_token=%s" % (self.mine.id, token))
        self.assertIn("text/calendar", ics.headers["Content-Type"])
        self.assertIn(b"DTSTART:20300107T090000Z", ics.content)

    def test_move_to_a_free_slot_and_not_onto_a_taken_one(self):
        self.login(self.portal_a.login)
        page = "/my/appointments/%s/slots?day=2030-01-07" % self.mine.id
        move = "/my/appointments/%s/move" % self.mine.id
        response = self.post(move, {"start": "2030-01-07 10:00:00"}, csrf_from=page)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.mine.start, "2030-01-07 09:00:00")
        response = self.post(move, {"start": "2030-01-07 11:00:00"}, csrf_from=page)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.mine.start, "2030-01-07 11:00:00")

    def test_accept_a_proposed_time_from_the_portal(self):
        self.mine.sudo(self.staff).client_desk_propose(utc("2030-01-07 14:00"))
        token = self.mine._client_desk_access_token()
        path = "/my/appointments/%s?access_token=%s" % (self.mine.id, token)
        self.assertIn("We propose a new time", self.get(path).text)
        response = self.post("/my/appointments/%s/proposal?access_token=%s" % (self.mine.id, token),
                             {"answer": "accept"}, csrf_from=path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.mine.start, "2030-01-07 14:00:00")
        other = self.post("/my/appointments/%s/proposal?access_token=%s" % (self.theirs.id, token),
                          {"answer": "accept"}, csrf_from=path)
        self.assertNotFound(other)

    def test_calendar_invitation_tokens_do_not_open_appointments(self):
        attendee = self.theirs.attendee_ids.filtered(lambda a: a.partner_id == self.portal_b.partner_id)
        self.assertTrue(attendee.access_token)
        for route in ("view", "accept", "decline"):
            response = self.get("/calendar/meeting/%s?db=%s&token=%s&action=1&id=%s" % (
                route, self.env.cr.dbname, attendee.access_token, self.theirs.id))
            self.assertNotFound(response)
            self.assertNotIn(self.portal_b.partner_id.email, response.text)
        self.assertEqual(attendee.state, "needsAction")

    def test_portal_rpc_sees_only_own_attendees_and_changes_none(self):
        uid = self.portal_a.id
        with self.server_turn():
            rows = self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, self.portal_a.login, "calendar.attendee",
                                                 "search_read", [[]], {"fields": ["partner_id", "email"]})
        self.assertTrue(rows)
        self.assertEqual({row["partner_id"][0] for row in rows}, {self.portal_a.partner_id.id})
        theirs = self.theirs.attendee_ids.ids
        with self.assertRaises(Exception), self.server_turn():
            self.xmlrpc_object.execute_kw(self.env.cr.dbname, uid, self.portal_a.login, "calendar.attendee",
                                          "write", [theirs, {"state": "declined"}])
        self.assertTrue(all(a.state != "declined" for a in self.theirs.attendee_ids))

    def test_staff_rpc_gets_plain_slot_values(self):
        with self.server_turn():
            slots = self.xmlrpc_object.execute_kw(self.env.cr.dbname, self.staff.id, self.staff.login,
                                                  "client.desk.service", "client_desk_slots",
                                                  [[self.service.id], self.staff.id, "2030-01-08"])
        self.assertEqual(slots[0], {"start": "2030-01-08 08:00:00", "local": "2030-01-08 09:00",
                                    "staff_id": self.staff.id})
        self.assertTrue(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", slots[-1]["start"]))
