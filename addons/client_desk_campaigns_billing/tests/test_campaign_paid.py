"""Paying an invoice within a campaign's engagement window counts as engaged ("paid", once per
client and campaign) and adds to the campaign's revenue: only paid invoices of its recipients,
in the window, of the campaign's company, in company currency; and who may read it."""

from odoo import fields
from odoo.exceptions import AccessError

from odoo.addons.client_desk_billing.tests.common import BillingFixtures
from odoo.addons.client_desk_campaigns.tests.common import CampaignCase


class TestCampaignPaid(CampaignCase, BillingFixtures):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpBilling(cls.env)

    def pay(self, partner, amount, paid=None):
        invoice = self.make_invoice(self.env, partner, amount=amount)
        invoice._client_desk_register_payment(paid or amount, "cash")
        return invoice

    def test_revenue_sums_paid_invoices_of_recipients_in_the_window(self):
        campaign = self.sent_campaign(self.opted | self.opted2 | self.never, 3)
        old = self.sent_campaign(self.opted, 20)
        first = self.pay(self.opted, 60.0)
        second = self.pay(self.opted, 40.0)
        self.pay(self.opted2, 25.0)
        self.make_invoice(self.env, self.opted, amount=500.0)  # open, not paid
        self.pay(self.never, 70.0)  # excluded: never got the campaign
        self.pay(self.client, 80.0)  # not a recipient
        self.assertEqual(campaign.client_desk_paid, 2)
        self.assertEqual(campaign.client_desk_revenue, 125.0)
        self.assertEqual(campaign.client_desk_engaged, 2)
        self.assertEqual((old.client_desk_paid, old.client_desk_revenue), (0, 0.0))
        row = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == self.opted)
        self.assertEqual(row.client_desk_invoice_ids, first | second)
        self.assertEqual(sorted(campaign.client_desk_statistic_partner_ids("client_desk_paid")),
                         sorted((self.opted | self.opted2).ids))
        action = campaign.action_client_desk_revenue()
        self.assertEqual(sorted(self.env["account.invoice"].search(action["domain"]).mapped("amount_total")),
                         [25.0, 40.0, 60.0])
        # One engaged event per client and campaign, however many invoices.
        events = self.engaged_events(self.opted)
        self.assertEqual(len(events), 1)
        self.assertIn("Paid an invoice after the campaign Spring promotion", events.body)
        self.assertEqual(events.client_desk_record_ref, "mail.mass_mailing,%s" % campaign.id)

    def test_a_partly_paid_invoice_counts_once_fully_paid(self):
        campaign = self.sent_campaign(self.opted, 2)
        invoice = self.make_invoice(self.env, self.opted, amount=90.0)
        invoice._client_desk_register_payment(30.0, "cash")
        self.assertEqual((campaign.client_desk_paid, campaign.client_desk_revenue), (0, 0.0))
        invoice._client_desk_register_payment(60.0, "card")
        campaign.invalidate_cache()
        self.assertEqual((campaign.client_desk_paid, campaign.client_desk_revenue), (1, 90.0))

    def test_an_invoice_open_again_leaves_the_revenue(self):
        campaign = self.sent_campaign(self.opted, 2)
        invoice = self.pay(self.opted, 45.0)
        self.assertEqual(campaign.client_desk_revenue, 45.0)
        invoice.payment_move_line_ids.remove_move_reconcile()
        self.assertEqual(invoice.state, "open")
        campaign.invalidate_cache()
        self.assertEqual(campaign.client_desk_revenue, 0.0)

    def test_another_companys_campaign_does_not_count_the_invoice(self):
        company_b = self.env["res.company"].create({"name": "Other salon"})
        theirs = self.sent_campaign(self.opted, 2, client_desk_company_id=company_b.id)
        ours = self.sent_campaign(self.opted, 2)
        self.assertEqual(ours.client_desk_company_id, self.env.user.company_id)
        self.pay(self.opted, 50.0)
        self.assertEqual((theirs.client_desk_paid, theirs.client_desk_revenue), (0, 0.0))
        self.assertEqual((ours.client_desk_paid, ours.client_desk_revenue), (1, 50.0))

    def test_revenue_is_in_company_currency(self):
        campaign = self.sent_campaign(self.opted, 2)
        self.env["res.currency.rate"].create({
            "currency_id": self.other_currency.id, "rate": 2.0, "name": fields.Date.today(),
            "company_id": self.env.user.company_id.id})
        invoice = self.make_invoice(self.env, self.opted, amount=100.0, validate=False)
        invoice.write({"currency_id": self.other_currency.id})
        invoice.action_invoice_open()
        invoice._client_desk_register_payment(100.0, "cash", currency=self.other_currency)
        self.assertEqual(invoice.state, "paid")
        self.assertAlmostEqual(campaign.client_desk_revenue, invoice.amount_total_company_signed, places=2)
        self.assertNotEqual(campaign.client_desk_revenue, 100.0)

    # -- access --------------------------------------------------------------------------------

    def test_staff_read_the_revenue_portal_and_public_cannot(self):
        campaign = self.sent_campaign(self.opted, 1)
        self.pay(self.opted, 30.0)
        for user in (self.staff, self.manager):
            values = campaign.sudo(user).read(["client_desk_paid", "client_desk_revenue"])[0]
            self.assertEqual((values["client_desk_paid"], values["client_desk_revenue"]), (1, 30.0))
        row = campaign.client_desk_recipient_ids
        public = self.env.ref("base.public_user")
        checks = [
            (campaign, ["client_desk_paid", "client_desk_revenue", "client_desk_company_id"]),
            (row, ["client_desk_paid_date", "client_desk_invoice_ids"]),
        ]
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
                campaign.sudo(user).client_desk_statistic_partner_ids("client_desk_paid")
            with self.assertRaises(AccessError):
                campaign.sudo(user).action_client_desk_revenue()
