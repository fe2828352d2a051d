from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

# Statistics of a campaign: (field, SQL condition on recipient r / its SMS s).
STATISTICS = [
    ("client_desk_delivered",
     "(r.channel = 'email' AND r.state = 'sent' AND r.bounced_date IS NULL)"
     " OR (r.channel = 'sms' AND s.state = 'sent')"),
    ("client_desk_viewed", "r.opened_date IS NOT NULL"),
    ("client_desk_clicked", "r.clicked_date IS NOT NULL"),
    ("client_desk_engaged", "r.engaged_date IS NOT NULL"),
    ("client_desk_bounced", "r.bounced_date IS NOT NULL"),
    ("client_desk_unsubscribed", "r.unsubscribed_date IS NOT NULL"),
    ("client_desk_queued", "r.state IN ('queued', 'sending')"),
    ("client_desk_failed", "r.state IN ('failed', 'cancelled')"),
]


class MailMassMailing(models.Model):
    """What a campaign achieved: delivered, viewed, clicked, engaged, bounced, unsubscribed,
    each a number and the list of its clients.

    Engaged is an outcome, not a click: the client wrote to the business (an incoming message
    in their conversation) within client_desk_engage_days after the campaign reached them.
    The engagement cron records it on the recipient and as an event in the conversation.
    """

    _inherit = "mail.mass_mailing"

    client_desk_engage_days = fields.Integer(
        "Engagement window (days)", default=14,
        help="A client who writes to you within this many days after receiving the campaign counts as engaged.")
    client_desk_delivered = fields.Integer("Delivered", compute="_compute_client_desk_statistics")
    client_desk_viewed = fields.Integer("Viewed", compute="_compute_client_desk_statistics")
    client_desk_clicked = fields.Integer("Clicked", compute="_compute_client_desk_statistics")
    client_desk_engaged = fields.Integer("Engaged", compute="_compute_client_desk_statistics")
    client_desk_bounced = fields.Integer("Bounced", compute="_compute_client_desk_statistics")
    client_desk_unsubscribed = fields.Integer("Unsubscribed", compute="_compute_client_desk_statistics")
    client_desk_queued = fields.Integer("Waiting to be sent", compute="_compute_client_desk_statistics")
    client_desk_failed = fields.Integer("Failed", compute="_compute_client_desk_statistics")

    @api.model
    def _client_desk_statistics(self):
        """[(field, SQL condition on the recipient row r / its SMS s)] of the statistics that
        count clients. Bridges add theirs (booked, paid...) by super(), their field computed by
        _compute_client_desk_statistics."""
        return list(STATISTICS)

    def _compute_client_desk_statistics(self):
        # Counted in SQL: the ORM's read check never runs for these (export_data, RPC read).
        self.check_access_rights("read")
        statistics = self._client_desk_statistics()
        counts = {}
        if self.ids:
            # Conditions are constants of the modules; ids travel as parameters.
            self.env.cr.execute(
                "SELECT r.mailing_id, %s FROM client_desk_campaign_recipient r "
                "LEFT JOIN client_desk_sms s ON s.id = r.sms_id WHERE r.mailing_id IN %%s GROUP BY r.mailing_id"
                # Clients, not rows: a client in two waves counts once, as in the statistic's list.
                % ", ".join("count(DISTINCT r.partner_id) FILTER (WHERE %s)" % condition
                            for _name, condition in statistics),
                (tuple(self.ids),))
            counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for mailing in self:
            values = counts.get(mailing.id, (0,) * len(statistics))
            for (name, _condition), value in zip(statistics, values):
                mailing[name] = value

    @api.multi
    def client_desk_statistic_partner_ids(self, statistic):
        """Ids of the clients counted in one statistic (e.g. "client_desk_engaged")."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        condition = dict(self._client_desk_statistics()).get(statistic)
        if not condition:
            raise UserError(_("Unknown campaign statistic: %s") % statistic)
        self.env.cr.execute(
            "SELECT DISTINCT r.partner_id FROM client_desk_campaign_recipient r "
            "LEFT JOIN client_desk_sms s ON s.id = r.sms_id WHERE r.mailing_id = %%s AND (%s)" % condition,
            (self.id,))
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.multi
    def action_client_desk_statistic(self):
        """Opens the list of clients of the statistic named in the context (client_desk_statistic)."""
        self.ensure_one()
        statistic = self.env.context.get("client_desk_statistic")
        if statistic not in dict(self._client_desk_statistics()):
            return False
        return {
            "type": "ir.actions.act_window",
            "name": "%s: %s" % (self.name, self._fields[statistic].get_description(self.env)["string"]),
            "res_model": "res.partner",
            "view_mode": "tree,form",
            "domain": [("id", "in", self.client_desk_statistic_partner_ids(statistic))],
        }

    @api.multi
    def action_client_desk_recipients(self):
        self.ensure_one()
        action = self.env.ref("client_desk_campaigns.client_desk_campaign_recipient_action").read()[0]
        action["domain"] = [("mailing_id", "=", self.id)]
        return action

    # -- engagement ------------------------------------------------------------------------------

    @api.model
    def _client_desk_cron_engagement(self):
        """Records engagement: recipients whose client wrote (message_in) within the window
        after the campaign was sent to them, not yet counted. Returns how many."""
        self.env.cr.execute(
            """SELECT DISTINCT ON (r.id) r.id, m.date
                 FROM client_desk_campaign_recipient r
                 JOIN mail_mass_mailing c ON c.id = r.mailing_id
                 JOIN mail_message m ON m.model = 'res.partner' AND m.res_id = r.partner_id
                      AND m.client_desk_kind = 'message_in' AND m.date >= r.sent_date
                      AND m.date <= r.sent_date + make_interval(days => coalesce(c.client_desk_engage_days, 14))
                WHERE r.state = 'sent' AND r.engaged_date IS NULL
                ORDER BY r.id, m.date""")
        rows = self.env.cr.fetchall()
        Recipient = self.env["client.desk.campaign.recipient"].sudo()
        for recipient_id, date in rows:
            recipient = Recipient.browse(recipient_id)
            recipient.write({"engaged_date": date})
            recipient.partner_id._client_desk_event(
                "campaign_engaged",
                "<p>%s</p>" % html_escape(_("Responded to the campaign %s") % recipient.mailing_id.name),
                record=recipient.mailing_id, author=recipient.partner_id)
        return len(rows)

    # -- demo ------------------------------------------------------------------------------------

    @api.multi
    def _client_desk_demo_results(self):
        """Demo data only: records the campaign as sent to its audience some days ago, with a
        believable share of views, clicks and engagement (no e-mail leaves)."""
        for mailing in self:
            mailing._client_desk_materialise()
            self.env.cr.execute(
                """UPDATE client_desk_campaign_recipient r SET state = 'sent',
                          sent_date = now() at time zone 'UTC' - interval '6 days',
                          opened_date = CASE WHEN r.id %% 3 != 0
                                        THEN now() at time zone 'UTC' - interval '5 days' END,
                          clicked_date = CASE WHEN r.id %% 3 = 1
                                         THEN now() at time zone 'UTC' - interval '5 days' END,
                          engaged_date = CASE WHEN r.id %% 5 = 1 THEN now() at time zone 'UTC' - interval '4 days' END
                    WHERE r.mailing_id = %s AND r.state = 'queued'""", (mailing.id,))
            self.env.cr.execute(
                "UPDATE mail_mail_statistics s SET sent = r.sent_date, opened = r.opened_date,"
                " clicked = r.clicked_date, state = 'sent' FROM client_desk_campaign_recipient r"
                " WHERE r.statistics_id = s.id AND r.mailing_id = %s",
                (mailing.id,))
            mailing.write({"state": "done", "sent_date": fields.Datetime.now()})
            self.env["client.desk.campaign.recipient"].invalidate_cache()
        return True
