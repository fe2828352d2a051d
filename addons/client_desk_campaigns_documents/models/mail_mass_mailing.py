from odoo import api, fields, models
from odoo.modules import get_module_resource


class MailMassMailing(models.Model):
    """A campaign's "shared a document" statistic: clients who sent a document within the
    engagement window, each counted once."""

    _inherit = "mail.mass_mailing"

    client_desk_shared = fields.Integer("Shared a document", compute="_compute_client_desk_statistics")

    @api.model
    def _client_desk_statistics(self):
        return super()._client_desk_statistics() + [("client_desk_shared", "r.client_desk_shared_date IS NOT NULL")]

    # -- demo ------------------------------------------------------------------------------------

    @api.multi
    def _client_desk_demo_shared(self, partner_xmlid):
        """Demo data only: the client sends their intake form now, after the campaign reached
        them (it counts when the campaign did, within its window)."""
        partner = self.env.ref(partner_xmlid, raise_if_not_found=False)
        path = get_module_resource("client_desk_documents", "demo", "intake_form.pdf")
        if not partner or not path:
            return False
        with open(path, "rb") as handle:
            data = handle.read()
        self.env["client.desk.document"]._client_desk_receive(partner, "intake_form.pdf", data)
        return True
