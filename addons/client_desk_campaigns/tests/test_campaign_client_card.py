"""The client card's Campaigns tab and counters, the dashboard tiles, and the SMS counter
the campaign form recomputes while the text is edited (onchange)."""
from odoo.exceptions import AccessError

from .common import CampaignCase


class TestCampaignClientCard(CampaignCase):

    def send(self, campaign):
        with self.delivering() as sink:
            sink.clear()
            campaign.send_mail()

    def test_counters_on_the_client_card(self):
        first, second = self.new_campaign(name="First"), self.new_campaign(name="Second")
        self.send(first)
        self.send(second)
        rows = (first | second).mapped("client_desk_recipient_ids").filtered(lambda r: r.partner_id == self.opted)
        rows.filtered(lambda r: r.mailing_id == first).write({"opened_date": "2026-01-02 10:00:00",
                                                             "clicked_date": "2026-01-02 10:01:00"})
        rows.filtered(lambda r: r.mailing_id == second).write({"opened_date": "2026-01-03 10:00:00"})
        self.opted.message_post(body="Booked!", message_type="comment", subtype="mail.mt_comment",
                                author_id=self.opted.id)
        self.env["mail.mass_mailing"]._client_desk_cron_engagement()
        card = self.opted.sudo(self.staff)
        card.invalidate_cache()
        self.assertEqual((card.client_desk_campaigns_received, card.client_desk_campaigns_opened,
                          card.client_desk_campaigns_clicked, card.client_desk_campaigns_engaged), (2, 2, 1, 2))
        self.assertEqual(card.client_desk_campaign_recipient_ids.mapped("mailing_id"), first | second)
        # Excluded clients received nothing.
        never = self.never.sudo(self.staff)
        self.assertEqual((never.client_desk_campaigns_received, len(never.client_desk_campaign_recipient_ids)), (0, 0))
        arch = self.env["res.partner"].sudo(self.staff).fields_view_get(
            self.env.ref("client_desk.res_partner_view_form_client_desk").id, "form")["arch"]
        self.assertIn('name="client_desk_campaigns_engaged"', arch)
        self.assertIn('name="client_desk_campaign_recipient_ids"', arch)

    def test_portal_user_cannot_read_the_campaign_counters(self):
        client = self.portal_client.sudo(self.portal_user)
        with self.assertRaises(AccessError):
            client.read(["client_desk_campaigns_received"])
        with self.assertRaises(AccessError):
            client.read(["client_desk_campaign_recipient_ids"])

    def test_dashboard_tiles(self):
        sending = self.env.ref("client_desk_campaigns.tile_campaigns_sending")
        engaged = self.env.ref("client_desk_campaigns.tile_campaign_engaged_this_month")
        before_sending, before_engaged = sending.value, engaged.value
        campaign = self.new_campaign()
        campaign.put_in_queue()
        sending.invalidate_cache()
        self.assertEqual(sending.value, before_sending + 1)
        with self.delivering():
            campaign._client_desk_drain(rate=0)
        self.opted.message_post(body="Yes please", message_type="comment", subtype="mail.mt_comment",
                                author_id=self.opted.id)
        self.env["mail.mass_mailing"]._client_desk_cron_engagement()
        sending.invalidate_cache()
        engaged.invalidate_cache()
        self.assertEqual(sending.value, before_sending)
        self.assertEqual(engaged.value, before_engaged + 1)
        self.assertEqual(engaged.action_open()["res_model"], "client.desk.campaign.recipient")

    def test_sms_counter_follows_the_text_in_the_form(self):
        Mailing = self.env["mail.mass_mailing"]
        form = Mailing.fields_view_get(self.env.ref("client_desk_campaigns.mail_mass_mailing_view_form").id, "form")
        spec = Mailing._onchange_spec(view_info=form)
        stop = len(Mailing._client_desk_sms_text("", {}).strip()) + 1  # "\n" + the stop text
        values = {name: False for name in spec if "." not in name}
        values.update(client_desk_action="book", client_desk_channel="sms",
                      client_desk_sms_body="Hi {client_first_name}")
        result = Mailing.onchange(values, "client_desk_sms_body", spec)["value"]
        # The preview counts the text with empty names (the placeholder takes no room) and the stop text.
        self.assertEqual(result["client_desk_sms_length"], len("Hi") + stop)
        self.assertEqual(result["client_desk_sms_segments"], 1)
        # GSM-7: 160 units in one SMS; one more and it is two parts of 153.
        values["client_desk_sms_body"] = "x" * (160 - stop)
        result = Mailing.onchange(values, "client_desk_sms_body", spec)["value"]
        self.assertEqual((result["client_desk_sms_length"], result["client_desk_sms_segments"]), (160, 1))
        values["client_desk_sms_body"] = "x" * (161 - stop)
        result = Mailing.onchange(values, "client_desk_sms_body", spec)["value"]
        self.assertEqual(result["client_desk_sms_segments"], 2)
        # An emoji makes it UCS-2: 70 units in one SMS.
        values["client_desk_sms_body"] = "✂" + "x" * (70 - stop - 1)
        result = Mailing.onchange(values, "client_desk_sms_body", spec)["value"]
        self.assertEqual(result["client_desk_sms_segments"], 1)
        values["client_desk_sms_body"] = "✂" + "x" * (71 - stop - 1)
        result = Mailing.onchange(values, "client_desk_sms_body", spec)["value"]
        self.assertEqual(result["client_desk_sms_segments"], 2)
