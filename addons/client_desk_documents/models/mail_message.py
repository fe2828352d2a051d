from odoo import fields, models


class MailMessage(models.Model):
    """The conversation events of documents (see client_desk's mail.message)."""

    _inherit = "mail.message"

    client_desk_kind = fields.Selection(selection_add=[
        ("document_shared", "Document shared"),
        ("document_requested", "Documents requested"),
        ("document_request_cancelled", "Document request cancelled"),
        ("document_received", "Document received"),
    ])
