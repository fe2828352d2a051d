from odoo import api, fields, models

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskPackageSell(models.TransientModel):
    """Sells a package to a client (their card and its invoice)."""

    _name = "client.desk.package.sell"
    _description = "Sell a package"

    partner_id = fields.Many2one("res.partner", "Client", required=True, domain=[("client_desk_is_client", "=", True)])
    package_id = fields.Many2one("client.desk.package", "Package", required=True)

    @api.multi
    def action_confirm(self):
        """Sells the package and opens its invoice."""
        self.ensure_one()
        require_staff(self.env)
        card = self.env["client.desk.package.card"].browse(self.package_id.client_desk_sell(self.partner_id.id))
        return self.env["calendar.event"]._client_desk_invoice_form(card.invoice_id.id)
