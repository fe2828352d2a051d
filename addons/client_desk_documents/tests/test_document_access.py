import base64

from odoo.exceptions import AccessError

from .common import PDF, DocumentsCase, attachment_of


class TestDocumentAccess(DocumentsCase):
    """Who reads what by the ORM: documents, their files (ir.attachment), requests."""

    def test_portal_client_reads_only_own_available_documents(self):
        Document = self.env["client.desk.document"].sudo(self.portal_user)
        found = Document.search([])
        self.assertIn(self.doc_available, found)
        self.assertNotIn(self.doc_internal, found)
        self.assertNotIn(self.doc_other, found)
        self.assertNotIn(self.doc_library, found)
        self.assertEqual(base64.b64decode(self.doc_available.sudo(self.portal_user).datas), PDF)
        for document in (self.doc_internal, self.doc_other, self.doc_library):
            with self.assertRaises(AccessError):
                document.sudo(self.portal_user).read(["name", "datas"])

    def test_portal_client_reads_no_attachment_of_internal_documents(self):
        Attachment = self.env["ir.attachment"].sudo(self.portal_user)
        for document in (self.doc_internal, self.doc_other, self.doc_library):
            attachment = attachment_of(document)
            self.assertTrue(attachment)
            with self.assertRaises(AccessError):
                attachment.sudo(self.portal_user).read(["datas", "name"])
            self.assertFalse(Attachment.search([("id", "=", attachment.id)]))
            self.assertFalse(Attachment.search([("res_model", "=", "client.desk.document"),
                                                ("res_id", "=", document.id), ("res_field", "=", "datas")]))
        self.assertTrue(attachment_of(self.doc_available).sudo(self.portal_user).read(["datas"]))

    def test_public_reads_nothing(self):
        public = self.env.ref("base.public_user")
        with self.assertRaises(AccessError):
            self.doc_available.sudo(public).read(["name"])
        with self.assertRaises(AccessError):
            attachment_of(self.doc_available).sudo(public).read(["datas"])

    def test_portal_client_writes_nothing(self):
        document = self.doc_available.sudo(self.portal_user)
        with self.assertRaises(AccessError):
            document.write({"visibility": "internal"})
        with self.assertRaises(AccessError):
            document.unlink()
        with self.assertRaises(AccessError):
            document.action_approve()
        with self.assertRaises(AccessError):
            self.env["client.desk.document"].sudo(self.portal_user).create({
                "name": "x.pdf", "datas": base64.b64encode(PDF), "partner_id": self.portal_client.id})
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].sudo(self.portal_user).create({
                "name": "x", "datas": base64.b64encode(PDF), "res_model": "client.desk.document",
                "res_id": self.doc_available.id})

    def test_employee_without_client_desk_rights_reads_nothing(self):
        with self.assertRaises(AccessError):
            self.env["client.desk.document"].sudo(self.employee).search([])
        with self.assertRaises(AccessError):
            attachment_of(self.doc_internal).sudo(self.employee).read(["datas"])

    def test_staff_work_with_every_document(self):
        Document = self.env["client.desk.document"].sudo(self.staff)
        self.assertIn(self.doc_internal, Document.search([]))
        self.assertTrue(attachment_of(self.doc_internal).sudo(self.staff).read(["datas"]))
        self.doc_internal.sudo(self.staff).write({"note": "checked"})

    def test_staff_of_another_company_see_nothing(self):
        self.setUpSecondCompany("Other salon")
        self.env["client.desk.document.request"].create({
            "name": "Papers", "partner_id": self.client.id, "line_ids": [(0, 0, {"name": "ID card"})]})
        self.assertFalse(self.env["client.desk.document"].sudo(self.staff_b).search([]))
        self.assertFalse(self.env["client.desk.document.request"].sudo(self.staff_b).search([]))
        self.assertFalse(self.env["client.desk.document.request.line"].sudo(self.staff_b).search([]))
        with self.assertRaises(AccessError):
            self.doc_internal.sudo(self.staff_b).read(["name"])

    def test_internal_document_has_no_portal_owner_and_loses_its_token(self):
        self.assertEqual(self.doc_available._client_desk_portal_owner(), self.portal_client)
        self.assertFalse(self.doc_internal._client_desk_portal_owner())
        token = self.doc_available._client_desk_access_token()
        self.doc_available.write({"visibility": "internal"})
        self.assertFalse(self.doc_available._client_desk_token_row().token)
        self.assertTrue(self.doc_available._client_desk_token_revoked(token))

    def test_moving_a_document_to_another_client_revokes_its_link(self):
        token = self.doc_available._client_desk_access_token()
        self.doc_available.sudo(self.staff).write({"partner_id": self.client.id})
        self.assertTrue(self.doc_available._client_desk_token_revoked(token))

    def test_portal_client_reads_own_requests_only(self):
        Request = self.env["client.desk.document.request"]
        mine = Request.create({"name": "Mine", "partner_id": self.portal_client.id,
                               "line_ids": [(0, 0, {"name": "ID card"})]})
        theirs = Request.create({"name": "Theirs", "partner_id": self.other_client.id,
                                 "line_ids": [(0, 0, {"name": "ID card"})]})
        self.assertEqual(Request.sudo(self.portal_user).search([]), mine)
        self.assertEqual(self.env["client.desk.document.request.line"].sudo(self.portal_user).search([]),
                         mine.line_ids)
        with self.assertRaises(AccessError):
            theirs.sudo(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.sudo(self.portal_user).write({"name": "x"})

    def test_document_count_on_the_client_card(self):
        self.assertEqual(self.portal_client.sudo(self.staff).client_desk_document_count, 3)
        action = self.portal_client.sudo(self.staff).action_client_desk_documents()
        self.assertEqual(action["domain"], [("partner_id", "=", self.portal_client.id)])

    def test_awaiting_review_tile_counts_received_documents(self):
        tile = self.env.ref("client_desk_documents.tile_documents_awaiting_review").sudo(self.staff)
        before = tile.value
        self.env["client.desk.document"]._client_desk_receive(self.client, "scan.pdf", PDF)
        tile.invalidate_cache()
        self.assertEqual(tile.value, before + 1)
