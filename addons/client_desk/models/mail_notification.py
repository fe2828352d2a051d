from odoo import fields, models


class MailNotification(models.Model):
    """A failed e-mail stays failed in the conversation; staff may mark it as seen, which
    only takes it off the client's card and the dashboard."""

    _inherit = "mail.notification"

    client_desk_failure_seen = fields.Boolean(
        "Failure seen", help="Staff have seen that this e-mail failed; the card no longer warns about it.",
    )
