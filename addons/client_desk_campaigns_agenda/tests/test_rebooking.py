"""Rebooking campaigns with a moved clock (the scheduled action is given "now"): one sending
per gap since the last visit, none once the client booked (even when queued), none to clients
who opted out, SMS opt-out obeyed."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from odoo.addons.client_desk.tests.harness import po_translation

from .common import EngageCase, moment


class TestRebooking(EngageCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["client.desk.sms.gateway"].search([]).write({"active": False})
        cls.env["client.desk.sms.gateway"].create({"name": "Rebooking test gateway", "kind": "test",
                                                   "company_id": False})
        # Only this class's rebooking campaigns run (not the demo's).
        cls.env["mail.mass_mailing"].search([("client_desk_rebooking_running", "=", True)]).write(
            {"client_desk_rebooking_running": False})

    def rebooking(self, **values):
        values.setdefault("name", "We miss you")
        values.setdefault("client_desk_rebooking", True)
        values.setdefault("client_desk_rebooking_weeks", 6)
        return self.new_campaign(**values)

    def visit(self, partner, when):
        """A done appointment (a visit) of partner at when."""
        return self.book(partner, when, state="done")

    def tick(self, campaign, now=None):
        """The scheduled action at now, then the sender; returns the addresses e-mailed."""
        self.env["mail.mass_mailing"]._client_desk_cron_rebooking(now)
        with self.delivering() as sink:
            sink.clear()
            campaign._client_desk_drain(rate=0)
            return sorted(address for mail in sink.messages for address in mail.rcpt_tos)

    def test_one_sending_per_gap_and_again_after_a_new_visit(self):
        first = self.visit(self.opted, moment(weeks=-8))
        self.visit(self.opted2, moment(weeks=-3))
        campaign = self.rebooking()
        # Not started: the scheduled action leaves it alone.
        self.assertEqual(self.env["mail.mass_mailing"]._client_desk_cron_rebooking(), 0)
        self.assertFalse(campaign.client_desk_recipient_ids)
        campaign.action_client_desk_rebooking_start()
        with self.delivering() as sink:
            sink.clear()
            campaign._client_desk_drain(rate=0)
            self.assertEqual([m.rcpt_tos for m in sink.messages], [["lotte.maes@example.com"]])
        self.assertEqual(self.row(campaign, self.opted).client_desk_rebook_visit_id, first)
        self.assertEqual(self.tick(campaign), [])
        # Three weeks later: Lotte's gap goes on (nothing), Jan's last visit is now six weeks old.
        self.assertEqual(self.tick(campaign, moment(weeks=3)), ["jan.bold@example.com"])
        self.assertEqual(self.tick(campaign, moment(weeks=4)), [])
        # Lotte comes back tomorrow, then lapses again: one more sending, once.
        second = self.visit(self.opted, moment(days=1))
        self.assertEqual(self.tick(campaign, moment(days=1, weeks=5)), [])
        self.assertEqual(self.tick(campaign, moment(days=1, weeks=7)), ["lotte.maes@example.com"])
        self.assertEqual(self.tick(campaign, moment(days=2, weeks=9)), [])
        rows = self.row(campaign, self.opted).filtered(lambda r: r.state == "sent")
        self.assertEqual(rows.mapped("client_desk_rebook_visit_id"), first | second)
        self.assertEqual(campaign.client_desk_delivered, 2)  # clients: Lotte (twice) and Jan

    def test_no_sending_to_a_client_who_booked(self):
        self.visit(self.opted, moment(weeks=-8))
        self.book(self.opted, moment(days=3))
        self.visit(self.opted2, moment(weeks=-9))
        campaign = self.rebooking()
        campaign.action_client_desk_rebooking_start()
        self.assertFalse(self.row(campaign, self.opted))
        row = self.row(campaign, self.opted2)
        self.assertEqual(row.state, "queued")
        # Jan books while the campaign waits in the queue: it is not sent to him.
        self.book(self.opted2, moment(days=4))
        self.assertEqual((row.state, row.failure_reason),
                         ("cancelled", "The client booked an appointment before the campaign was sent."))
        self.assertEqual(self.tick(campaign, moment(weeks=2)), [])

    def test_the_cancellation_reason_is_translated(self):
        self.visit(self.opted, moment(weeks=-8))
        campaign = self.rebooking()
        campaign.action_client_desk_rebooking_start()
        self.env["calendar.event"].sudo(self.staff).with_context(lang="nl_BE").create({
            "client_desk_partner_id": self.opted.id, "start": moment(days=3), "stop": moment(days=3, hours=1)})
        row = self.row(campaign, self.opted)
        self.assertEqual(row.state, "cancelled")
        self.assertEqual(row.failure_reason, po_translation(
            "client_desk_campaigns_agenda", "nl_BE", "The client booked an appointment before the campaign was sent."))

    def test_the_sender_checks_bookings_made_after_queueing(self):
        self.visit(self.opted, moment(weeks=-8))
        campaign = self.rebooking()
        campaign.action_client_desk_rebooking_start()
        row = self.row(campaign, self.opted)
        self.book(self.opted, moment(days=2))
        # As if the row had been queued by another transaction while the client booked.
        self.env.cr.execute("UPDATE client_desk_campaign_recipient SET state = 'queued' WHERE id = %s", (row.id,))
        row.invalidate_cache()
        with self.delivering() as sink:
            sink.clear()
            campaign._client_desk_drain(rate=0)
            self.assertFalse(sink.messages)
        self.assertEqual(row.state, "cancelled")

    def test_consent_is_obeyed(self):
        for client in (self.never, self.unsubscribed, self.blocked, self.opted):
            self.visit(client, moment(weeks=-10))
        campaign = self.rebooking()
        campaign.action_client_desk_rebooking_start()
        self.assertEqual(self.tick(campaign), ["lotte.maes@example.com"])
        self.assertEqual(self.tick(campaign, moment(weeks=5)), [])
        # No row is kept for those who may not receive it: they are looked at again later.
        self.assertEqual(campaign.client_desk_recipient_ids.mapped("partner_id"), self.opted)
        self.never.client_desk_set_consent("manual", marketing_opt_in=True)
        self.assertEqual(self.tick(campaign, moment(weeks=6)), ["els.never@example.com"])

    def test_sms_opt_out_is_obeyed(self):
        for client in (self.sms_out, self.opted):
            self.visit(client, moment(weeks=-7))
        campaign = self.rebooking(client_desk_channel="sms", client_desk_sms_body="Hi {client_first_name}, book!")
        campaign.action_client_desk_rebooking_start()
        campaign._client_desk_drain(rate=0)
        sms = self.env["client.desk.sms"].search([("model", "=", "mail.mass_mailing"), ("res_id", "=", campaign.id)])
        self.assertEqual(sms.mapped("partner_id"), self.opted)
        self.assertEqual(sms.state, "sent")
        self.assertFalse(self.row(campaign, self.sms_out))

    def test_put_in_queue_starts_it_instead_of_sending_to_everyone(self):
        self.visit(self.opted, moment(weeks=-8))
        campaign = self.rebooking()
        campaign.put_in_queue()
        self.assertTrue(campaign.client_desk_rebooking_running)
        self.assertEqual(campaign.client_desk_recipient_ids.mapped("partner_id"), self.opted)
        campaign.action_client_desk_rebooking_stop()
        self.assertFalse(campaign.client_desk_rebooking_running)
        self.assertEqual(self.row(campaign, self.opted).state, "cancelled")
        self.visit(self.opted2, moment(weeks=-8))
        self.assertEqual(self.env["mail.mass_mailing"]._client_desk_cron_rebooking(), 0)

    def test_send_mail_sends_to_the_clients_due_only(self):
        self.visit(self.opted, moment(weeks=-8))
        self.visit(self.opted2, moment(weeks=-2))
        campaign = self.rebooking()
        with self.delivering() as sink:
            sink.clear()
            campaign.send_mail([self.opted2.id, self.sms_out.id])
            self.assertEqual([m.rcpt_tos for m in sink.messages], [["lotte.maes@example.com"]])
        self.assertTrue(campaign.client_desk_rebooking_running)
        with self.delivering() as sink:
            sink.clear()
            self.assertTrue(campaign.send_mail())
            self.assertFalse(sink.messages)

    def test_the_summary_counts_the_clients_due_now(self):
        for client in (self.opted, self.never):
            self.visit(client, moment(weeks=-8))
        self.visit(self.opted2, moment(weeks=-1))
        summary = self.rebooking().client_desk_get_summary()
        self.assertEqual((summary["will_receive"], summary["will_not_receive"]), (1, 1))
        self.assertEqual([code for code, _label, _count in summary["reasons"]], ["no_consent"])

    def test_bad_settings_are_refused(self):
        with self.assertRaises(ValidationError):
            self.rebooking(client_desk_rebooking_weeks=0)
        with self.assertRaises(UserError):
            self.new_campaign().action_client_desk_rebooking_start()
        self.visit(self.opted, moment(weeks=-8))
        campaign = self.rebooking()
        campaign.action_client_desk_rebooking_start()
        campaign._client_desk_drain(rate=0)
        for resend in (campaign.action_client_desk_resend_new, campaign.action_client_desk_resend_not_engaged):
            with self.assertRaises(UserError):
                resend()
        self.assertEqual(len(campaign.client_desk_recipient_ids), 1)

    def test_a_visit_in_the_future_of_the_clock_is_not_the_last_visit(self):
        self.visit(self.opted, moment(weeks=-8))
        campaign = self.rebooking()
        campaign.write({"client_desk_rebooking_running": True})
        start = fields.Datetime.from_string(moment(weeks=-8))
        earlier = campaign._client_desk_rebooking_due(fields.Datetime.to_string(start + timedelta(weeks=5)))
        self.assertNotIn(self.opted.id, dict(earlier))
        self.assertIn(self.opted.id, dict(campaign._client_desk_rebooking_due()))
