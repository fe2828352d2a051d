from odoo import api, fields, models

STAFF = "client_desk.group_client_desk_user"


class ResPartner(models.Model):
    """A client's packages on their card."""

    _inherit = "res.partner"

    client_desk_package_card_ids = fields.One2many(
        "client.desk.package.card", "partner_id", "Packages", groups=STAFF)
    client_desk_package_visits_left = fields.Integer(
        "Package visits left", compute="_compute_client_desk_package_visits_left", groups=STAFF)

    @api.multi
    def _compute_client_desk_package_visits_left(self):
        for partner in self:
            cards = partner.client_desk_package_card_ids.filtered(lambda card: card.state == "valid")
            partner.client_desk_package_visits_left = sum(cards.mapped("visits_left"))
