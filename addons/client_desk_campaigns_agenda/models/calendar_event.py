from odoo import _, api, fields, models

from odoo.addons.client_desk_campaigns.tools.campaign_outcome import count_outcome, recipients_in_window

LIVE_STATES = ("requested", "confirmed")


class CalendarEvent(models.Model):
    """Booking an appointment counts for the campaigns that reached the client within their
    engagement window (once per client and campaign), and stops rebooking campaigns still
    queued for the client."""

    _inherit = "calendar.event"

    @api.multi
    def _client_desk_created(self):
        result = super()._client_desk_created()
        for event in self:
            event._client_desk_campaign_booked()
        self._client_desk_stop_rebooking()
        return result

    @api.multi
    def _client_desk_campaign_booked(self):
        """Records "booked" on the campaigns this appointment's client engages with; returns
        the recipient rows counted now."""
        self.ensure_one()
        env = self.env(user=1)
        moment = fields.Datetime.now()
        rows = recipients_in_window(env, self.sudo().client_desk_partner_id, moment, "client_desk_booked_date")
        return count_outcome(env, rows, "client_desk_booked_date", moment,
                             _("Booked an appointment after the campaign %s"),
                             {"client_desk_booked_event_id": self.id})

    @api.multi
    def _client_desk_stop_rebooking(self):
        """Cancels the rebooking campaigns still queued for the clients of these appointments
        when they are upcoming: a client with an appointment is not asked to book."""
        now = fields.Datetime.now()
        partners = self.sudo().filtered(
            lambda event: event.client_desk_state in LIVE_STATES and event.start and event.start > now
        ).mapped("client_desk_partner_id")
        partner_ids = tuple(set(partners.ids) | set(partners.mapped("commercial_partner_id").ids))
        if not partner_ids:
            return 0
        self.env.cr.execute(
            "UPDATE client_desk_campaign_recipient r SET state = 'cancelled', failure_reason = %s"
            "  FROM mail_mass_mailing c WHERE c.id = r.mailing_id AND c.client_desk_rebooking"
            "   AND r.state = 'queued' AND r.partner_id IN %s",
            (_("The client booked an appointment before the campaign was sent."), partner_ids))
        cancelled = self.env.cr.rowcount
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        return cancelled
