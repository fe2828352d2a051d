import base64

from odoo.exceptions import AccessError, UserError

from odoo.addons.client_desk.tests.harness import MailDeliveryMixin

from .common import EXE, PDF, DocumentsCase


class TestShare(MailDeliveryMixin, DocumentsCase):
    """Sharing from the library or a new upload, with one or many clients, or a new one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()

    def _wizard(self, user=None, **values):
        vals = {"partner_ids": [(6, 0, [self.portal_client.id, self.client.id])], "origin": "upload",
                "datas": base64.b64encode(PDF), "filename": "aftercare.pdf", "message": "See <b>you</b> soon"}
        vals.update(values)
        return self.env["client.desk.document.share"].sudo(user or self.staff).create(vals)

    def _documents(self, partner):
        return self.env["client.desk.document"].search([("partner_id", "=", partner.id)])

    def test_share_upload_with_two_clients_mails_them_a_link(self):
        before = self._documents(self.client)
        self.env["mail.mail"].search([]).unlink()
        with self.delivering() as sink:
            self._wizard().action_share()
            self.env["mail.mail"].search([]).send()
        document = self._documents(self.client) - before
        self.assertEqual(len(document), 1)
        self.assertEqual((document.visibility, document.source), ("client", "staff"))
        mails = sink.to(self.client.email)
        self.assertEqual(len(mails), 1)
        body = mails[0].message.get_body(("html",)).get_content()
        self.assertIn("/my/documents/%s/download?access_token=" % document.id, body)
        self.assertIn("See &lt;b&gt;you&lt;/b&gt; soon", body)
        self.assertEqual(len(sink.to(self.portal_client.email)), 1)
        event = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", self.client.id),
                                                 ("client_desk_kind", "=", "document_shared")])
        self.assertEqual(event.client_desk_record_ref, "client.desk.document,%s" % document.id)

    def test_internal_share_sends_nothing(self):
        self.env["mail.mail"].search([]).unlink()
        self._wizard(visibility="internal").action_share()
        self.assertFalse(self.env["mail.mail"].search([]))
        self.assertEqual(self._documents(self.client)[:1].visibility, "internal")

    def test_share_from_library_copies_the_file(self):
        self._wizard(origin="library", library_document_id=self.doc_library.id, datas=False).action_share()
        copy = self._documents(self.client)[:1]
        self.assertEqual(copy.library_document_id, self.doc_library)
        self.assertEqual(copy.datas, self.doc_library.datas)
        self.assertFalse(copy.is_library)

    def test_add_to_library(self):
        self._wizard(add_to_library=True, filename="intake.pdf").action_share()
        library = self.env["client.desk.document"].search([("is_library", "=", True), ("name", "=", "intake.pdf")])
        self.assertEqual(len(library), 1)
        self.assertEqual(self._documents(self.client)[:1].library_document_id, library)

    def test_share_with_a_new_client(self):
        self._wizard(partner_ids=[(5,)], new_client_name="Nora Nieuw",
                     new_client_email="nora@example.com").action_share()
        nora = self.env["res.partner"].search([("email", "=", "nora@example.com")])
        self.assertTrue(nora.client_desk_is_client)
        self.assertEqual(len(self._documents(nora)), 1)

    def test_bad_file_or_no_client_changes_nothing(self):
        count = self.env["client.desk.document"].search_count([])
        with self.assertRaises(UserError):
            self._wizard(datas=base64.b64encode(EXE), filename="x.exe", add_to_library=True).action_share()
        with self.assertRaises(UserError):
            self._wizard(partner_ids=[(5,)]).action_share()
        self.assertEqual(self.env["client.desk.document"].search_count([]), count)

    def test_only_staff_share(self):
        with self.assertRaises(AccessError):
            self._wizard(user=self.employee).action_share()
