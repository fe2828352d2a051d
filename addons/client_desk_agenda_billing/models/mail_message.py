from odoo import fields, models


class MailMessage(models.Model):
    """The conversation events of appointments and money (see client_desk's mail.message)."""

    _inherit = "mail.message"

    client_desk_kind = fields.Selection(selection_add=[
        ("deposit_paid", "Deposit paid"),
        ("fee_raised", "Fee raised"),
        ("fee_waived", "Fee waived"),
        ("package_visit_used", "Package visit used"),
    ])
