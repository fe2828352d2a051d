"""Base of the agenda bridge's tests: the campaign clients of CampaignCase, campaigns recorded
as sent some days ago, and appointments at any moment (the clock is moved by dates, not sleeps)."""
from datetime import datetime, timedelta

from odoo import fields

from odoo.addons.client_desk_campaigns.tests.common import CampaignCase


def moment(**delta):
    """Now moved by delta (weeks=, days=, hours=) as a server datetime string."""
    return fields.Datetime.to_string(datetime.utcnow().replace(microsecond=0) + timedelta(**delta))


class EngageCase(CampaignCase):

    def sent_campaign(self, partners, days_ago, **values):
        """A campaign to partners, recorded as sent to them days_ago days ago (no e-mail)."""
        values.setdefault("client_desk_audience", "clients")
        values.setdefault("client_desk_partner_ids", [(6, 0, partners.ids)])
        campaign = self.new_campaign(**values)
        campaign._client_desk_materialise()
        self.env.cr.execute(
            "UPDATE client_desk_campaign_recipient SET state = 'sent', sent_date = %s"
            " WHERE mailing_id = %s AND state = 'queued'", (moment(days=-days_ago), campaign.id))
        campaign.write({"state": "done"})
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        return campaign

    def book(self, partner, start, state="confirmed", user=None):
        """An appointment of partner at start (server datetime string), made by staff."""
        stop = fields.Datetime.to_string(fields.Datetime.from_string(start) + timedelta(hours=1))
        return self.env["calendar.event"].sudo(user or self.staff).create({
            "client_desk_partner_id": partner.id, "start": start, "stop": stop, "client_desk_state": state,
        })

    def engaged_events(self, partner):
        return self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", partner.id), ("client_desk_kind", "=", "campaign_engaged")])

    def row(self, campaign, partner):
        return campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == partner)
