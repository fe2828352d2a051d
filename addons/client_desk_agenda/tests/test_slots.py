from odoo.exceptions import UserError

from .common import AgendaCase, utc


class TestFreeSlots(AgendaCase):

    def starts(self, service, staff, day="2030-01-07"):
        return [slot["start"][11:16] for slot in service.client_desk_slots(staff.id if staff else False, day)]

    def test_working_hours_in_business_time_zone(self):
        # 9:00-18:00 in Brussels in January = 08:00-17:00 UTC; a 30 min service every 15 min.
        starts = self.starts(self.cut, self.staff)
        self.assertEqual(starts[0], "08:00")
        self.assertEqual(starts[-1], "16:30")
        self.assertEqual(len(starts), 35)

    def test_appointments_and_buffers_are_not_free(self):
        self.appointment("2030-01-07 10:00", service=self.colour)  # blocks 09:45-11:15 UTC
        starts = self.starts(self.cut, self.staff)
        self.assertIn("09:15", starts)  # ends 09:45
        self.assertNotIn("09:30", starts)
        self.assertNotIn("11:00", starts)
        self.assertIn("11:15", starts)
        # The colour service's own buffers must fit too: 15 min before and after.
        colour = self.starts(self.colour, self.staff)
        self.assertNotIn("08:45", colour)  # would end 09:45 + 15 min buffer
        self.assertIn("08:30", colour)
        self.assertIn("11:30", colour)
        self.assertNotIn("11:15", colour)

    def test_time_off_blocked_slots_and_closing_days(self):
        resource = self.env["resource.resource"].create({"name": "Staff", "user_id": self.staff.id,
                                                         "calendar_id": self.opening.id})
        self.env["resource.calendar.leaves"].create({
            "name": "Blocked", "calendar_id": self.opening.id, "resource_id": resource.id,
            "date_from": utc("2030-01-07 08:00"), "date_to": utc("2030-01-07 12:00")})
        self.assertEqual(self.starts(self.cut, self.staff)[0], "12:00")
        self.env["resource.calendar.leaves"].create({
            "name": "Closed", "calendar_id": self.opening.id,
            "date_from": utc("2030-01-08 00:00"), "date_to": utc("2030-01-08 23:00")})
        self.assertEqual(self.starts(self.cut, self.staff, "2030-01-08"), [])

    def test_staff_hours_within_opening_hours(self):
        self.staff.client_desk_calendar_id = self._week_calendar("Mornings", 8, 12)
        starts = self.starts(self.cut, self.staff)
        self.assertEqual((starts[0], starts[-1]), ("08:00", "10:30"))  # 9:00-12:00 local

    def test_anyone_gives_each_slot_once_with_a_free_staff_member(self):
        self.appointment("2030-01-07 08:00", service=self.colour)
        slots = self.colour.client_desk_slots(False, "2030-01-07")
        first = slots[0]
        self.assertEqual(first["start"], utc("2030-01-07 08:00"))
        self.assertEqual(first["staff_id"], self.staff2.id)
        self.assertEqual(len({slot["start"] for slot in slots}), len(slots))

    def test_daylight_saving_sundays(self):
        """A 09:00 local slot on the last Sundays of March and October 2030."""
        march = self.cut.client_desk_slots(self.staff.id, "2030-03-31")
        october = self.cut.client_desk_slots(self.staff.id, "2030-10-27")
        self.assertEqual((march[0]["start"], march[0]["local"]), (utc("2030-03-31 07:00"), "2030-03-31 09:00"))
        self.assertEqual((october[0]["start"], october[0]["local"]), (utc("2030-10-27 08:00"), "2030-10-27 09:00"))
        event = self.appointment("2030-03-31 07:00")
        self.assertIn("31/03/2030 09:00", event.client_desk_when_text())

    def test_past_days_and_beyond_the_horizon_have_no_slot(self):
        self.assertEqual(self.cut.client_desk_slots(self.staff.id, "2001-01-01"), [])
        self.env["ir.config_parameter"].sudo().set_param("client_desk_agenda.horizon_days", "30")
        self.assertEqual(self.cut.client_desk_slots(self.staff.id, "2030-01-07"), [])

    def test_unknown_staff_member(self):
        with self.assertRaises(UserError):
            self.cut.client_desk_slots(self.staff2.id, "2030-01-07")

    def test_online_booking_cannot_overlap(self):
        self.appointment("2030-01-07 08:00")
        with self.assertRaises(UserError):
            self.cut.sudo()._client_desk_book_online(self.staff.id, utc("2030-01-07 08:00"), self.portal_client)
        event = self.cut.sudo()._client_desk_book_online(False, utc("2030-01-07 09:00"), self.portal_client)
        self.assertEqual((event.client_desk_source, event.client_desk_state), ("online", "confirmed"))
        self.assertFalse(event.client_desk_allow_overlap)

    def test_approval_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("client_desk_agenda.approval", "new")
        first = self.cut.sudo()._client_desk_book_online(False, utc("2030-01-07 09:00"), self.portal_client)
        self.assertEqual(first.client_desk_state, "requested")
        first.action_client_desk_confirm()
        second = self.cut.sudo()._client_desk_book_online(False, utc("2030-01-07 10:00"), self.portal_client)
        self.assertEqual(second.client_desk_state, "confirmed")
        params.set_param("client_desk_agenda.approval", "all")
        third = self.cut.sudo()._client_desk_book_online(False, utc("2030-01-07 11:00"), self.portal_client)
        self.assertEqual(third.client_desk_state, "requested")
