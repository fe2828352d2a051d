from odoo.addons.client_desk.tests.harness import MailDeliveryMixin

from .common import InboxCase


class TestReplyDelivery(MailDeliveryMixin, InboxCase):
    """Replies go through Odoo's mail queue to the real SMTP sink; each shows its status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()
        cls.receive(cls.client, "Hallo")
        cls.conversation = cls.conversation_of(cls.client)

    def reply(self, text, channel="email"):
        conversation = self.conversation.sudo(self.staff).with_context(mail_notify_force_send=False)
        return self.env["mail.message"].browse(conversation.client_desk_reply(text, channel))

    def test_email_reply_queued_then_delivered(self):
        message = self.reply("Dag Anne, tot morgen!")
        self.assertEqual(message.client_desk_delivery_status, "queued")
        self.assertEqual(message.author_id, self.staff.partner_id)
        with self.delivering() as sink:
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)]).send()
        received = sink.to(self.client.email)
        self.assertEqual(len(received), 1)
        html = received[0].message.get_body(("html",)).get_content()
        self.assertIn("tot morgen", html)
        self.assertIn("/mail/tracking/open/", html, "the tracking pixel goes along")
        self.assertIn("blank.gif?signature=", html, "signed, so that nobody else marks it read")
        message.invalidate_cache()
        self.assertEqual(message.client_desk_delivery_status, "delivered")
        page = self.open_page(self.conversation, self.staff)["thread_html"]
        self.assertIn("o_client_desk_status_delivered", page)

    def test_email_reply_failed_with_reason(self):
        self.smtp_server.write({"smtp_port": 1})  # nothing listens there
        message = self.reply("Dag Anne")
        with self.delivering():
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)]).send()
        message.invalidate_cache()
        self.assertEqual(message.client_desk_delivery_status, "failed")
        self.assertTrue(message.client_desk_delivery_detail)

    def test_opened_is_read_with_time(self):
        message = self.reply("Dag Anne")
        with self.delivering():
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)]).send()
        tracking = self.env["mail.tracking.email"].search([("mail_message_id", "=", message.id)])
        tracking.event_create("open", {"ip": "127.0.0.1"})
        message.invalidate_cache()
        self.assertEqual(message.client_desk_delivery_status, "read")
        self.assertTrue(message.client_desk_delivery_detail)

    def test_blocked_email_or_no_address_refused(self):
        from odoo.exceptions import UserError

        self.client.write({"client_desk_email_blocked": True})
        count = self.env["mail.message"].search_count([("res_id", "=", self.client.id), ("model", "=", "res.partner")])
        with self.assertRaises(UserError):
            self.reply("Dag")
        self.assertEqual(
            self.env["mail.message"].search_count([("res_id", "=", self.client.id), ("model", "=", "res.partner")]),
            count)

    def test_sms_reply_is_queued_on_the_gateway(self):
        message = self.reply("Tot morgen om 10u", channel="sms")
        sms = self.env["client.desk.sms"].search([("model", "=", "mail.message"), ("res_id", "=", message.id)])
        self.assertEqual(sms.body, "Tot morgen om 10u")
        self.assertEqual(sms.partner_id, self.client)
        self.assertEqual(message.client_desk_delivery_status, "queued")
        self.assertEqual(self.conversation.direction, "out")

    def test_empty_reply_refused(self):
        from odoo.exceptions import UserError

        with self.assertRaises(UserError):
            self.conversation.sudo(self.staff).action_send_reply()
