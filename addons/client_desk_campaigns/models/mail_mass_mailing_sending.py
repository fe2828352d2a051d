import logging
import re
import smtplib
import threading
import time
import uuid
from datetime import timedelta
from email.utils import formataddr

from psycopg2.extensions import TransactionRollbackError
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.base.ir.ir_mail_server import encode_rfc2822_address_header, extract_rfc2822_addresses

from ..tools.mime import address_header, build_message, header_text, new_boundary
from ..tools.personalise import client_names, personalise_html, personalise_text
from ..tools.tokens import make_token
from .mail_mass_mailing_audience import EMAIL_REASON_SQL

_logger = logging.getLogger(__name__)

# Recipients claimed at once: what a crash can leave "sending" (never sent twice, maybe lost).
BATCH_SIZE = 50
# A recipient still "sending" this long after it was claimed: its sender died.
STALE_SENDING = timedelta(minutes=30)
# Messages per minute one sender sends at most (ir.config_parameter; 0: no limit).
RATE_PARAM = "client_desk_campaigns.rate_per_minute"
DEFAULT_RATE = 1200
# Senders (threads, each with its own cursor and SMTP connection) one cron run starts.
SENDERS_PARAM = "client_desk_campaigns.senders"
DEFAULT_SENDERS = 2
# Errors that mean the SMTP connection is gone: the rest of the batch goes back to the queue.
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError)


class MailMassMailing(models.Model):
    """Sending a Client Desk campaign: a queue of recipient rows that any number of senders
    (the scheduled action on several servers or workers, send_mail() over RPC) drain together.

    Each sender repeatedly claims a batch of queued rows with SELECT ... FOR UPDATE SKIP LOCKED
    (rows another sender holds are skipped, never waited for), marks them "sending" and
    commits; only then sends them, and records the outcome in a transaction of its own. A
    crash after the claim leaves rows "sending": never claimed again, they fail after
    STALE_SENDING saying they may have gone out. So nobody gets a campaign twice.
    Odoo's own put_in_queue(), send_mail() and its queue cron work on these campaigns.
    """

    _inherit = "mail.mass_mailing"

    # -- Odoo's own entry points -----------------------------------------------------------------

    @api.multi
    def put_in_queue(self):
        """Client Desk campaigns: writes their recipients (when none wait yet) and queues them."""
        for mailing in self.filtered("client_desk_action"):
            mailing._client_desk_check_sendable()
            if not mailing._client_desk_queued_count():
                mailing._client_desk_materialise()
            if not mailing._client_desk_queued_count():
                raise UserError(_("Nobody will receive the campaign %s: check the summary.") % mailing.name)
        super().put_in_queue()
        return True

    @api.multi
    def get_remaining_recipients(self):
        if self.client_desk_action:
            self.env.cr.execute(
                "SELECT partner_id FROM client_desk_campaign_recipient WHERE mailing_id = %s AND state = 'queued'",
                (self.id,))
            return [row[0] for row in self.env.cr.fetchall()]
        return super().get_remaining_recipients()

    @api.multi
    def send_mail(self, res_ids=None):
        """Client Desk campaigns: queues their recipients (those of res_ids only, if given)
        and sends the queue now; Odoo's own mailings as before. Returns True."""
        campaigns = self.filtered("client_desk_action")
        for mailing in campaigns:
            mailing._client_desk_check_sendable()
            if not mailing._client_desk_queued_count():
                mailing._client_desk_materialise(partner_ids=res_ids or None)
            if not mailing._client_desk_queued_count():
                raise UserError(_("Please select recipients."))
            if mailing.state == "draft":
                mailing.write({"state": "in_queue", "sent_date": fields.Datetime.now()})
        if campaigns:
            self._client_desk_commit()
            campaigns._client_desk_drain_parallel(rate=0)
        others = self - campaigns
        return super(MailMassMailing, others).send_mail(res_ids) if others else True

    # -- actions ---------------------------------------------------------------------------------

    @api.multi
    def action_client_desk_send_now(self):
        """Queues the campaign's recipients; the scheduled action sends them within a minute."""
        self.ensure_one()
        self.write({"schedule_date": False})
        self.put_in_queue()
        self._client_desk_wake_cron()
        return True

    @api.multi
    def action_client_desk_schedule(self):
        """Queues the campaign for its schedule date (in the future)."""
        self.ensure_one()
        if not self.schedule_date or self.schedule_date <= fields.Datetime.now():
            raise UserError(_("Choose a moment in the future to send the campaign."))
        self.put_in_queue()
        return True

    @api.multi
    def action_client_desk_resend_new(self):
        """Sends the campaign again, to clients of its audience who did not get it yet."""
        return self._client_desk_resend("new")

    @api.multi
    def action_client_desk_resend_not_engaged(self):
        """Sends the campaign again to clients who got it and did not engage (nor unsubscribe)."""
        return self._client_desk_resend("not_engaged")

    @api.multi
    def _client_desk_resend(self, mode):
        self.ensure_one()
        if self.state == "draft":
            raise UserError(_("Send the campaign a first time before sending it again."))
        if not self._client_desk_materialise(mode):
            raise UserError(_("Nobody new would receive the campaign."))
        self.write({"state": "in_queue"})
        self._client_desk_wake_cron()
        return True

    @api.multi
    def action_client_desk_cancel(self):
        """Stops the sending: recipients still queued are cancelled."""
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE client_desk_campaign_recipient SET state = 'cancelled', failure_reason = %s "
            "WHERE mailing_id = %s AND state = 'queued'", (_("Cancelled by %s.") % self.env.user.name, self.id))
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        self.write({"state": "done" if self._client_desk_sent_count() else "draft"})
        return True

    @api.multi
    def _client_desk_check_sendable(self):
        self.ensure_one()
        if self.client_desk_channel == "sms" and not (self.client_desk_sms_body or "").strip():
            raise UserError(_("Write the SMS text before sending the campaign."))
        if self.client_desk_channel != "sms" and not self.body_html:
            raise UserError(_("The campaign has no e-mail yet."))

    @api.model
    def _client_desk_wake_cron(self):
        """Makes the sending cron run at its next check instead of its next interval."""
        cron = self.env.ref("client_desk_campaigns.ir_cron_client_desk_campaign_send", raise_if_not_found=False)
        if cron:
            try:
                with self.env.cr.savepoint():
                    self.env.cr.execute("SELECT id FROM ir_cron WHERE id = %s FOR UPDATE NOWAIT", (cron.id,))
                    cron.sudo().write({"nextcall": fields.Datetime.now()})
            except Exception:  # the cron is running right now: it sends them anyway
                _logger.info("Campaign cron busy; the queue is sent at its next run")

    # -- counters --------------------------------------------------------------------------------

    @api.multi
    def _client_desk_queued_count(self):
        self.ensure_one()
        self.env.cr.execute(
            "SELECT count(*) FROM client_desk_campaign_recipient WHERE mailing_id = %s AND state = 'queued'",
            (self.id,))
        return self.env.cr.fetchone()[0]

    @api.multi
    def _client_desk_sent_count(self):
        self.ensure_one()
        self.env.cr.execute(
            "SELECT count(*) FROM client_desk_campaign_recipient WHERE mailing_id = %s AND state = 'sent'",
            (self.id,))
        return self.env.cr.fetchone()[0]

    # -- the queue -------------------------------------------------------------------------------

    @api.model
    def _client_desk_cron_send(self, time_budget=50):
        """Scheduled action: fails stale "sending" rows, then sends the due campaigns' queues for
        at most time_budget seconds (throttled: see RATE_PARAM)."""
        self._client_desk_fail_stale()
        self._client_desk_commit()
        due = self.search([
            ("client_desk_action", "!=", False), ("state", "in", ("in_queue", "sending")),
            "|", ("schedule_date", "=", False), ("schedule_date", "<=", fields.Datetime.now()),
        ])
        due._client_desk_drain_parallel(time_budget=time_budget)
        return True

    @api.model
    def _client_desk_fail_stale(self):
        limit = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now()) - STALE_SENDING)
        self.env.cr.execute(
            "UPDATE client_desk_campaign_recipient SET state = 'failed', failure_reason = %s "
            "WHERE state = 'sending' AND sending_date < %s",
            (_("The sender stopped while sending: this message may have been sent. It is not sent again."), limit))

    @api.model
    def _client_desk_commit(self):
        """Commits the sender's transaction; inside a test's transaction only in registry test
        mode (as the core's SMS queue does). Tests that deliver to a real SMTP sink (their
        thread then is not "testing") say client_desk_campaign_no_commit."""
        if self._client_desk_commits():
            self.env.cr.commit()  # pylint: disable=invalid-commit - see the docstring

    @api.model
    def _client_desk_commits(self):
        if self.env.context.get("client_desk_campaign_no_commit"):
            return False
        return self.pool.in_test_mode() or not getattr(threading.currentThread(), "testing", False)

    @api.multi
    def _client_desk_drain_parallel(self, senders=None, **kwargs):
        """_client_desk_drain() in `senders` threads at once, each with its own cursor and SMTP
        connection (the row locks keep them apart): SMTP and database round trips overlap.
        Only where the sender commits for real; else (tests) one sender in this cursor.
        The throttle (rate) is shared out among them. Returns how many recipients were handled."""
        if senders is None:
            senders = int(self.env["ir.config_parameter"].sudo().get_param(SENDERS_PARAM, DEFAULT_SENDERS) or 1)
        if senders <= 1 or not self._client_desk_commits() or self.pool.in_test_mode():
            return self._client_desk_drain(**kwargs)
        if kwargs.get("rate") is None:
            kwargs["rate"] = int(self.env["ir.config_parameter"].sudo().get_param(RATE_PARAM, DEFAULT_RATE) or 0)
        if kwargs["rate"]:
            kwargs["rate"] = max(1, kwargs["rate"] // senders)
        self.env.cr.commit()  # pylint: disable=invalid-commit - the senders must see what is queued
        handled = []
        uid, context, ids = self.env.uid, dict(self.env.context), self.ids

        def sender():
            try:
                with api.Environment.manage(), self.pool.cursor() as cr:
                    mailings = api.Environment(cr, uid, context)[self._name].browse(ids)
                    handled.append(mailings._client_desk_drain(**kwargs))
            except Exception:  # the other sender goes on; rows left "sending" fail when stale
                _logger.exception("Campaign sender failed")

        threads = [threading.Thread(target=sender, name="campaign-sender-%d" % index) for index in range(senders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.invalidate_cache()
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        return sum(handled)

    @api.multi
    def _client_desk_drain(self, batch_size=BATCH_SIZE, time_budget=None, rate=None, max_batches=None):
        """Sends the queued recipients of these campaigns, batch by batch, until the queues are
        empty, time_budget seconds have passed or max_batches were sent. Returns how many
        recipients this sender handled."""
        if rate is None:
            rate = int(self.env["ir.config_parameter"].sudo().get_param(RATE_PARAM, DEFAULT_RATE) or 0)
        started, handled, batches = time.time(), 0, 0
        for mailing in self.sudo():
            sender = mailing._client_desk_sender()
            try:
                while max_batches is None or batches < max_batches:
                    if time_budget is not None and time.time() - started > time_budget:
                        break
                    ids = mailing._client_desk_claim(batch_size)
                    if not ids:
                        break
                    handled += sender.send_batch(ids)
                    batches += 1
                    self._client_desk_after_batch(mailing, ids)
                    if sender.connection_lost:
                        # Claiming the rows again at once would spin: they wait for the next run.
                        break
                    if rate:
                        ahead = handled * 60.0 / rate - (time.time() - started)
                        if ahead > 0:
                            time.sleep(ahead)
            finally:
                sender.close()
            mailing._client_desk_update_state()
        return handled

    @api.model
    def _client_desk_after_batch(self, mailing, ids):
        """Hook after each batch is recorded (tests stop a sender here, as a crash would)."""

    @api.multi
    def _client_desk_after_message(self, recipient_id):
        """Hook after each e-mail is handed to the SMTP server (tests crash a sender here)."""

    @api.multi
    def _client_desk_claim(self, batch_size):
        """Claims up to batch_size queued recipients of this campaign for this sender and
        commits; rows another sender holds are skipped. Returns their ids."""
        self.ensure_one()
        # A CTE, not "id IN (subquery LIMIT n)": the planner may rescan such a subquery and
        # claim more than n rows.
        query = """
            WITH claimed AS (
                SELECT id FROM client_desk_campaign_recipient
                 WHERE mailing_id = %s AND state = 'queued'
                 ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
            UPDATE client_desk_campaign_recipient r
               SET state = 'sending', sending_date = now() at time zone 'UTC'
              FROM claimed WHERE r.id = claimed.id
         RETURNING r.id"""
        for attempt in range(5):
            try:
                self._client_desk_read_committed()
                self.env.cr.execute(query, (self.id, batch_size))
                ids = sorted(row[0] for row in self.env.cr.fetchall())
                self._client_desk_commit()
                return ids
            except TransactionRollbackError:
                # Repeatable read: another sender committed a claim on these rows after this
                # transaction began. Nothing else is in this transaction: start again.
                if not self._client_desk_commits() or attempt == 4:
                    raise
                self.env.cr.rollback()
        return []

    @api.model
    def _client_desk_read_committed(self):
        """Starts a READ COMMITTED transaction for a queue statement, when the sender commits
        for real: there SKIP LOCKED re-checks rows another sender changed meanwhile instead
        of failing with a serialization error, as it would under Odoo's REPEATABLE READ."""
        if self._client_desk_commits() and not self.pool.in_test_mode():
            self.env.cr.commit()  # pylint: disable=invalid-commit - the sender's own cursor
            self.env.cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")

    @api.multi
    def _client_desk_update_state(self):
        """Done when nothing is queued or being sent any more; else still sending."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT count(*) FROM client_desk_campaign_recipient WHERE mailing_id = %s "
            "AND state IN ('queued', 'sending')", (self.id,))
        state = "sending" if self.env.cr.fetchone()[0] else "done"
        try:
            self._client_desk_read_committed()
            with self.env.cr.savepoint():
                self.env.cr.execute("UPDATE mail_mass_mailing SET state = %s WHERE id = %s AND state != %s",
                                    (state, self.id, state))
            self._client_desk_commit()
        except TransactionRollbackError:
            _logger.info("Campaign %s: another sender updates its state", self.id)
        self.invalidate_cache(["state"], [self.id])

    @api.multi
    def _client_desk_sender(self):
        self.ensure_one()
        if self.client_desk_channel == "sms":
            return SmsSender(self)
        return EmailSender(self)

    # -- e-mail pieces ---------------------------------------------------------------------------

    @api.multi
    def _client_desk_tracked_body(self):
        """The body with its links turned into tracked links (link.tracker), once per sender."""
        self.ensure_one()
        html = self.env["mail.template"]._replace_local_links(self.body_html or "")
        vals = {"mass_mailing_id": self.id, "title": self.client_desk_title or self.name}
        for name in ("campaign_id", "source_id", "medium_id"):
            if self[name]:
                vals[name] = self[name].id
        return self.env["link.tracker"].convert_links(html, vals, blacklist=["/client_desk/unsubscribe/"])

    @api.multi
    def _client_desk_token(self, purpose, recipient_id):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return make_token(secret, self.env.cr.dbname, purpose, recipient_id)

    @api.multi
    def _client_desk_unsubscribe_url(self, recipient_id):
        return "%s/client_desk/unsubscribe/%s" % (
            self._client_desk_base_url(), self._client_desk_token("unsubscribe", recipient_id))

    @api.multi
    def _client_desk_bounce_pattern(self):
        """The envelope sender of the campaign's e-mails, with %s for the recipient row:
        bounce_alias+0-client.desk.campaign.recipient-<id>@catchall domain, which Odoo's own
        bounce routing (mail.thread.message_route) hands to the recipient's
        message_receive_bounce(); None without a bounce alias and catchall domain."""
        params = self.env["ir.config_parameter"].sudo()
        alias, domain = params.get_param("mail.bounce.alias"), params.get_param("mail.catchall.domain")
        if not (alias and domain):
            return None
        # Mail id 0: mass_mailing's own bounce hook (by mail.mail id) matches nothing.
        return "%s+0-client.desk.campaign.recipient-%%s@%s" % (alias.replace("%", ""), domain.replace("%", ""))

    @api.multi
    def _client_desk_footer(self, lang):
        """The footer in the client's language, with {unsubscribe_url} and {open_url} to fill in."""
        self.ensure_one()
        return self.with_context(lang=lang or self.env.context.get("lang"))._client_desk_footer_html()

    @api.multi
    def _client_desk_footer_html(self):
        text = html_escape(_("You receive this e-mail because you are a client of %s.") % self.env.user.company_id.name)
        link = html_escape(_("Unsubscribe"))
        return (
            '<div style="font-size:12px;color:#888;text-align:center;margin-top:24px">%s '
            '<a href="{unsubscribe_url}">%s</a></div><img src="{open_url}" alt="" width="1" height="1"/>'
        ) % (text, link)

    @api.multi
    def _client_desk_email(self, recipient, names, body, footer, stat_id):
        """The personalised e-mail (a MIME message) for one recipient row."""
        recipient_id, address = recipient
        unsubscribe_url = self._client_desk_unsubscribe_url(recipient_id)
        open_url = "%s/client_desk/campaign/open/%s.gif" % (
            self._client_desk_base_url(), self._client_desk_token("open", recipient_id))
        html = personalise_html(body, names)
        if stat_id:
            html = html.replace("{stat_id}", str(stat_id))
        html += footer.replace("{unsubscribe_url}", unsubscribe_url).replace("{open_url}", open_url)
        message_id = "<%s.cdcampaign-%s-%s@%s>" % (
            uuid.uuid4().hex[:12], self.id, recipient_id, self.env.cr.dbname.replace("_", "-"))
        message = self.env["ir.mail_server"].build_email(
            email_from=self.email_from,
            email_to=[formataddr((names["{client_full_name}"], address))],
            subject=self._client_desk_subject(names),
            body="<html><body>%s</body></html>" % html,
            body_alternative=self._client_desk_plain_body(html),
            reply_to=self.reply_to or self.email_from,
            message_id=message_id,
            subtype="html",
            headers={
                "List-Unsubscribe": "<%s>" % unsubscribe_url,
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Precedence": "bulk",
            },
        )
        return message, message_id

    @api.multi
    def _client_desk_send_test_email(self, partner):
        """Sends the campaign's e-mail to partner now (no recipient row, no tracking)."""
        self.ensure_one()
        names = client_names(partner.client_desk_first_name, partner.name)
        body = personalise_html(self.body_html or "", names)
        message = self.env["ir.mail_server"].build_email(
            email_from=self.email_from, email_to=[formataddr((partner.name, partner.email))],
            subject="[%s] %s" % (_("Test"), self._client_desk_subject(names)),
            body="<html><body>%s</body></html>" % body, body_alternative=self._client_desk_plain_body(body),
            subtype="html")
        self.env["ir.mail_server"].sudo().send_email(message)

    @api.multi
    def _client_desk_log_sent(self, partner_ids):
        """A "campaign sent" event in each client's conversation, written in bulk."""
        self.ensure_one()
        if not partner_ids:
            return
        subtype = self.env.ref("client_desk_campaigns.mt_campaign_sent")
        author = (self.create_uid or self.env.user).partner_id
        body = "<p>%s</p>" % html_escape(_("Campaign sent: %s") % (self.name or ""))
        execute_values(
            self.env.cr,
            "INSERT INTO mail_message (model, res_id, body, message_type, subtype_id, author_id, email_from, date,"
            " message_id, client_desk_kind, client_desk_record_ref, create_uid, write_uid, create_date, write_date)"
            " VALUES %s",
            [("res.partner", partner_id, body, "notification", subtype.id, author.id,
              formataddr((author.name or "", author.email)) if author.email else None,
              "<%s.cdcampaign-event@localhost>" % uuid.uuid4().hex, "campaign_sent",
              "%s,%s" % (self._name, self.id), self.env.uid, self.env.uid) for partner_id in partner_ids],
            template="(%s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', %s, %s, %s, %s, %s,"
                     " now() at time zone 'UTC', now() at time zone 'UTC')",
        )


class EmailSender:
    """Sends claimed e-mail recipients of one campaign over one SMTP connection.

    The e-mail is rendered once per language (body, footer, plain-text alternative) with its
    placeholders kept; per recipient only the placeholders are replaced and the MIME bytes
    are put together by hand (tools/mime.py), then handed to the SMTP connection directly.
    """

    def __init__(self, mailing):
        self.mailing = mailing
        self.env = mailing.env
        self.body = mailing._client_desk_tracked_body()
        short = mailing._client_desk_base_url() + "/r/"
        # Tracked links carry the recipient's statistics row: clicks are counted per client.
        self.body = _mark_tracked_links(self.body, short)
        self.footers = {}
        self.templates = {}
        self.smtp = None
        # Set when the SMTP server could not be reached or went away during a batch.
        self.connection_lost = False
        self.server = self.env["ir.mail_server"].sudo().search([], order="sequence", limit=1)
        self.boundary = new_boundary()
        self.from_header = encode_rfc2822_address_header(mailing.email_from or "")
        self.reply_header = encode_rfc2822_address_header(mailing.reply_to or mailing.email_from or "")
        from_addresses = extract_rfc2822_addresses(mailing.email_from or "")
        # Without a bounce alias, the envelope sender Odoo's own send_email() would use.
        self.envelope_default = self.env["ir.mail_server"].sudo()._get_default_bounce_address() or (
            from_addresses[-1] if from_addresses else None)
        self.bounce = mailing._client_desk_bounce_pattern()
        self.base_url = mailing._client_desk_base_url()
        self.message_id_host = self.env.cr.dbname.replace("_", "-")

    def testing(self):
        """Odoo sends nothing while a thread tests or the registry is in test mode."""
        return getattr(threading.currentThread(), "testing", False) or self.env.registry.in_test_mode()

    def connect(self):
        if self.smtp is None and not self.testing():
            self.smtp = self.env["ir.mail_server"].connect(mail_server_id=self.server.id or None)
        return self.smtp

    def close(self):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except Exception:  # already gone
                _logger.debug("SMTP quit failed", exc_info=True)
            self.smtp = None

    def template(self, lang):
        """(html, plain text) of the whole e-mail in lang, placeholders kept."""
        if lang not in self.templates:
            if lang not in self.footers:
                self.footers[lang] = self.mailing._client_desk_footer(lang)
            html = "<html><body>%s%s</body></html>" % (self.body, self.footers[lang])
            self.templates[lang] = (html, self.mailing._client_desk_plain_body(html))
        return self.templates[lang]

    def message(self, recipient_id, address, stat_id, names, lang):
        """(message bytes, Message-Id, envelope sender) of one recipient's e-mail."""
        mailing = self.mailing
        html, text = self.template(lang)
        unsubscribe_url = "%s/client_desk/unsubscribe/%s" % (
            self.base_url, mailing._client_desk_token("unsubscribe", recipient_id))
        open_url = "%s/client_desk/campaign/open/%s.gif" % (
            self.base_url, mailing._client_desk_token("open", recipient_id))
        urls = (("/m/{stat_id}", "/m/%s" % stat_id if stat_id else ""), ("{unsubscribe_url}", unsubscribe_url),
                ("{open_url}", open_url))
        for placeholder, value in urls:
            html, text = html.replace(placeholder, value), text.replace(placeholder, value)
        # Names last: a name that looks like a placeholder stays text.
        html, text = personalise_html(html, names), personalise_text(text, names)
        message_id = "<%s.cdcampaign-%s-%s@%s>" % (uuid.uuid4().hex[:12], mailing.id, recipient_id,
                                                   self.message_id_host)
        bounce = self.bounce % recipient_id if self.bounce else self.envelope_default
        headers = [
            ("Message-Id", message_id),
            ("Subject", header_text(mailing._client_desk_subject(names))),
            ("From", self.from_header),
            ("Reply-To", self.reply_header),
            ("To", address_header(names["{client_full_name}"], address)),
            ("Return-Path", bounce),
            ("List-Unsubscribe", "<%s>" % unsubscribe_url),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ("Precedence", "bulk"),
        ]
        return build_message(headers, html, text, self.boundary), message_id, bounce

    def send_batch(self, ids):
        """Sends the claimed rows ids and records what became of each; returns how many."""
        mailing, cr = self.mailing, self.env.cr
        # The client's consent is read again: it may have changed since the row was queued.
        reason_sql = EMAIL_REASON_SQL % {"opt_in_only": "TRUE" if mailing.client_desk_opt_in_only else "FALSE"}
        cr.execute(
            "SELECT r.id, r.address, r.statistics_id, r.partner_id, res_partner.client_desk_first_name, "
            "res_partner.name, res_partner.lang, %s FROM client_desk_campaign_recipient r "
            "JOIN res_partner ON res_partner.id = r.partner_id WHERE r.id = ANY(%%s) ORDER BY r.id" % reason_sql,
            (ids,))
        rows = cr.fetchall()
        sent, failed, cancelled, requeue = [], [], [], []
        for index, (rid, address, stat_id, partner_id, first, name, lang, reason) in enumerate(rows):
            if reason:
                cancelled.append((rid, reason))
                continue
            try:
                data, message_id, envelope = self.message(rid, address, stat_id, client_names(first, name), lang)
                smtp = self.connect()
                if smtp is not None:
                    smtp.sendmail(envelope, [address], data)
                sent.append((rid, stat_id, partner_id, message_id))
            except CONNECTION_ERRORS as error:
                _logger.warning("Campaign %s: SMTP connection lost (%s); the rest goes back to the queue",
                                mailing.id, error)
                self.smtp = None
                self.connection_lost = True
                requeue = [row[0] for row in rows[index:]]
                break
            except Exception as error:  # one refused address must not stop the campaign
                _logger.info("Campaign %s: recipient %s failed: %s", mailing.id, rid, error)
                failed.append((rid, stat_id, str(error)[:500]))
            else:
                mailing._client_desk_after_message(rid)
        self.record(sent, failed, cancelled, requeue)
        return len(rows) - len(requeue)

    def record(self, sent, failed, cancelled, requeue):
        """Writes the outcome of a batch and commits it."""
        cr, mailing = self.env.cr, self.mailing
        if sent:
            execute_values(cr, "UPDATE client_desk_campaign_recipient r SET state = 'sent', "
                               "sent_date = now() at time zone 'UTC' FROM (VALUES %s) AS v(id) WHERE r.id = v.id",
                           [(row[0],) for row in sent])
            execute_values(cr, "UPDATE mail_mail_statistics s SET sent = now() at time zone 'UTC', state = 'sent', "
                               "state_update = now() at time zone 'UTC', message_id = v.mid "
                               "FROM (VALUES %s) AS v(id, mid) WHERE s.id = v.id",
                           [(row[1], row[3]) for row in sent if row[1]])
            mailing._client_desk_log_sent([row[2] for row in sent])
        if failed:
            execute_values(cr, "UPDATE client_desk_campaign_recipient r SET state = 'failed', "
                               "failure_reason = v.reason FROM (VALUES %s) AS v(id, reason) WHERE r.id = v.id",
                           [(row[0], row[2]) for row in failed])
            execute_values(cr, "UPDATE mail_mail_statistics s SET exception = now() at time zone 'UTC', "
                               "state = 'exception', state_update = now() at time zone 'UTC' "
                               "FROM (VALUES %s) AS v(id) WHERE s.id = v.id", [(row[1],) for row in failed if row[1]])
        if cancelled:
            execute_values(cr, "UPDATE client_desk_campaign_recipient r SET state = 'excluded', reason = v.reason "
                               "FROM (VALUES %s) AS v(id, reason) WHERE r.id = v.id", cancelled)
        if requeue:
            cr.execute("UPDATE client_desk_campaign_recipient SET state = 'queued', sending_date = NULL "
                       "WHERE id = ANY(%s)", (requeue,))
        mailing._client_desk_commit()
        self.env["client.desk.campaign.recipient"].invalidate_cache()
        self.env["mail.mail.statistics"].invalidate_cache()


class SmsSender:
    """Hands claimed SMS recipients to the core's SMS queue (which obeys SMS opt-out and sends
    each SMS exactly once), then sends those SMS."""

    # The core's queue keeps what the gateway did not take: a batch never comes back here.
    connection_lost = False

    def __init__(self, mailing):
        self.mailing = mailing
        self.env = mailing.env

    def close(self):
        pass

    def send_batch(self, ids):
        mailing, cr = self.mailing, self.env.cr
        Sms = self.env["client.desk.sms"].sudo()
        recipients = self.env["client.desk.campaign.recipient"].sudo().browse(ids)
        sms_ids = []
        for recipient in recipients:
            partner = recipient.partner_id
            names = client_names(partner.client_desk_first_name, partner.name)
            text = mailing.with_context(lang=partner.lang)._client_desk_sms_text(mailing.client_desk_sms_body, names)
            try:
                sms = Sms.client_desk_queue(partner, text, marketing=True, record=mailing)
            except UserError as error:
                recipient.write({"state": "failed", "failure_reason": str(error)[:500]})
                continue
            if sms.state == "cancelled":
                recipient.write({"state": "cancelled", "failure_reason": sms.failure_reason, "sms_id": sms.id})
            else:
                recipient.write({"state": "sent", "sent_date": fields.Datetime.now(), "sms_id": sms.id})
                sms_ids.append(sms.id)
        mailing._client_desk_log_sent(recipients.filtered(lambda r: r.state == "sent").mapped("partner_id").ids)
        # Recipient rows and their SMS are committed together: the SMS queue takes it from here.
        mailing._client_desk_commit()
        if sms_ids:
            Sms._client_desk_send_queued(sms_ids)
        cr.execute("SELECT 1")  # the SMS queue committed its own work
        return len(ids)


def _mark_tracked_links(html, short_prefix):
    """Appends /m/{stat_id} to the campaign's tracked links (/r/<code>), as Odoo's mass mailing
    does per mail, so a click is counted for the client who made it."""
    pattern = re.compile(r"(%s[\w-]+)(?=[\"'])" % re.escape(short_prefix))
    return pattern.sub(r"\1/m/{stat_id}", html)
