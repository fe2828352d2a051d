from datetime import timedelta

from odoo import api, fields, models


class MailMassMailing(models.Model):
    """A campaign's "booked" statistic: clients who booked an appointment within the
    engagement window, each counted once."""

    _inherit = "mail.mass_mailing"

    client_desk_booked = fields.Integer("Booked", compute="_compute_client_desk_statistics")

    @api.model
    def _client_desk_statistics(self):
        return super()._client_desk_statistics() + [("client_desk_booked", "r.client_desk_booked_date IS NOT NULL")]

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
