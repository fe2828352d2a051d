from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ClientDeskCase
from .harness import po_translation


class TestSmsQueue(ClientDeskCase):
    """Queueing and sending SMS: numbers, consent, STOP replies, the cron, cancel/retry, access.

    Sending here runs in the test's transaction (no commits); test_sms_sending.py tests the
    commits, the rollbacks and "Send now" after commit.
    """

    user_prefix = "smsqueue"
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Sms = cls.env["client.desk.sms"]
        # Only our own gateway is active, whatever the database holds.
        cls.env["client.desk.sms.gateway"].search([]).write({"active": False})
        cls.gateway = cls.env["client.desk.sms.gateway"].create(
            {"name": "Queue test gateway", "kind": "test", "company_id": False}
        )
        Partner = cls.env["res.partner"]
        cls.anna = Partner.create({
            "name": "Anna Peeters", "mobile": "0468 27 19 83", "phone": "02 511 22 33",
            "client_desk_marketing_opt_in": True,
        })
        cls.bart = Partner.create({"name": "Bart Janssens", "phone": "+32 465 12 34 56"})
        cls.chloe = Partner.create({
            "name": "Chloé Dubois", "mobile": "0032 471 11 22 33",
            "client_desk_marketing_opt_in": True, "client_desk_sms_opt_out": True,
        })
        cls.nobody = Partner.create({"name": "No Number"})
        cls.public = cls.env.ref("base.public_user")

    def notes(self, partner):
        return partner.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note"))

    def send(self, sms):
        """Sends these queued SMS as the cron or "Send now" after commit do."""
        return self.Sms._client_desk_send_queued(sms.ids)

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
        self.assertEqual(sms.number_e164, "+32465123456")

    def test_queue_by_client_id_and_by_number(self):
        self.assertEqual(self.Sms.client_desk_queue(self.anna.id, "Hallo").partner_id, self.anna)
        sms = self.Sms.client_desk_queue("0468.27.19.83", "Hallo")
        self.assertFalse(sms.partner_id)
        self.assertEqual(sms.number_e164, "+32468271983")

    def test_each_sms_gets_its_own_reference(self):
        first = self.Sms.client_desk_queue(self.anna, "Hallo")
        second = self.Sms.client_desk_queue(self.anna, "Hallo")
        copy = first.copy()
        references = {first.reference, second.reference, copy.reference}
        self.assertEqual(len(references), 3)
        self.assertTrue(all(references))

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
        source = "An SMS needs a message."
        with self.assertRaises(UserError) as caught:
            self.Sms.with_context(lang="fr_BE").client_desk_queue(self.anna, " ")
        self.assertEqual(caught.exception.name, po_translation("client_desk", "fr_BE", source))
        self.assertNotEqual(caught.exception.name, source)

    def test_create_refuses_invalid_number_and_empty_body(self):
        with self.assertRaises(ValidationError):
            self.Sms.create({"number": "123", "body": "Hallo"})
        with self.assertRaises(ValidationError):
            self.Sms.create({"number": "0468271983", "body": "  "})

    # -- sending -------------------------------------------------------------------------------

    def test_send_marks_sent_and_notes_it_on_the_client(self):
        sms = self.Sms.sudo(self.staff).client_desk_queue(self.anna, "Tot morgen <b>Anna</b>")
        self.assertEqual(self.send(sms), sms)
        self.assertEqual(sms.state, "sent")
        self.assertEqual(sms.gateway_id, self.gateway)
        self.assertTrue(sms.sent_date)
        self.assertEqual(sms.provider_reference, "test")
        note = self.notes(self.anna)[:1]
        self.assertIn("SMS sent to +32468271983", note.body)
        self.assertIn("Tot morgen &lt;b&gt;Anna&lt;/b&gt;", note.body)  # client text stays text
        self.assertEqual(note.author_id, self.staff.partner_id)  # who queued it, not the system

    def test_first_active_gateway_by_sequence_sends(self):
        second = self.env["client.desk.sms.gateway"].create({"name": "Second", "kind": "test", "sequence": 1})
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        self.send(sms)
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

    def test_send_now_only_registers_sending_after_commit(self):
        """"Send now" sends nothing inside the user's transaction (test_sms_sending.py sends
        after commit); the SMS waits, claimed by nobody, and the cron would send it too."""
        sms = self.Sms.sudo(self.staff).client_desk_queue(self.anna, "Hallo")
        self.assertIs(sms.action_send(), True)
        self.assertEqual(sms.state, "queued")
        self.assertFalse(sms.gateway_id)

    def test_sms_stuck_in_sending_fail_with_reason_and_are_not_sent_again(self):
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        sms.write({"state": "sending", "sending_date": "2020-01-01 10:00:00"})
        recent = self.Sms.client_desk_queue(self.anna, "Nog eentje")
        recent.write({"state": "sending", "sending_date": "2999-01-01 10:00:00"})
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "failed")
        self.assertIn("may have been sent", sms.failure_reason)
        self.assertIn(sms.reference, sms.failure_reason)
        self.assertEqual(recent.state, "sending")  # still with the gateway: left alone
        self.assertFalse(self.notes(self.anna))
        with self.assertRaises(UserError):
            recent.action_retry()
        with self.assertRaises(UserError):
            recent.action_cancel()
        reference = sms.reference
        sms.action_retry()
        self.assertEqual((sms.state, sms.reference), ("queued", reference))  # recognisable again

    # -- without a gateway ---------------------------------------------------------------------

    def test_without_gateway_sms_wait_and_say_why(self):
        self.gateway.active = False
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        self.assertTrue(sms.waiting_for_gateway)
        self.assertIn("No SMS gateway is set up", sms.waiting_reason)
        self.Sms._cron_send_queued()
        self.assertEqual((sms.state, sms.gateway_id.id, sms.sent_date), ("queued", False, False))
        self.assertFalse(self.notes(self.anna))
        # The client card says it, to staff...
        card = self.anna.sudo(self.staff)
        self.assertIn("1 SMS to this client wait in the queue", card.client_desk_sms_waiting_reason)
        self.assertFalse(self.bart.sudo(self.staff).client_desk_sms_waiting_reason)
        # ... and so does the dashboard.
        tile = self.env.ref("client_desk.tile_sms_waiting_for_gateway").sudo(self.staff)
        self.assertEqual(tile.value, self.Sms.search_count([("waiting_for_gateway", "=", True)]))
        self.assertGreaterEqual(tile.value, 1)
        self.assertIn(sms, self.Sms.search(tile._parsed_domain()))
        # Once a gateway is set up, nothing waits and the cron sends it.
        self.gateway.active = True
        sms.invalidate_cache()
        self.assertFalse(sms.waiting_for_gateway)
        self.assertFalse(sms.waiting_reason)
        self.assertNotIn(sms, self.Sms.search([("waiting_for_gateway", "=", True)]))
        self.assertIn(sms, self.Sms.search([("waiting_for_gateway", "!=", True)]))
        self.assertEqual(self.env.ref("client_desk.tile_sms_waiting_for_gateway").value, 0)
        self.anna.invalidate_cache()
        self.assertFalse(self.anna.sudo(self.staff).client_desk_sms_waiting_reason)
        self.Sms._cron_send_queued()
        self.assertEqual(sms.state, "sent")

    def test_only_queued_sms_wait(self):
        self.gateway.active = False
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        sms.action_cancel()
        self.assertFalse(sms.waiting_for_gateway)
        self.assertNotIn(sms, self.Sms.search([("waiting_for_gateway", "=", True)]))

    def test_waiting_search_refuses_other_operators(self):
        with self.assertRaises(UserError):
            self.Sms.search([("waiting_for_gateway", "in", [True])])

    def test_no_gateway_is_installed_outside_demo_data(self):
        """The test gateway (delivers nothing) comes with the demo data only."""
        Data = self.env["ir.model.data"]
        record = Data.search([("module", "=", "client_desk"), ("name", "=", "client_desk_sms_gateway_test")])
        demo_files = self.env["ir.module.module"].get_module_info("client_desk")["demo"]
        data_files = self.env["ir.module.module"].get_module_info("client_desk")["data"]
        self.assertIn("demo/client_desk_sms_gateway_demo.xml", demo_files)
        self.assertFalse([path for path in data_files if "sms" in path and self._defines_gateway(path)])
        self.assertLessEqual(len(record), 1)

    @staticmethod
    def _defines_gateway(path):
        from odoo.modules.module import get_module_resource

        with open(get_module_resource("client_desk", *path.split("/")), encoding="utf-8") as handle:
            return 'model="client.desk.sms.gateway"' in handle.read()

    def test_upgrade_archives_the_test_gateway_without_demo_data(self):
        """Databases that got the test gateway as configuration: archived on upgrade unless
        the module has demo data."""
        Gateway = self.env["client.desk.sms.gateway"]
        test_gateway = self.env.ref("client_desk.client_desk_sms_gateway_test", raise_if_not_found=False)
        if not test_gateway:
            test_gateway = Gateway.create({"name": "Test gateway (only records)", "kind": "test"})
            self.env["ir.model.data"].create({
                "module": "client_desk", "name": "client_desk_sms_gateway_test",
                "model": "client.desk.sms.gateway", "res_id": test_gateway.id, "noupdate": True,
            })
        own = Gateway.create({"name": "Mine", "kind": "test"})
        test_gateway.active = True
        module = self.env["ir.module.module"].search([("name", "=", "client_desk")])
        module.demo = True
        Gateway.init()
        test_gateway.invalidate_cache()
        self.assertTrue(test_gateway.active)
        module.demo = False
        with self.assertLogs("odoo.addons.client_desk.models.client_desk_sms_gateway", "WARNING"):
            Gateway.init()
        test_gateway.invalidate_cache()
        self.assertFalse(test_gateway.active)
        self.assertTrue(own.active)  # a manager's own gateways are theirs

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
        note = self.notes(self.anna)[:1]
        self.assertIn("Opted out of SMS by replying", note.body)
        ledger = self.anna.client_desk_consent_event_ids.filtered(lambda e: e.kind == "sms_opt_out_on")
        self.assertEqual(ledger.source, "sms_reply")
        # Later marketing SMS to Anna are not sent.
        self.assertEqual(self.Sms.client_desk_queue(self.anna, "Promo", marketing=True).state, "cancelled")

    def test_stop_reply_is_recorded_as_the_clients_own_without_the_number(self):
        """The ledger and the conversation name the client, not the superuser or the webhook's
        user, and keep no phone number: an erased client leaves nothing personal there."""
        partners = self.Sms.sudo(self.staff).client_desk_inbound("+32 468 27 19 83", "ARRÊT")
        self.assertEqual(partners, self.anna)
        ledger = self.anna.client_desk_consent_event_ids.filtered(lambda e: e.kind == "sms_opt_out_on")
        self.assertEqual(len(ledger), 1)
        self.assertEqual(ledger.actor, "client")
        self.assertFalse(ledger.user_id)
        for digits in ("468271983", "0468", "+32"):
            self.assertNotIn(digits, ledger.note or "")
        self.assertIn("ARRÊT", ledger.note)
        note = self.notes(self.anna)[:1]
        self.assertEqual(note.author_id, self.anna)
        self.assertNotIn("468", note.body)

    def test_stop_words_in_any_case_and_language(self):
        for word in ("STOPP", "stop", "Stoppen", "Arret", "ARRÊT", "arrêt."):
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
        self.send(sms)
        self.assertEqual(sms.state, "sent")

    def test_sent_sms_cannot_be_cancelled_retried_or_changed(self):
        sms = self.Sms.client_desk_queue(self.anna, "Hallo")
        self.send(sms)
        with self.assertRaises(UserError):
            sms.action_cancel()
        with self.assertRaises(UserError):
            sms.action_retry()
        with self.assertRaises(UserError):
            sms.write({"body": "Iets anders"})
        self.assertEqual((sms.state, sms.body), ("sent", "Hallo"))

    # -- access rights -------------------------------------------------------------------------

    def test_staff_queue_send_and_see_gateway(self):
        Sms = self.Sms.sudo(self.staff)
        sms = Sms.client_desk_queue(self.anna, "Hallo")
        self.assertIs(sms.action_send(), True)
        self.send(sms)
        self.assertEqual(sms.state, "sent")
        gateway = self.gateway.sudo(self.staff)
        self.assertEqual((gateway.name, gateway.kind), ("Queue test gateway", "test"))
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
        for user in (self.portal_user, self.public):
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).search_read([], ["body"])
            with self.assertRaises(AccessError):
                sms.sudo(user).read(["body"])
            with self.assertRaises(AccessError):
                sms.sudo(user).write({"body": "x"})
            with self.assertRaises(AccessError):
                sms.sudo(user).unlink()
            with self.assertRaises(AccessError):
                sms.sudo(user).action_send()
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).name_search("04")
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).client_desk_queue("0468271983", "Hallo")
            with self.assertRaises(AccessError):
                self.Sms.sudo(user).client_desk_inbound("+32468271983", "STOP")
            with self.assertRaises(AccessError):
                self.gateway.sudo(user).read(["name"])
            with self.assertRaises(AccessError):
                self.env["client.desk.sms.gateway.secret"].sudo(user).search([])
        self.assertEqual((sms.body, sms.state), ("Hallo", "queued"))
        self.assertFalse(self.anna.client_desk_sms_opt_out)

    def test_test_wizard_queues_for_managers_only(self):
        Wizard = self.env["client.desk.sms.test"]
        wizard = Wizard.sudo(self.manager).create({"gateway_id": self.gateway.id, "number": "0468271983"})
        action = wizard.action_send()
        sms = self.Sms.browse(action["res_id"])
        self.assertEqual((sms.state, sms.gateway_id), ("queued", self.gateway))
        self.assertEqual(sms.body, "This is a test SMS from Client Desk.")
        self.send(sms)
        self.assertEqual(sms.state, "sent")
        wizard = Wizard.sudo(self.staff).create({"gateway_id": self.gateway.id, "number": "0468271983"})
        with self.assertRaises(AccessError):
            wizard.action_send()

    def test_views_show_secrets_and_sms_only_to_whom_may_see_them(self):
        Gateway = self.env["client.desk.sms.gateway"]
        self.assertNotIn("auth_header_value", Gateway.sudo(self.staff).fields_view_get(view_type="form")["arch"])
        self.assertIn("auth_header_value", Gateway.sudo(self.manager).fields_view_get(view_type="form")["arch"])
        partner_form = self.env.ref("client_desk.res_partner_view_form_client_desk").id
        Partner = self.env["res.partner"]
        staff_arch = Partner.sudo(self.staff).fields_view_get(partner_form, "form")["arch"]
        self.assertIn("client_desk_sms_count", staff_arch)
        self.assertIn("client_desk_sms_waiting_reason", staff_arch)
        employee_arch = Partner.sudo(self.employee).fields_view_get(partner_form, "form")["arch"]
        self.assertNotIn("client_desk_sms_count", employee_arch)
        self.assertNotIn("client_desk_sms_waiting_reason", employee_arch)
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
