from odoo import fields, models


class ClientDeskDocumentRequest(models.Model):
    """A request may belong to an appointment, made from its service's template."""

    _inherit = "client.desk.document.request"

    client_desk_event_id = fields.Many2one(
        "calendar.event", "Appointment", index=True, ondelete="set null", readonly=True)
    client_desk_template_id = fields.Many2one(
        "client.desk.document.request.template", "Template", index=True, ondelete="set null", readonly=True)
