from odoo.tests.common import SavepointCase

from .harness import MailDeliveryMixin


class TestMailDelivery(MailDeliveryMixin, SavepointCase):
    """Mail leaves Odoo over SMTP and arrives whole in the local sink."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()

    def test_mail_is_delivered_with_headers_and_parts(self):
        mail = self.env["mail.mail"].create(
            {
                "subject": "Uw afspraak bij Coiffure Thibaut",
                "email_from": "salon@coiffure-thibaut.example",
                "email_to": "joske@example.com",
                "body_html": '<p>Tot dan! <a href="https://example.com/my">Uw portaal</a></p>',
            }
        )
        with self.delivering() as sink:
            mail.send()
        received = sink.to("joske@example.com")
        self.assertEqual(len(received), 1)
        message = received[0].message
        self.assertEqual(message["Subject"], "Uw afspraak bij Coiffure Thibaut")
        self.assertIn("salon@coiffure-thibaut.example", message["From"])
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        self.assertIn('href="https://example.com/my"', html)
        self.assertIn("Tot dan!", text)

    def test_nothing_is_delivered_outside_delivering_block(self):
        mail = self.env["mail.mail"].create(
            {"subject": "Stays here", "email_from": "salon@example.com", "email_to": "nobody@example.com"}
        )
        mail.send()
        self.assertEqual(self.smtp_sink.to("nobody@example.com"), [])
