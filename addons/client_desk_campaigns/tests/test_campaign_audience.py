"""Creating a campaign, its template and personalisation, its audience and summary."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CampaignCase


class TestCampaignAudience(CampaignCase):

    def test_summary_counts_reasons(self):
        campaign = self.new_campaign()
        summary = campaign.client_desk_get_summary()
        reasons = {code: count for code, _label, count in summary["reasons"]}
        # opted and opted2 receive it; sms_out too (e-mail is not SMS).
        self.assertEqual(summary["will_receive"], 3)
        self.assertEqual(reasons, {"no_email": 1, "email_blocked": 1, "opted_out": 1, "no_consent": 1,
                                   "duplicate": 1})
        self.assertEqual(summary["will_not_receive"], 5)
        self.assertEqual(campaign.client_desk_will_receive, 3)
        self.assertIn("Duplicate address", campaign.client_desk_summary)

    def test_without_opt_in_filter_only_never_asked_are_added(self):
        campaign = self.new_campaign(client_desk_opt_in_only=False)
        rows = {partner: reason for partner, _address, reason in campaign._client_desk_audience_rows()}
        self.assertIsNone(rows[self.never.id])
        self.assertEqual(rows[self.unsubscribed.id], "opted_out")
        self.assertEqual(rows[self.blocked.id], "email_blocked")

    def test_sms_summary(self):
        campaign = self.new_campaign(client_desk_channel="sms", client_desk_sms_body="Hi {client_first_name}")
        rows = {partner: reason for partner, _address, reason in campaign._client_desk_audience_rows()}
        self.assertEqual(rows[self.sms_out.id], "sms_opt_out")
        self.assertEqual(rows[self.twin.id], "no_mobile")
        self.assertIsNone(rows[self.no_email.id])
        self.assertIsNone(rows[self.blocked.id])  # e-mail blocked does not stop an SMS

    def test_audience_by_tags_and_picked(self):
        campaign = self.new_campaign(client_desk_audience="tags", client_desk_tag_ids=[(6, 0, self.tag_vip.ids)])
        partners = {row[0] for row in campaign._client_desk_audience_rows()}
        self.assertEqual(partners, {self.opted.id, self.blocked.id})
        counts = {name: count for _id, name, count in campaign.client_desk_tag_counts()}
        self.assertEqual(counts["Campaign VIP"], 2)
        campaign.write({"client_desk_audience": "clients", "client_desk_partner_ids": [(6, 0, self.never.ids)]})
        self.assertEqual({row[0] for row in campaign._client_desk_audience_rows()}, {self.never.id})
        self.assertIn(str(self.never.id), campaign.mailing_domain)

    def test_materialise_writes_rows_and_statistics(self):
        campaign = self.new_campaign()
        self.assertEqual(campaign._client_desk_materialise(), 3)
        queued = campaign.client_desk_recipient_ids.filtered(lambda r: r.state == "queued")
        self.assertEqual(set(queued.mapped("partner_id").ids), {self.opted.id, self.opted2.id, self.sms_out.id})
        self.assertTrue(all(queued.mapped("statistics_id")))
        excluded = campaign.client_desk_recipient_ids - queued
        self.assertEqual(excluded.filtered(lambda r: r.partner_id == self.twin).reason, "duplicate")
        # Materialising again adds nobody: everyone is in already.
        self.assertEqual(campaign._client_desk_materialise(), 0)

    def test_template_and_personalisation_escaped(self):
        campaign = self.new_campaign()
        self.assertIn("http://campaigns.example/book", campaign.body_html)
        self.assertIn("Book now", campaign.body_html)
        self.assertIn("gallery_salon.png", campaign.body_html)
        campaign.write({"client_desk_action": "pay"})
        self.assertIn("http://campaigns.example/my/payments", campaign.body_html)
        names = {"{client_first_name}": "<script>x</script>", "{client_full_name}": "A"}
        from ..tools.personalise import personalise_html
        html = personalise_html(campaign.body_html, names)
        self.assertNotIn("<script>x", html)
        self.assertIn("&lt;script&gt;x", html)

    def test_custom_url_validated(self):
        with self.assertRaises(ValidationError):
            self.new_campaign(client_desk_action="url", client_desk_url="javascript:alert(1)")
        campaign = self.new_campaign(client_desk_action="url", client_desk_url="https://thibaut.example/offer")
        self.assertIn("https://thibaut.example/offer", campaign.body_html)

    def test_sms_counter(self):
        campaign = self.new_campaign(client_desk_channel="sms", client_desk_sms_body="a" * 100)
        self.assertGreater(campaign.client_desk_sms_length, 100)
        self.assertEqual(campaign.client_desk_sms_segments, 1)
        campaign.client_desk_sms_body = "a" * 200
        self.assertEqual(campaign.client_desk_sms_segments, 2)
        campaign.client_desk_sms_body = "€" * 100 + "😀"
        self.assertEqual(campaign.client_desk_sms_segments, 3)  # UCS-2: parts of 67

    def test_portal_and_plain_employee_see_no_recipients(self):
        campaign = self.new_campaign()
        campaign._client_desk_materialise()
        Recipient = self.env["client.desk.campaign.recipient"]
        for user in (self.portal_user, self.employee):
            with self.assertRaises(AccessError):
                Recipient.sudo(user).search([("mailing_id", "=", campaign.id)])
            with self.assertRaises(AccessError):
                self.env["mail.mass_mailing"].sudo(user).browse(campaign.id).read(["name"])
        # Nor the statistics, counted in SQL beside the ORM's read.
        for user in (self.portal_user, self.employee):
            mailing = self.env["mail.mass_mailing"].sudo(user).browse(campaign.id)
            with self.assertRaises(AccessError):
                mailing.client_desk_statistic_partner_ids("client_desk_queued")
            with self.assertRaises(AccessError):
                mailing.export_data(["client_desk_queued"])
        staff_mailing = self.env["mail.mass_mailing"].sudo(self.staff).browse(campaign.id)
        queued = self.env["client.desk.campaign.recipient"].search(
            [("mailing_id", "=", campaign.id), ("state", "=", "queued")]).mapped("partner_id")
        self.assertTrue(queued)
        self.assertEqual(sorted(staff_mailing.client_desk_statistic_partner_ids("client_desk_queued")),
                         sorted(queued.ids))
        with self.assertRaises(UserError):
            staff_mailing.client_desk_statistic_partner_ids("1=1) OR (true")
        # Staff read them, but cannot rewrite what happened.
        rows = Recipient.sudo(self.staff).search([("mailing_id", "=", campaign.id)])
        self.assertEqual(len(rows), 8)
        with self.assertRaises(AccessError):
            rows.write({"state": "sent"})

    def test_sent_campaign_cannot_be_edited(self):
        campaign = self.new_campaign()
        campaign.put_in_queue()
        from odoo.exceptions import UserError
        with self.assertRaises(UserError):
            campaign.write({"client_desk_title": "Changed"})

    def test_gdpr_erase_empties_campaign_addresses(self):
        campaign = self.new_campaign()
        campaign._client_desk_materialise()
        row = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == self.opted)
        self.assertEqual(row.address, "lotte.maes@example.com")
        self.opted._client_desk_gdpr_erase()
        self.assertFalse(row.address)
        self.assertEqual(row.state, "queued")
