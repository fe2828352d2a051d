from odoo import api, fields, models

# Counters on the client card: (field, condition on the client's sent recipient rows r).
COUNTERS = [
    ("client_desk_campaigns_received", "TRUE"),
    ("client_desk_campaigns_opened", "r.opened_date IS NOT NULL"),
    ("client_desk_campaigns_clicked", "r.clicked_date IS NOT NULL"),
    ("client_desk_campaigns_engaged", "r.engaged_date IS NOT NULL"),
]


class ResPartner(models.Model):
    """The campaigns a client received and what they did with them (the client card's
    Campaigns tab). Staff only: portal users and the public never read them."""

    _inherit = "res.partner"

    client_desk_campaign_recipient_ids = fields.One2many(
        "client.desk.campaign.recipient", "partner_id", "Campaigns received", domain=[("state", "=", "sent")],
        readonly=True, groups="client_desk.group_client_desk_user")
    client_desk_campaigns_received = fields.Integer(
        "Campaigns received", compute="_compute_client_desk_campaign_counters",
        groups="client_desk.group_client_desk_user")
    client_desk_campaigns_opened = fields.Integer(
        "Campaigns opened", compute="_compute_client_desk_campaign_counters",
        groups="client_desk.group_client_desk_user")
    client_desk_campaigns_clicked = fields.Integer(
        "Campaigns clicked", compute="_compute_client_desk_campaign_counters",
        groups="client_desk.group_client_desk_user")
    client_desk_campaigns_engaged = fields.Integer(
        "Campaigns engaged", compute="_compute_client_desk_campaign_counters",
        groups="client_desk.group_client_desk_user",
        help="Campaigns after which the client wrote to you within the campaign's engagement window.")

    @api.multi
    def _compute_client_desk_campaign_counters(self):
        counts = {}
        ids = [partner_id for partner_id in self.ids if isinstance(partner_id, int)]
        if ids:
            # Conditions are the constants above; ids travel as parameters.
            self.env.cr.execute(
                "SELECT r.partner_id, %s FROM client_desk_campaign_recipient r "
                "WHERE r.partner_id IN %%s AND r.state = 'sent' GROUP BY r.partner_id"
                % ", ".join("count(DISTINCT r.mailing_id) FILTER (WHERE %s)" % condition for _n, condition in COUNTERS),
                (tuple(ids),))
            counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for partner in self:
            for (name, _condition), value in zip(COUNTERS, counts.get(partner.id, (0,) * len(COUNTERS))):
                partner[name] = value
