"""Booking an appointment within a campaign's engagement window counts as engaged ("booked"),
once per client and campaign, with its event in the client's conversation; and who may read it."""
from odoo.exceptions import AccessError

from .common import EngageCase, moment


class TestCampaignBooked(EngageCase):

    def test_booking_inside_the_window_counts_once_with_an_event(self):
        campaign = self.sent_campaign(self.opted | self.opted2, days_ago=3)
        appointment = self.book(self.opted, moment(days=5))
        self.book(self.opted, moment(days=12))
        self.assertEqual(campaign.client_desk_booked, 1)
        self.assertEqual(campaign.client_desk_engaged, 1)
        row = self.row(campaign, self.opted)
        self.assertEqual(row.client_desk_booked_event_id, appointment)
        self.assertTrue(row.engaged_date)
        event = self.engaged_events(self.opted)
        self.assertEqual(len(event), 1)
        self.assertIn("Booked an appointment after the campaign Spring promotion", event.body)
        self.assertEqual(event.client_desk_record_ref, "mail.mass_mailing,%s" % campaign.id)
        self.assertEqual(event.author_id, self.opted)
        self.assertEqual(event.subtype_id, self.env.ref("client_desk_campaigns.mt_campaign_engaged"))
        self.assertEqual(campaign.client_desk_statistic_partner_ids("client_desk_booked"), [self.opted.id])
        action = campaign.with_context(client_desk_statistic="client_desk_booked").action_client_desk_statistic()
        self.assertEqual(action["domain"], [("id", "in", [self.opted.id])])
        self.assertFalse(self.engaged_events(self.opted2))

    def test_booking_outside_the_window_does_not_count(self):
        old = self.sent_campaign(self.opted, days_ago=20)
        self.book(self.opted, moment(days=2))
        self.assertEqual((old.client_desk_booked, old.client_desk_engaged), (0, 0))
        self.assertFalse(self.engaged_events(self.opted))

    def test_the_window_is_the_campaigns_setting(self):
        wide = self.sent_campaign(self.opted, days_ago=20, client_desk_engage_days=30)
        narrow = self.sent_campaign(self.opted, days_ago=20, client_desk_engage_days=14)
        self.book(self.opted, moment(days=2))
        self.assertEqual((wide.client_desk_booked, narrow.client_desk_booked), (1, 0))

    def test_each_campaign_counts_its_own_recipients(self):
        first = self.sent_campaign(self.opted, days_ago=2)
        second = self.sent_campaign(self.opted | self.opted2, days_ago=1)
        self.book(self.opted, moment(days=3))
        self.book(self.never, moment(days=4))
        self.assertEqual((first.client_desk_booked, second.client_desk_booked), (1, 1))
        self.assertEqual(len(self.engaged_events(self.opted)), 2)
        self.assertFalse(self.engaged_events(self.never))

    def test_a_client_engaged_by_a_reply_keeps_that_date(self):
        campaign = self.sent_campaign(self.opted, days_ago=3)
        row = self.row(campaign, self.opted)
        row.write({"engaged_date": moment(days=-2)})
        replied = row.engaged_date
        self.book(self.opted, moment(days=3))
        self.assertEqual(row.engaged_date, replied)
        self.assertTrue(row.client_desk_booked_date)
        self.assertEqual(campaign.client_desk_engaged, 1)

    def test_an_excluded_client_who_books_does_not_count(self):
        campaign = self.sent_campaign(self.opted | self.never, days_ago=3)
        self.assertEqual(self.row(campaign, self.never).state, "excluded")
        self.book(self.never, moment(days=3))
        self.assertEqual(campaign.client_desk_booked, 0)

    # -- access --------------------------------------------------------------------------------

    def test_staff_read_the_statistic_portal_and_public_cannot(self):
        campaign = self.sent_campaign(self.opted, days_ago=1)
        self.book(self.opted, moment(days=3))
        for user in (self.staff, self.manager):
            self.assertEqual(campaign.sudo(user).read(["client_desk_booked"])[0]["client_desk_booked"], 1)
            self.assertEqual(campaign.sudo(user).client_desk_statistic_partner_ids("client_desk_booked"),
                             [self.opted.id])
            row = self.row(campaign, self.opted).sudo(user)
            self.assertTrue(row.read(["client_desk_booked_date", "client_desk_booked_event_id"])[0][
                "client_desk_booked_date"])
        public = self.env.ref("base.public_user")
        fields_by_model = {
            "mail.mass_mailing": (campaign, ["client_desk_booked", "client_desk_rebooking",
                                             "client_desk_rebooking_weeks"]),
            "client.desk.campaign.recipient": (self.row(campaign, self.opted),
                                               ["client_desk_booked_date", "client_desk_booked_event_id",
                                                "client_desk_rebook_visit_id"]),
        }
        for user in (self.portal_user, public, self.employee):
            for model, (record, names) in fields_by_model.items():
                Model = self.env[model].sudo(user)
                with self.assertRaises(AccessError):
                    record.sudo(user).read(names)
                with self.assertRaises(AccessError):
                    Model.search_read([("id", "=", record.id)], names)
                with self.assertRaises(AccessError):
                    Model.read_group([], names[-1:], names[-1:])
                with self.assertRaises(AccessError):
                    record.sudo(user).export_data(names)
            with self.assertRaises(AccessError):
                campaign.sudo(user).client_desk_statistic_partner_ids("client_desk_booked")
