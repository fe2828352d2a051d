from psycopg2 import OperationalError
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.phone import to_e164

from .client_desk_campaign_recipient import REASONS

# The reason a client does not get an e-mail campaign, decided in one pass over the audience.
# Order matters: the first that applies is shown.
EMAIL_REASON_SQL = """
    CASE
        WHEN strpos(coalesce(res_partner.client_desk_email_normalized, ''), '@') < 2 THEN 'no_email'
        WHEN res_partner.client_desk_email_blocked
             AND res_partner.client_desk_email_blocked_reason = 'unsubscribed' THEN 'opted_out'
        WHEN res_partner.client_desk_email_blocked THEN 'email_blocked'
        WHEN NOT coalesce(res_partner.client_desk_marketing_opt_in, false) AND EXISTS (
            SELECT 1 FROM client_desk_consent_event e
             WHERE e.partner_id = res_partner.id AND e.kind = 'marketing_opt_in_off') THEN 'opted_out'
        WHEN %(opt_in_only)s AND NOT coalesce(res_partner.client_desk_marketing_opt_in, false) THEN 'no_consent'
    END
"""


class MailMassMailing(models.Model):
    """Who a Client Desk campaign goes to: all clients, clients with some tags, or clients
    picked one by one, optionally only those who opted in to promotions; and, before it is
    sent, how many will get it and why the others will not (the summary).

    The audience is decided in SQL over res_partner (with the user's record rules), so that
    the summary and the recipient rows stay fast at 100,000 clients.
    """

    _inherit = "mail.mass_mailing"

    client_desk_audience = fields.Selection(
        [("all", "All clients"), ("tags", "Clients with these tags"), ("clients", "Chosen clients")],
        "Recipients", default="all")
    client_desk_tag_ids = fields.Many2many(
        "res.partner.category", "client_desk_campaign_tag_rel", "mailing_id", "category_id", "Tags")
    client_desk_partner_ids = fields.Many2many(
        "res.partner", "client_desk_campaign_partner_rel", "mailing_id", "partner_id", "Clients",
        domain=[("client_desk_is_client", "=", True)])
    client_desk_opt_in_only = fields.Boolean(
        "Only clients who opted in to promotions", default=True,
        help="Clients who unsubscribed or whose e-mail is blocked never receive a campaign; this also "
             "leaves out those who never said yes. SMS campaigns always need the opt-in.")
    client_desk_recipient_ids = fields.One2many("client.desk.campaign.recipient", "mailing_id", "Recipients")
    client_desk_will_receive = fields.Integer("Will receive it", compute="_compute_client_desk_summary")
    client_desk_will_not_receive = fields.Integer("Will not receive it", compute="_compute_client_desk_summary")
    client_desk_summary = fields.Html("Summary", compute="_compute_client_desk_summary", sanitize=False)

    # -- audience --------------------------------------------------------------------------------

    @api.multi
    def _client_desk_audience_domain(self):
        """res.partner domain of the clients the campaign is meant for (before consent)."""
        self.ensure_one()
        domain = [("client_desk_is_client", "=", True)]
        if self.client_desk_audience == "tags":
            domain.append(("category_id", "in", self.client_desk_tag_ids.ids))
        elif self.client_desk_audience == "clients":
            domain.append(("id", "in", self.client_desk_partner_ids.ids))
        return domain

    @api.multi
    def _client_desk_audience_query(self, partner_ids=None):
        """(from clause, where clause, params) selecting the audience's partners, with the
        user's record rules (companies) applied."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        domain = self._client_desk_audience_domain()
        if partner_ids is not None:
            domain.append(("id", "in", list(partner_ids)))
        query = Partner._where_calc(domain)
        Partner._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        return from_clause, where_clause or "TRUE", params

    @api.multi
    def _client_desk_audience_rows(self, partner_ids=None, skip_existing=True):
        """[(partner id, address, reason or None)] for the audience: the address is the
        normalised e-mail or the E.164 number, reason why the client does not get it
        (see recipient REASONS); duplicates of an address are left to the first client.

        skip_existing: leave out clients the campaign already has (a resend to new clients)."""
        self.ensure_one()
        if self.client_desk_channel == "sms":
            rows = self._client_desk_sms_rows(partner_ids)
        else:
            rows = self._client_desk_email_rows(partner_ids)
        existing_partners, used = set(), set()
        if self.id:
            self.env.cr.execute(
                "SELECT partner_id, address, state FROM client_desk_campaign_recipient WHERE mailing_id = %s",
                (self.id,))
            for partner_id, address, state in self.env.cr.fetchall():
                existing_partners.add(partner_id)
                if state in ("queued", "sending", "sent") and not skip_existing:
                    continue
                if state in ("queued", "sending", "sent"):
                    used.add(address)
        result = []
        for partner_id, address, reason in rows:
            if skip_existing and partner_id in existing_partners:
                continue
            if not reason:
                if address in used:
                    reason = "duplicate"
                else:
                    used.add(address)
            result.append((partner_id, address, reason))
        return result

    @api.multi
    def _client_desk_email_rows(self, partner_ids=None):
        from_clause, where_clause, params = self._client_desk_audience_query(partner_ids)
        # Clauses come from the ORM's query builder; values travel as parameters.
        reason_sql = EMAIL_REASON_SQL % {"opt_in_only": "TRUE" if self.client_desk_opt_in_only else "FALSE"}
        self.env.cr.execute(
            "SELECT res_partner.id, res_partner.client_desk_email_normalized, %s FROM %s WHERE %s "
            "ORDER BY res_partner.id" % (reason_sql, from_clause, where_clause), params)
        return self.env.cr.fetchall()

    @api.multi
    def _client_desk_sms_rows(self, partner_ids=None):
        from_clause, where_clause, params = self._client_desk_audience_query(partner_ids)
        # Clauses come from the ORM's query builder; values travel as parameters.
        self.env.cr.execute(
            "SELECT res_partner.id, res_partner.mobile, res_partner.phone, "
            "coalesce(res_partner.client_desk_marketing_opt_in, false), "
            "coalesce(res_partner.client_desk_sms_opt_out, false), EXISTS ("
            "  SELECT 1 FROM client_desk_consent_event e WHERE e.partner_id = res_partner.id"
            "  AND e.kind = 'marketing_opt_in_off') FROM %s WHERE %s ORDER BY res_partner.id"
            % (from_clause, where_clause), params)
        rows = []
        for partner_id, mobile, phone, opt_in, sms_opt_out, withdrew in self.env.cr.fetchall():
            number = next((to_e164(n) for n in (mobile, phone) if n and to_e164(n)), None)
            if not number:
                reason = "no_mobile"
            elif sms_opt_out:
                reason = "sms_opt_out"
            elif not opt_in:
                # Marketing SMS always need the opt-in (the SMS gateway refuses them otherwise).
                reason = "opted_out" if withdrew else "no_consent"
            else:
                reason = None
            rows.append((partner_id, number, reason))
        return rows

    # -- summary ---------------------------------------------------------------------------------

    @api.depends("client_desk_audience", "client_desk_tag_ids", "client_desk_partner_ids",
                 "client_desk_opt_in_only", "client_desk_channel", "client_desk_action")
    def _compute_client_desk_summary(self):
        for mailing in self:
            if not mailing.client_desk_action:
                mailing.client_desk_will_receive = mailing.client_desk_will_not_receive = 0
                mailing.client_desk_summary = False
                continue
            summary = mailing.client_desk_get_summary()
            mailing.client_desk_will_receive = summary["will_receive"]
            mailing.client_desk_will_not_receive = summary["will_not_receive"]
            html = self.env["ir.qweb"].render(
                "client_desk_campaigns.campaign_summary", {"summary": summary, "mailing": mailing})
            mailing.client_desk_summary = html.decode() if isinstance(html, bytes) else html

    @api.multi
    def client_desk_get_summary(self):
        """How many clients the next sending reaches and why the others will not:
        {"will_receive": n, "will_not_receive": n, "reasons": [(code, label, n)],
        "tags": [(tag name, clients)]}. Plain values (callable over RPC)."""
        self.ensure_one()
        rows = self._client_desk_audience_rows()
        counts = {}
        for _partner_id, _address, reason in rows:
            counts[reason] = counts.get(reason, 0) + 1
        labels = dict(self.env["client.desk.campaign.recipient"]._fields["reason"]._description_selection(self.env))
        return {
            "will_receive": counts.get(None, 0),
            "will_not_receive": sum(count for reason, count in counts.items() if reason),
            "reasons": [(code, labels[code], counts[code]) for code, _label in REASONS if counts.get(code)],
            "tags": self._client_desk_tag_counts(),
        }

    @api.model
    def client_desk_tag_counts(self):
        """[(tag id, tag name, number of clients)] for picking recipients by tag."""
        return self._client_desk_tag_counts(with_ids=True)

    @api.model
    def _client_desk_tag_counts(self, with_ids=False):
        Partner = self.env["res.partner"]
        query = Partner._where_calc([("client_desk_is_client", "=", True)])
        Partner._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        # Clauses come from the ORM's query builder; values travel as parameters.
        self.env.cr.execute(
            "SELECT rel.category_id, count(*) FROM res_partner_res_partner_category_rel rel "
            "WHERE rel.partner_id IN (SELECT res_partner.id FROM %s WHERE %s) GROUP BY rel.category_id"
            % (from_clause, where_clause or "TRUE"), params)
        counts = dict(self.env.cr.fetchall())
        tags = self.env["res.partner.category"].browse(list(counts)).sorted("name")
        if with_ids:
            return [(tag.id, tag.name, counts[tag.id]) for tag in tags]
        return [(tag.name, counts[tag.id]) for tag in tags]

    # -- the recipient rows ----------------------------------------------------------------------

    @api.multi
    def _client_desk_lock(self):
        """Locks the campaign while its recipients are written: a second click waits for nothing
        and is told so."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute("SELECT id FROM mail_mass_mailing WHERE id = %s FOR UPDATE NOWAIT", (self.id,))
        except OperationalError:
            raise UserError(_("This campaign is being prepared or sent right now; try again in a moment."))

    @api.multi
    def _client_desk_materialise(self, mode="new", partner_ids=None):
        """Writes the recipient rows of a new sending (wave): the clients that get it queued,
        the others kept with their reason. mode "new": clients not yet in the campaign;
        "not_engaged": clients who got it and did not engage (nor unsubscribe).
        Returns the number of queued recipients."""
        self.ensure_one()
        self._client_desk_lock()
        cr = self.env.cr
        cr.execute("SELECT coalesce(max(wave), 0) + 1 FROM client_desk_campaign_recipient WHERE mailing_id = %s",
                   (self.id,))
        wave = cr.fetchone()[0]
        if mode == "not_engaged":
            cr.execute(
                "SELECT DISTINCT partner_id FROM client_desk_campaign_recipient WHERE mailing_id = %s "
                "AND state = 'sent' AND partner_id NOT IN (SELECT partner_id FROM client_desk_campaign_recipient "
                "WHERE mailing_id = %s AND (engaged_date IS NOT NULL OR unsubscribed_date IS NOT NULL))",
                (self.id, self.id))
            candidates = [row[0] for row in cr.fetchall()]
            if partner_ids is not None:
                candidates = sorted(set(candidates) & set(partner_ids))
            rows = self._client_desk_audience_rows(candidates, skip_existing=False) if candidates else []
        else:
            rows = self._client_desk_audience_rows(partner_ids)
        if not rows:
            return 0
        uid, channel = self.env.uid, self.client_desk_channel or "email"
        statistics = {}
        if channel == "email":
            statistics = self._client_desk_create_statistics([row[0] for row in rows if not row[2]])
        execute_values(
            cr,
            "INSERT INTO client_desk_campaign_recipient (mailing_id, partner_id, wave, channel, address, state, reason,"
            " statistics_id, create_uid, write_uid, create_date, write_date) VALUES %s",
            [(self.id, partner_id, wave, channel, address, "excluded" if reason else "queued", reason,
              statistics.get(partner_id) if not reason else None, uid, uid)
             for partner_id, address, reason in rows],
            template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')",
            page_size=5000,
        )
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        return sum(1 for row in rows if not row[2])

    @api.multi
    def _client_desk_create_statistics(self, partner_ids):
        """One mail.mail.statistics row per e-mail recipient to queue, as Odoo's own mass
        mailing keeps them (its counters, opens and clicks); returns {partner id: row id}."""
        self.ensure_one()
        if not partner_ids:
            return {}
        cr = self.env.cr
        cr.execute("SELECT nextval('mail_mail_statistics_id_seq') FROM generate_series(1, %s)", (len(partner_ids),))
        ids = [row[0] for row in cr.fetchall()]
        campaign_id, uid = self.mass_mailing_campaign_id.id or None, self.env.uid
        execute_values(
            cr,
            "INSERT INTO mail_mail_statistics (id, model, res_id, mass_mailing_id, mass_mailing_campaign_id,"
            " scheduled, state, state_update, create_uid, write_uid, create_date, write_date) VALUES %s",
            [(stat_id, "res.partner", partner_id, self.id, campaign_id, uid, uid)
             for stat_id, partner_id in zip(ids, partner_ids)],
            template="(%s, %s, %s, %s, %s, now() at time zone 'UTC', 'outgoing', now() at time zone 'UTC',"
                     " %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')",
            page_size=5000,
        )
        self.env["mail.mail.statistics"].invalidate_cache()
        return dict(zip(partner_ids, ids))
