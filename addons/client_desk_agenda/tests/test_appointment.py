from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.client_desk.tests.harness import po_translation, selection_label

from .common import AgendaCase, utc


class TestAppointment(AgendaCase):

    def test_its_conversation_events_are_named_in_dutch_and_french(self):
        for lang in ("nl_BE", "fr_BE"):
            label = selection_label(self.env, "mail.message", "client_desk_kind", "appointment_cancelled", lang)
            self.assertEqual(label, po_translation("client_desk_agenda", lang, "Appointment cancelled"))

    def test_service_fills_end_price_name_and_attendees(self):
        event = self.appointment("2030-01-07 09:00")
        self.assertEqual(event.stop, utc("2030-01-07 09:30"))
        self.assertEqual(event.client_desk_price, 25.0)
        self.assertEqual(event.client_desk_state, "confirmed")
        self.assertIn("Coupe Homme", event.name)
        self.assertIn(self.client, event.partner_ids)
        self.assertIn(self.staff.partner_id, event.partner_ids)
        self.assertEqual(self.kinds(), ["appointment_scheduled"])

    @mute_logger("odoo.sql_db")
    def test_overlap_is_refused_with_a_clear_message(self):
        self.appointment("2030-01-07 09:00")
        with self.assertRaises(ValidationError) as caught:
            self.appointment("2030-01-07 09:15")
        self.assertIn("This slot was just taken", caught.exception.name)

    @mute_logger("odoo.sql_db")
    def test_buffers_count_and_adjacent_slots_pass(self):
        self.appointment("2030-01-07 10:00", service=self.colour)  # blocks 09:45-11:15
        with self.assertRaises(ValidationError):
            self.appointment("2030-01-07 09:20")  # 09:20-09:50 touches the buffer before
        with self.assertRaises(ValidationError):
            self.appointment("2030-01-07 11:10")
        self.appointment("2030-01-07 09:15")  # ends 09:45 exactly
        self.appointment("2030-01-07 11:15")
        # Another staff member is free then.
        self.appointment("2030-01-07 10:00", service=self.colour, staff=self.staff2)

    def test_cancelled_frees_the_slot(self):
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).client_desk_cancel("Ill")
        self.appointment("2030-01-07 09:00")
        self.assertEqual(event.client_desk_state, "cancelled")
        self.assertEqual(self.kinds(), ["appointment_scheduled", "appointment_cancelled", "appointment_scheduled"])

    def test_staff_may_knowingly_overlap(self):
        self.appointment("2030-01-07 09:00")
        event = self.env["calendar.event"].new({
            "client_desk_partner_id": self.client.id, "client_desk_staff_id": self.staff.id,
            "client_desk_service_id": self.cut.id, "start": utc("2030-01-07 09:10"), "stop": utc("2030-01-07 09:40"),
        })
        warning = event._onchange_client_desk_overlap()
        self.assertIn("Allow overlap", warning["warning"]["message"])
        both = self.appointment("2030-01-07 09:10", client_desk_allow_overlap=True)
        self.assertEqual(both.client_desk_state, "confirmed")

    def test_portal_user_cannot_set_allow_overlap(self):
        with self.assertRaises(AccessError):
            self.env["calendar.event"].sudo(self.portal_user).create({
                "name": "x", "start": utc("2030-01-07 09:00"), "stop": utc("2030-01-07 09:30"),
                "client_desk_allow_overlap": True,
            })

    @mute_logger("odoo.sql_db")
    def test_moving_onto_a_taken_slot_is_refused_and_nothing_changes(self):
        self.appointment("2030-01-07 09:00")
        other = self.appointment("2030-01-07 11:00")
        with self.assertRaises(ValidationError):
            other.write({"start": utc("2030-01-07 09:10"), "stop": utc("2030-01-07 09:40")})
        self.assertEqual(other.start, utc("2030-01-07 11:00"))

    def test_reschedule_posts_an_event(self):
        event = self.appointment("2030-01-07 09:00")
        event.write({"start": utc("2030-01-07 13:00"), "stop": utc("2030-01-07 13:30")})
        self.assertEqual(self.kinds()[-1], "appointment_rescheduled")
        self.assertEqual(event.client_desk_block_start, utc("2030-01-07 13:00"))

    def test_actions_and_their_events(self):
        requested = self.appointment("2030-01-07 09:00", client_desk_state="requested")
        requested.sudo(self.staff).action_client_desk_confirm()
        self.assertEqual(requested.client_desk_state, "confirmed")
        action = requested.sudo(self.staff).action_client_desk_done()
        self.assertEqual(action["res_model"], "client.desk.treatment")
        self.assertEqual(requested.client_desk_state, "done")
        missed = self.appointment("2030-01-08 09:00")
        missed.sudo(self.staff).action_client_desk_no_show()
        self.assertEqual(self.client.sudo(self.staff).client_desk_no_show_count, 1)
        self.assertEqual(self.client.sudo(self.staff).client_desk_appointment_count, 2)
        self.assertEqual(self.kinds(), ["appointment_requested", "appointment_scheduled", "appointment_done",
                                        "appointment_scheduled", "appointment_no_show"])
        with self.assertRaises(UserError):
            missed.sudo(self.staff).action_client_desk_confirm()

    def test_cancel_needs_a_reason_from_staff(self):
        event = self.appointment("2030-01-07 09:00")
        with self.assertRaises(UserError) as caught:
            event.sudo(self.staff).client_desk_cancel("  ")
        self.assertEqual(event.client_desk_state, "confirmed")
        translated = po_translation("client_desk_agenda", "nl_BE", "Give a reason: the client receives it.")
        with self.assertRaises(UserError) as caught:
            event.sudo(self.staff).with_context(lang="nl_BE").client_desk_cancel("")
        self.assertEqual(caught.exception.name, translated)

    def test_employee_without_client_desk_rights_cannot_act(self):
        event = self.appointment("2030-01-07 09:00", client_desk_state="requested")
        with self.assertRaises(AccessError):
            event.sudo(self.employee).action_client_desk_confirm()

    def test_proposal_accepted_moves_declined_keeps(self):
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).client_desk_propose(utc("2030-01-07 14:00"))
        event.client_desk_answer_proposal(False)
        self.assertEqual(event.start, utc("2030-01-07 09:00"))
        self.assertFalse(event.client_desk_proposed_start)
        event.sudo(self.staff).client_desk_propose(utc("2030-01-07 14:00"))
        event.client_desk_answer_proposal(True)
        self.assertEqual(event.start, utc("2030-01-07 14:00"))
        self.assertEqual(event.stop, utc("2030-01-07 14:30"))
        self.assertEqual(self.kinds()[-4:], ["appointment_proposed", "appointment_declined",
                                             "appointment_proposed", "appointment_accepted"])
        with self.assertRaises(UserError):
            event.client_desk_answer_proposal(True)

    def test_last_treatment_is_shown_on_the_next_appointment(self):
        first = self.appointment("2030-01-07 09:00")
        first.sudo(self.staff).action_client_desk_done()
        treatment = self.env["client.desk.treatment"].sudo(self.staff).create({
            "partner_id": self.client.id, "event_id": first.id, "formula": "7.1 + 20 vol"})
        following = self.appointment("2030-02-07 09:00")
        self.assertEqual(following.sudo(self.staff).client_desk_last_treatment_id, treatment)

    def test_upcoming_appointment_blocks_deleting_the_client(self):
        self.appointment("2030-01-07 09:00")
        self.assertTrue(self.client._client_desk_unlink_blockers())

    def test_dashboard_tile_counts_todays_appointments(self):
        from datetime import datetime

        tile = self.env.ref("client_desk_agenda.tile_appointments_today")
        before = tile.sudo(self.staff).value
        self.appointment(datetime.utcnow().strftime("%Y-%m-%d 11:00"), allday=False)
        tile.invalidate_cache()
        self.assertEqual(tile.sudo(self.staff).value, before + 1)
