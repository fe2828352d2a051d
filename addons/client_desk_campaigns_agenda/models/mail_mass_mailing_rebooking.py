import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# Clients due for a rebooking campaign at %(now)s: their last visit (a done appointment) is
# %(weeks)s weeks old or more, nothing is booked after it, and the campaign has not gone (or
# is not going) to them since that visit. Sent once per gap: a new visit opens a new gap.
DUE_SQL = """
    WITH last_visit AS (
        SELECT DISTINCT ON (e.client_desk_partner_id)
               e.client_desk_partner_id AS partner_id, e.id AS visit_id, e.start
          FROM calendar_event e
         WHERE e.active AND e.client_desk_state = 'done' AND e.client_desk_partner_id IS NOT NULL
           AND e.start <= %(now)s
         ORDER BY e.client_desk_partner_id, e.start DESC, e.id DESC)
    SELECT v.partner_id, v.visit_id FROM last_visit v
     WHERE v.start <= %(now)s::timestamp - make_interval(weeks => %(weeks)s)
       AND NOT EXISTS (
           SELECT 1 FROM calendar_event b
            WHERE b.client_desk_partner_id = v.partner_id AND b.active
              AND b.client_desk_state IN ('requested', 'confirmed') AND b.start > v.start)
       AND NOT EXISTS (
           SELECT 1 FROM client_desk_campaign_recipient r
            WHERE r.mailing_id = %(mailing)s AND r.partner_id = v.partner_id
              AND r.client_desk_rebook_visit_id = v.visit_id
              AND r.state IN ('queued', 'sending', 'sent', 'failed'))
     ORDER BY v.partner_id
"""
# Queued rows of a rebooking campaign whose client has an upcoming appointment.
BOOKED_SINCE_SQL = """
    UPDATE client_desk_campaign_recipient r SET state = 'cancelled', failure_reason = %s
     WHERE r.mailing_id = %s AND r.state = 'queued' AND EXISTS (
           SELECT 1 FROM calendar_event b
            WHERE b.client_desk_partner_id = r.partner_id AND b.active
              AND b.client_desk_state IN ('requested', 'confirmed') AND b.start > %s)
"""


class MailMassMailing(models.Model):
    """Rebooking campaigns: an automated campaign that goes, by the scheduled action, to the
    clients of its audience whose last visit is some weeks old with nothing booked since;
    once per gap, with the audience's consent rules, and never to a client who booked."""

    _inherit = "mail.mass_mailing"

    client_desk_rebooking = fields.Boolean(
        "Rebooking campaign", copy=True,
        help="Sent automatically to clients who have not booked since their last visit for some weeks.")
    client_desk_rebooking_weeks = fields.Integer(
        "Weeks without an appointment", default=6,
        help="The campaign goes to a client whose last visit is this many weeks old and who booked nothing since.")
    client_desk_rebooking_running = fields.Boolean("Sending automatically", readonly=True, copy=False)

    @api.constrains("client_desk_rebooking", "client_desk_rebooking_weeks")
    def _check_client_desk_rebooking_weeks(self):
        for mailing in self:
            if mailing.client_desk_rebooking and not 1 <= mailing.client_desk_rebooking_weeks <= 104:
                raise ValidationError(_("A rebooking campaign waits between 1 and 104 weeks after the last visit."))

    # -- Odoo's entry point and the actions --------------------------------------------------------

    @api.multi
    def put_in_queue(self):
        """A rebooking campaign is started, not sent to its whole audience."""
        rebooking = self.filtered(lambda mailing: mailing.client_desk_action and mailing.client_desk_rebooking)
        for mailing in rebooking:
            mailing.action_client_desk_rebooking_start()
        others = self - rebooking
        return super(MailMassMailing, others).put_in_queue() if others else True

    @api.multi
    def send_mail(self, res_ids=None):
        """A rebooking campaign is started and sent now to the clients due, never to its whole
        audience (nor to res_ids)."""
        rebooking = self.filtered(lambda mailing: mailing.client_desk_action and mailing.client_desk_rebooking)
        for mailing in rebooking:
            mailing.action_client_desk_rebooking_start()
        waiting = rebooking.filtered(lambda mailing: mailing._client_desk_queued_count())
        others = self - rebooking
        if not (others | waiting):
            return True
        return super(MailMassMailing, others | waiting).send_mail(res_ids)

    @api.multi
    def action_client_desk_rebooking_start(self):
        """Starts sending automatically: now to the clients due, then by the scheduled action.
        Returns the number of clients queued now."""
        self.ensure_one()
        if not (self.client_desk_action and self.client_desk_rebooking):
            raise UserError(_("Only a rebooking campaign sends itself automatically."))
        self._client_desk_check_sendable()
        self.write({"client_desk_rebooking_running": True})
        queued = self._client_desk_rebooking_queue()
        self._client_desk_wake_cron()
        return queued

    @api.multi
    def _client_desk_resend(self, mode):
        if self.client_desk_rebooking:
            raise UserError(_("A rebooking campaign goes to each client once per absence, by itself: it is not sent "
                              "again by hand."))
        return super()._client_desk_resend(mode)

    @api.multi
    def action_client_desk_rebooking_stop(self):
        """Stops the automatic sending; what is still queued is cancelled. Returns True."""
        self.ensure_one()
        self.write({"client_desk_rebooking_running": False})
        if self.state in ("in_queue", "sending"):
            self.action_client_desk_cancel()
        return True

    # -- who is due ------------------------------------------------------------------------------

    @api.multi
    def _client_desk_rebooking_due(self, now=None):
        """[(partner id, last visit id)] of the clients due at now (default: now), before the
        audience and consent rules."""
        self.ensure_one()
        self.env.cr.execute(DUE_SQL, {
            "now": now or fields.Datetime.now(), "weeks": self.client_desk_rebooking_weeks, "mailing": self.id})
        return self.env.cr.fetchall()

    @api.multi
    def _client_desk_audience_rows(self, partner_ids=None, skip_existing=True):
        # A rebooking campaign goes again to a client who had it after an earlier visit.
        if self.env.context.get("client_desk_rebooking_gap"):
            skip_existing = False
        # Its summary is about the clients due now, not its whole audience.
        if self.env.context.get("client_desk_rebooking_summary") and partner_ids is None:
            partner_ids = [partner_id for partner_id, _visit_id in self._client_desk_rebooking_due()]
            skip_existing = False
        return super()._client_desk_audience_rows(partner_ids=partner_ids, skip_existing=skip_existing)

    @api.multi
    def client_desk_get_summary(self):
        """A rebooking campaign's summary: the clients due now who will or will not get it."""
        mailing = self
        if len(self) == 1 and self.client_desk_rebooking and isinstance(self.id, int):
            mailing = self.with_context(client_desk_rebooking_summary=True)
        return super(MailMassMailing, mailing).client_desk_get_summary()

    @api.multi
    def _client_desk_rebooking_queue(self, now=None):
        """Queues the campaign for the clients due at now who may receive it (audience,
        consent, SMS opt-out: the campaign's rules), each remembering the visit it follows.
        Returns how many were queued."""
        self.ensure_one()
        due = dict(self._client_desk_rebooking_due(now))
        if not due:
            return 0
        mailing = self.with_context(client_desk_rebooking_gap=True)
        # Only clients who would receive it: the others get no row, and are looked at again
        # at the next run (they may opt in meanwhile).
        reachable = [partner_id for partner_id, _address, reason in mailing._client_desk_audience_rows(list(due))
                     if not reason]
        if not reachable or not mailing._client_desk_materialise(partner_ids=reachable):
            return 0
        cr = self.env.cr
        cr.execute("SELECT max(wave) FROM client_desk_campaign_recipient WHERE mailing_id = %s", (self.id,))
        wave = cr.fetchone()[0]
        cr.execute(
            "UPDATE client_desk_campaign_recipient r SET client_desk_rebook_visit_id = v.visit_id"
            "  FROM (SELECT unnest(%s::int[]) AS partner_id, unnest(%s::int[]) AS visit_id) v"
            " WHERE r.mailing_id = %s AND r.wave = %s AND r.partner_id = v.partner_id",
            (reachable, [due[partner_id] for partner_id in reachable], self.id, wave))
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        queued = self._client_desk_queued_count()
        if queued and self.state not in ("in_queue", "sending"):
            self.write({"state": "in_queue", "sent_date": self.sent_date or fields.Datetime.now()})
        return len(reachable)

    # -- the scheduled action and the sender -------------------------------------------------------

    @api.model
    def _client_desk_cron_rebooking(self, now=None):
        """Scheduled action: queues every running rebooking campaign for the clients due.
        Returns how many clients were queued."""
        queued = 0
        for mailing in self.search([("client_desk_rebooking", "=", True), ("client_desk_rebooking_running", "=", True),
                                    ("client_desk_action", "!=", False)]):
            try:
                with self.env.cr.savepoint():
                    queued += mailing._client_desk_rebooking_queue(now)
            except UserError as error:  # being sent or edited right now: the next run does it
                _logger.info("Rebooking campaign %s skipped: %s", mailing.id, error)
        if queued:
            self._client_desk_wake_cron()
        return queued

    @api.multi
    def _client_desk_claim(self, batch_size):
        # The last check before sending: a client who booked meanwhile does not get it.
        if self.client_desk_rebooking:
            self.env.cr.execute(BOOKED_SINCE_SQL, (
                _("The client booked an appointment before the campaign was sent."), self.id, fields.Datetime.now()))
        return super()._client_desk_claim(batch_size)

    # -- demo ------------------------------------------------------------------------------------

    @api.model
    def _client_desk_demo_visit(self, partner_xmlid, weeks_ago):
        """Demo data only: a done visit of the client weeks_ago weeks ago."""
        partner = self.env.ref(partner_xmlid, raise_if_not_found=False)
        if not partner:
            return False
        start = fields.Datetime.from_string(fields.Datetime.now()).replace(minute=0, second=0, microsecond=0)
        start -= timedelta(weeks=weeks_ago)
        self.env["calendar.event"].create({
            "client_desk_partner_id": partner.id, "client_desk_state": "done",
            "start": fields.Datetime.to_string(start), "stop": fields.Datetime.to_string(start + timedelta(hours=1)),
            "client_desk_done_date": fields.Datetime.to_string(start + timedelta(hours=1)),
        })
        return True
