from odoo import fields, models


class ClientDeskService(models.Model):
    """Which documents a service asks of the client before the visit."""

    _inherit = "client.desk.service"

    client_desk_document_template_id = fields.Many2one(
        "client.desk.document.request.template", "Documents to request", ondelete="set null",
        help="Sent with the confirmation of an appointment for this service, unless the client "
             "already sent these documents or has this request open.")
