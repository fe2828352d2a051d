import base64
import json
from xmlrpc.client import Fault

from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user

from .common import EXE, HTML, PDF, PNG, past

DOWNLOAD = "/my/documents/%s/download"


class TestPortalDocumentsHttp(HttpTestCase):
    """/my/documents, downloads and the request upload page over real HTTP."""

    def setUp(self):
        super().setUp()
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        self.anne_user = new_user(env, "docs.anne", "portal", name="Anne Docs")
        self.anne = self.anne_user.partner_id
        self.bert_user = new_user(env, "docs.bert", "portal", name="Bert Docs")
        self.bert = self.bert_user.partner_id
        (self.anne | self.bert).write({"client_desk_is_client": True})
        self.staff = new_user(env, "docs.staff", "user")
        Document = env["client.desk.document"]

        def make(name, data, partner, **vals):
            return Document.create(dict(vals, name=name, datas=base64.b64encode(data), partner_id=partner.id))

        self.available = make("aftercare.pdf", PDF, self.anne)
        self.internal = make("formula.pdf", PDF + b"SECRET", self.anne, visibility="internal")
        self.html = make("page.html", HTML, self.anne)
        self.bert_doc = make("bert.pdf", PDF + b"BERT", self.bert)
        self.request_doc = env["client.desk.document.request"].create({
            "name": "Papers", "partner_id": self.anne.id, "user_id": self.staff.id,
            "line_ids": [(0, 0, {"name": "Allergy test"}), (0, 0, {"name": "ID card"})]})
        self.bert_request = env["client.desk.document.request"].create({
            "name": "Papers", "partner_id": self.bert.id, "line_ids": [(0, 0, {"name": "ID"})]})

    def _attachment(self, document):
        return self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "client.desk.document"), ("res_id", "=", document.id), ("res_field", "=", "datas")])

    # -- listing and downloading ---------------------------------------------------------------

    def test_list_shows_own_available_documents_only(self):
        self.login("docs.anne")
        page = self.get("/my/documents")
        self.assertEqual(page.status_code, 200)
        self.assertIn("aftercare.pdf", page.text)
        self.assertNotIn("formula.pdf", page.text)
        self.assertNotIn("bert.pdf", page.text)
        self.assertIn("Allergy test", page.text)  # the open request's checklist

    def test_owner_downloads_and_previews(self):
        self.login("docs.anne")
        response = self.get(DOWNLOAD % self.available.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)
        self.assertTrue(response.headers["Content-Disposition"].startswith("attachment;"))
        preview = self.get(DOWNLOAD % self.available.id + "?preview=1")
        self.assertEqual(preview.headers["Content-Type"], "application/pdf")
        self.assertTrue(preview.headers["Content-Disposition"].startswith("inline;"))

    def test_html_is_only_a_download(self):
        self.login("docs.anne")
        response = self.get(DOWNLOAD % self.html.id + "?preview=1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/octet-stream")
        self.assertTrue(response.headers["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")

    def test_other_clients_and_internal_documents_are_not_found(self):
        self.login("docs.anne")
        for path in (DOWNLOAD % self.internal.id, DOWNLOAD % self.bert_doc.id, DOWNLOAD % "abc",
                     DOWNLOAD % "999999999", DOWNLOAD % "-1"):
            response = self.get(path)
            self.assertNotFound(response)
            self.assertNotIn(b"SECRET", response.content)
            self.assertNotIn(b"BERT", response.content)
        bert_token = self.bert_doc._client_desk_access_token()
        self.opener.cookies.clear()  # the public, with another document's token
        self.assertNotFound(self.get(DOWNLOAD % self.available.id + "?access_token=" + bert_token))

    def test_web_content_and_image_refuse_internal_files(self):
        for login in ("docs.anne", "docs.bert", None):
            self.opener.cookies.clear()
            if login:
                self.login(login)
            attachment = self._attachment(self.internal)
            for path in ("/web/content/%s" % attachment.id, "/web/content/%s?download=true" % attachment.id,
                         "/web/image/%s" % attachment.id,
                         "/web/content/client.desk.document/%s/datas" % self.internal.id):
                response = self.get(path)
                self.assertNotIn(b"SECRET", response.content, "%s as %s" % (path, login))
                self.assertNotEqual(response.status_code, 200, "%s as %s" % (path, login))
        bert_attachment = self._attachment(self.bert_doc)
        self.opener.cookies.clear()
        self.login("docs.anne")
        self.assertNotIn(b"BERT", self.get("/web/content/%s" % bert_attachment.id).content)

    def test_xmlrpc_refuses_internal_documents_and_their_files(self):
        uid = self.anne_user.id
        call = self.xmlrpc_object.execute_kw
        db = self.env.cr.dbname
        with self.server_turn():
            ids = call(db, uid, "docs.anne", "client.desk.document", "search", [[]])
            with self.assertRaises(Fault):
                call(db, uid, "docs.anne", "client.desk.document", "read", [[self.internal.id], ["datas"]])
            with self.assertRaises(Fault):
                call(db, uid, "docs.anne", "ir.attachment", "read", [[self._attachment(self.internal).id], ["datas"]])
            domain = [("res_model", "=", "client.desk.document"), ("res_field", "=", "datas")]
            files = call(db, uid, "docs.anne", "ir.attachment", "search_read", [domain], {"fields": ["res_id"]})
        self.assertIn(self.available.id, ids)
        self.assertNotIn(self.internal.id, ids)
        self.assertNotIn(self.internal.id, [row["res_id"] for row in files])

    def test_token_download_for_the_public_expired_and_revoked(self):
        token = self.available._client_desk_access_token()
        self.assertNotFound(self.get(DOWNLOAD % self.available.id))
        self.assertNotFound(self.get(DOWNLOAD % self.available.id + "?access_token=nope"))
        response = self.get(DOWNLOAD % self.available.id + "?access_token=" + token)
        self.assertEqual((response.status_code, response.content), (200, PDF))
        self.available._client_desk_token_row().expiry = past()
        self.assertEqual(self.get(DOWNLOAD % self.available.id + "?access_token=" + token).status_code, 403)
        fresh = self.available._client_desk_access_token()
        self.available.sudo(self.staff).action_revoke_access_token()
        self.assertEqual(self.get(DOWNLOAD % self.available.id + "?access_token=" + fresh).status_code, 403)

    def test_made_internal_the_link_stops(self):
        token = self.available._client_desk_access_token()
        self.available.write({"visibility": "internal"})
        response = self.get(DOWNLOAD % self.available.id + "?access_token=" + token)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotEqual(response.content, PDF)

    def _chatter_fetch(self, document, **params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1,
                   "params": dict(params, res_model="client.desk.document", res_id=document.id)}
        return self.request("post", self.url("/mail/chatter_fetch"), data=json.dumps(payload),
                            headers={"Content-Type": "application/json"})

    def test_document_chatter_keeps_staff_notes_from_clients_and_the_public(self):
        self.available.sudo(self.staff).message_post(
            body="Internal: client argued about the price", subtype="mail.mt_note", message_type="comment")
        self.available.sudo(self.staff).message_post(
            body="Your file looks fine", subtype="mail.mt_comment", message_type="comment")
        token = self.available._client_desk_access_token()
        self.login("docs.anne")
        own = self._chatter_fetch(self.available)
        self.assertIn("Your file looks fine", own.text)
        self.assertNotIn("argued about the price", own.text)
        self.assertNotIn("argued about the price", self._chatter_fetch(self.available, token=token).text)
        self.login("docs.bert")
        self.assertNotIn("argued about the price", self._chatter_fetch(self.available).text)
        self.opener.cookies.clear()
        for params in ({}, {"token": token}, {"token": "garbage"}):
            response = self._chatter_fetch(self.available, **params)
            self.assertNotIn("argued about the price", response.text, params)

    # -- uploading on the portal ---------------------------------------------------------------

    def _upload(self, path, name, data, csrf_from, **fields):
        data_fields = dict(fields, csrf_token=self.csrf_token(csrf_from))
        return self.request("post", self.url(path), data=data_fields, files={"file": (name, data)},
                            allow_redirects=False)

    def _received(self, partner):
        return self.env["client.desk.document"].search([("partner_id", "=", partner.id), ("source", "=", "client")])

    def test_portal_upload_answers_a_request_line(self):
        self.login("docs.anne")
        line = self.request_doc.line_ids[0]
        response = self._upload("/my/documents/upload", "scan.pdf", PDF, "/my/documents", line_id=line.id)
        self.assertEqual(response.status_code, 303)
        document = self._received(self.anne)
        self.assertEqual((document.request_line_id, document.review_state), (line, "received"))

    def test_portal_upload_refuses_bad_files_and_stores_nothing(self):
        self.login("docs.anne")
        self.env.user.company_id.client_desk_document_max_mb = 1
        for name, data in [("big.pdf", PDF + b"x" * (1024 * 1024 + 1)), ("tool.exe", EXE), ("photo.png", PDF),
                           ("empty.pdf", b"")]:
            response = self._upload("/my/documents/upload", name, data, "/my/documents")
            self.assertEqual(response.status_code, 400, name)
            self.assertIn("o_client_desk_document_error", response.text)
        self.assertFalse(self._received(self.anne))

    def test_portal_upload_needs_post_csrf_and_own_line(self):
        self.login("docs.anne")
        self.assertEqual(self.get("/my/documents/upload").status_code, 405)
        response = self.request("post", self.url("/my/documents/upload"), files={"file": ("a.pdf", PDF)})
        self.assertEqual(response.status_code, 400)
        response = self._upload("/my/documents/upload", "a.pdf", PDF, "/my/documents",
                                line_id=self.bert_request.line_ids.id)
        self.assertNotFound(response)
        self.assertFalse(self._received(self.anne) | self._received(self.bert))

    def test_spontaneous_upload_follows_the_setting(self):
        self.login("docs.anne")
        self.env.user.company_id.client_desk_document_spontaneous = False
        self.assertEqual(self._upload("/my/documents/upload", "a.pdf", PDF, "/my/documents").status_code, 400)
        self.assertFalse(self._received(self.anne))
        self.env.user.company_id.client_desk_document_spontaneous = True
        self.assertEqual(self._upload("/my/documents/upload", "a.pdf", PDF, "/my/documents").status_code, 303)
        self.assertEqual(len(self._received(self.anne)), 1)

    # -- the request page, by token, without an account ----------------------------------------

    def test_public_uploads_by_token_as_new_versions(self):
        token = self.request_doc._client_desk_access_token()
        page = "/documents/request/%s?access_token=%s" % (self.request_doc.id, token)
        self.assertEqual(self.get(page).status_code, 200)
        line = self.request_doc.line_ids[0]
        upload = "/documents/request/%s/upload" % self.request_doc.id
        for name in ("scan.pdf", "scan2.png"):
            response = self._upload(upload, name, PDF if name.endswith("pdf") else PNG, page,
                                    access_token=token, line_id=line.id)
            self.assertEqual(response.status_code, 303)
        versions = line.document_ids.sorted("version")
        self.assertEqual(versions.mapped("version"), [1, 2])
        self.assertEqual(line.document_id, versions[1])
        self.assertEqual(versions.mapped("partner_id"), self.anne)

    def test_request_page_refuses_wrong_expired_and_revoked_tokens(self):
        base = "/documents/request/%s" % self.request_doc.id
        self.assertNotFound(self.get(base))
        self.assertNotFound(self.get(base + "?access_token=" + self.bert_request._client_desk_access_token()))
        token = self.request_doc._client_desk_access_token()
        self.request_doc._client_desk_token_row().expiry = past()
        self.assertEqual(self.get(base + "?access_token=" + token).status_code, 403)
        fresh = self.request_doc._client_desk_access_token()
        self.request_doc.action_cancel()
        self.assertEqual(self.get(base + "?access_token=" + fresh).status_code, 403)

    def test_token_upload_refuses_another_requests_line_and_no_token(self):
        token = self.request_doc._client_desk_access_token()
        page = "/documents/request/%s?access_token=%s" % (self.request_doc.id, token)
        upload = "/documents/request/%s/upload" % self.request_doc.id
        self.assertNotFound(self._upload(upload, "a.pdf", PDF, page, access_token=token,
                                         line_id=self.bert_request.line_ids.id))
        self.assertNotFound(self._upload(upload, "a.pdf", PDF, page, line_id=self.request_doc.line_ids[0].id))
        self.assertFalse(self._received(self.anne) | self._received(self.bert))
