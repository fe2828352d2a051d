"""Recording a campaign outcome on the recipient row it follows, as the outcome happens: the
bridges (campaigns with agenda, billing, documents) count bookings, payments and documents
with it.
"""
from odoo.tools import html_escape

# Per campaign, the latest row that reached one of the clients at or before the moment, within
# that campaign's engagement window, and whether the client already counts for the outcome.
# {outcome} is a column name of the calling module and {extra} a condition on the campaign c
# (both constants); values travel as parameters.
CANDIDATES_SQL = """
    SELECT DISTINCT ON (r.mailing_id, r.partner_id) r.id, r.mailing_id, r.partner_id,
           EXISTS (SELECT 1 FROM client_desk_campaign_recipient o
                    WHERE o.mailing_id = r.mailing_id AND o.partner_id = r.partner_id
                      AND o.{outcome} IS NOT NULL) AS counted
      FROM client_desk_campaign_recipient r
      JOIN mail_mass_mailing c ON c.id = r.mailing_id
     WHERE r.partner_id IN %(partners)s AND r.state = 'sent' AND r.sent_date <= %(moment)s
       AND r.sent_date + make_interval(days => coalesce(c.client_desk_engage_days, 14)) >= %(moment)s
       {extra}
     ORDER BY r.mailing_id, r.partner_id, r.sent_date DESC, r.id DESC
"""


def recipients_in_window(env, partners, moment, outcome, extra="", params=None):
    """[(recipient id, mailing id, partner id, already counted)] for the campaigns that
    reached partners (res.partner; their commercial entities too) within their engagement
    window before moment (a server datetime string)."""
    partner_ids = set(partners.ids) | set(partners.mapped("commercial_partner_id").ids)
    if not partner_ids:
        return []
    values = dict(params or {}, partners=tuple(partner_ids), moment=moment)
    env.cr.execute(CANDIDATES_SQL.format(outcome=outcome, extra=extra), values)
    return env.cr.fetchall()


def count_outcome(env, rows, outcome, moment, text, values=None):
    """Records outcome (a date column) at moment on the rows whose client does not count
    for it yet, marks the client engaged in the campaign when they were not, and posts
    "campaign engaged" in the client's conversation: text, a translated format with %s for
    the campaign's name. values: more fields written on those rows. Returns them."""
    Recipient = env["client.desk.campaign.recipient"].sudo()
    counted = Recipient.browse()
    for recipient_id, mailing_id, partner_id, already in rows:
        if already or _counted_meanwhile(env, mailing_id, partner_id, outcome):
            continue
        recipient = Recipient.browse(recipient_id)
        vals = dict(values or {}, **{outcome: moment})
        env.cr.execute(
            "SELECT 1 FROM client_desk_campaign_recipient WHERE mailing_id = %s AND partner_id = %s"
            " AND engaged_date IS NOT NULL", (mailing_id, partner_id))
        if not env.cr.fetchone():
            vals["engaged_date"] = moment
        recipient.write(vals)
        counted |= recipient
        body = "<p>%s</p>" % html_escape(text % recipient.mailing_id.name)
        recipient.partner_id._client_desk_event(
            "campaign_engaged", body, record=recipient.mailing_id, author=recipient.partner_id)
    return counted


def _counted_meanwhile(env, mailing_id, partner_id, outcome):
    """Locks the client's rows in the campaign, so that two outcomes at once count once (the
    later transaction waits, then fails to serialise and is retried), and tells whether the
    client counts for outcome by now."""
    env.cr.execute(
        "SELECT bool_or({outcome} IS NOT NULL) FROM (SELECT {outcome} FROM client_desk_campaign_recipient"
        " WHERE mailing_id = %s AND partner_id = %s FOR UPDATE) locked".format(outcome=outcome),
        (mailing_id, partner_id))
    return bool(env.cr.fetchone()[0])
