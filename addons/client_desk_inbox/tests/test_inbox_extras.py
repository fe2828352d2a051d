from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from ..tools.inbox import opening_minutes
from .common import InboxCase


def ago(**delta):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(**delta))


class TestWaitingOnClient(InboxCase):
    """We replied last and the client did not answer in N days: back in Follow-up, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receive(cls.client, "Kan ik vrijdag komen?")
        cls.conversation = cls.conversation_of(cls.client)
        cls.conversation.sudo(cls.staff).with_context(mail_notify_force_send=False).client_desk_reply("Ja, om 10u?")
        cls.env["ir.config_parameter"].sudo().set_param("client_desk_inbox.waiting_days", "3")

    def age_reply(self, days):
        self.conversation.write({"last_out_date": ago(days=days), "last_in_date": ago(days=days, hours=1)})

    def cron(self):
        return self.env["client.desk.conversation"]._cron_waiting_on_client()

    def test_back_in_follow_up_after_n_days_once(self):
        self.age_reply(2)
        self.cron()
        self.assertFalse(self.conversation.follow_up, "not yet N days")
        self.age_reply(4)
        self.cron()
        self.assertTrue(self.conversation.follow_up)
        self.assertTrue(self.conversation.follow_up_due)
        self.assertEqual(self.conversation.follow_up_user_id, self.staff, "whoever replied last")
        self.assertIn(self.conversation, self.env["client.desk.conversation"].search(
            [("follow_up", "=", True)], limit=1), "due follow-ups come first")
        self.conversation.sudo(self.staff).action_follow_up_done()
        self.cron()
        self.assertFalse(self.conversation.follow_up, "once per message of ours")

    def test_client_answered_or_setting_changes(self):
        self.age_reply(4)
        self.receive(self.client, "Prima!")
        self.cron()
        self.assertFalse(self.conversation.follow_up, "the client answered")
        self.conversation.sudo(self.staff).with_context(mail_notify_force_send=False).client_desk_reply("Tot dan")
        self.age_reply(4)
        self.env["ir.config_parameter"].sudo().set_param("client_desk_inbox.waiting_days", "7")
        self.cron()
        self.assertFalse(self.conversation.follow_up, "N is the setting")

    def test_setting_is_checked(self):
        settings = self.env["res.config.settings"].create({"client_desk_inbox_waiting_days": 0})
        with self.assertRaises(ValidationError):
            settings.execute()
        self.env["res.config.settings"].create({
            "client_desk_inbox_waiting_days": 5, "client_desk_inbox_opening_hour": 8.5,
            "client_desk_inbox_closing_hour": 17.0}).execute()
        values = self.env["res.config.settings"].get_values()
        self.assertEqual(values["client_desk_inbox_waiting_days"], 5)
        self.assertEqual(values["client_desk_inbox_opening_hour"], 8.5)


class TestCannedReplies(InboxCase):
    """Canned replies: Dutch or French by the client's language, with their first name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reply = cls.env["client.desk.canned.reply"].sudo(cls.staff).create({
            "name": "Bevestiging",
            "body_nl": "Dag {first_name}, tot vrijdag!",
            "body_fr": "Bonjour {first_name}, à vendredi !",
        })
        cls.env["res.lang"].load_lang("fr_BE")
        cls.env["res.lang"].load_lang("nl_BE")

    def test_rendered_in_the_clients_language_with_first_name(self):
        self.client.write({"lang": "nl_BE", "client_desk_first_name": "Anne", "client_desk_last_name": "Peeters"})
        self.assertEqual(self.reply.client_desk_render(self.client), "Dag Anne, tot vrijdag!")
        self.client.write({"lang": "fr_BE"})
        self.assertEqual(self.reply.client_desk_render(self.client), "Bonjour Anne, à vendredi !")

    def test_picked_in_the_reply_box(self):
        self.client.write({"lang": "fr_BE"})
        self.receive(self.client, "Bonjour")
        conversation = self.conversation_of(self.client).sudo(self.staff)
        conversation.canned_reply_id = self.reply
        conversation._onchange_canned_reply_id()
        self.assertEqual(conversation.draft_body, "Bonjour Anne, à vendredi !")

    def test_unknown_placeholder_refused(self):
        with self.assertRaises(ValidationError):
            self.reply.write({"body_nl": "Dag {name}"})

    def test_other_company_cannot_see_them(self):
        self.setUpSecondCompany("Salon B")
        self.assertFalse(self.env["client.desk.canned.reply"].sudo(self.staff_b).search([("id", "=", self.reply.id)]))


class TestResponseTime(InboxCase):
    """Response time per colleague: the median first reply, in opening hours."""

    def test_opening_minutes(self):
        monday = datetime(2026, 11, 23)
        # 17:00 Monday to 10:00 Tuesday: one hour Monday, one hour Tuesday.
        self.assertEqual(opening_minutes(monday.replace(hour=17), monday.replace(hour=10) + timedelta(days=1),
                                         9, 18), 120.0)
        # Saturday 17:30 to Monday 9:30: Sunday is closed.
        saturday = monday - timedelta(days=2)
        self.assertEqual(opening_minutes(saturday.replace(hour=17, minute=30),
                                         monday.replace(hour=9, minute=30), 9, 18), 60.0)
        self.assertEqual(opening_minutes(monday.replace(hour=20), monday.replace(hour=22), 9, 18), 0.0)

    def test_median_per_colleague_on_the_report(self):
        Partner = self.env["res.partner"]
        for index, minutes in enumerate((30, 60, 240)):
            partner = Partner.create({"name": "Wachter %d" % index, "client_desk_is_client": True,
                                      "email": "wachter%d@x.example" % index})
            self.receive(partner, "Vraag")
            conversation = self.conversation_of(partner)
            self.assertTrue(conversation.awaiting_since)
            self.receive(partner, "Nog een vraag")
            first = conversation.awaiting_since
            conversation.with_context(mail_notify_force_send=False).sudo(self.staff).client_desk_reply("Antwoord")
            self.assertFalse(conversation.awaiting_since)
            row = self.env["client.desk.response.time"].search([("conversation_id", "=", conversation.id)])
            self.assertEqual(len(row), 1)
            self.assertEqual(row.received_date, first, "from the first unanswered message")
            row.write({"minutes": minutes})
            conversation.with_context(mail_notify_force_send=False).sudo(self.staff).client_desk_reply("Nog iets")
            self.assertEqual(len(row.search([("conversation_id", "=", conversation.id)])), 1, "first reply only")
        report = self.env["client.desk.response.time.report"].sudo(self.manager).search(
            [("user_id", "=", self.staff.id)])
        self.assertEqual((report.reply_count, report.median_minutes), (3, 60.0))
        # On the dashboard, each colleague sees their own.
        tile = self.env.ref("client_desk_inbox.tile_my_response_time")
        self.assertEqual(tile.sudo(self.staff).value, 60)
        self.assertEqual(tile.sudo(self.manager).value, 0)
