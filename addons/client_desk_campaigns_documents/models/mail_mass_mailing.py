from odoo import api, fields, models
from odoo.modules import get_module_resource


class MailMassMailing(models.Model):
    """A campaign's "shared a document" statistic: clients who sent a document within the
    engagement window, each counted once."""

    _inherit = "mail.mass_mailing"

    client_desk_shared = fields.Integer("Shared a document", compute="_compute_client_desk_shared")

    def _compute_client_desk_shared(self):
        # Computed in SQL, so without the ORM's access check: staff only, as the campaign.
        self.check_access_rights("read")
        counts = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT mailing_id, count(DISTINCT partner_id) FROM client_desk_campaign_recipient"
                " WHERE mailing_id IN %s AND client_desk_shared_date IS NOT NULL GROUP BY mailing_id",
                (tuple(self.ids),))
            counts = dict(self.env.cr.fetchall())
        for mailing in self:
            mailing.client_desk_shared = counts.get(mailing.id, 0)

    @api.multi
    def client_desk_statistic_partner_ids(self, statistic):
        if statistic != "client_desk_shared":
            return super().client_desk_statistic_partner_ids(statistic)
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        self.env.cr.execute(
            "SELECT DISTINCT partner_id FROM client_desk_campaign_recipient"
            " WHERE mailing_id = %s AND client_desk_shared_date IS NOT NULL", (self.id,))
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.multi
    def action_client_desk_statistic(self):
        if self.env.context.get("client_desk_statistic") != "client_desk_shared":
            return super().action_client_desk_statistic()
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": "%s: %s" % (self.name, self._fields["client_desk_shared"].get_description(self.env)["string"]),
            "res_model": "res.partner",
            "view_mode": "tree,form",
            "domain": [("id", "in", self.client_desk_statistic_partner_ids("client_desk_shared"))],
        }

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
