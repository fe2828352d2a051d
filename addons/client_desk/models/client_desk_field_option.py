from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ClientDeskFieldOption(models.Model):
    """One choice of a custom client field of type "choice list"."""

    _name = "client.desk.field.option"
    _description = "Choice of a custom client field"
    _order = "sequence, id"

    name = fields.Char("Choice", required=True, translate=True)
    sequence = fields.Integer(default=10)
    field_id = fields.Many2one("client.desk.field", "Custom field", required=True, index=True, ondelete="cascade")

    @api.multi
    def unlink(self):
        # A choice that clients picked is data: refuse instead of emptying their values.
        used = self.env["client.desk.field.value"].sudo().search([("option_id", "in", self.ids)])
        if used:
            raise UserError(_(
                "The choice \"%(choice)s\" is used by %(count)d client(s) and cannot be deleted; rename it instead."
            ) % {"choice": used[0].option_id.name, "count": len(used.mapped("partner_id"))})
        return super().unlink()
