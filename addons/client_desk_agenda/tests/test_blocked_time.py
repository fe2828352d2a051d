from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from .common import AgendaCase, utc


class TestBlockedTime(AgendaCase):
    """Staff block a staff member's time from the agenda (a pause): a time off on the staff
    member's resource, which free slots and online booking leave out."""

    def block(self, user, date_from="2030-01-07 11:00", date_to="2030-01-07 12:00", staff=None, reason="Pause"):
        wizard = self.env["client.desk.block.time"].sudo(user).create({
            "staff_id": (staff or self.staff2).id, "date_from": utc(date_from), "date_to": utc(date_to),
            "reason": reason})
        return wizard.action_block()

    def starts(self, staff):
        return [slot["start"] for slot in self.colour.client_desk_slots(staff.id, "2030-01-07")]

    def test_staff_block_another_staff_members_time_and_slots_leave_it_out(self):
        self.assertIn(utc("2030-01-07 11:15"), self.starts(self.staff2))
        action = self.block(self.staff)
        self.assertEqual(action["res_model"], "resource.calendar.leaves")
        leaves = self.env["resource.calendar.leaves"].sudo(self.staff).search(safe_eval(action["domain"]))
        leave = leaves.filtered(lambda leave: leave.name == "Pause")
        self.assertEqual(len(leave), 1)
        self.assertEqual(leave.resource_id.user_id, self.staff2)
        self.assertEqual((leave.date_from, leave.date_to), (utc("2030-01-07 11:00"), utc("2030-01-07 12:00")))
        starts = self.starts(self.staff2)
        # A 60 min colour: nothing that overlaps 11:00-12:00.
        for blocked in ("10:15", "11:00", "11:45"):
            self.assertNotIn(utc("2030-01-07 %s" % blocked), starts)
        self.assertIn(utc("2030-01-07 10:00"), starts)
        self.assertIn(utc("2030-01-07 12:00"), starts)
        # Booking online at a blocked time is refused; the other staff member is free then.
        with self.assertRaises(UserError):
            self.colour.sudo()._client_desk_book_online(self.staff2.id, utc("2030-01-07 11:00"), self.portal_client)
        event = self.colour.sudo()._client_desk_book_online(False, utc("2030-01-07 11:00"), self.portal_client)
        self.assertEqual(event.client_desk_staff_id, self.staff)
        # Staff remove the block: the time is free again.
        leave.sudo(self.staff).unlink()
        self.assertIn(utc("2030-01-07 11:15"), self.starts(self.staff2))

    def test_a_second_block_reuses_the_staff_members_resource(self):
        self.block(self.staff)
        self.block(self.staff, "2030-01-07 14:00", "2030-01-07 15:00")
        resources = self.env["resource.resource"].search([("user_id", "=", self.staff2.id)])
        self.assertEqual(len(resources), 1)

    def test_an_end_before_the_start_is_refused(self):
        with self.assertRaises(UserError):
            self.block(self.staff, "2030-01-07 12:00", "2030-01-07 11:00")
        self.assertFalse(self.env["resource.resource"].search([("user_id", "=", self.staff2.id)]).mapped(
            "calendar_id.leave_ids").filtered(lambda leave: leave.name == "Pause"))

    def test_only_client_desk_staff_block_time(self):
        for user in (self.employee, self.portal_user):
            with self.assertRaises(AccessError):
                self.block(user)
        self.assertFalse(self.env["resource.calendar.leaves"].search([("name", "=", "Pause")]))
