from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from odoo.exceptions import AccessError, UserError

from .common import ClientDeskCase
from .harness import BrowserTestCase, MailDeliveryMixin, new_user


class TestBulkActions(MailDeliveryMixin, ClientDeskCase):
    """The "Act on clients" wizard: each operation on selected clients and on the list's
    filter, what is skipped and why, and who may use it."""

    # Not "bulk": the base class's client must not match the tests' filter (@bulk.example).
    user_prefix = "bulkaction"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.setUpSmtpSink()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://desk.example.com")
        cls.env.user.company_id.write({"name": "Coiffure Thibaut", "email": "salon@coiffure-thibaut.example"})
        cls.internal = cls.employee
        Partner = cls.env["res.partner"]
        cls.ann = Partner.create({
            "client_desk_is_client": True, "name": "Ann Peeters", "email": "ann@bulk.example", "lang": "nl_BE",
            "client_desk_first_name": "Ann",
        })
        cls.bob = Partner.create({"client_desk_is_client": True, "name": "Bob Janssens", "email": "bob@bulk.example"})
        cls.blocked = Partner.create({
            "client_desk_is_client": True, "name": "Cas Blocked", "email": "cas@bulk.example",
            "client_desk_email_blocked": True, "client_desk_email_blocked_reason": "bounced",
        })
        cls.no_email = Partner.create({"client_desk_is_client": True, "name": "Dirk Zonder"})
        cls.outsider = Partner.create(
            {"client_desk_is_client": True, "name": "Eva Elders", "email": "eva@other.example"})
        cls.supplier = Partner.create({"name": "Leverancier NV", "email": "sales@bulk.example"})
        cls.tag_vip = cls.env["res.partner.category"].create({"name": "VIP"})
        cls.tag_curly = cls.env["res.partner.category"].create({"name": "Krullen"})
        cls.bulk_domain = [("email", "ilike", "@bulk.example")]

    def setUp(self):
        super().setUp()
        self.smtp_sink.clear()

    # -- helpers -------------------------------------------------------------------------------

    def wizard(self, user, partners, domain=None, use_domain=False, **values):
        """The wizard as the list's Action menu opens it, for user (messages in English)."""
        context = {"lang": "en_US", "active_model": "res.partner", "active_ids": partners.ids,
                   "active_id": partners[:1].id,
                   "active_domain": domain if domain is not None else [("client_desk_is_client", "=", True)]}
        values.setdefault("operation", "add_tags")
        values["use_active_domain"] = use_domain
        return self.env["client.desk.bulk.action"].sudo(user).with_context(**context).create(values)

    def apply(self, user, partners, **kwargs):
        wizard = self.wizard(user, partners, **kwargs)
        wizard.action_apply()
        return wizard

    def sent_messages(self, partner, subject):
        return self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id), ("subject", "=", subject)])

    # -- defaults -----------------------------------------------------------------------------

    def test_wizard_takes_selection_and_filter_from_context(self):
        wizard = self.wizard(self.staff, self.ann | self.bob, domain=self.bulk_domain)
        self.assertEqual(wizard.partner_ids, self.ann | self.bob)
        self.assertEqual(wizard.selected_count, 2)
        # ann, bob, blocked match; the supplier matches the filter but is not a client
        self.assertEqual(wizard.matching_count, 3)

    def test_action_is_in_the_partner_action_menu_for_staff(self):
        action = self.env.ref("client_desk.client_desk_bulk_action_action")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        bound = self.env["ir.actions.actions"].sudo(self.staff).get_bindings("res.partner")["action"]
        self.assertIn(action.id, [item["id"] for item in bound])
        bound = self.env["ir.actions.actions"].sudo(self.internal).get_bindings("res.partner")["action"]
        self.assertNotIn(action.id, [item["id"] for item in bound])

    # -- tags, staff, archive -----------------------------------------------------------------------

    def test_add_tags_to_selected_clients(self):
        wizard = self.apply(self.staff, self.ann | self.bob, tag_ids=[(6, 0, (self.tag_vip | self.tag_curly).ids)])
        self.assertEqual(self.ann.category_id, self.tag_vip | self.tag_curly)
        self.assertEqual(self.bob.category_id, self.tag_vip | self.tag_curly)
        self.assertFalse(self.blocked.category_id)
        self.assertEqual((wizard.state, wizard.done_count, wizard.skipped_count), ("done", 2, 0))
        self.assertIn("VIP", wizard.result_summary)

    def test_add_tags_to_all_clients_matching_the_filter(self):
        wizard = self.apply(self.staff, self.ann, domain=self.bulk_domain, use_domain=True,
                            tag_ids=[(6, 0, self.tag_vip.ids)])
        for client in (self.ann, self.bob, self.blocked):
            self.assertEqual(client.category_id, self.tag_vip, client.name)
        self.assertFalse(self.outsider.category_id)
        self.assertFalse(self.supplier.category_id, "a partner that is not a client is never touched")
        self.assertEqual(wizard.done_count, 3)

    def test_add_tags_without_tags_is_refused(self):
        wizard = self.wizard(self.staff, self.ann, operation="add_tags")
        with self.assertRaisesRegex(UserError, "Choose the tags to add"):
            wizard.action_apply()
        self.assertEqual(wizard.state, "draft")

    def test_remove_tags_lists_clients_without_them(self):
        (self.ann | self.bob).write({"category_id": [(4, self.tag_vip.id), (4, self.tag_curly.id)]})
        wizard = self.apply(self.staff, self.ann | self.bob | self.no_email, operation="remove_tags",
                            tag_ids=[(6, 0, self.tag_vip.ids)])
        self.assertEqual(self.ann.category_id, self.tag_curly)
        self.assertEqual(self.bob.category_id, self.tag_curly)
        self.assertEqual((wizard.done_count, wizard.skipped_count), (2, 1))
        self.assertIn("Dirk Zonder: had none of these tags", wizard.skipped_details)

    def test_remove_tags_on_the_filter(self):
        (self.ann | self.outsider).write({"category_id": [(4, self.tag_vip.id)]})
        self.apply(self.staff, self.browse_none(), domain=self.bulk_domain, use_domain=True,
                   operation="remove_tags", tag_ids=[(6, 0, self.tag_vip.ids)])
        self.assertFalse(self.ann.category_id)
        self.assertEqual(self.outsider.category_id, self.tag_vip)

    def browse_none(self):
        return self.env["res.partner"]

    def test_assign_staff_member(self):
        wizard = self.apply(self.staff, self.ann | self.bob, operation="assign_staff", staff_id=self.manager.id)
        self.assertEqual(self.ann.client_desk_staff_id, self.manager)
        self.assertEqual(self.bob.client_desk_staff_id, self.manager)
        self.assertFalse(self.blocked.client_desk_staff_id)
        self.assertIn(self.manager.name, wizard.result_summary)

    def test_assign_staff_member_on_the_filter(self):
        self.apply(self.staff, self.ann, domain=self.bulk_domain, use_domain=True,
                   operation="assign_staff", staff_id=self.staff.id)
        self.assertEqual((self.ann | self.bob | self.blocked).mapped("client_desk_staff_id"), self.staff)
        self.assertFalse(self.outsider.client_desk_staff_id)

    def test_assign_portal_user_as_staff_is_refused(self):
        wizard = self.wizard(self.staff, self.ann, operation="assign_staff", staff_id=self.portal_user.id)
        with self.assertRaisesRegex(UserError, "is not a staff member"):
            wizard.action_apply()
        self.assertFalse(self.ann.client_desk_staff_id)

    def test_archive_selected_clients(self):
        wizard = self.apply(self.staff, self.ann | self.bob, operation="archive")
        self.assertFalse(self.ann.active)
        self.assertFalse(self.bob.active)
        self.assertTrue(self.blocked.active)
        self.assertEqual(wizard.done_count, 2)

    def test_archive_on_the_filter(self):
        self.apply(self.staff, self.ann, domain=self.bulk_domain, use_domain=True, operation="archive")
        self.assertFalse(any((self.ann | self.bob | self.blocked).mapped("active")))
        self.assertTrue(self.outsider.active)
        self.assertTrue(self.supplier.active)

    def test_selected_partner_that_is_not_a_client_is_skipped(self):
        wizard = self.apply(self.staff, self.ann | self.supplier, operation="archive")
        self.assertFalse(self.ann.active)
        self.assertTrue(self.supplier.active)
        self.assertIn("Leverancier NV: not a client", wizard.skipped_details)

    def test_unreadable_filter_is_refused(self):
        wizard = self.wizard(self.staff, self.ann, use_domain=True, operation="archive")
        wizard.active_domain = "__import__('os').getcwd()"
        with self.assertRaisesRegex(UserError, "filter cannot be used"):
            wizard.action_apply()
        self.assertTrue(self.ann.active)

    def test_filter_with_unknown_field_is_refused(self):
        wizard = self.wizard(self.staff, self.ann, domain=[("no_such_field", "=", 1)], use_domain=True,
                             operation="archive")
        self.assertEqual(wizard.matching_count, 0)
        with self.assertRaisesRegex(UserError, "filter cannot be used"):
            wizard.action_apply()
        self.assertTrue(self.ann.active)

    # -- messages -----------------------------------------------------------------------------

    def test_message_is_one_mail_per_client_in_its_own_conversation(self):
        subject = "Nieuwe openingsuren"
        wizard = self.wizard(
            self.staff, self.ann | self.bob | self.blocked | self.no_email, operation="send_message",
            subject=subject, body="<p>Vanaf maandag open tot 20u.</p>",
        )
        wizard.with_context(mail_notify_force_send=False).action_apply()
        self.assertEqual((wizard.done_count, wizard.skipped_count), (2, 2))
        self.assertIn("Cas Blocked: e-mail blocked (Bounced)", wizard.skipped_details)
        self.assertIn("Dirk Zonder: no e-mail address", wizard.skipped_details)
        self.assertFalse(self.sent_messages(self.blocked, subject))
        self.assertFalse(self.sent_messages(self.no_email, subject))
        messages = self.env["mail.message"]
        for client in (self.ann, self.bob):
            message = self.sent_messages(client, subject)
            self.assertEqual(len(message), 1)
            self.assertEqual(message.partner_ids, client, "each message goes to its own client only")
            self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
            self.assertEqual(message.author_id, self.staff.partner_id)
            self.assertEqual(message.client_desk_kind, "message_out")
            messages |= message
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
        with self.delivering() as sink:
            mails.send()
        for client in (self.ann, self.bob):
            received = sink.to(client.email)
            self.assertEqual(len(received), 1, client.email)
            self.assertEqual(received[0].rcpt_tos, [client.email])
            self.assertEqual(received[0].message["Subject"], subject)
            self.assertIn("Vanaf maandag open tot 20u.", received[0].message.get_body(("html",)).get_content())
        self.assertEqual(sink.to(self.blocked.email), [])

    def test_message_to_all_clients_matching_the_filter(self):
        subject = "Zomerstop"
        self.apply(self.staff, self.ann, domain=self.bulk_domain, use_domain=True, operation="send_message",
                   subject=subject, body="<p>Gesloten in augustus.</p>")
        self.assertTrue(self.sent_messages(self.ann, subject))
        self.assertTrue(self.sent_messages(self.bob, subject))
        self.assertFalse(self.sent_messages(self.blocked, subject))
        self.assertFalse(self.sent_messages(self.outsider, subject))

    def test_message_without_body_is_refused(self):
        wizard = self.wizard(self.staff, self.ann, operation="send_message", subject="Leeg", body="<p> </p>")
        with self.assertRaisesRegex(UserError, "Write a subject and a message"):
            wizard.action_apply()
        self.assertFalse(self.sent_messages(self.ann, "Leeg"))

    # -- portal invitation --------------------------------------------------------------------------

    def test_invitation_creates_portal_user_and_mails_the_links(self):
        wizard = self.wizard(self.staff, self.ann | self.blocked | self.no_email, operation="invite_portal",
                             portal_action="portal")
        with self.delivering() as sink:
            wizard.with_context(mail_notify_force_send=True).action_apply()
        user = self.ann.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user.share)
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertEqual(user.login, "ann@bulk.example")
        self.assertFalse(self.blocked.user_ids)
        self.assertFalse(self.no_email.user_ids)
        self.assertEqual((wizard.done_count, wizard.skipped_count), (1, 2))
        received = sink.to("ann@bulk.example")
        self.assertEqual(len(received), 1, "one invitation, and not Odoo's own portal welcome e-mail")
        html = received[0].message.get_body(("html",)).get_content()
        token = self.ann.sudo().signup_token
        self.assertTrue(token)
        self.assertIn("https://desk.example.com/web/signup?", html)
        self.assertIn("token=%s" % token, html)
        self.assertIn("redirect=%2Fmy", html)
        self.assertIn('href="https://desk.example.com/my"', html)
        self.assertIn("Ann", html)
        self.assertIn("Coiffure Thibaut", received[0].message["Subject"])
        self.assertEqual(sink.to(self.blocked.email), [])
        event = self.ann.message_ids.filtered(lambda m: m.client_desk_kind == "message_out")
        self.assertTrue(event, "the invitation shows in the client's conversation")
        self.assertNotIn(token, event[0].body, "the sign-up token never lands in the conversation")

    def test_queued_invitation_keeps_the_token_out_of_the_conversation(self):
        wizard = self.wizard(self.staff, self.ann, operation="invite_portal", portal_action="portal")
        wizard.with_context(mail_notify_force_send=False).action_apply()
        token = self.ann.sudo().signup_token
        mail = self.env["mail.mail"].sudo().search([("recipient_ids", "in", self.ann.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn(token, mail.body_html)
        conversation = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", self.ann.id)])
        self.assertTrue(conversation)
        self.assertFalse([body for body in conversation.mapped("body") if token in body])

    def test_invitation_on_the_filter(self):
        self.apply(self.staff, self.browse_none(), domain=self.bulk_domain, use_domain=True,
                   operation="invite_portal", portal_action="portal")
        self.assertTrue(self.ann.user_ids)
        self.assertTrue(self.bob.user_ids)
        self.assertFalse(self.blocked.user_ids)
        self.assertFalse(self.outsider.user_ids)

    def test_invitation_to_a_page_of_a_missing_module_is_refused(self):
        wizard = self.wizard(self.staff, self.ann, operation="invite_portal", portal_action="book")
        with self.assertRaisesRegex(UserError, "client_desk_agenda"):
            wizard.action_apply()
        self.assertFalse(self.ann.user_ids)

    def test_invitation_skips_clients_whose_email_is_taken(self):
        new_user(self.env, "taken@bulk.example", "portal")
        self.bob.email = "taken@bulk.example"  # the login of another client's portal account
        self.internal.partner_id.client_desk_is_client = True
        twin = self.env["res.partner"].create(
            {"client_desk_is_client": True, "name": "Ann Twin", "email": "ann@bulk.example"})
        wizard = self.apply(self.staff, self.ann | twin | self.bob | self.internal.partner_id,
                            operation="invite_portal", portal_action="portal")
        self.assertTrue(self.ann.user_ids)
        self.assertFalse(twin.user_ids)
        self.assertFalse(self.bob.user_ids)
        self.assertIn("Ann Twin: another selected client has the same e-mail address", wizard.skipped_details)
        self.assertIn("Bob Janssens: another user already logs in with this e-mail address", wizard.skipped_details)
        self.assertIn("%s: is a staff member" % self.internal.name, wizard.skipped_details)
        self.assertEqual(self.internal.groups_id & self.env.ref("base.group_portal"), self.env["res.groups"])

    def test_invitation_reactivates_existing_portal_user_with_login_link(self):
        user = new_user(self.env, "bob@bulk.example", "portal", partner_id=self.bob.id, name="Bob Janssens",
                        email="bob@bulk.example")
        user.active = False
        wizard = self.wizard(self.staff, self.bob, operation="invite_portal", portal_action="portal")
        wizard.action_apply()
        self.assertTrue(user.active)
        self.assertEqual(self.bob.with_context(active_test=False).user_ids, user, "no second user")
        self.bob.sudo().signup_cancel()
        url = wizard._client_desk_login_url(self.bob, user, "/my")
        self.assertIn("/web/login?", url)
        self.assertIn("login=bob%40bulk.example", url)
        self.assertIn("redirect=%2Fmy", url)

    # -- delete --------------------------------------------------------------------------------------

    def test_bulk_delete_opens_the_confirmation_for_managers(self):
        wizard = self.wizard(self.manager, self.ann | self.bob, operation="delete")
        action = wizard.action_apply()
        self.assertEqual(action["res_model"], "client.desk.partner.delete")
        confirm = self.env["client.desk.partner.delete"].sudo(self.manager).browse(action["res_id"])
        self.assertEqual(confirm.partner_ids, self.ann | self.bob)
        self.assertTrue(self.ann.exists())

    def test_staff_cannot_bulk_delete(self):
        wizard = self.wizard(self.staff, self.ann, operation="delete")
        with self.assertRaises(AccessError):
            wizard.action_apply()
        self.assertTrue(self.ann.exists())

    # -- access ---------------------------------------------------------------------------------------

    def test_internal_user_without_client_desk_cannot_act(self):
        with self.assertRaises(AccessError):
            self.wizard(self.internal, self.ann, operation="archive")
        self.assertTrue(self.ann.active)

    def test_portal_user_cannot_act(self):
        with self.assertRaises(AccessError):
            self.wizard(self.portal_user, self.ann, operation="archive")
        self.assertTrue(self.ann.active)

    def test_public_user_cannot_act(self):
        public = self.env.ref("base.public_user")
        with self.assertRaises(AccessError):
            self.wizard(public, self.ann, operation="archive")
        self.assertTrue(self.ann.active)

    def test_someone_elses_wizard_cannot_be_applied(self):
        wizard = self.wizard(self.staff, self.ann, operation="archive")
        with self.assertRaises(AccessError):
            wizard.sudo(self.portal_user).action_apply()
        self.assertTrue(self.ann.active)


class TestBulkActionInBrowser(BrowserTestCase):
    """The list's Action menu opens the wizard with the selection and the list's filter."""

    def test_staff_archives_all_clients_matching_the_search(self):
        staff = new_user(self.env, "bulk.browser", "user")
        Partner = self.env["res.partner"]
        clients = Partner.browse()
        for name in ("Anna Lijst", "Bert Lijst", "Carla Lijst"):
            clients |= Partner.create({
                "client_desk_is_client": True, "name": name, "email": "%s@bulkbrowser.example" % name.split()[0]})
        other = Partner.create({"client_desk_is_client": True, "name": "Dora Anders", "email": "dora@elders.example"})
        action = self.env.ref("client_desk.res_partner_action_clients")
        bulk_name = self.env.ref("client_desk.client_desk_bulk_action_action").with_context(lang=staff.lang).name
        self.browser_login("bulk.browser")
        self.open("/web#action=%d&view_type=list" % action.id)
        self.wait_for(".o_list_view")
        self.wait_for(".o_searchview_input").send_keys("bulkbrowser\n")
        self.wait_for(".o_searchview_facet")
        self.wait_for(".o_list_view tbody tr.o_data_row")
        with self.server_turn():
            rows = self.browser.find_elements(By.CSS_SELECTOR, ".o_list_view tbody tr.o_data_row")
        self.assertEqual(len(rows), 3)
        self.click(".o_list_view tbody tr.o_data_row:nth-child(1) .o_list_record_selector")
        self.click(".o_list_view tbody tr.o_data_row:nth-child(2) .o_list_record_selector")
        item = self.wait_for_xpath(
            "//div[contains(@class, 'o_cp_sidebar')]//ul[contains(@class, 'dropdown-menu')]//a[normalize-space()=%r]"
            % bulk_name)
        self.js_click(item)
        self.wait_for(".modal .o_form_view div[name='operation']")
        self.assertIn("2", self.wait_for(".modal div[name='selected_count'], .modal span[name='selected_count']").text)
        self.js_click(self.wait_for_present(".modal div[name='use_active_domain'] input"))
        self.js_click(self.wait_for_present(".modal input.o_radio_input[data-value='archive']"))
        self.screenshot("client_desk_bulk_action_wizard")
        self.click(".modal-footer button[name='action_apply']")
        self.wait_for(".modal div[name='result_summary'], .modal span[name='result_summary']")
        done_css = ".modal div[name='done_count'], .modal span[name='done_count']"
        with self.server_turn():
            # The result screen replaces the form in the dialog once the server has answered.
            WebDriverWait(self.browser, 30).until(
                lambda browser: browser.find_element(By.CSS_SELECTOR, done_css).text.strip() != "0")
            done = self.browser.find_element(By.CSS_SELECTOR, done_css).text.strip()
        self.screenshot("client_desk_bulk_action_result")
        self.assertEqual(done, "3")
        self.assertEqual(clients.mapped("active"), [False, False, False])
        self.assertTrue(other.active)

    def wait_for_xpath(self, xpath, timeout=60):
        with self.server_turn():
            return WebDriverWait(self.browser, timeout).until(
                expected_conditions.presence_of_element_located((By.XPATH, xpath)))

    def wait_for_present(self, css, timeout=60):
        with self.server_turn():
            return WebDriverWait(self.browser, timeout).until(
                expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))

    def js_click(self, element):
        """Clicks elements Odoo 11 hides behind styled checkboxes or closed dropdowns."""
        with self.server_turn():
            self.browser.execute_script("arguments[0].click();", element)
