import io
import json
import zipfile
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from odoo.addons.client_desk.tests.harness import MailDeliveryMixin, po_translation, selection_label

from .common import PDF, PNG, DocumentsCase


class TestRequest(MailDeliveryMixin, DocumentsCase):
    """Requests with a checklist, uploads as versions, review, reminders, GDPR erasure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()

    def _request(self, partners=None):
        wizard = self.env["client.desk.document.request.wizard"].sudo(self.staff).create({
            "partner_ids": [(6, 0, (partners or self.portal_client).ids)],
            "name": "Before your colouring",
            "due_date": fields.Date.to_string(date.today() + timedelta(days=7)),
            "line_ids": [(0, 0, {"name": "Allergy test", "sequence": 1}),
                         (0, 0, {"name": "Intake form", "sequence": 2})],
        })
        action = wizard.action_send()
        return self.env["client.desk.document.request"].browse(action["domain"][0][2])

    def test_its_conversation_events_are_named_in_dutch_and_french(self):
        for lang in ("nl_BE", "fr_BE"):
            label = selection_label(self.env, "mail.message", "client_desk_kind", "document_request_cancelled", lang)
            self.assertEqual(label, po_translation("client_desk_documents", lang, "Document request cancelled"))

    def test_request_mails_an_upload_link_and_posts_the_event(self):
        self.env["mail.mail"].search([]).unlink()
        with self.delivering() as sink:
            request = self._request(self.portal_client | self.client)
            self.env["mail.mail"].search([]).send()
        self.assertEqual(len(request), 2)
        mine = request.filtered(lambda r: r.partner_id == self.client)
        body = sink.to(self.client.email)[0].message.get_body(("html",)).get_content()
        self.assertIn("/documents/request/%s?access_token=" % mine.id, body)
        self.assertIn("Intake form", body)
        self.assertTrue(mine.next_reminder)
        self.assertTrue(self.env["mail.message"].search([
            ("res_id", "=", self.client.id), ("model", "=", "res.partner"),
            ("client_desk_kind", "=", "document_requested")]))
        expiry = fields.Datetime.from_string(mine._client_desk_token_row().expiry)
        self.assertAlmostEqual((expiry.date() - date.today()).days, 14, delta=1)

    def test_request_needs_lines_and_reachable_clients(self):
        wizard = self.env["client.desk.document.request.wizard"].sudo(self.staff).create({
            "partner_ids": [(6, 0, self.portal_client.ids)]})
        with self.assertRaises(UserError):
            wizard.action_send()
        no_mail = self.env["res.partner"].create({"name": "No Mail", "client_desk_is_client": True})
        count = self.env["client.desk.document.request"].search_count([])
        with self.assertRaises(UserError):
            self._request(no_mail | self.client)
        self.assertEqual(self.env["client.desk.document.request"].search_count([]), count)

    def test_only_staff_request(self):
        wizard = self.env["client.desk.document.request.wizard"].sudo(self.employee).create({
            "partner_ids": [(6, 0, self.portal_client.ids)], "line_ids": [(0, 0, {"name": "x"})]})
        with self.assertRaises(AccessError):
            wizard.action_send()

    def test_checklist_versions_and_review(self):
        request = self._request()
        allergy, intake = request.line_ids
        Document = self.env["client.desk.document"]
        first = Document._client_desk_receive(self.portal_client, "allergy.pdf", PDF, line=allergy)
        self.assertEqual((first.source, first.review_state, first.version), ("client", "received", 1))
        self.assertEqual(allergy.state, "received")
        self.assertEqual(request.state, "open")
        activity = self.env["mail.activity"].search([("res_model", "=", "client.desk.document"),
                                                     ("res_id", "=", first.id)])
        self.assertEqual(activity.user_id, self.staff)
        self.assertTrue(self.env["mail.message"].search([
            ("res_id", "=", self.portal_client.id), ("model", "=", "res.partner"),
            ("client_desk_kind", "=", "document_received"), ("author_id", "=", self.portal_client.id)]))
        Document._client_desk_receive(self.portal_client, "intake.png", PNG, line=intake)
        self.assertEqual(request.state, "complete")
        # Rejected: the client sees the reason, the request is open again.
        wizard = self.env["client.desk.document.reject"].sudo(self.staff).create(
            {"document_ids": [(6, 0, first.ids)], "reason": "Unreadable scan"})
        wizard.action_reject()
        self.assertEqual(allergy.state, "rejected")
        self.assertEqual(allergy.sudo(self.portal_user).reject_reason, "Unreadable scan")
        self.assertEqual(request.state, "open")
        self.assertFalse(self.env["mail.activity"].search([("res_model", "=", "client.desk.document"),
                                                           ("res_id", "=", first.id)]))
        second = Document._client_desk_receive(self.portal_client, "allergy-2.pdf", PDF, line=allergy)
        self.assertEqual(second.version, 2)
        self.assertFalse(first.is_latest)
        self.assertTrue(first.exists())
        self.assertEqual(allergy.document_id, second)
        self.assertEqual(allergy.document_ids, first | second)
        second.sudo(self.staff).action_approve()
        self.assertEqual(allergy.state, "approved")
        self.assertEqual(request.state, "complete")

    def test_reject_needs_a_reason(self):
        document = self.env["client.desk.document"]._client_desk_receive(self.portal_client, "a.pdf", PDF)
        with self.assertRaises(UserError):
            document.sudo(self.staff)._client_desk_reject("  ")
        self.assertEqual(document.review_state, "received")
        with self.assertRaises(UserError):
            self.doc_available.sudo(self.staff).action_approve()

    def test_reminders_until_everything_arrived(self):
        request = self._request()
        request.next_reminder = fields.Date.to_string(date.today())
        self.env["mail.mail"].search([]).unlink()
        self.assertEqual(self.env["client.desk.document.request"]._cron_send_reminders(), 1)
        self.assertEqual(request.reminder_count, 1)
        self.assertGreater(request.next_reminder, fields.Date.to_string(date.today()))
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.portal_client.ids)])
        self.assertIn("Allergy test", mail.body_html)
        for line in request.line_ids:
            self.env["client.desk.document"]._client_desk_receive(self.portal_client, "x.pdf", PDF, line=line)
        request.next_reminder = fields.Date.to_string(date.today())
        self.assertEqual(self.env["client.desk.document.request"]._cron_send_reminders(), 0)
        self.assertEqual(request.reminder_count, 1)

    def test_cancelling_stops_the_reminders_and_lands_in_the_conversation(self):
        request = self._request()
        request.sudo(self.staff).action_cancel()
        self.assertEqual((request.state, request.next_reminder), ("cancelled", False))
        event = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.portal_client.id),
            ("client_desk_kind", "=", "document_request_cancelled")])
        self.assertEqual(len(event), 1)
        self.assertIn("Before your colouring", event.body)
        request.next_reminder = fields.Date.to_string(date.today())
        self.assertEqual(self.env["client.desk.document.request"]._cron_send_reminders(), 0)

    def test_gdpr_export_lists_documents_and_requests_with_their_files(self):
        self._request()
        self.doc_internal.write({"note": "Mix 7.1 + 20 vol"})
        partner = self.portal_client.sudo(self.manager).with_context(lang="en_US")
        __, content = partner.env["res.partner"]._client_desk_gdpr_export_download(partner.id)
        archive = zipfile.ZipFile(io.BytesIO(content))
        data = json.loads(archive.read("client.json").decode("utf-8"))
        documents = {document["name"]: document for document in data["documents"]}
        # Another client's document and the library are not this client's personal data.
        self.assertEqual(set(documents), {"aftercare.pdf", "formula.pdf", "page.html"})
        self.assertEqual(documents["formula.pdf"]["visibility"], "Internal use only")
        self.assertEqual(documents["formula.pdf"]["note"], "Mix 7.1 + 20 vol")
        self.assertEqual(archive.read(documents["aftercare.pdf"]["file"]), PDF)
        self.assertEqual([request["subject"] for request in data["document_requests"]], ["Before your colouring"])
        self.assertEqual([line["name"] for line in data["document_requests"][0]["documents"]],
                         ["Allergy test", "Intake form"])

    def test_gdpr_erase_removes_documents_and_requests(self):
        request = self._request()
        documents = self.doc_available | self.doc_internal
        attachment_ids = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "client.desk.document"), ("res_id", "in", documents.ids),
            ("res_field", "=", "datas")]).ids
        self.assertTrue(attachment_ids)
        self.portal_user.partner_id.sudo(self.manager)._client_desk_gdpr_erase()
        self.assertFalse(documents.exists())
        self.assertFalse(request.exists())
        self.assertFalse(self.env["ir.attachment"].sudo().browse(attachment_ids).exists())
        self.assertTrue(self.doc_other.exists())
