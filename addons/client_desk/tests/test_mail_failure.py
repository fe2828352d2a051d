from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .common import QUIET, ClientDeskCase
from .harness import MailDeliveryMixin
from .harness.network import free_port

REFUSAL = "550 5.1.1 Mailbox unavailable"


class TestMailFailure(MailDeliveryMixin, ClientDeskCase):
    """An e-mail that did not leave shows as failed: on the message in the conversation, on the
    card, in the client search and on the dashboard, until it is sent again or marked as seen."""

    user_prefix = "mailfail"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()
        cls.joske = cls.env["res.partner"].with_context(**QUIET).create({
            "name": "Joske Mailfout",
            "email": "joske.mailfout@mailfail.example",
            "client_desk_is_client": True,
        })

    def setUp(self):
        super().setUp()
        self.smtp_sink.clear()

    def post_to(self, client, user=None):
        """A message to the client, its e-mail queued (not sent at commit, which tests lack)."""
        partner = client.sudo(user or self.staff).with_context(mail_notify_force_send=False)
        message = partner.message_post(
            body="<p>Uw afspraak van dinsdag is bevestigd.</p>", subject="Afspraak",
            partner_ids=[client.id], message_type="comment", subtype="mail.mt_comment",
        )
        return message, self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])

    def status(self, message):
        """The e-mail status the conversation shows for the message (Odoo's chatter data)."""
        return message.sudo(self.staff).message_format()[0]["customer_email_status"]

    def refusing(self):
        return patch.object(self.smtp_sink._server, "process_message", return_value=REFUSAL)

    def unreachable(self):
        """The mail server cannot be reached: nothing listens on its port."""
        self.addCleanup(setattr, self.smtp_server, "smtp_port", self.smtp_server.smtp_port)
        self.smtp_server.smtp_port = free_port()

    def failed_clients(self, user=None):
        return self.env["res.partner"].sudo(user or self.staff).search([("client_desk_email_failed", "=", True)])

    # -- failures show --------------------------------------------------------------------------

    def test_refused_e_mail_shows_as_failed(self):
        message, mail = self.post_to(self.joske)
        self.assertEqual(self.status(message), "ready")
        with self.delivering(), self.refusing():
            mail.send()
        self.assertEqual(self.status(message), "exception")
        card = self.joske.sudo(self.staff)
        self.assertEqual(card.client_desk_email_failed_count, 1)
        self.assertIn("550", card.client_desk_email_failure_reason)
        self.assertIn(self.joske, self.failed_clients())

    def test_unreachable_mail_server_shows_as_failed(self):
        """Stock Odoo 11 left these messages 'ready' in the conversation."""
        message, mail = self.post_to(self.joske)
        self.unreachable()
        with self.delivering():
            mail.send()
        self.assertEqual(mail.state, "exception")
        self.assertEqual(self.status(message), "exception")
        self.assertTrue(self.joske.sudo(self.staff).client_desk_email_failed)

    def test_delivered_e_mail_does_not_show_as_failed(self):
        message, mail = self.post_to(self.joske)
        with self.delivering() as sink:
            mail.send()
        self.assertEqual(len(sink.to("joske.mailfout@mailfail.example")), 1)
        self.assertEqual(self.status(message), "sent")
        self.assertFalse(self.joske.sudo(self.staff).client_desk_email_failed)
        self.assertNotIn(self.joske, self.failed_clients())

    def test_only_the_client_whose_e_mail_failed_is_found(self):
        other = self.client
        _message, mail = self.post_to(self.joske)
        _other_message, other_mail = self.post_to(other)
        with self.delivering():
            other_mail.send()
            with self.refusing():
                mail.send()
        failed = self.failed_clients()
        self.assertIn(self.joske, failed)
        self.assertNotIn(other, failed)
        not_failed = self.env["res.partner"].sudo(self.staff).search(
            [("client_desk_email_failed", "=", False), ("id", "in", (self.joske | other).ids)])
        self.assertEqual(not_failed, other)

    def test_dashboard_counts_clients_whose_e_mail_failed(self):
        tile = self.env.ref("client_desk.tile_email_failed").sudo(self.staff)
        before = tile.value
        _message, mail = self.post_to(self.joske)
        with self.delivering(), self.refusing():
            mail.send()
        tile.invalidate_cache()
        self.assertEqual(tile.value, before + 1)
        action = tile.action_open()
        self.assertIn(self.joske, self.env["res.partner"].sudo(self.staff).search(action["domain"]))

    def test_bounced_e_mail_shows_as_failed_and_cannot_be_sent_again(self):
        """A bounce (Odoo marks the notification when the bounce comes in) counts as failed;
        the mail is gone, so only marking it as seen clears the card."""
        message, mail = self.post_to(self.joske)
        with self.delivering():
            mail.send()
        message.notification_ids.sudo().write({"email_status": "bounce"})
        card = self.joske.sudo(self.staff)
        self.assertEqual(self.status(message), "bounce")
        self.assertEqual(card.client_desk_email_failed_count, 1)
        self.assertIn("bounce", card.client_desk_email_failure_reason)
        with self.assertRaises(UserError):
            card.action_client_desk_retry_failed_emails()
        card.action_client_desk_dismiss_failed_emails()
        self.assertFalse(self.joske.sudo(self.staff).client_desk_email_failed)

    # -- dealing with them ----------------------------------------------------------------------

    def test_send_again_reaches_the_corrected_address(self):
        message, mail = self.post_to(self.joske)
        with self.delivering(), self.refusing():
            mail.send()
        self.joske.sudo(self.staff).write({"email": "joske.juist@mailfail.example"})
        with self.delivering() as sink:
            self.joske.sudo(self.staff).action_client_desk_retry_failed_emails()
        self.assertEqual(len(sink.to("joske.juist@mailfail.example")), 1)
        self.assertEqual(self.status(message), "sent")
        self.assertFalse(self.joske.sudo(self.staff).client_desk_email_failed)

    def test_send_again_that_fails_again_stays_failed(self):
        message, mail = self.post_to(self.joske)
        self.unreachable()
        with self.delivering():
            mail.send()
            self.joske.sudo(self.staff).action_client_desk_retry_failed_emails()
        self.assertEqual(self.status(message), "exception")
        self.assertEqual(self.joske.sudo(self.staff).client_desk_email_failed_count, 1)

    def test_mark_as_seen_clears_the_card_not_the_conversation(self):
        message, mail = self.post_to(self.joske)
        with self.delivering(), self.refusing():
            mail.send()
        self.joske.sudo(self.staff).action_client_desk_dismiss_failed_emails()
        self.assertFalse(self.joske.sudo(self.staff).client_desk_email_failed)
        self.assertNotIn(self.joske, self.failed_clients())
        self.assertEqual(self.status(message), "exception")

    def test_send_again_without_failed_e_mail_is_refused(self):
        with self.assertRaises(UserError):
            self.joske.sudo(self.staff).action_client_desk_retry_failed_emails()

    def test_send_again_to_a_blocked_address_is_refused_and_changes_nothing(self):
        message, mail = self.post_to(self.joske)
        with self.delivering(), self.refusing():
            mail.send()
        self.joske.sudo(self.manager).write({"client_desk_email_blocked": True})
        with self.delivering() as sink, self.assertRaises(UserError):
            self.joske.sudo(self.staff).action_client_desk_retry_failed_emails()
        self.assertEqual(sink.to("joske.mailfout@mailfail.example"), [])
        self.assertEqual(mail.state, "exception")
        self.assertEqual(self.status(message), "exception")

    # -- who may ------------------------------------------------------------------------------

    def test_only_client_desk_staff_send_again_or_mark_as_seen(self):
        _message, mail = self.post_to(self.joske)
        with self.delivering(), self.refusing():
            mail.send()
        for user in (self.employee, self.portal_user):
            for action in ("action_client_desk_retry_failed_emails", "action_client_desk_dismiss_failed_emails"):
                with self.assertRaises(AccessError):
                    getattr(self.joske.sudo(user), action)()
        self.assertEqual(mail.state, "exception")
        self.assertEqual(self.joske.sudo(self.manager).client_desk_email_failed_count, 1)

    def test_portal_and_public_users_do_not_read_failures(self):
        public = self.env.ref("base.public_user")
        for user in (self.portal_user, public):
            with self.assertRaises(AccessError):
                self.portal_client.sudo(user).read(["client_desk_email_failed_count"])
