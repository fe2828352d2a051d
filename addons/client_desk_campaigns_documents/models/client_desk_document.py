from odoo import _, api, fields, models

from odoo.addons.client_desk_campaigns.tools.campaign_outcome import count_outcome, recipients_in_window


class ClientDeskDocument(models.Model):
    """A document received from a client counts for the campaigns that reached them within
    their engagement window (once per client and campaign)."""

    _inherit = "client.desk.document"

    @api.multi
    def _client_desk_after_receive(self, partner):
        result = super()._client_desk_after_receive(partner)
        self._client_desk_campaign_shared(partner)
        return result

    @api.multi
    def _client_desk_campaign_shared(self, partner):
        """Records "shared a document" on the campaigns this client engages with; returns
        the recipient rows counted now."""
        self.ensure_one()
        env = self.env(user=1)
        moment = fields.Datetime.now()
        rows = recipients_in_window(env, partner, moment, "client_desk_shared_date")
        return count_outcome(env, rows, "client_desk_shared_date", moment,
                             _("Shared a document after the campaign %s"),
                             {"client_desk_shared_document_id": self.id})
