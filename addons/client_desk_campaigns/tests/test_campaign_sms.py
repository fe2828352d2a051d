"""SMS campaigns through the core's SMS queue and its test gateway."""
from .common import CampaignCase


class TestCampaignSms(CampaignCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["client.desk.sms.gateway"].search([]).write({"active": False})
        cls.gateway = cls.env["client.desk.sms.gateway"].create(
            {"name": "Campaign test gateway", "kind": "test", "company_id": False})

    def test_sms_campaign_reaches_consenting_mobiles_only(self):
        campaign = self.new_campaign(client_desk_channel="sms",
                                     client_desk_sms_body="Hi {client_first_name}, book your spring cut!")
        campaign.send_mail()
        sms = self.env["client.desk.sms"].search([("model", "=", "mail.mass_mailing"), ("res_id", "=", campaign.id)])
        sent = sms.filtered(lambda s: s.state == "sent")
        self.assertEqual(set(sent.mapped("partner_id").ids),
                         {self.opted.id, self.opted2.id, self.no_email.id, self.blocked.id})
        self.assertFalse(sms.filtered(lambda s: s.partner_id in (self.never | self.unsubscribed | self.sms_out)))
        lotte = sent.filtered(lambda s: s.partner_id == self.opted)
        self.assertTrue(lotte.body.startswith("Hi Lotte, book your spring cut!"))
        self.assertIn("STOP", lotte.body)
        self.assertTrue(lotte.is_marketing)
        self.assertEqual(lotte.segments, 1)
        self.assertEqual(campaign.client_desk_delivered, 4)
        rows = {row.partner_id: row for row in campaign.client_desk_recipient_ids}
        self.assertEqual(rows[self.sms_out].reason, "sms_opt_out")
        self.assertEqual(rows[self.twin].reason, "no_mobile")
        self.assertEqual(rows[self.opted].sms_id, lotte)

    def test_sms_opt_out_after_queueing_is_obeyed_by_the_gateway(self):
        campaign = self.new_campaign(client_desk_channel="sms", client_desk_sms_body="Hi {client_first_name}")
        campaign.put_in_queue()
        self.env["client.desk.sms"].client_desk_inbound(self.opted.mobile, "STOP")
        campaign._client_desk_drain(rate=0)
        row = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == self.opted)
        self.assertEqual(row.state, "cancelled")
        self.assertEqual(row.sms_id.state, "cancelled")
        self.assertEqual(campaign.client_desk_delivered, 3)

    def test_long_sms_segments(self):
        campaign = self.new_campaign(client_desk_channel="sms", client_desk_sms_body="x" * 150)
        self.assertEqual(campaign.client_desk_sms_segments, 2)  # with the stop text it no longer fits in one
        campaign.send_mail()
        sms = self.env["client.desk.sms"].search([("model", "=", "mail.mass_mailing"), ("res_id", "=", campaign.id)])
        self.assertEqual(set(sms.mapped("segments")), {2})

    def test_sms_needs_text(self):
        from odoo.exceptions import UserError
        campaign = self.new_campaign(client_desk_channel="sms")
        with self.assertRaises(UserError):
            campaign.put_in_queue()
