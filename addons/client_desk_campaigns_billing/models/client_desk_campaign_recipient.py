from odoo import fields, models


class ClientDeskCampaignRecipient(models.Model):
    """The invoices a client paid within the campaign's engagement window."""

    _inherit = "client.desk.campaign.recipient"

    client_desk_paid_date = fields.Datetime(
        "Paid on", readonly=True, help="The client paid an invoice within the campaign's engagement window.")
    client_desk_invoice_ids = fields.Many2many(
        "account.invoice", "client_desk_campaign_recipient_invoice_rel", "recipient_id", "invoice_id",
        "Invoices paid", readonly=True, help="Invoices the client paid within the engagement window: the "
                                             "campaign's revenue.")
