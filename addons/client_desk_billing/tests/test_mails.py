"""What the client receives: the invoice with its pay link, the receipt, in their language."""
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tools import config

from odoo.addons.client_desk.tests.harness import MailDeliveryMixin, po_translation, selection_label

from .common import BillingCase


class TestBillingMails(MailDeliveryMixin, BillingCase):
    user_prefix = "billing.mail"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()

    def deliver(self, action):
        """Runs action with delivery on (Odoo sends notifications at once) and the queue sent."""
        with self.delivering() as sink:
            sink.clear()  # the sink keeps what earlier tests received
            action()
            self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()
        return sink

    def test_its_conversation_events_are_named_in_dutch_and_french(self):
        for lang in ("nl_BE", "fr_BE"):
            label = selection_label(self.env, "mail.message", "client_desk_kind", "invoice_sent", lang)
            self.assertEqual(label, po_translation("client_desk_billing", lang, "Invoice sent"))

    def test_invoice_mail_has_the_pay_link_and_is_an_event(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        received = self.deliver(invoice.sudo(self.staff).action_client_desk_send).to(self.client.email)
        self.assertEqual(len(received), 1)
        html = received[0].message.get_body(("html",)).get_content()
        self.assertIn("/my/payments/invoice/%d?access_token=" % invoice.id, html)
        self.assertIn(invoice.reference, html)
        self.assertTrue(invoice.sent)
        self.assertEqual(len(self.events(self.client, "invoice_sent")), 1)

    def test_without_wkhtmltopdf_the_invoice_goes_as_html(self):
        """Outside tests Odoo raises when wkhtmltopdf is missing (tests render HTML): the mail,
        and the booking or payment that sends it, must not fail on that."""
        invoice = self.make_invoice(self.env, self.client, 60.0)
        Report = type(self.env["ir.actions.report"])
        with patch.dict(config.options, {"test_enable": False}), \
                patch.object(Report, "get_wkhtmltopdf_state", lambda self: "install"):
            received = self.deliver(invoice.sudo(self.staff).action_client_desk_send).to(self.client.email)
            with self.assertRaises(UserError):  # what Odoo's own print does meanwhile
                self.env.ref("account.account_invoices").render_qweb_pdf(invoice.ids)
        self.assertEqual(len(received), 1)
        names = [part.get_filename() for part in received[0].message.iter_attachments()]
        self.assertEqual(len(names), 1, names)
        self.assertTrue(names[0].endswith(".html"), names)

    def test_receipt_is_mailed_with_the_payment(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        wizard = self.env["client.desk.payment.register"].sudo(self.staff).create({
            "partner_id": self.client.id, "invoice_id": invoice.id, "amount": 60.0, "method": "card",
            "currency_id": invoice.currency_id.id, "send_receipt": True})
        received = [mail for mail in self.deliver(wizard.action_confirm).to(self.client.email)
                    if wizard.payment_id.name in mail.message["Subject"]]
        self.assertEqual(len(received), 1)
        self.assertTrue(list(received[0].message.iter_attachments()))

    def test_reminder_in_the_clients_language(self):
        self.client.lang = "nl_BE"
        invoice = self.make_invoice(self.env, self.client, 60.0)
        received = self.deliver(invoice.sudo(self.staff).action_client_desk_send_reminder).to(self.client.email)
        subject = po_translation("client_desk_billing", "nl_BE",
                                 "${object.company_id.name} - Reminder: ${object.number} is overdue")
        expected = subject.replace("${object.company_id.name}", invoice.company_id.name).replace(
            "${object.number}", invoice.number)
        subjects = [mail.message["Subject"] for mail in received]
        self.assertEqual(subjects.count(expected), 1, subjects)

    def test_client_without_email_gets_a_clear_error(self):
        self.client.email = False
        invoice = self.make_invoice(self.env, self.client, 60.0)
        with self.assertRaises(UserError):
            invoice.sudo(self.staff).action_client_desk_send()
        self.assertFalse(invoice.sent)
