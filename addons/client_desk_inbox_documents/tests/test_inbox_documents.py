"""Share or request a document from the inbox; the client's documents on the conversation page."""
import base64

from odoo.exceptions import AccessError

from odoo.addons.client_desk_documents.tests.common import PDF
from odoo.addons.client_desk_inbox.tests.common import InboxCase


class TestInboxDocuments(InboxCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.receive(cls.client, "Here is my question")
        cls.receive(cls.portal_client, "Hello")
        cls.conversation = cls.conversation_of(cls.client)
        cls.other_conversation = cls.conversation_of(cls.portal_client)
        Document = env["client.desk.document"]
        cls.document = Document.create({"name": "formula.pdf", "datas": base64.b64encode(PDF),
                                        "partner_id": cls.client.id, "visibility": "internal"})
        cls.other_document = Document.create({"name": "other.pdf", "datas": base64.b64encode(PDF),
                                              "partner_id": cls.portal_client.id})
        cls.library = Document.create({"name": "price list.pdf", "datas": base64.b64encode(PDF),
                                       "is_library": True, "visibility": "internal"})

    def _wizard(self, action):
        return self.env[action["res_model"]].sudo(self.staff).with_context(**action["context"])

    def test_share_a_document_opens_the_wizard_for_the_client(self):
        action = self.conversation.sudo(self.staff).action_client_desk_share_document()
        self.assertEqual((action["res_model"], action["target"]), ("client.desk.document.share", "new"))
        wizard = self._wizard(action).create({
            "origin": "upload", "datas": base64.b64encode(PDF), "filename": "aftercare.pdf",
            "visibility": "internal"})
        self.assertEqual(wizard.partner_ids, self.client)
        wizard.action_share()
        shared = self.env["client.desk.document"].search([("name", "=", "aftercare.pdf")])
        self.assertEqual(shared.partner_id, self.client)

    def test_request_a_document_opens_the_request_wizard_for_the_client(self):
        action = self.conversation.sudo(self.staff).action_client_desk_request_document()
        self.assertEqual((action["res_model"], action["target"]), ("client.desk.document.request.wizard", "new"))
        wizard = self._wizard(action).create({"line_ids": [(0, 0, {"name": "Allergy test"})]})
        self.assertEqual(wizard.partner_ids, self.client)
        wizard.action_send()
        request = self.env["client.desk.document.request"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(request.line_ids.mapped("name"), ["Allergy test"])

    def test_inbox_selection_prefills_every_selected_client(self):
        both = self.conversation | self.other_conversation
        for xmlid in ("client_desk_inbox_documents.client_desk_conversation_server_action_share_document",
                      "client_desk_inbox_documents.client_desk_conversation_server_action_request_document"):
            action = self.env.ref(xmlid).sudo(self.staff).with_context(
                active_model="client.desk.conversation", active_id=both[0].id, active_ids=both.ids).run()
            self.assertEqual(self._wizard(action).default_get(["partner_ids"])["partner_ids"],
                             [(6, 0, (self.client | self.portal_client).ids)], xmlid)

    def test_documents_tab_lists_only_this_clients_documents(self):
        self.assertEqual(self.conversation.sudo(self.staff).client_desk_document_ids, self.document)
        self.assertEqual(self.other_conversation.sudo(self.staff).client_desk_document_ids, self.other_document)
        read = self.conversation.sudo(self.staff).read(["client_desk_document_ids"])[0]
        self.assertEqual(read["client_desk_document_ids"], self.document.ids)

    def test_each_document_links_to_itself(self):
        action = self.document.sudo(self.staff).action_client_desk_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("client.desk.document", self.document.id))

    def test_conversation_page_shows_the_buttons_and_the_tab(self):
        view = self.env["client.desk.conversation"].sudo(self.staff).fields_view_get(view_type="form")
        for name in ("action_client_desk_share_document", "action_client_desk_request_document",
                     "client_desk_document_ids"):
            self.assertIn('name="%s"' % name, view["arch"])
        tab = view["fields"]["client_desk_document_ids"]["views"]["tree"]["arch"]
        self.assertIn('name="action_client_desk_open_document"', tab)

    def test_staff_without_manager_rights_may_share_and_see(self):
        self.assertFalse(self.staff.has_group("client_desk.group_client_desk_manager"))
        self.assertTrue(self.conversation.sudo(self.staff).client_desk_document_ids)

    def test_employee_and_portal_user_are_refused(self):
        for user in (self.employee, self.portal_user):
            for method in ("action_client_desk_share_document", "action_client_desk_request_document"):
                with self.assertRaises(AccessError):
                    getattr(self.conversation.sudo(user), method)()
            with self.assertRaises(AccessError):
                self.conversation.sudo(user).read(["client_desk_document_ids"])
