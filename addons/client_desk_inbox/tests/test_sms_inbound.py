from odoo.exceptions import AccessError

from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user

SECRET = "s3cr3t-inbound-0123456789"


class TestSmsInbound(HttpTestCase):
    """/client_desk/sms/inbound/<gateway>: the gateway delivers the SMS clients send us."""

    def setUp(self):
        super().setUp()
        self.gateway = self.env["client.desk.sms.gateway"].create({
            "name": "Inbound test", "kind": "test", "inbound_secret": SECRET})
        self.path = "/client_desk/sms/inbound/%d" % self.gateway.id
        Partner = self.env["res.partner"]
        self.anne = Partner.create({
            "name": "Anne Sms", "mobile": "0470 11 22 33", "client_desk_is_client": True})
        self.staff = new_user(self.env, "inbox.sms.staff", "user")

    def deliver(self, number, body, secret=SECRET, path=None, method="post"):
        headers = {"X-Client-Desk-Secret": secret} if secret is not None else {}
        return self.request(method, self.url(path or self.path), data={"from": number, "body": body},
                            headers=headers)

    def state(self):
        """What an incoming SMS could have changed."""
        self.env.cache.invalidate()
        return (self.env["res.partner"].with_context(active_test=False).search_count([]),
                self.env["mail.message"].search_count([]),
                self.env["client.desk.consent.event"].search_count([]))

    def test_wrong_or_missing_secret_is_refused_and_changes_nothing(self):
        before = self.state()
        for secret in (None, "", "wrong", SECRET + "x"):
            response = self.deliver("+32470112233", "STOP", secret=secret)
            self.assertEqual(response.status_code, 403, secret)
        other = self.env["client.desk.sms.gateway"].create({"name": "No secret", "kind": "test"})
        response = self.deliver("+32470999999", "Hallo", path="/client_desk/sms/inbound/%d" % other.id,
                                secret="")
        self.assertEqual(response.status_code, 403)
        response = self.deliver("+32470999999", "Hallo", path="/client_desk/sms/inbound/999999")
        self.assertEqual(response.status_code, 403, "an unknown gateway has no secret")
        self.gateway.write({"active": False})
        self.assertEqual(self.deliver("+32470999999", "Hallo").status_code, 403, "archived gateway")
        self.assertEqual(self.state(), before)
        self.assertFalse(self.anne.client_desk_sms_opt_out)

    def test_get_and_bad_input_are_refused(self):
        before = self.state()
        response = self.request("get", self.url(self.path + "?from=%2B32470112233&body=Hallo&secret=" + SECRET))
        self.assertIn(response.status_code, (404, 405))
        self.assertEqual(self.deliver("not a number", "Hallo").status_code, 400)
        self.assertEqual(self.deliver("+32470112233", "   ").status_code, 400)
        self.assertEqual(self.deliver("+32470112233", "x" * 5000).status_code, 400)
        self.assertEqual(self.state(), before)

    def test_known_number_lands_in_the_conversation(self):
        response = self.deliver("+32 470 11 22 33", "Kan ik <b>morgen</b> komen?")
        self.assertEqual(response.status_code, 200, response.text[:300])
        conversation = self.env["client.desk.conversation"].search([("partner_id", "=", self.anne.id)])
        message = conversation.last_message_id
        self.assertEqual(message.author_id, self.anne)
        self.assertEqual(message.client_desk_kind, "message_in")
        self.assertIn("&lt;b&gt;morgen", message.body, "the text is escaped, not HTML")
        self.assertEqual((conversation.direction, conversation.source), ("in", "sms"))
        self.assertTrue(conversation.sudo(self.staff).is_unread)

    def test_unknown_number_makes_only_a_lead_client_with_source_sms(self):
        partners = self.state()[0]
        response = self.deliver("0499 88 77 66", "Hebben jullie plaats zaterdag?", secret=None,
                                path=self.path + "?secret=" + SECRET)
        self.assertEqual(response.status_code, 403, "the secret is not taken from the query string")
        response = self.request("post", self.url(self.path), data={
            "from": "0499 88 77 66", "body": "Hebben jullie plaats zaterdag?", "secret": SECRET})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.state()[0], partners + 1)
        lead = self.env["res.partner"].search([("mobile", "=", "+32499887766")])
        self.assertEqual(len(lead), 1)
        self.assertTrue(lead.client_desk_is_client)
        self.assertEqual((lead.client_desk_source, lead.client_desk_status), ("sms", "lead"))
        conversation = self.env["client.desk.conversation"].search([("partner_id", "=", lead.id)])
        self.assertEqual(conversation.source, "sms")
        self.assertIn("zaterdag", conversation.preview)

    def test_stop_words_opt_out_through_the_ledger(self):
        for word, number in (("STOP", "0470 11 22 33"), ("stoppen", "0470 44 55 66"), ("Arrêt", "0470 77 88 99")):
            partner = self.env["res.partner"].create({
                "name": "Opt %s" % word, "mobile": number, "client_desk_is_client": True})
            partners_before = self.state()[0]
            response = self.deliver(number, word)
            self.assertEqual(response.status_code, 200, word)
            partner.invalidate_cache()
            self.assertTrue(partner.client_desk_sms_opt_out, word)
            self.assertEqual(self.state()[0], partners_before, "a STOP makes no lead")
            event = self.env["client.desk.consent.event"].search([("partner_id", "=", partner.id)], limit=1)
            self.assertTrue(event, word)
        before = self.state()[0]
        self.assertEqual(self.deliver("0471 00 00 01", "STOP").status_code, 200)
        self.assertEqual(self.state()[0], before, "STOP from an unknown number creates nothing")

    def test_only_managers_read_the_secret(self):
        gateway = self.gateway.sudo(self.staff)
        with self.assertRaises(AccessError):
            gateway.read(["inbound_secret"])
        with self.assertRaises(AccessError):
            self.env["client.desk.sms.gateway"].sudo(self.staff).search([("inbound_secret", "=", SECRET)])
        manager = new_user(self.env, "inbox.sms.manager", "manager")
        self.assertEqual(self.gateway.sudo(manager).inbound_secret, SECRET)
