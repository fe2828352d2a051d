from odoo import fields, models


class MailMessageSubtype(models.Model):
    """The subtype of each kind of conversation event: _client_desk_event posts a kind with
    the subtype that declares it, whichever module declared both."""

    _inherit = "mail.message.subtype"

    client_desk_kind = fields.Char(
        "Conversation event", index=True, copy=False,
        help="The mail.message client_desk_kind this subtype is posted with.",
    )
