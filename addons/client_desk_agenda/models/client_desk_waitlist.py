"""The waitlist: clients waiting for a full day, offered the slots that free up.

A freed slot (cancellation, move, time off removed...) is offered to the waiting clients of
that day, a few at a time, each offer held for the hold time (the slot is then not bookable by
others). The first to claim books it through the ordinary online booking path, so the
no-overlap constraint decides a race; the others are told and get the next offer. An offer
that expires unanswered goes to the next waiting client; its client waits again, behind.
"""
import logging
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..tools.slots import utc_to_local

_logger = logging.getLogger(__name__)

PARAM = "client_desk_agenda."
WAITLIST_DEFAULTS = {"waitlist_hold_minutes": 120, "waitlist_offers_per_slot": 3}
OPEN_STATES = ("waiting", "offered")


class ClientDeskWaitlist(models.Model):
    _name = "client.desk.waitlist"
    _inherit = ["client.desk.portal.mixin"]
    _description = "Waitlist entry"
    _order = "day, missed_count, id"

    partner_id = fields.Many2one(
        "res.partner", "Client", required=True, index=True, ondelete="cascade",
        domain=[("client_desk_is_client", "=", True)],
    )
    service_id = fields.Many2one("client.desk.service", "Service", required=True, ondelete="cascade")
    staff_id = fields.Many2one("res.users", "Staff member", ondelete="cascade",
                               help="Empty: anyone who performs the service.")
    day = fields.Date(required=True, index=True)
    state = fields.Selection([
        ("waiting", "Waiting"),
        ("offered", "Slot offered"),
        ("booked", "Booked"),
        ("left", "Left the waitlist"),
        ("expired", "Day passed"),
    ], "Status", default="waiting", required=True, index=True)
    source = fields.Selection([("backend", "Staff"), ("online", "Online booking")], "Added by",
                              default="backend", readonly=True)
    note = fields.Char()
    offer_start = fields.Datetime("Offered time", readonly=True, copy=False)
    offer_staff_id = fields.Many2one("res.users", "Offered with", readonly=True, copy=False, index=True)
    offer_expiry = fields.Datetime("Offer held until", readonly=True, copy=False)
    hold_start = fields.Datetime("Held from", readonly=True, copy=False)
    hold_stop = fields.Datetime("Held until", readonly=True, copy=False)
    missed_count = fields.Integer("Offers missed", readonly=True, copy=False,
                                  help="Offers that expired or were taken by another client: later offers go first "
                                       "to those who missed fewer.")
    event_id = fields.Many2one("calendar.event", "Appointment", readonly=True, copy=False, ondelete="set null")
    company_id = fields.Many2one("res.company", "Company", default=lambda self: self.env.user.company_id)

    # -- parameters and display ---------------------------------------------------------------

    @api.model
    def _client_desk_waitlist_param(self, name):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM + name)
        try:
            return max(1, int(value)) if value not in (None, False, "") else WAITLIST_DEFAULTS[name]
        except ValueError:
            return WAITLIST_DEFAULTS[name]

    @api.model
    def _client_desk_token_validity_days(self):
        return 90

    @api.multi
    def _client_desk_portal_owner(self):
        self.ensure_one()
        return self.sudo().partner_id.commercial_partner_id

    @api.model
    def _client_desk_business_tz(self):
        return self.env["client.desk.service"]._client_desk_business_tz()

    @api.multi
    def client_desk_offer_text(self):
        """The offered time as local text ("07/01/2030 10:00 (Europe/Brussels)")."""
        self.ensure_one()
        if not self.offer_start:
            return ""
        tz_name = self._client_desk_business_tz()
        moment = utc_to_local(tz_name, fields.Datetime.from_string(self.offer_start))
        return "%s (%s)" % (moment.strftime("%d/%m/%Y %H:%M"), tz_name)

    @api.multi
    def client_desk_day_text(self):
        self.ensure_one()
        return fields.Date.from_string(self.day).strftime("%d/%m/%Y")

    @api.multi
    def client_desk_portal_url(self):
        """The entry's page (claim or leave), by token: for e-mails and SMS."""
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        return "%s/my/waitlist/%s?access_token=%s" % (base, self.id, self._client_desk_access_token())

    # -- joining ------------------------------------------------------------------------------

    @api.constrains("day")
    def _check_day(self):
        today = self._client_desk_today()
        for entry in self:
            if entry.state in OPEN_STATES and fields.Date.from_string(entry.day) < today:
                raise ValidationError(_("This day is in the past: the waitlist is for days to come."))

    @api.constrains("service_id", "staff_id")
    def _check_staff(self):
        for entry in self:
            if entry.staff_id and entry.staff_id not in entry.service_id.sudo()._client_desk_staff():
                raise ValidationError(_("This staff member does not perform this service."))

    @api.model
    def _client_desk_today(self, now=None):
        return utc_to_local(self._client_desk_business_tz(), now or datetime.utcnow()).date()

    @api.model
    def create(self, vals):
        entry = super().create(vals)
        author = entry.partner_id if entry.source == "online" else None
        entry._client_desk_post("waitlist_joined", _("Joined the waitlist for %(service)s on %(day)s") % {
            "service": entry.service_id.name, "day": entry.client_desk_day_text()}, author=author)
        # A slot may be free already (staff add someone to a day that has room).
        entry._client_desk_offer_free_slots()
        return entry

    @api.model
    def client_desk_join(self, partner_id, service_id, day, staff_id=False, source="backend"):
        """Puts a client (id) on the waitlist of a service (id) for a day (YYYY-MM-DD), with a
        staff member (id) or anyone (False); the open entry they already have is returned
        instead of a second one. Returns the entry's id."""
        entries = self.sudo() if source == "online" else self
        existing = entries.search([
            ("partner_id", "=", partner_id), ("service_id", "=", service_id), ("day", "=", day),
            ("staff_id", "=", staff_id or False), ("state", "in", OPEN_STATES)], limit=1)
        if existing:
            return existing.id
        return entries.create({
            "partner_id": partner_id, "service_id": service_id, "day": day,
            "staff_id": staff_id or False, "source": source,
        }).id

    @api.multi
    def _client_desk_post(self, kind, text, author=None):
        for entry in self:
            entry.partner_id._client_desk_event(kind, "<p>%s</p>" % html_escape(text), record=entry, author=author)

    # -- leaving ------------------------------------------------------------------------------

    @api.multi
    def client_desk_leave(self, by_client=False):
        """Takes the entries off the waitlist; a held slot goes to the next client."""
        entries = self.filtered(lambda entry: entry.state in OPEN_STATES)
        days = entries.filtered(lambda entry: entry.state == "offered").mapped("day")
        entries.write({"state": "left", "hold_start": False, "hold_stop": False, "offer_expiry": False})
        for entry in entries:
            author = entry.partner_id if by_client else None
            entry._client_desk_post("waitlist_left", _("Left the waitlist for %(service)s on %(day)s") % {
                "service": entry.service_id.name, "day": entry.client_desk_day_text()}, author=author)
        if days:
            self.sudo()._client_desk_offer_days(days)
        return True

    @api.multi
    def action_client_desk_leave(self):
        return self.client_desk_leave()

    # -- offering -----------------------------------------------------------------------------

    @api.model
    def _client_desk_slot_freed(self, days):
        """Called when time frees up on these local days (dates): offers it to those waiting."""
        if days:
            self.sudo()._client_desk_offer_days(list(days))

    @api.model
    def _client_desk_offer_days(self, days, now=None):
        waiting = self.sudo().search([("state", "=", "waiting"), ("day", "in", [
            fields.Date.to_string(day) if not isinstance(day, str) else day for day in days])])
        waiting._client_desk_offer_free_slots(now)

    @api.multi
    def _client_desk_offer_free_slots(self, now=None):
        """Offers each waiting entry (fewest missed offers first, then first come) a free slot
        of its day, when there is one with fewer open offers than allowed per slot."""
        now = now or datetime.utcnow()
        per_slot = self._client_desk_waitlist_param("waitlist_offers_per_slot")
        for entry in self.sudo().sorted(lambda entry: (entry.day, entry.missed_count, entry.id)):
            if entry.state != "waiting" or fields.Date.from_string(entry.day) < self._client_desk_today(now):
                continue
            slot = entry._client_desk_pick_slot(per_slot)
            if slot:
                entry._client_desk_make_offer(slot, now)

    @api.multi
    def _client_desk_pick_slot(self, per_slot):
        """The first free slot of the entry's day (held offers ignored) that fewer than per_slot
        clients hold: {"start", "staff_id"}, or None."""
        self.ensure_one()
        service = self.service_id.with_context(client_desk_ignore_holds=True)
        try:
            slots = service.client_desk_slots(self.staff_id.id or False, self.day)
        except UserError:
            return None
        for slot in slots:
            # Not the slot this client let expire or lost: the next one.
            if slot["start"] == self.offer_start and slot["staff_id"] == self.offer_staff_id.id:
                continue
            holders = self.search_count([
                ("state", "=", "offered"), ("offer_start", "=", slot["start"]),
                ("offer_staff_id", "=", slot["staff_id"])])
            if holders < per_slot:
                return slot
        return None

    @api.multi
    def _client_desk_make_offer(self, slot, now):
        self.ensure_one()
        service = self.service_id
        start = fields.Datetime.from_string(slot["start"])
        hold = timedelta(minutes=self._client_desk_waitlist_param("waitlist_hold_minutes"))
        self.write({
            "state": "offered",
            "offer_start": slot["start"],
            "offer_staff_id": slot["staff_id"],
            "offer_expiry": fields.Datetime.to_string(now + hold),
            "hold_start": fields.Datetime.to_string(start - timedelta(minutes=service.buffer_before or 0)),
            "hold_stop": fields.Datetime.to_string(
                start + timedelta(minutes=service.duration_minutes + (service.buffer_after or 0))),
        })
        self._client_desk_post("waitlist_offered", _("Offered %(service)s on %(when)s from the waitlist") % {
            "service": service.name, "when": self.client_desk_offer_text()})
        self._client_desk_send("client_desk_agenda.mail_template_waitlist_offer", sms=True)

    @api.multi
    def _client_desk_send(self, template_xmlid, sms=False):
        """E-mails the client (and texts them when sms and they have a mobile), in their language."""
        self.ensure_one()
        if self.env.context.get("install_mode") or self.env.context.get("client_desk_no_mail"):
            return
        partner = self.partner_id
        lang = partner.lang or self.env.lang
        if partner.email and not partner.client_desk_email_blocked:
            self.env.ref(template_xmlid).sudo().with_context(lang=lang).send_mail(self.id)
        if sms and partner.mobile and not partner.client_desk_sms_opt_out:
            try:
                self.env["client.desk.sms"].sudo().client_desk_queue(
                    partner, self.with_context(lang=lang)._client_desk_offer_sms_text(), record=self)
            except UserError as error:
                _logger.info("No waitlist SMS for entry %s: %s", self.id, error.name)

    @api.multi
    def _client_desk_offer_sms_text(self):
        self.ensure_one()
        return _("%(company)s: %(service)s is free on %(when)s. Held for you until %(until)s; claim it: %(url)s") % {
            "company": self.env.user.company_id.name,
            "service": self.service_id.name,
            "when": self.client_desk_offer_text(),
            "until": utc_to_local(self._client_desk_business_tz(),
                                  fields.Datetime.from_string(self.offer_expiry)).strftime("%H:%M"),
            "url": self.client_desk_portal_url(),
        }

    # -- claiming -----------------------------------------------------------------------------

    @api.multi
    def client_desk_claim(self, start=None, now=None):
        """The client claims the offered slot (start: the UTC string the offer showed them).
        Returns {"ok": True, "event_id": id} or {"ok": False, "message": text} when the offer
        expired, changed or the slot was taken (the client then gets the next offer)."""
        self.ensure_one()
        now = now or datetime.utcnow()
        if self.state != "offered" or (start and start != self.offer_start):
            return {"ok": False, "message": self._client_desk_claim_refusal()}
        if fields.Datetime.from_string(self.offer_expiry) <= now:
            self._client_desk_expire(now)
            return {"ok": False, "message": _("This offer has expired: the time was offered to the next client. "
                                              "You stay on the waitlist.")}
        service = self.service_id.sudo().with_context(client_desk_claim_hold=self.offer_start)
        try:
            with self.env.cr.savepoint():
                event = service._client_desk_book_online(self.offer_staff_id.id, self.offer_start, self.partner_id)
        except (UserError, ValidationError):
            self._client_desk_lost([self])
            self._client_desk_offer_free_slots(now)
            return {"ok": False, "message": _("Another client claimed this time just before you. You stay on the "
                                              "waitlist; we offer you the next free time.")}
        start, staff = self.offer_start, self.offer_staff_id
        self.write({"state": "booked", "event_id": event.id, "hold_start": False, "hold_stop": False,
                    "offer_expiry": False})
        self._client_desk_post("waitlist_claimed", _("Claimed %(service)s on %(when)s from the waitlist") % {
            "service": self.service_id.name, "when": self.client_desk_offer_text()}, author=self.partner_id)
        others = self.search([("state", "=", "offered"), ("offer_start", "=", start),
                              ("offer_staff_id", "=", staff.id)])
        self._client_desk_lost(others, notify=True)
        others._client_desk_offer_free_slots(now)
        return {"ok": True, "event_id": event.id}

    @api.multi
    def _client_desk_claim_refusal(self):
        if self.state == "booked":
            return _("You already booked this time.")
        if self.state == "offered":
            return _("This time was taken by another client. We offer you the next free time: %s") % (
                self.client_desk_offer_text())
        return _("There is no open offer for you at the moment. You will hear from us when a time frees up.")

    @api.model
    def _client_desk_lost(self, entries, notify=False):
        """Offers that lost their slot to another client: back to waiting, behind."""
        for entry in entries:
            entry.write({"state": "waiting", "missed_count": entry.missed_count + 1, "hold_start": False,
                         "hold_stop": False, "offer_expiry": False})
            if notify:
                entry._client_desk_send("client_desk_agenda.mail_template_waitlist_taken")

    @api.multi
    def _client_desk_expire(self, now):
        """Offers past their hold time: their slot goes to the next waiting client."""
        days = self.mapped("day")
        for entry in self:
            entry.write({"state": "waiting", "missed_count": entry.missed_count + 1, "hold_start": False,
                         "hold_stop": False, "offer_expiry": False})
        self._client_desk_offer_days(days, now)

    @api.model
    def _cron_client_desk_waitlist(self, now=None):
        """Expires offers past their hold time, closes entries of past days, offers free slots."""
        now = now or datetime.utcnow()
        entries = self.sudo()
        entries.search([("state", "in", OPEN_STATES),
                        ("day", "<", fields.Date.to_string(self._client_desk_today(now)))]).write(
            {"state": "expired", "hold_start": False, "hold_stop": False, "offer_expiry": False})
        entries.search([("state", "=", "offered"),
                        ("offer_expiry", "<=", fields.Datetime.to_string(now))])._client_desk_expire(now)
        entries.search([("state", "=", "waiting")])._client_desk_offer_free_slots(now)
        return True
