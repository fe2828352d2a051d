"""New quote, invoice and payment request from the inbox; the client's payments on the
conversation page."""
from odoo.exceptions import AccessError, UserError

from odoo.addons.client_desk.tests.harness import po_translation
from odoo.addons.client_desk_billing.tests.common import BillingFixtures
from odoo.addons.client_desk_inbox.tests.common import InboxCase

SERVER_ACTIONS = {
    "client_desk_inbox_billing.client_desk_conversation_server_action_new_quote": "sale.order",
    "client_desk_inbox_billing.client_desk_conversation_server_action_new_invoice": "account.invoice",
    "client_desk_inbox_billing.client_desk_conversation_server_action_new_payment_request":
        "client.desk.payment.request",
}


class TestInboxBilling(InboxCase, BillingFixtures):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.setUpBilling(env)
        cls.receive(cls.client, "How much is a colouring?")
        cls.receive(cls.portal_client, "Hello")
        cls.conversation = cls.conversation_of(cls.client)
        cls.other_conversation = cls.conversation_of(cls.portal_client)
        cls.quote = cls.make_quote(env, cls.client)
        cls.invoice = cls.make_invoice(env, cls.client, amount=80.0)
        cls.other_quote = cls.make_quote(env, cls.portal_client)
        cls.other_invoice = cls.make_invoice(env, cls.portal_client, amount=40.0)

    def _defaults(self, action, fields_list):
        Model = self.env[action["res_model"]].sudo(self.staff).with_context(**action["context"])
        return Model.default_get(fields_list)

    def test_new_quote_opens_the_quote_form_for_the_client(self):
        action = self.conversation.sudo(self.staff).action_client_desk_new_quote()
        self.assertEqual((action["res_model"], action["target"]), ("sale.order", "current"))
        defaults = self._defaults(action, ["partner_id"])
        self.assertEqual(defaults["partner_id"], self.client.id)
        # The form's onchange fills the client's addresses from it, as staff.
        order = self.env["sale.order"].sudo(self.staff).new(defaults)
        order.onchange_partner_id()
        self.assertEqual((order.partner_invoice_id, order.partner_shipping_id), (self.client, self.client))

    def test_new_invoice_opens_a_customer_invoice_for_the_client(self):
        action = self.conversation.sudo(self.staff).action_client_desk_new_invoice()
        self.assertEqual(action["res_model"], "account.invoice")
        self.assertEqual(action["views"][0][0], self.env.ref("account.invoice_form").id)
        defaults = self._defaults(action, ["partner_id", "type", "journal_id"])
        self.assertEqual(defaults["partner_id"], self.client.id)
        self.assertEqual(defaults["type"], "out_invoice")
        self.assertEqual(self.env["account.journal"].browse(defaults["journal_id"]).type, "sale")

    def test_new_payment_request_opens_the_wizard_for_the_client(self):
        action = self.conversation.sudo(self.staff).action_client_desk_new_payment_request()
        self.assertEqual((action["res_model"], action["target"]), ("client.desk.payment.request", "new"))
        self.assertEqual(self._defaults(action, ["partner_id"])["partner_id"], self.client.id)
        wizard = self.env["client.desk.payment.request"].sudo(self.staff).with_context(**action["context"]).create({
            "amount": 50.0, "description": "Deposit colouring", "send": False})
        result = wizard.action_confirm()
        request = self.env["account.invoice"].browse(result["res_id"])
        self.assertEqual(request.partner_id, self.client)
        self.assertTrue(request.client_desk_is_request)

    def test_actions_from_the_inbox_selection(self):
        for xmlid, model in SERVER_ACTIONS.items():
            action = self.env.ref(xmlid).sudo(self.staff).with_context(
                active_model="client.desk.conversation", active_id=self.conversation.id,
                active_ids=self.conversation.ids).run()
            self.assertEqual(action["res_model"], model, xmlid)
            self.assertEqual(action["context"]["default_partner_id"], self.client.id, xmlid)

    def test_two_conversations_are_refused_in_the_users_language(self):
        both = (self.conversation | self.other_conversation).sudo(self.staff).with_context(lang="fr_BE")
        for method in ("action_client_desk_new_quote", "action_client_desk_new_invoice",
                       "action_client_desk_new_payment_request"):
            with self.assertRaises(UserError) as caught:
                getattr(both, method)()
            self.assertEqual(caught.exception.name, po_translation(
                "client_desk_inbox_billing", "fr_BE",
                "Select one conversation: a quote, an invoice or a payment request is for one client."))

    def test_payments_tab_lists_only_this_clients_items(self):
        rows = self.conversation.sudo(self.staff).client_desk_payment_ids
        self.assertEqual(
            sorted((row.kind, row.res_id) for row in rows),
            sorted([("quote", self.quote.id), ("invoice", self.invoice.id)]))
        other_rows = self.other_conversation.sudo(self.staff).client_desk_payment_ids
        self.assertEqual(
            sorted((row.kind, row.res_id) for row in other_rows),
            sorted([("quote", self.other_quote.id), ("invoice", self.other_invoice.id)]))
        self.assertFalse(rows & other_rows)

    def test_each_payment_links_to_its_document(self):
        rows = self.conversation.sudo(self.staff).client_desk_payment_ids
        invoice_row = rows.filtered(lambda row: row.kind == "invoice")
        action = invoice_row.action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.invoice", self.invoice.id))

    def test_conversation_page_shows_the_buttons_and_the_tab(self):
        view = self.env["client.desk.conversation"].sudo(self.staff).fields_view_get(view_type="form")
        for name in ("action_client_desk_new_quote", "action_client_desk_new_invoice",
                     "action_client_desk_new_payment_request", "client_desk_payment_ids"):
            self.assertIn('name="%s"' % name, view["arch"])
        tab = view["fields"]["client_desk_payment_ids"]["views"]["tree"]["arch"]
        self.assertIn('name="action_open_document"', tab)

    def test_staff_without_manager_rights_may_bill_and_see(self):
        self.assertFalse(self.staff.has_group("client_desk.group_client_desk_manager"))
        conversation = self.conversation.sudo(self.staff)
        self.assertEqual(len(conversation.client_desk_payment_ids), 2)
        conversation.action_client_desk_new_invoice()

    def test_employee_and_portal_user_are_refused(self):
        for user in (self.employee, self.portal_user):
            for method in ("action_client_desk_new_quote", "action_client_desk_new_invoice",
                           "action_client_desk_new_payment_request"):
                with self.assertRaises(AccessError):
                    getattr(self.conversation.sudo(user), method)()
            with self.assertRaises(AccessError):
                self.conversation.sudo(user).read(["client_desk_payment_ids"])
