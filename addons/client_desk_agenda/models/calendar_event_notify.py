import base64
import logging
from datetime import datetime, timedelta

import pytz
from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.ics import appointment_ics
from ..tools.slots import local_to_utc, utc_to_local

_logger = logging.getLogger(__name__)

PARAM = "client_desk_agenda."
DEFAULTS = {
    "reminder_hours": 24,
    "followup_hours": 2,
    "quiet_start": 21,
    "quiet_end": 8,
    "cancel_hours": 24,
}


class CalendarEvent(models.Model):
    """What the client receives about an appointment: confirmation with .ics, reminders by SMS
    or e-mail (outside quiet hours in their time zone), and a thank-you with a booking link."""

    _inherit = "calendar.event"

    client_desk_reminder_after = fields.Datetime(
        "Reminder held until", copy=False, readonly=True,
        help="Quiet hours in the client's time zone held the reminder: it goes at the first run from then.",
    )

    @api.model
    def _client_desk_param(self, name):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM + name)
        try:
            return int(value) if value not in (None, False, "") else DEFAULTS[name]
        except ValueError:
            return DEFAULTS[name]

    @api.model
    def _client_desk_param_cancel_hours(self):
        """Hours before the appointment until which clients may cancel or move it online."""
        return self._client_desk_param("cancel_hours")

    # -- links --------------------------------------------------------------------------------

    @api.multi
    def client_desk_portal_url(self):
        """Link the client follows from an e-mail: the appointment page, by token."""
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        query = url_encode({"access_token": self._client_desk_access_token()})
        return "%s/my/appointments/%s?%s" % (base, self.id, query)

    @api.multi
    def client_desk_ics_url(self):
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        query = url_encode({"access_token": self._client_desk_access_token()})
        return "%s/my/appointments/%s/ics?%s" % (base, self.id, query)

    @api.multi
    def client_desk_rebook_url(self):
        """The booking page, pre-filled with the same service and staff member."""
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        query = {"staff": self.client_desk_staff_id.id or "any"}
        return "%s/book/service/%s?%s" % (base, self.client_desk_service_id.id, url_encode(query))

    # -- .ics ---------------------------------------------------------------------------------

    @api.multi
    def _client_desk_ics(self):
        """The appointment as an iCalendar file (bytes)."""
        self.ensure_one()
        company = self.env.user.company_id
        return appointment_ics(
            uid="client-desk-appointment-%s@%s" % (self.id, self.env.cr.dbname),
            start=fields.Datetime.from_string(self.start),
            stop=fields.Datetime.from_string(self.stop),
            summary="%s – %s" % (self.client_desk_service_id.name or self.name, company.name),
            description=self.client_desk_service_id.description or "",
            location=self.location or "",
            organizer_email=company.email or "",
            method="CANCEL" if self.client_desk_state == "cancelled" else "PUBLISH",
            sequence=int(fields.Datetime.from_string(self.write_date or fields.Datetime.now()).timestamp()) % 100000,
            cancelled=self.client_desk_state == "cancelled",
        )

    # -- sending ------------------------------------------------------------------------------

    @api.multi
    def _client_desk_notify(self, template_xmlid, ics=False):
        """E-mails the client with template (and the .ics when asked); skipped while modules
        install (demo data) and for clients without address or whose e-mail is blocked.
        Returns the mail.mail records."""
        mails = self.env["mail.mail"]
        if self.env.context.get("install_mode") or self.env.context.get("client_desk_no_mail"):
            return mails
        template = self.env.ref(template_xmlid).sudo()
        for event in self:
            partner = event.client_desk_partner_id
            if not partner.email or partner.client_desk_email_blocked:
                continue
            values = {}
            if ics:
                values["attachments"] = [("appointment.ics", base64.b64encode(event._client_desk_ics()))]
            lang = partner.lang or self.env.lang
            mail_id = template.with_context(lang=lang).send_mail(event.id, email_values=values)
            mails |= self.env["mail.mail"].sudo().browse(mail_id)
        return mails

    # -- quiet hours --------------------------------------------------------------------------

    @api.multi
    def _client_desk_quiet_now(self, now=None):
        """True when it is within quiet hours in the client's time zone (business's otherwise)."""
        self.ensure_one()
        tz_name = self.client_desk_partner_id.tz or self._client_desk_business_tz()
        now = now or datetime.utcnow()
        hour = pytz.utc.localize(now).astimezone(pytz.timezone(tz_name)).hour
        start, end = self._client_desk_param("quiet_start"), self._client_desk_param("quiet_end")
        if start == end:
            return False
        return start <= hour or hour < end if start > end else start <= hour < end

    @api.multi
    def _client_desk_quiet_end(self, now=None):
        """The end of the quiet hours around now (naive UTC) in the client's time zone."""
        self.ensure_one()
        tz_name = self.client_desk_partner_id.tz or self._client_desk_business_tz()
        now = now or datetime.utcnow()
        local = utc_to_local(tz_name, now)
        start, end = self._client_desk_param("quiet_start"), self._client_desk_param("quiet_end")
        day = local.date()
        # Evening part of quiet hours that run over midnight: they end tomorrow.
        if start > end and local.hour >= start:
            day += timedelta(days=1)
        return local_to_utc(pytz.timezone(tz_name), day, end)

    # -- reminders ----------------------------------------------------------------------------

    @api.model
    def _client_desk_due_reminders(self, now=None):
        """Live appointments starting within the reminder delay that had no reminder yet."""
        now = now or datetime.utcnow()
        horizon = now + timedelta(hours=self._client_desk_param("reminder_hours"))
        return self.sudo().search([
            ("client_desk_state", "=", "confirmed"),
            ("client_desk_reminder_state", "=", False),
            ("start", ">", fields.Datetime.to_string(now)),
            ("start", "<=", fields.Datetime.to_string(horizon)),
        ])

    @api.model
    def _cron_client_desk_reminders(self, now=None):
        """Sends due reminders (SMS to clients with a mobile, else e-mail) and falls back to
        e-mail for reminder SMS that failed. A reminder that falls in the client's quiet hours
        is held until they end (client_desk_reminder_after: when it is due, for staff to see) and
        goes at the first run out of them (quiet hours are checked again at each run, so a client
        who changed time zone meanwhile is not held by the old one)."""
        now = now or datetime.utcnow()
        for event in self._client_desk_due_reminders(now):
            if event._client_desk_quiet_now(now):
                held_until = event._client_desk_quiet_end(now)
                event.write({"client_desk_reminder_after": fields.Datetime.to_string(held_until)})
            else:
                event._client_desk_send_reminder()
        self._client_desk_reminder_fallbacks()
        return True

    @api.multi
    def _client_desk_send_reminder(self):
        self.ensure_one()
        partner = self.client_desk_partner_id
        if partner.mobile and not partner.client_desk_sms_opt_out:
            try:
                sms = self.env["client.desk.sms"].sudo().client_desk_queue(
                    partner, self._client_desk_reminder_sms_text(), record=self)
            except UserError as error:
                _logger.info("No reminder SMS for appointment %s: %s", self.id, error.name)
                sms = self.env["client.desk.sms"]
            if sms and sms.state not in ("cancelled", "failed"):
                self.write({"client_desk_reminder_state": "sms", "client_desk_reminder_sms_id": sms.id,
                            "client_desk_reminder_note": False})
                return "sms"
        return self._client_desk_send_reminder_email()

    @api.multi
    def _client_desk_send_reminder_email(self):
        mails = self._client_desk_notify("client_desk_agenda.mail_template_appointment_reminder", ics=False)
        if mails:
            self.write({"client_desk_reminder_state": "email"})
            return "email"
        self.write({"client_desk_reminder_state": "failed",
                    "client_desk_reminder_note": _("No mobile number for SMS and no usable e-mail address.")})
        return "failed"

    @api.multi
    def _client_desk_reminder_sms_text(self):
        self.ensure_one()
        company = self.env.user.company_id
        return _("Reminder: %(service)s at %(company)s on %(when)s.") % {
            "service": self.client_desk_service_id.name or self.name,
            "company": company.name,
            "when": self.client_desk_when_text(),
        }

    @api.model
    def _client_desk_reminder_fallbacks(self):
        """Reminder SMS that failed or were cancelled: e-mail instead; sent ones noted."""
        events = self.sudo().search([("client_desk_reminder_state", "=", "sms")])
        for event in events:
            sms = event.client_desk_reminder_sms_id
            if sms.state == "sent":
                event.write({"client_desk_reminder_state": "sms_sent"})
            elif sms.state in ("failed", "cancelled"):
                event.write({"client_desk_reminder_note": _("SMS not delivered (%s); reminded by e-mail.") % (
                    sms.failure_reason or sms.state)})
                event._client_desk_send_reminder_email()

    # -- thank-you ----------------------------------------------------------------------------

    @api.model
    def _cron_client_desk_followups(self, now=None):
        """After the configured delay, done appointments get a thank-you with a booking link."""
        now = now or datetime.utcnow()
        until = now - timedelta(hours=self._client_desk_param("followup_hours"))
        events = self.sudo().search([
            ("client_desk_state", "=", "done"),
            ("client_desk_followup_sent", "=", False),
            ("client_desk_done_date", "<=", fields.Datetime.to_string(until)),
        ])
        for event in events:
            if event._client_desk_quiet_now(now):
                continue
            if event._client_desk_notify("client_desk_agenda.mail_template_appointment_thanks"):
                # The thank-you is part of the client's story like every other mail of ours.
                event._client_desk_post("message_out", _("Thank-you sent: %s") % event._client_desk_summary())
            event.write({"client_desk_followup_sent": True})
        return True
