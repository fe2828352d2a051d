from datetime import datetime

from odoo import api, fields, models


class ClientDeskAccessToken(models.Model):
    """The secret of the links that open one record without logging in.

    Kept apart from the records it opens: Odoo 11 checks a field's `groups` on read only, so a
    token stored on res.partner would still leak to every employee through read_group, a
    search with `=like` (one character at a time) or export_data. Nobody has access rights on
    this model: only client.desk.portal.mixin reads and writes it, with sudo.
    """

    _name = "client.desk.access.token"
    _description = "Client Desk access token"
    _order = "id"

    res_model = fields.Char("Model", required=True, index=True)
    res_id = fields.Integer("Record", required=True, index=True)
    token = fields.Char(index=True, copy=False)
    expiry = fields.Datetime(copy=False, help="After this moment (UTC) links with the token are refused.")
    revoked = fields.Char(
        "Revoked tokens", copy=False,
        help="Hashes of the last revoked tokens, so that links with them answer 403 (link no longer"
             " valid) rather than 404.",
    )

    _sql_constraints = [
        ("record_uniq", "unique(res_model, res_id)", "A record has one access token."),
        ("token_uniq", "unique(token)", "Access tokens are unique."),
    ]

    @api.multi
    def _client_desk_expired(self):
        """True when the token has an expiry that has passed."""
        self.ensure_one()
        return bool(self.expiry) and fields.Datetime.from_string(self.expiry) <= datetime.utcnow()
