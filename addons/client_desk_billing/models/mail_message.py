from odoo import fields, models


class MailMessage(models.Model):
    """The conversation events billing posts (see client_desk's mail.message)."""

    _inherit = "mail.message"

    client_desk_kind = fields.Selection(selection_add=[
        ("quote_sent", "Quote sent"),
        ("quote_accepted", "Quote accepted"),
        ("quote_declined", "Quote declined"),
        ("invoice_sent", "Invoice sent"),
        ("payment_reminder", "Payment reminder sent"),
        ("payment_received", "Payment received"),
    ])
