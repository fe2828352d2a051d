from odoo import _, api, fields, models
from odoo.tools import html_escape

from odoo.addons.client_desk.tools.access import require_staff

from .client_desk_document_request_template import due_before

CONFIRMATION = "client_desk_agenda.mail_template_appointment_confirmed"


class CalendarEvent(models.Model):
    """The documents an appointment needs: when it is confirmed for a service that asks for
    documents, the client gets the request with the confirmation e-mail (one e-mail, the
    upload link in it), unless they sent those documents already or have the request open."""

    _inherit = "calendar.event"

    client_desk_document_request_ids = fields.Many2many(
        "client.desk.document.request", string="Document requests",
        compute="_compute_client_desk_document_request_ids",
        help="The requests made for this appointment, and the client's open request of its service's template.")

    @api.multi
    def _compute_client_desk_document_request_ids(self):
        Request = self.env["client.desk.document.request"]
        for event in self:
            partner = event.client_desk_partner_id
            if not partner or not isinstance(event.id, int):
                event.client_desk_document_request_ids = Request.browse()
                continue
            domain = [("client_desk_event_id", "=", event.id)]
            template = event.client_desk_service_id.client_desk_document_template_id
            if template:
                domain = ["|"] + domain + [
                    "&", "&", ("client_desk_template_id", "=", template.id), ("state", "=", "open"),
                    ("partner_id", "child_of", partner.commercial_partner_id.id)]
            event.client_desk_document_request_ids = Request.search(domain)

    @api.multi
    def _client_desk_open_document_requests(self):
        """The open document requests of these appointments (what the client still has to send)."""
        return self.mapped("client_desk_document_request_ids").filtered(lambda request: request.state == "open")

    @api.multi
    def action_client_desk_request_documents(self):
        """Documents' request wizard for the client, the requests it sends attached to this
        appointment (they show on its page in the portal)."""
        self.ensure_one()
        require_staff(self.env)
        action = self.env["client.desk.document.request.wizard"]._client_desk_open(self.client_desk_partner_id)
        action["context"] = dict(action["context"], default_client_desk_event_id=self.id)
        return action

    @api.multi
    def _client_desk_request_documents(self):
        """Creates and posts the request of each appointment's service template for its client,
        unless the client has it open or sent the documents already. Returns the new requests."""
        Request = self.env["client.desk.document.request"].sudo()
        created = Request.browse()
        for event in self.sudo():
            template = event.client_desk_service_id.client_desk_document_template_id
            partner = event.client_desk_partner_id
            if not template or not partner or event.client_desk_state != "confirmed":
                continue
            already = Request.search_count([
                ("client_desk_template_id", "=", template.id),
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("state", "in", ("open", "complete")),
            ])
            lines = template._client_desk_missing_lines(partner)
            if already or not lines:
                continue
            request = Request.create(template._client_desk_request_values(partner, event, lines))
            request._client_desk_post_requested()
            request._client_desk_schedule_reminder()
            created |= request
        return created

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if vals.get("client_desk_state") == "cancelled":
            self._client_desk_release_document_requests()
        return result

    @api.multi
    def _client_desk_release_document_requests(self):
        """A cancelled appointment's open requests pass to the client's next live appointment
        that asks for the same documents, or are cancelled (no more reminders for a visit that
        will not happen)."""
        Request = self.env["client.desk.document.request"].sudo()
        for event in self.sudo().with_context(virtual_id=False):
            if not isinstance(event.id, int):
                continue
            for request in Request.search([("client_desk_event_id", "=", event.id), ("state", "=", "open")]):
                template = request.client_desk_template_id
                successor = template and event.search([
                    ("id", "!=", event.id),
                    ("client_desk_partner_id", "child_of", request.partner_id.commercial_partner_id.id),
                    ("client_desk_state", "in", ("requested", "confirmed")),
                    ("client_desk_service_id.client_desk_document_template_id", "=", template.id),
                    ("start", ">=", fields.Datetime.now()),
                ], order="start", limit=1)
                if successor:
                    request.write({"client_desk_event_id": successor.id, "due_date": due_before(successor)})
                else:
                    request.action_cancel()

    @api.multi
    def _client_desk_notify(self, template_xmlid, ics=False):
        """The confirmation also asks for the service's documents, with their upload link."""
        confirming = template_xmlid == CONFIRMATION
        if confirming:
            self.filtered(lambda event: event.client_desk_state == "confirmed")._client_desk_request_documents()
        mails = super()._client_desk_notify(template_xmlid, ics=ics)
        if confirming:
            for mail in mails:
                event = self.browse(mail.res_id) if mail.model == self._name else self.browse()
                requests = event.sudo()._client_desk_open_document_requests() if event else event
                if requests:
                    lang = event.sudo().client_desk_partner_id.lang or self.env.lang
                    html = event.with_context(lang=lang)._client_desk_requests_mail_html(requests)
                    mail.write({"body_html": (mail.body_html or "") + html})
        return mails

    @api.multi
    def _client_desk_requests_mail_html(self, requests):
        """The paragraph added to the confirmation: what to send and where (in the context's language)."""
        parts = []
        for request in requests:
            names = ", ".join(request.line_ids.filtered(lambda line: line.state in ("missing", "rejected"))
                              .mapped("name"))
            parts.append('<p class="o_client_desk_document_request">%s <a href="%s">%s</a></p>' % (
                html_escape(_("Before your visit, please send us: %s.") % names),
                html_escape(request._client_desk_absolute_upload_url()),
                html_escape(_("Upload your documents")),
            ))
        return "".join(parts)
