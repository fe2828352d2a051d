from datetime import timedelta

from odoo import api, fields, models


def due_before(event):
    """The day documents are due for an appointment: the hour before it (its day, mostly)."""
    return fields.Date.to_string((fields.Datetime.from_string(event.start) - timedelta(hours=1)).date())


class ClientDeskDocumentRequestTemplate(models.Model):
    """A document request ready to go: set on a service, it is sent to each client who books
    that service and has not sent the documents yet (e.g. the intake form before a first
    colouring)."""

    _name = "client.desk.document.request.template"
    _description = "Document request template"
    _order = "name, id"

    name = fields.Char("Subject", required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", "Company", index=True, default=lambda self: self.env.user.company_id)
    message = fields.Text(translate=True, help="Shown to the client above the checklist.")
    line_ids = fields.One2many(
        "client.desk.document.request.template.line", "template_id", "Checklist", copy=True)
    service_ids = fields.One2many("client.desk.service", "client_desk_document_template_id", "Services")

    @api.multi
    def _client_desk_missing_lines(self, partner):
        """The template's documents the client has not sent yet (none received or approved
        under that name in any of their requests)."""
        self.ensure_one()
        received = {line.name.strip().lower() for line in self.env["client.desk.document.request.line"].sudo().search([
            ("partner_id", "child_of", partner.commercial_partner_id.id),
            ("state", "in", ("received", "approved")),
        ])}
        return self.line_ids.filtered(lambda line: line.name.strip().lower() not in received)

    @api.multi
    def _client_desk_request_values(self, partner, event, lines):
        """The values of the request this template makes for a client's appointment: due on
        the appointment's day, in the client's language."""
        self.ensure_one()
        template = self.with_context(lang=partner.lang or self.env.lang)
        translated_lines = lines.with_context(lang=partner.lang or self.env.lang)
        return {
            "name": template.name,
            "message": template.message,
            "partner_id": partner.id,
            "company_id": (event.client_desk_service_id.company_id or self.env.user.company_id).id,
            "user_id": event.client_desk_staff_id.id or self.env.user.id,
            "due_date": due_before(event),
            "client_desk_event_id": event.id,
            "client_desk_template_id": self.id,
            "line_ids": [(0, 0, {"name": line.name, "note": line.note, "sequence": line.sequence})
                         for line in translated_lines],
        }
