from odoo import fields, models


class MailMessage(models.Model):
    """The conversation events campaigns post: sent to the client, and the client engaged."""

    _inherit = "mail.message"

    client_desk_kind = fields.Selection(selection_add=[
        ("campaign_sent", "Campaign sent"),
        ("campaign_engaged", "Campaign engaged"),
    ])
