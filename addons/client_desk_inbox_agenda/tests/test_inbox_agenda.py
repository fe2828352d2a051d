"""New appointment from the inbox and the client's bookings on the conversation page."""
from odoo.exceptions import AccessError, UserError

from odoo.addons.client_desk.tests.harness import po_translation
from odoo.addons.client_desk_inbox.tests.common import InboxCase


class TestInboxAgenda(InboxCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.staff.write({"client_desk_bookable": True})
        cls.service = env["client.desk.service"].create({"name": "Coupe Homme", "duration_minutes": 30, "price": 25.0})
        cls.receive(cls.client, "Can I come on Tuesday?")
        cls.receive(cls.portal_client, "Hello")
        cls.conversation = cls.conversation_of(cls.client)
        cls.other_conversation = cls.conversation_of(cls.portal_client)
        Event = env["calendar.event"].with_context(client_desk_no_mail=True)
        cls.booking = Event.create(cls._appointment_values(cls.client, "2030-01-07 09:00:00"))
        cls.cancelled = Event.create(cls._appointment_values(cls.client, "2030-01-08 09:00:00"))
        cls.cancelled.client_desk_cancel("Ill")
        cls.other_booking = Event.create(cls._appointment_values(cls.portal_client, "2030-01-07 10:00:00"))
        cls.unrelated_event = env["calendar.event"].create({
            "name": "Team meeting", "start": "2030-01-07 12:00:00", "stop": "2030-01-07 13:00:00"})

    @classmethod
    def _appointment_values(cls, partner, start):
        return {
            "client_desk_partner_id": partner.id,
            "client_desk_service_id": cls.service.id,
            "client_desk_staff_id": cls.staff.id,
            "start": start,
        }

    def _run_server_action(self, xmlid, user, conversations):
        action = self.env.ref(xmlid).sudo(user).with_context(
            active_model="client.desk.conversation", active_id=conversations[:1].id, active_ids=conversations.ids)
        return action.run()

    def test_new_appointment_opens_the_form_for_the_client(self):
        action = self.conversation.sudo(self.staff).action_client_desk_new_appointment()
        self.assertEqual(action["res_model"], "calendar.event")
        self.assertEqual(action["views"][0][0],
                         self.env.ref("client_desk_agenda.calendar_event_view_form_client_desk").id)
        Event = self.env["calendar.event"].sudo(self.staff).with_context(**action["context"])
        defaults = Event.default_get(["client_desk_partner_id"])
        self.assertEqual(defaults["client_desk_partner_id"], self.client.id)
        # What the form saves (its defaults and what staff filled in), as staff.
        event = Event.with_context(client_desk_no_mail=True).create(dict(
            defaults, client_desk_service_id=self.service.id, client_desk_staff_id=self.staff.id,
            start="2030-01-09 09:00:00"))
        self.assertEqual(event.client_desk_partner_id, self.client)
        self.assertEqual(event.client_desk_state, "confirmed")

    def test_new_appointment_from_the_inbox_selection(self):
        action = self._run_server_action(
            "client_desk_inbox_agenda.client_desk_conversation_server_action_new_appointment",
            self.staff, self.conversation)
        self.assertEqual(action["res_model"], "calendar.event")
        self.assertEqual(action["context"]["default_client_desk_partner_id"], self.client.id)

    def test_new_appointment_for_two_conversations_is_refused_in_the_users_language(self):
        both = self.conversation | self.other_conversation
        self.staff.lang = "nl_BE"
        with self.assertRaises(UserError) as caught:
            both.sudo(self.staff).with_context(lang="nl_BE").action_client_desk_new_appointment()
        self.assertEqual(caught.exception.name, po_translation(
            "client_desk_inbox_agenda", "nl_BE", "Select one conversation: an appointment is for one client."))

    def test_bookings_tab_lists_only_this_clients_appointments(self):
        bookings = self.conversation.sudo(self.staff).client_desk_appointment_ids
        self.assertEqual(bookings, self.booking | self.cancelled)
        self.assertEqual(bookings[0], self.cancelled, "latest first")
        self.assertNotIn(self.other_booking, bookings)
        self.assertNotIn(self.unrelated_event, bookings)
        self.assertEqual(self.other_conversation.sudo(self.staff).client_desk_appointment_ids, self.other_booking)
        # What the web client reads for the tab.
        read = self.conversation.sudo(self.staff).read(["client_desk_appointment_ids"])[0]
        self.assertEqual(sorted(read["client_desk_appointment_ids"]), sorted((self.booking | self.cancelled).ids))

    def test_each_booking_links_to_its_appointment(self):
        action = self.booking.sudo(self.staff).action_client_desk_open_appointment()
        self.assertEqual((action["res_model"], action["res_id"]), ("calendar.event", self.booking.id))

    def test_conversation_page_shows_the_button_and_the_tab(self):
        view = self.env["client.desk.conversation"].sudo(self.staff).fields_view_get(view_type="form")
        self.assertIn('name="action_client_desk_new_appointment"', view["arch"])
        self.assertIn('name="client_desk_appointment_ids"', view["arch"])
        tab = view["fields"]["client_desk_appointment_ids"]["views"]["tree"]["arch"]
        self.assertIn('name="action_client_desk_open_appointment"', tab)

    def test_staff_without_manager_rights_may_book_and_see(self):
        self.assertFalse(self.staff.has_group("client_desk.group_client_desk_manager"))
        self.assertTrue(self.conversation.sudo(self.staff).client_desk_appointment_ids)
        self.conversation.sudo(self.staff).action_client_desk_new_appointment()

    def test_employee_and_portal_user_are_refused(self):
        for user in (self.employee, self.portal_user):
            with self.assertRaises(AccessError):
                self.conversation.sudo(user).action_client_desk_new_appointment()
            with self.assertRaises(AccessError):
                self.conversation.sudo(user).read(["client_desk_appointment_ids"])
