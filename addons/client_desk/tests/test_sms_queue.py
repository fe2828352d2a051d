from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase

from client_desk_testing import new_user


class TestSmsQueue(SavepointCase):
    """Queueing and sending SMS: numbers, consent, STOP replies, the cron, cancel/retry, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Sms = cls.env["client.desk.sms"]
        # Only our own gateway is active, whatever the database holds.
        cls.env["client.desk.sms.gateway"].search([]).write({"active": False})
        cls.gateway = cls.env["client.desk.sms.gateway"].create({"name": "Queue test gateway", "kind": "test"})
        Partner = cls.env["res.partner"]
        cls.anna = Partner.create({
            "name": "Anna Peeters", "mobile": "0468 27 19 83", "phone": "02 511 22 33",
            "client_desk_marketing_opt_in": True,
        })
        cls.bart = Partner.create({"name": "Bart Janssens", "phone": "+32 470 12 34 56"})
        cls.chloe = Partner.create({
            "name": "Chloé Dubois", "mobile": "0032 471 11 22 33",
            "client_desk_marketing_opt_in": True, "client_desk_sms_opt_out": True,
        })
        cls.nobody = Partner.create({"name": "No Number"})
        cls.staff = new_user(cls.env, "sms.staff", "user")
        cls.manager = new_user(cls.env, "sms.manager", "manager")
        cls.employee = new_user(cls.env, "sms.employee", "internal")
        cls.portal = new_user(cls.env, "sms.portal", "portal")
        cls.public = cls.env.ref("base.public_user")

    def notes(self, partner):
        return partner.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note"))

    # -- queueing ------------------------------------------------------------------------------

    def test_queue_to_client_uses_mobile(self):
        sms = self.Sms.client_desk_queue(self.anna, "Tot morgen om 14:30", record=self.bart)
        self.assertEqual(sms.state, "queued")
        self.assertEqual(sms.partner_id, self.anna)
        self.assertEqual(sms.number, "0468 27 19 83")
        self.assertEqual(sms.number_e164, "+32468271983")
        self.assertFalse(sms.is_marketing)
        self.assertEqual((sms.model, sms.res_id), ("res.partner", self.bart.id))

    def test_queue_to_client_without_mobile_uses_phone(self):
        sms = self.Sms.client_desk_queue(self.bart, "Uw afspraak is bevestigd")
        self.assertEqual(sms.number_e164, "+32470123456")

    def test_queue_by_client_id_and_by_number(self):
        self.assertEqual(self.Sms.client_desk_queue(self.anna.id, "Hallo").partner_id, self.anna)
        sms = self.Sms.client_desk_queue("0468.27.19.83", "Hallo")
        self.assertFalse(sms.partner_id)
        self.assertEqual(sms.number_e164, "+32468271983")

    def test_queue_refuses_invalid_number(self):
        before = self.Sms.search_count([])
        for number in ("12", "not a number", "", False):
            with self.assertRaises(UserError) as caught:
                self.Sms.client_desk_queue(number, "Hallo")
            self.assertIn("not a valid phone number", caught.exception.name)
        self.assertEqual(self.Sms.search_count([]), before)

    def test_queue_refuses_client_without_number(self):
        with self.assertRaises(UserError) as caught:
            self.Sms.client_desk_queue(self.nobody, "Hallo")
        self.assertIn("No Number has no valid mobile number", caught.exception.name)
        self.assertFalse(self.Sms.search([("partner_id", "=", self.nobody.id)]))

    def test_queue_refuses_empty_body(self):
        for body in ("", "   \n ", None):
            with self.assertRaises(UserError) as caught:
                self.Sms.client_desk_queue(self.anna, body)
            self.assertIn("needs a message", caught.exception.name)
        self.assertFalse(self.Sms.search([("partner_id", "=", self.anna.id)]))

    def test_error_is_translated(self):
        self.env["res.lang"].load_lang("fr_BE")
        source = "An SMS needs a message."
        # The module's fr.po may already translate it; else a translation is made here.
        translation = self.env["ir.translation"].search(
            [("lang", "=", "fr_BE"), ("src", "=", source), ("type", "=", "code"), ("value", "!=", "")], limit=1
        ) or self.env["ir.translation"].create({
            "type": "code", "name": "addons/client_desk/models/client_desk_sms.py", "lang": "fr_BE",
            "module": "client_desk", "src": source, "value": "Un SMS doit avoir un message.", "state": "translated",
        })
        with self.assertRaises(UserError) as caught:
            self.Sms.with_context(lang="fr_BE").client_desk_queue(self.anna, " ")
        self.assertEqual(caught.exception.name, translation.value)
        self.assertNotEqual(caught.exception.name, source)

    def test_create_refuses_invalid_number_and_empty_body(self):
        with self.assertRaises(ValidationError):
            self.Sms.create({"number": "123", "body": "Hallo"})
        with self.assertRaises(ValidationError):
            self.Sms.create({"number": "0468271983", "body": "  "})

    # -- sending -------------------------------------------------------------------------------

    def test_send_marks_sent_and_notes_it_on_the_client(self):
        sms = self.Sms.client_desk_queue(self.anna, "Tot morgen <b>Anna</b>")
        sms.action_send()
        self.assertEqual(sms.state, "sent")
        self.assertEqual(sms.gateway_id, self.gateway)
        self.assertTrue(sms.sent_date)
        self.assertEqual(sms.provider_reference, "test")
        note = self.notes(self.anna)[:1]
        self.assertIn("SMS sent to +32468271983", note.body)
        self.assertIn("Tot morgen &lt;b&gt;Anna&lt;/b&gt;", note.body)  # client text stays text

    def test_send_without_active_gateway_fails_with_reason(self):
        self.gateway.active = False
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        sms.action_send()
        self.assertEqual(sms.state, "failed")
        self.assertEqual(sms.failure_reason, "No active SMS gateway is configured.")
        self.assertFalse(self.notes(self.anna))

    def test_first_active_gateway_by_sequence_sends(self):
        second = self.env["client.desk.sms.gateway"].create({"name": "Second", "kind": "test", "sequence": 1})
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        sms.action_send()
        self.assertEqual(sms.gateway_id, second)

    def test_cron_sends_oldest_first_within_limit(self):
        first, second, third = [self.Sms.client_desk_queue(self.anna, "Bericht %s" % i) for i in range(3)]
        self.Sms._cron_send_queued(limit=2)
        self.assertEqual([first.state, second.state, third.state], ["sent", "sent", "queued"])
        self.Sms._cron_send_queued()
        self.assertEqual(third.state, "sent")

    def test_cron_record_runs_the_queue(self):
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        cron = self.env.ref("client_desk.client_desk_sms_cron_send")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (5, "minutes"))
        cron.method_direct_trigger()
        self.assertEqual(sms.state, "sent")

    # -- consent -------------------------------------------------------------------------------

    def test_marketing_without_consent_is_cancelled_not_sent(self):
        sms = self.Sms.client_desk_queue(self.bart, "-20% deze week", marketing=True)
        self.assertEqual(sms.state, "cancelled")
        self.assertEqual(sms.failure_reason, "The client did not consent to marketing.")
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "cancelled")
        self.assertFalse(sms.gateway_id)

    def test_marketing_to_opted_out_client_is_cancelled(self):
        sms = self.Sms.client_desk_queue(self.chloe, "-20% cette semaine", marketing=True)
        self.assertEqual(sms.state, "cancelled")
        self.assertEqual(sms.failure_reason, "The client opted out of SMS.")

    def test_marketing_with_consent_is_sent(self):
        sms = self.Sms.client_desk_queue(self.anna, "-20% deze week", marketing=True)
        self.assertEqual(sms.state, "queued")
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "sent")

    def test_transactional_goes_to_opted_out_client(self):
        sms = self.Sms.client_desk_queue(self.chloe, "Rappel: rendez-vous demain à 10h")
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "sent")

    def test_consent_is_checked_again_when_sending(self):
        sms = self.Sms.client_desk_queue(self.anna, "-20% deze week", marketing=True)
        self.anna.client_desk_sms_opt_out = True
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "cancelled")
        self.assertEqual(sms.failure_reason, "The client opted out of SMS.")

    def test_marketing_to_bare_number_needs_a_consenting_client(self):
        unknown = self.Sms.client_desk_queue("0499 99 88 77", "Promo", marketing=True)
        self.assertEqual(unknown.state, "cancelled")
        self.assertEqual(unknown.failure_reason, "No client with marketing consent has this number.")
        opted_out = self.Sms.client_desk_queue("+32471112233", "Promo", marketing=True)
        self.assertEqual(opted_out.state, "cancelled")
        consenting = self.Sms.client_desk_queue("+32 468 27 19 83", "Promo", marketing=True)
        self.assertEqual(consenting.state, "queued")

    # -- STOP replies --------------------------------------------------------------------------

    def test_stop_reply_opts_out_every_client_with_that_number(self):
        twin = self.env["res.partner"].create({"name": "Anna (work)", "phone": "+32468271983"})
        partners = self.Sms.client_desk_inbound("0032 468 27 19 83", " Stop ")
        self.assertEqual(partners, self.anna | twin)
        self.assertTrue(self.anna.client_desk_sms_opt_out)
        self.assertTrue(twin.client_desk_sms_opt_out)
        self.assertFalse(self.bart.client_desk_sms_opt_out)
        self.assertIn("Opted out of SMS by replying", self.notes(self.anna)[:1].body)
        ledger = self.anna.client_desk_consent_event_ids.filtered(lambda e: e.kind == "sms_opt_out_on")
        self.assertEqual(ledger.source, "sms_reply")
        # Later marketing SMS to Anna are not sent.
        self.assertEqual(self.Sms.client_desk_queue(self.anna, "Promo", marketing=True).state, "cancelled")

    def test_stop_words_in_any_case_and_language(self):
        for word in ("STOPP", "stop", "Arret", "ARRÊT", "arrêt."):
            self.anna.client_desk_sms_opt_out = False
            self.Sms.client_desk_inbound("+32468271983", word)
            self.assertTrue(self.anna.client_desk_sms_opt_out, word)

    def test_other_replies_change_nothing(self):
        for body in ("Ok, tot morgen", "stop met sms aub", "", None):
            self.assertFalse(self.Sms.client_desk_inbound("+32468271983", body))
        self.assertFalse(self.Sms.client_desk_inbound("not a number", "STOP"))
        self.assertFalse(self.anna.client_desk_sms_opt_out)

    # -- cancel and retry ----------------------------------------------------------------------

    def test_cancel_then_retry_then_send(self):
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        sms.action_cancel()
        self.assertEqual(sms.state, "cancelled")
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "cancelled")
        with self.assertRaises(UserError):
            sms.action_send()
        sms.action_retry()
        self.assertEqual((sms.state, sms.failure_reason), ("queued", False))
        sms.action_send()
        self.assertEqual(sms.state, "sent")

    def test_failed_sms_can_be_retried(self):
        self.gateway.active = False
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        sms.action_send()
        self.assertEqual(sms.state, "failed")
        self.gateway.active = True
        sms.action_retry()
        sms.action_send()
        self.assertEqual(sms.state, "sent")

    def test_sent_sms_cannot_be_cancelled_retried_or_changed(self):
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        sms.action_send()
        with self.assertRaises(UserError):
            sms.action_cancel()
        with self.assertRaises(UserError):
            sms.action_retry()
        with self.assertRaises(UserError):
            sms.write({"body": "Iets anders"})
        self.assertEqual((sms.state, sms.body), ("sent", "Hallo"))

    # -- access rights -------------------------------------------------------------------------

    def test_staff_queue_send_and_see_gateway_but_not_its_secret(self):
        self.gateway.sudo().write({"auth_header_name": "X-Key", "auth_header_value": "s3cret"})
        Sms = self.Sms.sudo(self.staff)
        sms = Sms.client_desk_queue(self.anna, "Hallo")
        sms.action_send()
        self.assertEqual(sms.state, "sent")
        gateway = self.gateway.sudo(self.staff)
        self.assertEqual((gateway.name, gateway.kind), ("Queue test gateway", "test"))
        with self.assertRaises(AccessError):
            gateway.read(["auth_header_value"])
        self.assertNotIn("auth_header_value", gateway.read()[0])
        with self.assertRaises(AccessError):
            gateway.write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["client.desk.sms.gateway"].sudo(self.staff).create({"name": "Mine", "kind": "test"})
        with self.assertRaises(AccessError):
            sms.unlink()
        self.assertEqual(self.anna.sudo(self.staff).client_desk_sms_count, 1)

    def test_manager_configures_gateways(self):
        gateway = self.env["client.desk.sms.gateway"].sudo(self.manager).create({
            "name": "Provider", "kind": "http", "url": "https://sms.example.com/send",
            "auth_header_name": "Authorization", "auth_header_value": "Bearer k",
        })
        self.assertEqual(gateway.auth_header_value, "Bearer k")
        gateway.unlink()

    def test_internal_user_without_group_has_no_access(self):
        with self.assertRaises(AccessError):
            self.Sms.sudo(self.employee).search([])
        with self.assertRaises(AccessError):
            self.Sms.sudo(self.employee).client_desk_queue(self.anna, "Hallo")

    def test_portal_and_public_have_no_access(self):
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        for user in (self.portal, self.public):
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).search_read([], ["body"])
            with self.assertRaises(AccessError):
                sms.sudo(user).read(["body"])
            with self.assertRaises(AccessError):
                sms.sudo(user).write({"body": "x"})
            with self.assertRaises(AccessError):
                sms.sudo(user).unlink()
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).name_search("04")
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).client_desk_queue("0468271983", "Hallo")
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).client_desk_inbound("+32468271983", "STOP")
            with self.assertRaises(AccessError):
                self.gateway.sudo(user).read(["name"])
        self.assertEqual(sms.body, "Hallo")
        self.assertFalse(self.anna.client_desk_sms_opt_out)

    def test_test_wizard_sends_for_managers_only(self):
        Wizard = self.env["client.desk.sms.test"]
        wizard = Wizard.sudo(self.manager).create({"gateway_id": self.gateway.id, "number": "0468271983"})
        action = wizard.action_send()
        sms = self.Sms.browse(action["res_id"])
        self.assertEqual((sms.state, sms.gateway_id), ("sent", self.gateway))
        self.assertEqual(sms.body, "This is a test SMS from Client Desk.")
        wizard = Wizard.sudo(self.staff).create({"gateway_id": self.gateway.id, "number": "0468271983"})
        with self.assertRaises(AccessError):
            wizard.action_send()

    def test_views_show_secrets_and_sms_only_to_whom_may_see_them(self):
        Gateway = self.env["client.desk.sms.gateway"]
        self.assertNotIn("auth_header_value", Gateway.sudo(self.staff).fields_view_get(view_type="form")["arch"])
        self.assertIn("auth_header_value", Gateway.sudo(self.manager).fields_view_get(view_type="form")["arch"])
        partner_form = self.env.ref("client_desk.res_partner_view_form_client_desk").id
        Partner = self.env["res.partner"]
        self.assertIn("client_desk_sms_count", Partner.sudo(self.staff).fields_view_get(partner_form, "form")["arch"])
        self.assertNotIn(
            "client_desk_sms_count", Partner.sudo(self.employee).fields_view_get(partner_form, "form")["arch"]
        )
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        action = self.anna.sudo(self.staff).action_client_desk_sms()
        self.assertEqual(self.Sms.sudo(self.staff).search(action["domain"]), sms)

    def test_menus(self):
        def visible(user):
            ids, stack = set(), [self.env["ir.ui.menu"].sudo(user).load_menus(debug=False)]
            while stack:
                node = stack.pop()
                ids.add(node["id"])
                stack.extend(node.get("children") or [])
            return ids

        sms_menu = self.env.ref("client_desk.client_desk_sms_menu")
        gateway_menu = self.env.ref("client_desk.client_desk_sms_gateway_menu")
        self.assertIn(sms_menu.id, visible(self.staff))
        self.assertNotIn(gateway_menu.id, visible(self.staff))
        self.assertTrue({sms_menu.id, gateway_menu.id} <= visible(self.manager))
        self.assertNotIn(sms_menu.id, visible(self.employee))
