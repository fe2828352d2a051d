"""Base of the agenda bridge's tests: the campaign clients of CampaignCase, campaigns recorded
as sent some days ago, and appointments at any moment (the clock is moved by dates, not sleeps)."""
from datetime import timedelta

from odoo import fields

from odoo.addons.client_desk_campaigns.tests.common import CampaignCase, moment

__all__ = ["EngageCase", "moment"]


class EngageCase(CampaignCase):

    def book(self, partner, start, state="confirmed", user=None):
        """An appointment of partner at start (server datetime string), made by staff."""
        stop = fields.Datetime.to_string(fields.Datetime.from_string(start) + timedelta(hours=1))
        return self.env["calendar.event"].sudo(user or self.staff).create({
            "client_desk_partner_id": partner.id, "start": start, "stop": stop, "client_desk_state": state,
        })

    def row(self, campaign, partner):
        return campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == partner)
