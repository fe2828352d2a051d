import base64
from datetime import datetime

import icalendar

from odoo.addons.client_desk.tests.harness import MailDeliveryMixin

from .common import AgendaCase, utc


class TestNotifications(MailDeliveryMixin, AgendaCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://salon.example")

    def mails(self, event, subject_part=""):
        return self.env["mail.mail"].sudo().search([
            ("model", "=", "calendar.event"), ("res_id", "=", event.id), ("subject", "ilike", subject_part)])

    def only_event(self, ics):
        """The one VEVENT of an iCalendar file, read by the icalendar library."""
        calendar = icalendar.Calendar.from_ical(ics)
        self.assertEqual(calendar.name, "VCALENDAR")
        events = calendar.walk("VEVENT")
        self.assertEqual(len(events), 1)
        return events[0]

    def test_confirmation_with_a_valid_ics_delivered(self):
        event = self.appointment("2030-01-07 09:00")
        mail = self.mails(event, "confirmed")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.client)
        self.assertIn("07/01/2030 10:00 (Europe/Brussels)", mail.body_html)
        ics = base64.b64decode(mail.attachment_ids.datas)
        # Parsed by another library than the one that wrote it (vobject).
        vevent = self.only_event(ics)
        self.assertEqual(vevent.decoded("dtstart").replace(tzinfo=None), datetime(2030, 1, 7, 9, 0))
        self.assertEqual(vevent.decoded("dtend").replace(tzinfo=None), datetime(2030, 1, 7, 9, 30))
        self.assertEqual(vevent.decoded("dtstart").utcoffset().total_seconds(), 0)
        self.assertTrue(str(vevent["uid"]).startswith("client-desk-appointment-%s@" % event.id))
        self.assertTrue(vevent.decoded("dtstamp"))
        with self.delivering() as sink:
            mail.send()
        received = sink.to(self.client.email)
        self.assertEqual(len(received), 1)
        parts = [part.get_content_type() for part in received[0].message.walk()]
        self.assertIn("text/calendar", parts)

    def test_cancellation_tells_the_client_with_the_reason(self):
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).client_desk_cancel("The salon is closed <b>that day</b>")
        mail = self.mails(event, "cancelled")
        self.assertIn("The salon is closed &lt;b&gt;that day&lt;/b&gt;", mail.body_html)
        vevent = self.only_event(base64.b64decode(mail.attachment_ids.datas))
        self.assertEqual(str(vevent["status"]), "CANCELLED")

    def test_reminder_by_sms_then_email_when_the_sms_fails(self):
        event = self.appointment("2030-01-07 09:00")
        now = datetime(2030, 1, 6, 10, 0)  # 11:00 in Brussels, 23 h before
        self.env["calendar.event"]._cron_client_desk_reminders(now=now)
        self.assertEqual(event.client_desk_reminder_state, "sms")
        sms = event.client_desk_reminder_sms_id
        self.assertEqual((sms.model, sms.res_id), ("calendar.event", event.id))
        sms.sudo().write({"state": "failed", "failure_reason": "gateway down"})
        self.env["calendar.event"]._cron_client_desk_reminders(now=now)
        self.assertEqual(event.client_desk_reminder_state, "email")
        self.assertIn("gateway down", event.client_desk_reminder_note)
        self.assertEqual(len(self.mails(event, "Reminder")), 1)

    def test_reminder_by_email_without_mobile_and_only_once(self):
        self.client.mobile = False
        event = self.appointment("2030-01-07 09:00")
        now = datetime(2030, 1, 6, 10, 0)
        self.env["calendar.event"]._cron_client_desk_reminders(now=now)
        self.env["calendar.event"]._cron_client_desk_reminders(now=now)
        self.assertEqual(event.client_desk_reminder_state, "email")
        self.assertEqual(len(self.mails(event, "Reminder")), 1)

    def test_no_reminder_too_early_nor_in_quiet_hours(self):
        event = self.appointment("2030-01-07 09:00")
        self.env["calendar.event"]._cron_client_desk_reminders(now=datetime(2030, 1, 5, 10, 0))
        self.assertFalse(event.client_desk_reminder_state)
        # 22:00 in Brussels: quiet; the client in New York (17:00) is not.
        self.env["calendar.event"]._cron_client_desk_reminders(now=datetime(2030, 1, 6, 21, 0))
        self.assertFalse(event.client_desk_reminder_state)
        self.client.tz = "America/New_York"
        self.env["calendar.event"]._cron_client_desk_reminders(now=datetime(2030, 1, 6, 21, 0))
        self.assertEqual(event.client_desk_reminder_state, "sms")

    def test_a_reminder_held_by_quiet_hours_is_due_when_they_end(self):
        """Frozen clock: the cron runs at given times, nothing sleeps."""
        self.client.mobile = False
        event = self.appointment("2030-01-07 15:00")
        cron = self.env["calendar.event"]._cron_client_desk_reminders
        cron(now=datetime(2030, 1, 6, 21, 30))  # 22:30 in Brussels: quiet until 08:00
        self.assertFalse(event.client_desk_reminder_state)
        self.assertEqual(event.client_desk_reminder_after, utc("2030-01-07 07:00"))
        cron(now=datetime(2030, 1, 6, 23, 30))  # 00:30: still held, same end
        cron(now=datetime(2030, 1, 7, 6, 59))  # 07:59
        self.assertFalse(event.client_desk_reminder_state)
        self.assertEqual(event.client_desk_reminder_after, utc("2030-01-07 07:00"))
        cron(now=datetime(2030, 1, 7, 7, 0))  # 08:00: the first run after the quiet hours
        self.assertEqual(event.client_desk_reminder_state, "email")
        self.assertEqual(len(self.mails(event, "Reminder")), 1)

    def test_quiet_hours_end_in_the_clients_zone_across_daylight_saving(self):
        # The night of the last Sunday of March 2030: 08:00 is in summer time (UTC+2).
        event = self.appointment("2030-03-31 12:00")
        self.assertEqual(event._client_desk_quiet_end(datetime(2030, 3, 30, 21, 30)), datetime(2030, 3, 31, 6, 0))
        # In the early morning part the end is the same day.
        self.assertEqual(event._client_desk_quiet_end(datetime(2030, 3, 31, 4, 0)), datetime(2030, 3, 31, 6, 0))
        self.client.tz = "America/New_York"
        self.assertEqual(event._client_desk_quiet_end(datetime(2030, 3, 31, 4, 0)), datetime(2030, 3, 31, 12, 0))

    def test_thank_you_after_the_delay_with_a_booking_link(self):
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).action_client_desk_done()
        event.client_desk_done_date = utc("2030-01-07 10:00")
        cron = self.env["calendar.event"]._cron_client_desk_followups
        cron(now=datetime(2030, 1, 7, 11, 0))
        self.assertFalse(self.mails(event, "Thank you"))
        cron(now=datetime(2030, 1, 7, 12, 30))
        mail = self.mails(event, "Thank you")
        self.assertEqual(len(mail), 1)
        self.assertIn("/book/service/%s?staff=%s" % (self.cut.id, self.staff.id), mail.body_html)
        cron(now=datetime(2030, 1, 7, 13, 30))
        self.assertEqual(len(self.mails(event, "Thank you")), 1)
        thanks = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.client.id), ("client_desk_kind", "=", "message_out"),
            ("body", "ilike", "Thank-you sent")])
        self.assertEqual(len(thanks), 1)

    def test_proposal_mail_links_to_the_appointment_by_token(self):
        event = self.appointment("2030-01-07 09:00")
        event.sudo(self.staff).client_desk_propose(utc("2030-01-08 09:00"))
        mail = self.mails(event, "New time")
        self.assertIn("/my/appointments/%s?access_token=" % event.id, mail.body_html)
        self.assertIn("08/01/2030 10:00", mail.body_html)

    def test_no_calendar_invitation_with_attendee_tokens(self):
        event = self.appointment("2030-01-07 09:00")
        self.assertTrue(event.attendee_ids)
        invitations = self.env["mail.mail"].sudo().search([
            ("model", "=", "calendar.attendee"), ("res_id", "in", event.attendee_ids.ids)])
        self.assertFalse(invitations)
        self.assertEqual(len(self.mails(event)), 1)
