from odoo import api, models


class ResPartner(models.Model):
    """GDPR erasure also empties the address a campaign went to (the counts stay)."""

    _inherit = "res.partner"

    @api.multi
    def _client_desk_gdpr_erase(self):
        result = super()._client_desk_gdpr_erase()
        if self.ids:
            self.env.cr.execute(
                "UPDATE client_desk_campaign_recipient SET address = NULL, failure_reason = NULL "
                "WHERE partner_id IN %s", (tuple(self.ids),))
            self.env["client.desk.campaign.recipient"].invalidate_cache(["address", "failure_reason"])
        return result
