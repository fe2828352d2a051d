from odoo import fields, models


class ClientDeskCampaignRecipient(models.Model):
    """The document a client sent within the campaign's engagement window."""

    _inherit = "client.desk.campaign.recipient"

    client_desk_shared_date = fields.Datetime(
        "Shared a document on", readonly=True,
        help="The client sent a document within the campaign's engagement window.")
    client_desk_shared_document_id = fields.Many2one(
        "client.desk.document", "Document shared", readonly=True, ondelete="set null")
