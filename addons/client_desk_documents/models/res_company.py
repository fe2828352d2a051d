from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.upload import DEFAULT_MAX_MB


class ResCompany(models.Model):
    """Document settings, per company."""

    _inherit = "res.company"

    client_desk_document_max_mb = fields.Integer(
        "Largest document (MB)", default=DEFAULT_MAX_MB,
        help="Uploads larger than this are refused before they are stored.",
    )
    client_desk_document_spontaneous = fields.Boolean(
        "Clients may upload without a request", default=True,
        help="When set, clients also upload documents from their portal without being asked.",
    )
    client_desk_document_link_days = fields.Integer(
        "Upload links valid (days)", default=14,
        help="Days the link in a document request or share e-mail stays valid.",
    )
    client_desk_document_reminder_days = fields.Integer(
        "Remind every (days)", default=3,
        help="Days between reminders of a request whose documents have not all arrived.",
    )

    @api.constrains("client_desk_document_max_mb", "client_desk_document_link_days",
                    "client_desk_document_reminder_days")
    def _check_client_desk_document_settings(self):
        for company in self:
            if min(company.client_desk_document_max_mb, company.client_desk_document_link_days,
                   company.client_desk_document_reminder_days) < 1:
                raise ValidationError(
                    _("Document sizes, link validity and reminder intervals must be at least 1."))
