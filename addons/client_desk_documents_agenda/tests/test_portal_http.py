"""/my/appointments and the appointment's page show the documents to send, over HTTP, to the
client only; the portal home counts this client's appointments and documents only."""
import re

from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user, po_translation

from .common import PDF, DocumentsAgendaFixtures


class TestAppointmentDocumentsHttp(DocumentsAgendaFixtures, HttpTestCase):

    def setUp(self):
        super().setUp()
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        self.staff = new_user(env, "glue.da.staff", "user")
        self.portal_user = new_user(env, "glue.da.portal", "portal")
        self.client_partner = self.portal_user.partner_id
        self.other_user = new_user(env, "glue.da.other", "portal")
        self.other_partner = self.other_user.partner_id
        (self.client_partner | self.other_partner).write({"client_desk_is_client": True})
        self.setUpIntake(env, self.staff)
        self.event = self.book(env, self.client_partner, "2030-01-07 09:00:00")
        self.doc_request = self.requests_of(env, self.client_partner)
        self.other_event = self.book(env, self.other_partner, "2030-01-07 11:00:00")
        self.other_doc_request = self.requests_of(env, self.other_partner)
        self.upload_path = self.doc_request._client_desk_upload_url()

    def test_client_sees_the_documents_to_send_on_their_appointments(self):
        self.login("glue.da.portal")
        listing = self.get("/my/appointments")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("o_client_desk_document_requests", listing.text)
        self.assertIn(self.upload_path.replace("&", "&amp;"), listing.text)
        self.assertNotIn(self.other_doc_request._client_desk_upload_url().replace("&", "&amp;"), listing.text)
        page = self.get("/my/appointments/%s" % self.event.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Signed intake form", page.text)
        self.assertIn(self.upload_path.replace("&", "&amp;"), page.text)
        # The link leads to documents' own upload page.
        upload = self.get(self.upload_path)
        self.assertEqual(upload.status_code, 200)
        self.assertIn("Signed intake form", upload.text)

    def test_after_the_upload_the_list_asks_nothing_more(self):
        self.env["client.desk.document"]._client_desk_receive(
            self.client_partner, "intake.pdf", PDF, line=self.doc_request.line_ids)
        self.login("glue.da.portal")
        listing = self.get("/my/appointments")
        self.assertNotIn("o_client_desk_document_requests", listing.text)
        page = self.get("/my/appointments/%s" % self.event.id)
        self.assertIn("Signed intake form", page.text)
        self.assertNotIn(self.upload_path.replace("&", "&amp;"), page.text)

    def test_another_client_gets_404(self):
        self.login("glue.da.other")
        self.assertNotFound(self.get("/my/appointments/%s" % self.event.id))
        listing = self.get("/my/appointments")
        self.assertNotIn(self.upload_path.replace("&", "&amp;"), listing.text)
        # The other client's token on this appointment does not open it either.
        token = self.other_event._client_desk_access_token()
        self.assertNotFound(self.get("/my/appointments/%s?access_token=%s" % (self.event.id, token)))

    def test_the_public_needs_the_appointments_token(self):
        self.assertNotFound(self.get("/my/appointments/%s" % self.event.id))
        self.assertNotFound(self.get("/my/appointments/%s?access_token=garbage" % self.event.id))
        page = self.get("/my/appointments/%s?access_token=%s" % (self.event.id, self.event._client_desk_access_token()))
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.upload_path.replace("&", "&amp;"), page.text)
        self.assertNotIn(self.other_doc_request._client_desk_upload_url().replace("&", "&amp;"), page.text)

    def test_portal_home_counts_this_clients_records_only(self):
        # The client: two appointments, one document available to them (the other client has
        # one appointment and two documents).
        self.book(self.env, self.client_partner, "2030-01-08 09:00:00", service=self.cut)
        Document = self.env["client.desk.document"]
        Document._client_desk_receive(self.client_partner, "intake.pdf", PDF, line=self.doc_request.line_ids)
        for name in ("a.pdf", "b.pdf"):
            Document._client_desk_receive(self.other_partner, name, PDF)
        self.login("glue.da.portal")
        home = self.get("/my")
        self.assertEqual(home.status_code, 200)
        entries = {href: int(count) for count, href in re.findall(
            r'<span class="badge">(\d+)</span>\s*<a href="(/my/[a-z]+)"', home.text)}
        self.assertEqual(entries.get("/my/appointments"), 2)
        self.assertEqual(entries.get("/my/documents"), 1)
        # Appointments come before documents.
        self.assertLess(home.text.index('href="/my/appointments"'), home.text.index('href="/my/documents"'))

    def test_portal_home_labels_in_dutch_and_french(self):
        self.login("glue.da.portal")
        for lang in ("nl_BE", "fr_BE"):
            home = self.get("/%s/my" % lang)
            self.assertEqual(home.status_code, 200)
            self.assertIn(">%s</a>" % po_translation("client_desk_agenda", lang, "Appointments"), home.text)
            self.assertIn(">%s</a>" % po_translation("client_desk_documents", lang, "Documents"), home.text)
