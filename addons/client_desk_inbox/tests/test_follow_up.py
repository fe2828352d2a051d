from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError

from .common import InboxCase


class TestFollowUp(InboxCase):
    """Remind me about...: an activity for the user; due → on top and an e-mail; done clears."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receive(cls.client, "Hallo")
        cls.conversation = cls.conversation_of(cls.client)

    def wizard(self, **values):
        return self.env["client.desk.inbox.follow.up"].sudo(self.staff).with_context(
            active_model="client.desk.conversation", active_ids=self.conversation.ids).create(values)

    def test_remind_next_week_makes_an_activity_for_the_user(self):
        self.wizard(when="next_week", note="Vragen of het goed ging").action_save()
        conversation = self.conversation
        today = fields.Date.from_string(fields.Date.context_today(conversation))
        self.assertTrue(conversation.follow_up)
        self.assertEqual(conversation.follow_up_date, fields.Date.to_string(today + timedelta(weeks=1)))
        activity = conversation.follow_up_activity_id
        self.assertEqual(activity.user_id, self.staff)
        self.assertEqual(activity.res_id, self.client.id)
        self.assertEqual(activity.date_deadline, conversation.follow_up_date)
        self.assertFalse(conversation.follow_up_due)

    def test_no_reminder_and_date_choices(self):
        self.wizard(when="none").action_save()
        self.assertTrue(self.conversation.follow_up)
        self.assertFalse(self.conversation.follow_up_activity_id)
        with self.assertRaises(UserError):
            self.wizard(when="date").action_save()
        with self.assertRaises(UserError):
            self.wizard(when="date", date=fields.Date.to_string(date(2000, 1, 1))).action_save()
        self.assertFalse(self.conversation.follow_up_date)

    def test_cron_makes_due_and_mails_the_user(self):
        self.wizard(when="tomorrow").action_save()
        self.assertFalse(self.env["client.desk.conversation"]._cron_follow_up_due())
        self.conversation.write({"follow_up_date": fields.Date.context_today(self.conversation)})
        self.assertEqual(self.env["client.desk.conversation"]._cron_follow_up_due(), 1)
        self.assertTrue(self.conversation.follow_up_due)
        mail = self.env["mail.mail"].search([("email_to", "ilike", self.staff.email)])
        self.assertTrue(mail)
        self.assertIn("Anne Peeters", mail[-1].subject)
        self.assertEqual(self.env["client.desk.conversation"]._cron_follow_up_due(), 0, "mailed once")

    def test_activity_done_clears_the_follow_up(self):
        self.wizard(when="3_days").action_save()
        self.conversation.follow_up_activity_id.sudo(self.staff).action_done()
        self.assertFalse(self.conversation.follow_up)
        self.assertFalse(self.conversation.follow_up_date)

    def test_done_removes_the_activity(self):
        self.wizard(when="2_weeks").action_save()
        activity = self.conversation.follow_up_activity_id
        self.conversation.sudo(self.staff).action_follow_up_done()
        self.assertFalse(activity.exists())
        self.assertFalse(self.conversation.follow_up)
