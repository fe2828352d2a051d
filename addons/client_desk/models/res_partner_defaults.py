from odoo import api, models


class ResPartner(models.Model):
    """Defaults of a new client card."""

    _inherit = "res.partner"

    @api.model
    def default_get(self, fields_list):
        """A new client starts in their company's country (Client Desk setting, else the
        company's own country). Only clients: Odoo's own partner forms keep their defaults,
        and a country given by the caller (value or context default) is never replaced."""
        values = super().default_get(fields_list)
        # ORM creates ask only for missing fields: the flag may come from the context alone.
        is_client = values.get("client_desk_is_client", self.env.context.get("default_client_desk_is_client"))
        if "country_id" in fields_list and not values.get("country_id") and is_client:
            company = self.env["res.company"].browse(values.get("company_id")) or self.env.user.company_id
            country = company.sudo()._client_desk_client_country()
            if country:
                values["country_id"] = country.id
        return values
