"""The unsubscribe link (GET confirms, one POST unsubscribes), the open pixel, and Odoo's
own put_in_queue()/send_mail() over a real XML-RPC client."""
from odoo.addons.client_desk.tests.common import QUIET
from odoo.addons.client_desk.tests.harness import HttpTestCase, SmtpSink, new_user, po_translation


class TestUnsubscribeHttp(HttpTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp_sink = SmtpSink().start()

    @classmethod
    def tearDownClass(cls):
        cls.smtp_sink.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.env = self.env(context=dict(self.env.context, **QUIET))
        self.env["ir.config_parameter"].sudo().set_param("client_desk_campaigns.rate_per_minute", "0")
        self.env["ir.mail_server"].create({"name": "sink", "smtp_host": "127.0.0.1",
                                           "smtp_port": self.smtp_sink.port, "sequence": 0})
        Partner = self.env["res.partner"]
        Partner.search([("client_desk_is_client", "=", True)]).write({"client_desk_is_client": False})
        self.anne = Partner.create({"name": "Anne Unsub", "email": "anne.unsub@example.com", "lang": "en_US",
                                    "client_desk_is_client": True, "client_desk_marketing_opt_in": True})
        self.bart = Partner.create({"name": "Bart Stays", "email": "bart.stays@example.com", "lang": "nl_BE",
                                    "client_desk_is_client": True, "client_desk_marketing_opt_in": True})
        self.campaign = self.env["mail.mass_mailing"].create({
            "name": "Unsubscribe test", "client_desk_action": "portal", "email_from": "salon@example.com",
            "reply_to": "salon@example.com"})
        self.campaign._client_desk_materialise()
        rows = {row.partner_id: row for row in self.campaign.client_desk_recipient_ids}
        self.row_anne, self.row_bart = rows[self.anne], rows[self.bart]
        self.token_anne = self.campaign._client_desk_token("unsubscribe", self.row_anne.id)

    def assertUntouched(self, partner):
        partner.invalidate_cache()
        self.assertTrue(partner.client_desk_marketing_opt_in)
        self.assertFalse(partner.client_desk_email_blocked)

    def test_get_shows_a_confirmation_and_changes_nothing(self):
        response = self.get("/client_desk/unsubscribe/%s" % self.token_anne)
        self.assertEqual(response.status_code, 200)
        self.assertIn('method="post"', response.text)
        self.assertIn("anne.unsub@example.com", response.text)
        self.assertUntouched(self.anne)
        self.assertFalse(self.anne.client_desk_consent_event_ids.filtered(lambda e: e.source == "unsubscribe"))

    def test_one_click_post_unsubscribes_only_that_client(self):
        # RFC 8058: the mail provider POSTs without cookie nor CSRF token.
        response = self.post("/client_desk/unsubscribe/%s" % self.token_anne,
                             {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("You are unsubscribed", response.text)
        self.anne.invalidate_cache()
        self.assertFalse(self.anne.client_desk_marketing_opt_in)
        self.assertTrue(self.anne.client_desk_email_blocked)
        self.assertEqual(self.anne.client_desk_email_blocked_reason, "unsubscribed")
        events = self.anne.client_desk_consent_event_ids.filtered(lambda e: e.source == "unsubscribe")
        self.assertEqual(set(events.mapped("kind")), {"marketing_opt_in_off", "email_blocked_on"})
        self.assertEqual(set(events.mapped("actor")), {"client"})
        self.row_anne.invalidate_cache()
        self.assertTrue(self.row_anne.unsubscribed_date)
        self.assertEqual(self.campaign.client_desk_unsubscribed, 1)
        self.assertUntouched(self.bart)
        # Again: still fine, nothing new in the ledger.
        self.assertEqual(self.post("/client_desk/unsubscribe/%s" % self.token_anne).status_code, 200)
        self.anne.invalidate_cache()
        self.assertEqual(len(self.anne.client_desk_consent_event_ids.filtered(lambda e: e.source == "unsubscribe")), 2)
        # Unsubscribed: the next campaign leaves Anne out, with the reason.
        rows = dict((p, r) for p, _a, r in self.campaign.copy()._client_desk_audience_rows())
        self.assertEqual(rows[self.anne.id], "opted_out")

    def test_forged_and_foreign_tokens_are_refused(self):
        signature = self.token_anne.split("-", 1)[1]
        forged = [
            "%s-%s" % (self.row_bart.id, signature),  # Anne's signature on Bart's row
            self.token_anne[:-1] + ("0" if self.token_anne[-1] != "0" else "1"),
            self.campaign._client_desk_token("open", self.row_bart.id),  # a token for another purpose
            "garbage",
        ]
        for token in forged:
            self.assertNotFound(self.get("/client_desk/unsubscribe/%s" % token))
            response = self.post("/client_desk/unsubscribe/%s" % token)
            self.assertNotFound(response)
            self.assertNotIn("bart.stays@example.com", response.text)
        self.assertUntouched(self.bart)
        self.assertUntouched(self.anne)

    def test_deleted_recipient_is_not_found(self):
        token = self.campaign._client_desk_token("unsubscribe", 987654321)
        self.assertNotFound(self.get("/client_desk/unsubscribe/%s" % token))
        self.assertNotFound(self.post("/client_desk/unsubscribe/%s" % token))

    def test_confirmation_in_the_clients_language(self):
        token = self.campaign._client_desk_token("unsubscribe", self.row_bart.id)
        response = self.post("/client_desk/unsubscribe/%s" % token)
        self.assertEqual(response.status_code, 200)
        self.assertIn(po_translation("client_desk_campaigns", "nl", "You are unsubscribed"), response.text)

    def test_open_pixel(self):
        token = self.campaign._client_desk_token("open", self.row_anne.id)
        response = self.get("/client_desk/campaign/open/%s.gif" % token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/gif")
        self.row_anne.invalidate_cache()
        self.assertTrue(self.row_anne.opened_date)
        self.assertTrue(self.row_anne.statistics_id.opened)
        self.assertNotFound(self.get("/client_desk/campaign/open/%s.gif" % self.token_anne))

    def test_put_in_queue_and_send_mail_over_xmlrpc(self):
        staff = new_user(self.env, "campaignrpc.staff", "user")
        campaign = self.campaign.copy({"name": "RPC campaign"})
        dbname = self.env.cr.dbname
        call = self.xmlrpc_object.execute_kw
        self.smtp_sink.clear()
        with self.server_turn():
            uid = self.xmlrpc_common.authenticate(dbname, staff.login, staff.login, {})
            self.assertIs(call(dbname, uid, staff.login, "mail.mass_mailing", "put_in_queue",
                               [[campaign.id]]), True)
            self.assertIs(call(dbname, uid, staff.login, "mail.mass_mailing", "send_mail",
                               [[campaign.id]]), True)
            summary = call(dbname, uid, staff.login, "mail.mass_mailing", "client_desk_get_summary",
                           [[campaign.id]])
        # (The server's request threads are marked as testing: Odoo skips the SMTP exchange
        # there; delivery itself is tested in test_campaign_sending.)
        campaign.invalidate_cache()
        self.assertEqual(set(campaign.client_desk_recipient_ids.mapped("state")), {"sent"},
                         campaign.client_desk_recipient_ids.mapped("failure_reason"))
        self.assertEqual(len(campaign.client_desk_recipient_ids), 2)
        self.assertEqual(campaign.state, "done")
        self.assertEqual(summary["will_receive"], 0)  # everyone got it already
