"""Sending campaigns to the real SMTP sink: personalisation, tracked links, headers, consent,
no duplicates on resend or after a sender stopped between batches, statistics."""
import re
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError

from odoo.addons.client_desk.tests.harness import po_translation, selection_label

from .common import CampaignCase


class SenderStopped(Exception):
    """Stands for a crash of the sender."""


class TestCampaignSending(CampaignCase):

    def send(self, campaign):
        with self.delivering() as sink:
            sink.clear()
            campaign.send_mail()
        return sink

    def test_its_conversation_events_are_named_in_dutch_and_french(self):
        for lang in ("nl_BE", "fr_BE"):
            label = selection_label(self.env, "mail.message", "client_desk_kind", "campaign_engaged", lang)
            self.assertEqual(label, po_translation("client_desk_campaigns", lang, "Campaign engaged"))

    def test_send_mail_delivers_personalised_tracked_with_headers(self):
        campaign = self.new_campaign()
        sink = self.send(campaign)
        received = sorted(address for mail in sink.messages for address in mail.rcpt_tos)
        self.assertEqual(received, ["jan.bold@example.com", "lotte.maes@example.com", "nele.quiet@example.com"])
        lotte = sink.to("lotte.maes@example.com")[0].message
        self.assertEqual(lotte["Subject"], "Hello Lotte")
        html = lotte.get_body(("html",)).get_content()
        self.assertIn("Dear Lotte Maes, book now.", html)
        recipient = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == self.opted)
        # The button is a tracked link carrying this client's statistics row.
        match = re.search(r'href="(http://campaigns\.example/r/[\w-]+)/m/(\d+)"', html)
        self.assertTrue(match, html)
        self.assertEqual(int(match.group(2)), recipient.statistics_id.id)
        self.assertEqual(self.env["link.tracker"].search([("mass_mailing_id", "=", campaign.id)]).url,
                         "http://campaigns.example/book")
        self.assertRegex(lotte["List-Unsubscribe"], r"^<http://campaigns\.example/client_desk/unsubscribe/\d+-\w+>$")
        self.assertEqual(lotte["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn("/client_desk/unsubscribe/", html)
        jan = sink.to("jan.bold@example.com")[0].message.get_body(("html",)).get_content()
        self.assertNotIn("<script>x", jan)
        self.assertIn("&lt;script&gt;x&lt;/script&gt;", jan)
        self.assertIn("Jan &lt;b&gt;Bold&lt;/b&gt;", jan)
        self.assertEqual(campaign.state, "done")
        self.assertEqual(recipient.state, "sent")
        self.assertTrue(recipient.statistics_id.sent)
        self.assertEqual(recipient.statistics_id.message_id, lotte["Message-Id"])
        event = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.opted.id), ("client_desk_kind", "=", "campaign_sent")])
        self.assertEqual(len(event), 1)
        self.assertEqual(event.subtype_id, self.env.ref("client_desk_campaigns.mt_campaign_sent"))

    def test_consent_withdrawn_after_queueing_is_obeyed(self):
        campaign = self.new_campaign()
        campaign.put_in_queue()
        self.opted.client_desk_set_consent("manual", marketing_opt_in=False)
        sink = self.send(campaign)
        self.assertFalse(sink.to("lotte.maes@example.com"))
        row = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == self.opted)
        self.assertEqual((row.state, row.reason), ("excluded", "opted_out"))

    def test_sender_stopped_between_batches_resumes_without_duplicates(self):
        extra = [self.new_client("Batch %s" % i, "batch%s@example.com" % i, False, opt_in=True) for i in range(5)]
        campaign = self.new_campaign()
        campaign.put_in_queue()
        Mailing = type(self.env["mail.mass_mailing"])

        def stop(self_, mailing, ids):
            raise SenderStopped()

        with self.delivering() as sink:
            sink.clear()
            with patch.object(Mailing, "_client_desk_after_batch", stop):
                with self.assertRaises(SenderStopped):
                    campaign._client_desk_drain(batch_size=3, rate=0)
            self.assertEqual(len(sink.messages), 3)
            self.assertEqual(campaign._client_desk_queued_count(), 5)
            campaign._client_desk_drain(batch_size=3, rate=0)
        addresses = [address for mail in sink.messages for address in mail.rcpt_tos]
        self.assertEqual(len(addresses), 8)
        self.assertEqual(len(set(addresses)), 8)
        for partner in extra:
            self.assertIn(partner.email, addresses)

    def test_stale_sending_rows_fail_and_are_never_sent_again(self):
        campaign = self.new_campaign()
        campaign.put_in_queue()
        ids = campaign._client_desk_claim(1)  # claimed, then the sender died
        self.env.cr.execute("UPDATE client_desk_campaign_recipient SET sending_date = %s WHERE id = %s",
                            (fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now())
                                                       - timedelta(hours=1)), ids[0]))
        with self.delivering() as sink:
            sink.clear()
            self.env["mail.mass_mailing"]._client_desk_cron_send()
        self.assertEqual(len(sink.messages), 2)
        row = self.env["client.desk.campaign.recipient"].browse(ids)
        row.invalidate_cache()
        self.assertEqual(row.state, "failed")
        self.assertIn("may have been sent", row.failure_reason)
        self.assertEqual(campaign.state, "done")

    def test_resend_to_new_clients_and_to_those_not_engaged(self):
        campaign = self.new_campaign()
        self.send(campaign)
        newcomer = self.new_client("Fien New", "fien.new@example.com", False, opt_in=True)
        with self.delivering() as sink:
            sink.clear()
            campaign.action_client_desk_resend_new()
            campaign._client_desk_drain(rate=0)
        self.assertEqual([m.rcpt_tos for m in sink.messages], [["fien.new@example.com"]])
        with self.assertRaises(UserError):
            campaign.action_client_desk_resend_new()
        # Lotte writes back: she engaged; the others get it once more.
        self.opted.message_post(body="I'd like to book", message_type="comment", subtype="mail.mt_comment",
                                author_id=self.opted.id)
        # (The cron's own count covers every campaign of the database, the demo's too.)
        self.env["mail.mass_mailing"]._client_desk_cron_engagement()
        self.assertEqual(campaign.client_desk_engaged, 1)
        self.assertEqual(campaign.client_desk_statistic_partner_ids("client_desk_engaged"), self.opted.ids)
        engaged = self.env["mail.message"].search([
            ("res_id", "=", self.opted.id), ("model", "=", "res.partner"),
            ("client_desk_kind", "=", "campaign_engaged")])
        self.assertEqual(len(engaged), 1)
        with self.delivering() as sink:
            sink.clear()
            campaign.action_client_desk_resend_not_engaged()
            campaign._client_desk_drain(rate=0)
        received = sorted(address for mail in sink.messages for address in mail.rcpt_tos)
        self.assertEqual(received, ["fien.new@example.com", "jan.bold@example.com", "nele.quiet@example.com"])
        self.assertEqual(newcomer.id in campaign.client_desk_statistic_partner_ids("client_desk_delivered"), True)
        # Two waves reached Jan and Nele: the numbers count clients, as their lists do.
        campaign.invalidate_cache()
        self.assertEqual(campaign.client_desk_delivered,
                         len(campaign.client_desk_statistic_partner_ids("client_desk_delivered")))

    def test_reply_after_the_window_is_not_engagement(self):
        campaign = self.new_campaign(client_desk_engage_days=1)
        self.send(campaign)
        self.env.cr.execute("UPDATE client_desk_campaign_recipient SET sent_date = sent_date - interval '3 days' "
                            "WHERE mailing_id = %s", (campaign.id,))
        self.opted.message_post(body="Late", message_type="comment", subtype="mail.mt_comment",
                                author_id=self.opted.id)
        self.env["mail.mass_mailing"]._client_desk_cron_engagement()
        campaign.invalidate_cache()
        self.assertEqual(campaign.client_desk_engaged, 0)
        self.assertFalse(self.env["mail.message"].search_count([
            ("res_id", "=", self.opted.id), ("model", "=", "res.partner"),
            ("client_desk_kind", "=", "campaign_engaged")]))

    def test_open_click_bounce_statistics(self):
        campaign = self.new_campaign()
        self.send(campaign)
        rows = {row.partner_id: row for row in campaign.client_desk_recipient_ids}
        link = self.env["link.tracker"].search([("mass_mailing_id", "=", campaign.id)])
        self.env["link.tracker.click"].sudo().add_click(link.code, "127.0.0.1", False,
                                                        stat_id=rows[self.opted].statistics_id.id)
        self.env["mail.mail.statistics"].set_bounced(mail_message_ids=[rows[self.opted2].statistics_id.message_id])
        campaign.invalidate_cache()
        self.assertEqual((campaign.client_desk_viewed, campaign.client_desk_clicked, campaign.client_desk_bounced),
                         (1, 1, 1))
        self.assertEqual(campaign.client_desk_delivered, 2)
        self.assertEqual(campaign.client_desk_statistic_partner_ids("client_desk_clicked"), self.opted.ids)
        # A hard bounce blocks the address, with the ledger saying so.
        self.assertTrue(self.opted2.client_desk_email_blocked)
        self.assertEqual(self.opted2.client_desk_email_blocked_reason, "bounced")
        self.assertEqual(self.opted2.client_desk_consent_event_ids[0].source, "bounce")
        action = campaign.with_context(client_desk_statistic="client_desk_clicked").action_client_desk_statistic()
        self.assertEqual(action["domain"], [("id", "in", self.opted.ids)])

    def test_stock_queue_cron_sends_client_desk_campaign(self):
        campaign = self.new_campaign()
        campaign.put_in_queue()
        self.assertEqual(sorted(campaign.get_remaining_recipients()),
                         sorted([self.opted.id, self.opted2.id, self.sms_out.id]))
        with self.delivering() as sink:
            sink.clear()
            self.env["mail.mass_mailing"]._process_mass_mailing_queue()
        self.assertEqual(len(sink.messages), 3)
        self.assertEqual(campaign.state, "done")
        self.assertEqual(campaign.sent, 3)  # Odoo's own counters see the statistics

    def test_schedule(self):
        campaign = self.new_campaign()
        with self.assertRaises(UserError):
            campaign.action_client_desk_schedule()
        later = fields.Datetime.from_string(fields.Datetime.now()) + timedelta(days=1)
        campaign.schedule_date = fields.Datetime.to_string(later)
        campaign.action_client_desk_schedule()
        self.assertEqual(campaign.state, "in_queue")
        with self.delivering() as sink:
            sink.clear()
            self.env["mail.mass_mailing"]._client_desk_cron_send()
            self.assertFalse(sink.messages)
            campaign.schedule_date = fields.Datetime.to_string(later - timedelta(days=2))
            self.env["mail.mass_mailing"]._client_desk_cron_send()
            self.assertEqual(len(sink.messages), 3)

    def test_nobody_to_send_to(self):
        campaign = self.new_campaign(client_desk_audience="clients", client_desk_partner_ids=[(6, 0, self.never.ids)])
        with self.assertRaises(UserError):
            campaign.put_in_queue()
        self.assertEqual(campaign.state, "draft")

    def test_cancel_stops_the_queue(self):
        campaign = self.new_campaign()
        campaign.put_in_queue()
        campaign.action_client_desk_cancel()
        self.assertEqual(campaign._client_desk_queued_count(), 0)
        self.assertEqual(campaign.state, "draft")

    def test_test_email_to_myself(self):
        campaign = self.new_campaign()
        with self.delivering() as sink:
            sink.clear()
            campaign.sudo(self.staff).action_client_desk_send_test()
        self.assertEqual(sink.messages[0].rcpt_tos, [self.staff.email])
        self.assertIn("Test", sink.messages[0].message["Subject"])
