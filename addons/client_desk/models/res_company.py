from odoo import api, fields, models


class ResCompany(models.Model):
    """Per-company defaults for the clients a company's staff create."""

    _inherit = "res.company"

    client_desk_default_country_id = fields.Many2one(
        "res.country", "Default country for new clients",
        help="Country filled in on a new client card. Empty: the company's own country.",
    )

    @api.multi
    def _client_desk_client_country(self):
        """The country a new client of this company starts with (may be empty)."""
        self.ensure_one()
        return self.client_desk_default_country_id or self.country_id
