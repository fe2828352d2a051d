"""A service's document request goes out with the appointment's confirmation."""
from odoo.exceptions import AccessError

from odoo.addons.client_desk.tests.common import ClientDeskCase
from odoo.addons.client_desk.tests.harness import MailDeliveryMixin, po_translation

from .common import PDF, DocumentsAgendaFixtures

CONFIRMATION = "client_desk_agenda.mail_template_appointment_confirmed"


class TestRequestOnConfirmation(MailDeliveryMixin, DocumentsAgendaFixtures, ClientDeskCase):

    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSmtpSink()
        cls.setUpIntake(cls.env, cls.staff)

    def confirmation_mails(self, event):
        template = self.env.ref(CONFIRMATION).with_context(lang=event.client_desk_partner_id.lang)
        subject = template.render_template(template.subject, "calendar.event", [event.id])[event.id]
        return self.env["mail.mail"].sudo().search([
            ("model", "=", "calendar.event"), ("res_id", "=", event.id), ("subject", "=", subject)])

    def test_confirmed_booking_sends_the_request_with_the_confirmation(self):
        event = self.book(self.env, self.client, "2030-01-07 09:00:00")
        request = self.requests_of(self.env, self.client)
        self.assertEqual(len(request), 1)
        self.assertEqual((request.client_desk_event_id, request.client_desk_template_id), (event, self.template))
        self.assertEqual(request.line_ids.mapped("name"), ["Signed intake form"])
        self.assertEqual((request.state, request.due_date), ("open", "2030-01-07"))
        self.assertTrue(request.next_reminder, "reminders follow until it arrives")
        self.assertEqual(event._client_desk_open_document_requests(), request)
        # Asked in the client's conversation.
        kinds = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.client.id)]).mapped("client_desk_kind")
        self.assertIn("document_requested", kinds)
        # One e-mail: the confirmation, with the upload link in it, really delivered.
        mails = self.confirmation_mails(event)
        self.assertEqual(len(mails), 1)
        url = request._client_desk_absolute_upload_url()
        self.assertIn(url.replace("&", "&amp;"), mails.body_html)
        self.assertFalse(self.env["mail.mail"].sudo().search([
            ("model", "=", "client.desk.document.request"), ("res_id", "=", request.id)]))
        self.smtp_sink.clear()
        with self.delivering():
            mails.send()
        received = self.smtp_sink.to(self.client.email)
        self.assertEqual(len(received), 1)
        html = received[0].message.get_body(("html",)).get_content()
        self.assertIn("/documents/request/%s?access_token=" % request.id, html)
        self.assertIn("Signed intake form", html)
        self.assertTrue([part for part in received[0].message.iter_attachments()
                         if part.get_filename() == "appointment.ics"])

    def test_cancelled_appointment_cancels_its_request(self):
        event = self.book(self.env, self.client, "2030-01-07 09:00:00")
        request = self.requests_of(self.env, self.client)
        event.sudo(self.staff).client_desk_cancel("The client is ill")
        self.assertEqual((request.state, request.next_reminder), ("cancelled", False))
        self.assertFalse(event._client_desk_open_document_requests())
        kinds = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.client.id)]).mapped("client_desk_kind")
        self.assertIn("document_request_cancelled", kinds)

    def test_cancelled_appointment_passes_its_request_to_the_next_one(self):
        first = self.book(self.env, self.client, "2030-01-07 09:00:00")
        second = self.book(self.env, self.client, "2030-01-14 09:00:00")
        other_service = self.book(self.env, self.client, "2030-01-10 09:00:00", service=self.cut)
        request = self.requests_of(self.env, self.client)
        first.sudo(self.staff).client_desk_cancel("Moved to the week after")
        self.assertEqual((request.state, request.client_desk_event_id, request.due_date),
                         ("open", second, "2030-01-14"))
        self.assertEqual(second._client_desk_open_document_requests(), request)
        self.assertFalse(other_service._client_desk_open_document_requests())

    def test_request_follows_confirmation_by_staff(self):
        event = self.book(self.env, self.client, "2030-01-07 09:00:00", client_desk_state="requested")
        self.assertFalse(self.requests_of(self.env, self.client), "nothing asked before it is confirmed")
        event.sudo(self.staff).action_client_desk_confirm()
        request = self.requests_of(self.env, self.client)
        self.assertEqual(request.client_desk_event_id, event)
        self.assertIn("/documents/request/%s?access_token=" % request.id, self.confirmation_mails(event).body_html)

    def test_no_second_request_while_one_is_open(self):
        first = self.book(self.env, self.client, "2030-01-07 09:00:00")
        second = self.book(self.env, self.client, "2030-01-14 09:00:00")
        request = self.requests_of(self.env, self.client)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.client_desk_event_id, first)
        # The second appointment shows and mails the open request all the same.
        self.assertEqual(second._client_desk_open_document_requests(), request)
        self.assertIn("/documents/request/%s?access_token=" % request.id, self.confirmation_mails(second).body_html)

    def test_no_request_when_the_document_was_received(self):
        self.book(self.env, self.client, "2030-01-07 09:00:00")
        request = self.requests_of(self.env, self.client)
        self.env["client.desk.document"]._client_desk_receive(
            self.client, "intake.pdf", PDF, line=request.line_ids)
        self.assertEqual(request.state, "complete")
        event = self.book(self.env, self.client, "2030-01-14 09:00:00")
        self.assertEqual(self.requests_of(self.env, self.client), request)
        self.assertFalse(event._client_desk_open_document_requests())
        self.assertNotIn("/documents/request/", self.confirmation_mails(event).body_html)

    def test_no_request_when_the_document_came_through_another_request(self):
        other = self.env["client.desk.document.request"].create({
            "name": "Papers", "partner_id": self.client.id, "line_ids": [(0, 0, {"name": "Signed intake form"})]})
        self.env["client.desk.document"]._client_desk_receive(self.client, "intake.pdf", PDF, line=other.line_ids)
        self.book(self.env, self.client, "2030-01-07 09:00:00")
        self.assertEqual(self.requests_of(self.env, self.client), other)

    def test_cancelled_request_is_asked_again(self):
        self.book(self.env, self.client, "2030-01-07 09:00:00")
        self.requests_of(self.env, self.client).action_cancel()
        self.book(self.env, self.client, "2030-01-14 09:00:00")
        self.assertEqual(self.requests_of(self.env, self.client).mapped("state"), ["open", "cancelled"])

    def test_service_without_template_asks_nothing(self):
        event = self.book(self.env, self.client, "2030-01-07 09:00:00", service=self.cut)
        self.assertFalse(self.requests_of(self.env, self.client))
        self.assertNotIn("/documents/request/", self.confirmation_mails(event).body_html)

    def test_other_clients_requests_are_not_shown(self):
        self.book(self.env, self.client, "2030-01-07 09:00:00")
        event = self.book(self.env, self.portal_client, "2030-01-07 11:00:00")
        self.assertEqual(event._client_desk_open_document_requests().partner_id, self.portal_client)

    def test_mail_paragraph_in_the_clients_language(self):
        self.client.lang = "nl_BE"
        event = self.book(self.env, self.client, "2030-01-07 09:00:00")
        body = self.confirmation_mails(event).body_html
        self.assertIn(po_translation("client_desk_documents_agenda", "nl_BE", "Upload your documents"), body)

    def test_public_and_employee_read_no_request_through_the_orm(self):
        self.book(self.env, self.client, "2030-01-07 09:00:00")
        request = self.requests_of(self.env, self.client)
        for user in (self.env.ref("base.public_user"), self.employee):
            with self.assertRaises(AccessError):
                request.sudo(user).read(["name"])

    def test_templates_are_managed_by_managers(self):
        self.template.sudo(self.staff).read(["name"])
        with self.assertRaises(AccessError):
            self.template.sudo(self.staff).write({"name": "Changed"})
        self.template.sudo(self.manager).write({"name": "Intake form"})
        with self.assertRaises(AccessError):
            self.template.sudo(self.portal_user).read(["name"])

    def test_staff_attach_a_request_to_an_appointment(self):
        event = self.book(self.env, self.client, "2030-01-07 09:00:00", service=self.cut)
        action = event.sudo(self.staff).action_client_desk_request_documents()
        wizard = self.env[action["res_model"]].sudo(self.staff).with_context(**action["context"]).create({
            "name": "Photos", "line_ids": [(0, 0, {"name": "Photo of the colour you want"})]})
        self.assertEqual(wizard.partner_ids, self.client)
        wizard.action_send()
        request = self.requests_of(self.env, self.client)
        self.assertEqual(request.client_desk_event_id, event)
        event.invalidate_cache()  # a new request of the web client computes it again
        self.assertEqual(event._client_desk_open_document_requests(), request)
        with self.assertRaises(AccessError):
            event.sudo(self.employee).action_client_desk_request_documents()
