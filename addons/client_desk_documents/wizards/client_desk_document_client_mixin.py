from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ClientDeskDocumentClientMixin(models.AbstractModel):
    """The "one or many clients, or a new one" step that sharing and requesting share."""

    _name = "client.desk.document.client.mixin"
    _description = "Client Desk document wizard clients"

    partner_ids = fields.Many2many("res.partner", string="Clients", domain=[("client_desk_is_client", "=", True)])
    new_client_name = fields.Char("New client")
    new_client_email = fields.Char("E-mail of the new client")
    new_client_mobile = fields.Char("Mobile of the new client")

    @api.model
    def _client_desk_open(self, partners):
        """The wizard's window for these clients."""
        return {
            "type": "ir.actions.act_window",
            "name": self._description,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": [(6, 0, partners.ids)]},
        }

    @api.multi
    def _client_desk_clients(self):
        """The chosen clients, with the new client found or created (client_desk_find_or_create)."""
        self.ensure_one()
        partners = self.partner_ids
        if self.new_client_name or self.new_client_email or self.new_client_mobile:
            vals = {"name": (self.new_client_name or self.new_client_email or self.new_client_mobile).strip()}
            if self.new_client_email:
                vals["email"] = self.new_client_email.strip()
            if self.new_client_mobile:
                vals["mobile"] = self.new_client_mobile.strip()
            partners |= self.env["res.partner"].client_desk_find_or_create(vals, "manual")
        if not partners:
            raise UserError(_("Choose at least one client or enter a new one."))
        return partners
