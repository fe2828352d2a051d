"""A document received from a client within a campaign's engagement window counts as engaged
("shared a document"), once per client and campaign; and who may read it."""
import base64

from odoo.exceptions import AccessError

from odoo.addons.client_desk_campaigns.tests.common import CampaignCase
from odoo.addons.client_desk_documents.tests.common import PDF


class TestCampaignShared(CampaignCase):

    def receive(self, partner, name="scan.pdf"):
        return self.env["client.desk.document"]._client_desk_receive(partner, name, PDF)

    def test_a_document_inside_the_window_counts_once(self):
        campaign = self.sent_campaign(self.opted | self.opted2, 4, client_desk_action="document")
        document = self.receive(self.opted)
        self.receive(self.opted, "second.pdf")
        self.assertEqual((campaign.client_desk_shared, campaign.client_desk_engaged), (1, 1))
        row = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == self.opted)
        self.assertEqual(row.client_desk_shared_document_id, document)
        event = self.engaged_events(self.opted)
        self.assertEqual(len(event), 1)
        self.assertIn("Shared a document after the campaign Spring promotion", event.body)
        self.assertEqual(event.author_id, self.opted)
        self.assertEqual(campaign.client_desk_statistic_partner_ids("client_desk_shared"), [self.opted.id])
        action = campaign.with_context(client_desk_statistic="client_desk_shared").action_client_desk_statistic()
        self.assertEqual(action["domain"], [("id", "in", [self.opted.id])])

    def test_a_document_outside_the_window_or_from_someone_else_does_not_count(self):
        old = self.sent_campaign(self.opted, 15)
        recent = self.sent_campaign(self.opted2, 1)
        self.receive(self.opted)
        self.receive(self.never)
        self.assertEqual((old.client_desk_shared, recent.client_desk_shared), (0, 0))
        self.assertFalse(self.engaged_events(self.opted))

    def test_staff_share_by_themselves_does_not_count(self):
        campaign = self.sent_campaign(self.opted, 1)
        document = self.env["client.desk.document"].create({
            "name": "aftercare.pdf", "datas": base64.b64encode(PDF), "partner_id": self.opted.id})
        document._client_desk_announce()
        self.assertEqual(campaign.client_desk_shared, 0)

    def test_staff_read_the_statistic_portal_and_public_cannot(self):
        campaign = self.sent_campaign(self.opted, 1)
        self.receive(self.opted)
        for user in (self.staff, self.manager):
            self.assertEqual(campaign.sudo(user).read(["client_desk_shared"])[0]["client_desk_shared"], 1)
        row = campaign.client_desk_recipient_ids
        public = self.env.ref("base.public_user")
        checks = [(campaign, ["client_desk_shared"]),
                  (row, ["client_desk_shared_date", "client_desk_shared_document_id"])]
        for user in (self.portal_user, public, self.employee):
            for record, names in checks:
                Model = record.sudo(user).browse()
                with self.assertRaises(AccessError):
                    record.sudo(user).read(names)
                with self.assertRaises(AccessError):
                    Model.search_read([("id", "=", record.id)], names)
                with self.assertRaises(AccessError):
                    Model.read_group([], [names[0]], [names[0]])
                with self.assertRaises(AccessError):
                    record.sudo(user).export_data(names)
            with self.assertRaises(AccessError):
                campaign.sudo(user).client_desk_statistic_partner_ids("client_desk_shared")
