from datetime import timedelta

from odoo import api, fields, models


class MailMassMailing(models.Model):
    """A campaign's "booked" statistic: clients who booked an appointment within the
    engagement window, each counted once."""

    _inherit = "mail.mass_mailing"

    client_desk_booked = fields.Integer("Booked", compute="_compute_client_desk_booked")

    def _compute_client_desk_booked(self):
        # Computed in SQL, so without the ORM's access check: staff only, as the campaign.
        self.check_access_rights("read")
        counts = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT mailing_id, count(DISTINCT partner_id) FROM client_desk_campaign_recipient"
                " WHERE mailing_id IN %s AND client_desk_booked_date IS NOT NULL GROUP BY mailing_id",
                (tuple(self.ids),))
            counts = dict(self.env.cr.fetchall())
        for mailing in self:
            mailing.client_desk_booked = counts.get(mailing.id, 0)

    @api.multi
    def client_desk_statistic_partner_ids(self, statistic):
        if statistic != "client_desk_booked":
            return super().client_desk_statistic_partner_ids(statistic)
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        self.env.cr.execute(
            "SELECT DISTINCT partner_id FROM client_desk_campaign_recipient"
            " WHERE mailing_id = %s AND client_desk_booked_date IS NOT NULL", (self.id,))
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.multi
    def action_client_desk_statistic(self):
        if self.env.context.get("client_desk_statistic") != "client_desk_booked":
            return super().action_client_desk_statistic()
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": "%s: %s" % (self.name, self._fields["client_desk_booked"].get_description(self.env)["string"]),
            "res_model": "res.partner",
            "view_mode": "tree,form",
            "domain": [("id", "in", self.client_desk_statistic_partner_ids("client_desk_booked"))],
        }

    # -- demo ------------------------------------------------------------------------------------

    @api.multi
    def _client_desk_demo_booking(self, partner_xmlid, days_ahead):
        """Demo data only: the client books a brushing days_ahead days from now, after the
        campaign reached them."""
        partner = self.env.ref(partner_xmlid, raise_if_not_found=False)
        service = self.env.ref("client_desk_agenda.service_brushing", raise_if_not_found=False)
        if not partner:
            return False
        start = fields.Datetime.from_string(fields.Datetime.now()).replace(hour=9, minute=0, second=0, microsecond=0)
        start += timedelta(days=days_ahead)
        self.env["calendar.event"].create({
            "client_desk_partner_id": partner.id,
            "client_desk_service_id": service.id if service else False,
            "start": fields.Datetime.to_string(start),
            "stop": fields.Datetime.to_string(start + timedelta(hours=1)),
        })
        return True
