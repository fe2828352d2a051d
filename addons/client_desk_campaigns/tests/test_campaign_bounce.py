"""Bounces of campaign e-mails through Odoo's own bounce routing (message_process), and the
hand-built MIME of a campaign e-mail read back by a standard parser."""
from email.utils import parseaddr

from .common import CampaignCase

BOUNCE = """From: MAILER-DAEMON@mx.example.net
To: %(to)s
Subject: Undelivered Mail Returned to Sender
Message-Id: <bounce-%(tag)s@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="XYZ"

--XYZ
Content-Type: text/plain

Your message could not be delivered.

--XYZ
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; %(final)s
Action: failed
Status: 5.1.1

--XYZ--
"""


class TestCampaignBounce(CampaignCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("mail.bounce.alias", "bounce")
        params.set_param("mail.catchall.domain", "campaigns.example")

    def send(self, campaign):
        with self.delivering() as sink:
            sink.clear()
            campaign.send_mail()
        return sink

    def bounce(self, to, final, tag="1"):
        self.env["mail.thread"].message_process(False, BOUNCE % {"to": to, "final": final, "tag": tag})

    def test_hard_bounce_marks_the_recipient_and_blocks_the_client(self):
        campaign = self.new_campaign()
        sink = self.send(campaign)
        row = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == self.opted)
        mail = sink.to("lotte.maes@example.com")[0]
        bounce_address = "bounce+0-client.desk.campaign.recipient-%s@campaigns.example" % row.id
        # The envelope sender and Return-Path are the row's bounce address, as Odoo's own mail's are.
        self.assertEqual(mail.mail_from, bounce_address)
        self.assertEqual(mail.message["Return-Path"], bounce_address)
        # A forged bounce to the row that names another address changes nothing.
        self.bounce(bounce_address, "someone.else@example.com", tag="forged")
        row.invalidate_cache()
        self.assertFalse(row.bounced_date)
        self.assertFalse(self.opted.client_desk_email_blocked)
        self.bounce(bounce_address, "lotte.maes@example.com")
        row.invalidate_cache()
        self.opted.invalidate_cache()
        self.assertTrue(row.bounced_date)
        self.assertTrue(row.statistics_id.bounced)
        self.assertTrue(self.opted.client_desk_email_blocked)
        self.assertEqual(self.opted.client_desk_email_blocked_reason, "bounced")
        campaign.invalidate_cache()
        self.assertEqual(campaign.client_desk_bounced, 1)
        self.assertEqual(campaign.client_desk_statistic_partner_ids("client_desk_bounced"), self.opted.ids)
        # The next campaign leaves the blocked client out, with the reason.
        summary = self.new_campaign(name="Next").client_desk_get_summary()
        self.assertIn("email_blocked", [code for code, _label, _count in summary["reasons"]])

    def test_message_is_valid_mime_with_encoded_names(self):
        self.opted.write({"name": "Zoë Ãlvarez", "client_desk_first_name": "Zoë"})
        campaign = self.new_campaign(client_desk_title="Bonjour {client_first_name} ✂")
        sink = self.send(campaign)
        message = sink.to("lotte.maes@example.com")[0].message
        self.assertEqual(message["Subject"], "Bonjour Zoë ✂")
        self.assertEqual(parseaddr(str(message["To"])), ("Zoë Ãlvarez", "lotte.maes@example.com"))
        self.assertEqual(message.get_content_type(), "multipart/alternative")
        self.assertIn("Dear Zoë Ãlvarez, book now.", message.get_body(("plain",)).get_content())
        self.assertIn("Dear Zoë Ãlvarez, book now.", message.get_body(("html",)).get_content())
        self.assertEqual(parseaddr(str(message["From"]))[1], "salon@example.com")
        self.assertEqual(parseaddr(str(message["Reply-To"]))[1], "salon@example.com")
