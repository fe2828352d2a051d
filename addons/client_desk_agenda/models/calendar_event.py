import logging
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from odoo.addons.client_desk.tools.access import require_staff

from ..tools.slots import utc_to_local

_logger = logging.getLogger(__name__)

STATES = [
    ("requested", "Requested"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
    ("done", "Done"),
    ("no_show", "No-show"),
]
LIVE_STATES = ("requested", "confirmed")

EXCLUSION_VIOLATION = "23P01"
# Advisory lock space of "booking a staff member": concurrent bookings of one staff member
# queue there, so the loser meets the winner's committed row (a clean 23P01) instead of a
# deadlock between two uncommitted rows (create inserts, then updates its own row).
STAFF_LOCK = 80108
CONSTRAINT = "calendar_event_client_desk_no_overlap"
# Live appointments of one staff member never overlap, buffers included (SECURITY: double
# booking). Made in init(), not _sql_constraints: Odoo 11 drops and re-adds those on every
# update and only logs a warning when re-adding fails.
CONSTRAINT_SQL = """
    ALTER TABLE calendar_event ADD CONSTRAINT calendar_event_client_desk_no_overlap
    EXCLUDE USING gist (
        client_desk_staff_id WITH =,
        tsrange(client_desk_block_start, client_desk_block_stop, '[)') WITH &&
    ) WHERE (
        client_desk_staff_id IS NOT NULL AND client_desk_block_start IS NOT NULL
        AND client_desk_block_stop IS NOT NULL AND active
        AND client_desk_state IN ('requested', 'confirmed')
        AND NOT COALESCE(client_desk_allow_overlap, FALSE)
    )
"""


def state_labels(env):
    """The translated labels of the appointment states."""
    return env["calendar.event"]._fields["client_desk_state"]._description_selection(env)


class CalendarEvent(models.Model):
    """An appointment: a calendar event with a client, a service and a staff member."""

    _name = "calendar.event"
    _inherit = ["calendar.event", "client.desk.portal.mixin"]

    client_desk_partner_id = fields.Many2one(
        "res.partner", "Client", index=True, ondelete="restrict", domain=[("client_desk_is_client", "=", True)]
    )
    client_desk_service_id = fields.Many2one("client.desk.service", "Service", index=True, ondelete="restrict")
    client_desk_staff_id = fields.Many2one("res.users", "Staff member", index=True, ondelete="restrict")
    client_desk_state = fields.Selection(STATES, "Appointment status", index=True, track_visibility="onchange")
    client_desk_source = fields.Selection(
        [("backend", "Staff"), ("online", "Online booking")], "Booked by", default="backend", readonly=True
    )
    client_desk_allow_overlap = fields.Boolean(
        "Allow overlap", groups="client_desk.group_client_desk_user",
        help="Book this appointment even though the staff member already has one at this time.",
    )
    client_desk_block_start = fields.Datetime(
        "Blocked from", compute="_compute_client_desk_block", store=True,
        help="Start minus the service's buffer before: the staff member is busy from then.",
    )
    client_desk_block_stop = fields.Datetime("Blocked until", compute="_compute_client_desk_block", store=True)
    client_desk_currency_id = fields.Many2one(
        "res.currency", related="client_desk_service_id.currency_id", readonly=True
    )
    client_desk_price = fields.Monetary("Price", currency_field="client_desk_currency_id")
    client_desk_cancel_reason = fields.Text("Cancellation reason")
    client_desk_proposed_start = fields.Datetime("Proposed start", copy=False)
    client_desk_proposed_stop = fields.Datetime("Proposed end", copy=False)
    client_desk_reminder_state = fields.Selection(
        [("email", "E-mail sent"), ("sms", "SMS queued"), ("sms_sent", "SMS sent"), ("failed", "Not delivered")],
        "Reminder", copy=False, readonly=True,
    )
    client_desk_reminder_sms_id = fields.Many2one("client.desk.sms", "Reminder SMS", copy=False, readonly=True)
    client_desk_reminder_note = fields.Char("Reminder status", copy=False, readonly=True)
    client_desk_followup_sent = fields.Boolean("Thank-you sent", copy=False, readonly=True)
    client_desk_done_date = fields.Datetime("Done on", copy=False, readonly=True)
    client_desk_treatment_ids = fields.One2many(
        "client.desk.treatment", "event_id", "Treatment records", groups="client_desk.group_client_desk_user"
    )
    client_desk_last_treatment_id = fields.Many2one(
        "client.desk.treatment", "Last treatment", compute="_compute_client_desk_last_treatment",
        groups="client_desk.group_client_desk_user",
    )

    # -- computed fields ----------------------------------------------------------------------

    @api.depends("start", "stop", "allday", "client_desk_staff_id", "client_desk_service_id.buffer_before",
                 "client_desk_service_id.buffer_after")
    def _compute_client_desk_block(self):
        for event in self:
            if not event.client_desk_staff_id or event.allday or not event.start or not event.stop:
                event.client_desk_block_start = event.client_desk_block_stop = False
                continue
            service = event.client_desk_service_id
            start = fields.Datetime.from_string(event.start) - timedelta(minutes=service.buffer_before or 0)
            stop = fields.Datetime.from_string(event.stop) + timedelta(minutes=service.buffer_after or 0)
            event.client_desk_block_start = fields.Datetime.to_string(start)
            event.client_desk_block_stop = fields.Datetime.to_string(stop)

    @api.depends("client_desk_partner_id")
    def _compute_client_desk_last_treatment(self):
        treatments = self.env["client.desk.treatment"]
        for event in self:
            partner = event.client_desk_partner_id
            domain = [("partner_id", "=", partner.id)]
            if isinstance(event.id, int):
                domain.append(("event_id", "!=", event.id))
            event.client_desk_last_treatment_id = treatments.search(domain, limit=1) if partner else False

    # -- the exclusion constraint -------------------------------------------------------------

    @api.model_cr
    def init(self):
        result = super().init()
        self._client_desk_ensure_no_overlap_constraint()
        # Free slots read a staff member's blocked time in a date range.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS calendar_event_client_desk_staff_block_idx"
            " ON calendar_event (client_desk_staff_id, client_desk_block_start)"
        )
        return result

    @api.model
    def _client_desk_ensure_no_overlap_constraint(self):
        """Creates btree_gist and the no-overlap constraint when missing (install and every
        update). Returns True when it had to create the constraint."""
        cr = self.env.cr
        cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", (CONSTRAINT,))
        if cr.fetchone():
            return False
        cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")
        if not cr.fetchone():
            cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            # Remembered so that uninstalling drops only what this module created.
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value, create_date, write_date)"
                " VALUES ('client_desk_agenda.created_btree_gist', '1', now(), now())"
                " ON CONFLICT (key) DO NOTHING"
            )
        try:
            with cr.savepoint():
                cr.execute(CONSTRAINT_SQL)
        except IntegrityError:
            _logger.error("Live appointments overlap: the no-double-booking constraint could not be made; "
                          "cancel or move the overlapping appointments and update the module.")
            return False
        return True

    @api.model
    def _client_desk_lock_staff(self, staff_ids):
        """Waits for the other transactions booking these staff members (ids; in id order, so
        two transactions never wait on each other), until this transaction ends."""
        for staff_id in sorted({staff_id for staff_id in staff_ids if staff_id}):
            self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", (STAFF_LOCK, staff_id))

    @api.model
    def _client_desk_slot_taken_error(self):
        return ValidationError(_(
            "This slot was just taken: the staff member already has an appointment at this time "
            "(preparation and cleaning time included). Please choose another time."
        ))

    # -- ORM --------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        vals = dict(vals)
        appointment = bool(vals.get("client_desk_partner_id"))
        if appointment:
            self._client_desk_prepare_create(vals)
        self._client_desk_lock_staff([vals.get("client_desk_staff_id")])
        try:
            with self.env.cr.savepoint():
                event = super(CalendarEvent, self.with_context(no_mail_to_attendees=True)
                              if appointment else self).create(vals)
        except IntegrityError as error:
            if error.pgcode == EXCLUSION_VIOLATION:
                raise self._client_desk_slot_taken_error()
            raise
        event = self.browse(event.id)
        if appointment:
            event._client_desk_created()
        return event

    @api.multi
    def write(self, vals):
        moved = self.browse()
        if "start" in vals or "stop" in vals:
            moved = self.filtered(lambda event: event.client_desk_partner_id and event.client_desk_state in LIVE_STATES)
        old_starts = {event.id: event.start for event in moved}
        freed = self._client_desk_freeing_days(vals)
        if {"start", "stop", "client_desk_staff_id", "client_desk_state", "active", "client_desk_allow_overlap",
                "client_desk_service_id"} & set(vals):
            self._client_desk_lock_staff(self.mapped("client_desk_staff_id").ids + [vals.get("client_desk_staff_id")])
        try:
            with self.env.cr.savepoint():
                result = super(CalendarEvent, self.with_context(no_mail_to_attendees=True)).write(vals)
        except IntegrityError as error:
            if error.pgcode == EXCLUSION_VIOLATION:
                raise self._client_desk_slot_taken_error()
            raise
        for event in moved:
            if event.start != old_starts[event.id] and not self.env.context.get("client_desk_no_event"):
                event._client_desk_rescheduled(old_starts[event.id])
        if freed:
            self.env["client.desk.waitlist"]._client_desk_slot_freed(freed)
        return result

    @api.multi
    def unlink(self):
        freed = self._client_desk_freeing_days({"active": False})
        result = super().unlink()
        if freed:
            self.env["client.desk.waitlist"]._client_desk_slot_freed(freed)
        return result

    @api.multi
    def _client_desk_freeing_days(self, vals):
        """The local days (dates) on which writing vals frees a staff member's time: live
        appointments cancelled, archived, moved or given to someone else (waitlist offers)."""
        frees = (
            {"start", "stop", "client_desk_staff_id", "client_desk_service_id"} & set(vals)
            or vals.get("client_desk_state", "confirmed") not in LIVE_STATES
            or ("active" in vals and not vals["active"])
        )
        if not frees:
            return set()
        tz_name = self._client_desk_business_tz()
        return {
            utc_to_local(tz_name, fields.Datetime.from_string(event.start)).date()
            for event in self
            # Virtual recurrences (string ids) are not appointments.
            if isinstance(event.id, int) and event.client_desk_staff_id and event.client_desk_state in LIVE_STATES
            and event.start
        }

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        # calendar's read() asks for every field when given none, staff-only ones included:
        # a portal client reading their appointment would get an AccessError.
        if not fields:
            fields = [name for name, field in self._fields.items()
                      if not field.groups or self.user_has_groups(field.groups)]
        return super().read(fields, load=load)

    @api.model
    def _client_desk_prepare_create(self, vals):
        """Fills an appointment's defaults: state, name, end and price from the service,
        client and staff member as attendees."""
        partner = self.env["res.partner"].browse(vals["client_desk_partner_id"])
        service = self.env["client.desk.service"].browse(vals.get("client_desk_service_id"))
        staff = self.env["res.users"].browse(vals.get("client_desk_staff_id"))
        vals.setdefault("client_desk_state", "confirmed")
        if not vals.get("name"):
            vals["name"] = " – ".join(filter(None, [service.name, partner.name]))
        if service and vals.get("start") and not vals.get("stop"):
            start = fields.Datetime.from_string(vals["start"])
            vals["stop"] = fields.Datetime.to_string(start + timedelta(minutes=service.duration_minutes))
        if service and "client_desk_price" not in vals:
            vals["client_desk_price"] = service.price
        if service and not vals.get("location"):
            vals["location"] = service._client_desk_location_label()
        if staff:
            vals.setdefault("user_id", staff.id)
        attendees = (partner | staff.partner_id).ids
        vals["partner_ids"] = [(4, partner_id) for partner_id in attendees] + list(vals.get("partner_ids") or [])

    @api.onchange("client_desk_service_id")
    def _onchange_client_desk_service_id(self):
        service = self.client_desk_service_id
        if not service:
            return
        self.duration = service.duration_minutes / 60.0
        self.client_desk_price = service.price
        self.location = service._client_desk_location_label()
        if self.start_datetime:
            start = fields.Datetime.from_string(self.start_datetime)
            self.stop = fields.Datetime.to_string(start + timedelta(minutes=service.duration_minutes))
        if not self.client_desk_staff_id and len(service.staff_ids) == 1:
            self.client_desk_staff_id = service.staff_ids

    @api.onchange("client_desk_partner_id", "client_desk_staff_id", "client_desk_service_id")
    def _onchange_client_desk_name(self):
        if self.client_desk_partner_id:
            self.name = " – ".join(filter(None, [self.client_desk_service_id.name, self.client_desk_partner_id.name]))
            self.partner_ids |= self.client_desk_partner_id
        if self.client_desk_staff_id:
            self.user_id = self.client_desk_staff_id
            self.partner_ids |= self.client_desk_staff_id.partner_id

    @api.onchange("start_datetime", "stop", "duration", "client_desk_staff_id", "client_desk_allow_overlap")
    def _onchange_client_desk_overlap(self):
        """Warns staff when the staff member is already busy then (they may book anyway by
        ticking Allow overlap; online booking never can)."""
        if not self.client_desk_staff_id or self.client_desk_allow_overlap or not self.start or not self.stop:
            return None
        others = self._client_desk_overlapping()
        if not others:
            return None
        return {"warning": {
            "title": _("Double booking"),
            "message": _("%(staff)s already has an appointment then: %(other)s. Tick \"Allow overlap\" to book "
                         "both knowingly.") % {"staff": self.client_desk_staff_id.name, "other": others[0].name},
        }}

    @api.multi
    def _client_desk_overlapping(self):
        """Live appointments of the same staff member whose blocked time overlaps this one's."""
        self.ensure_one()
        service = self.client_desk_service_id
        start = fields.Datetime.from_string(self.start) - timedelta(minutes=service.buffer_before or 0)
        stop = fields.Datetime.from_string(self.stop) + timedelta(minutes=service.buffer_after or 0)
        domain = [
            ("client_desk_staff_id", "=", self.client_desk_staff_id.id),
            ("client_desk_state", "in", LIVE_STATES),
            ("client_desk_block_start", "<", fields.Datetime.to_string(stop)),
            ("client_desk_block_stop", ">", fields.Datetime.to_string(start)),
        ]
        if isinstance(self.id, int):
            domain.append(("id", "!=", self.id))
        elif getattr(self, "_origin", None) and self._origin.id:
            domain.append(("id", "!=", self._origin.id))
        return self.sudo().search(domain, limit=1)

    # -- display helpers ----------------------------------------------------------------------

    @api.model
    def _client_desk_business_tz(self):
        return self.env.user.company_id.partner_id.tz or "Europe/Brussels"

    @api.multi
    def client_desk_when_text(self, tz_name=None, start=None):
        """The appointment's start as local wall-clock text ("Fri 14/12/2018 14:30 (Europe/Brussels)")."""
        self.ensure_one()
        tz_name = tz_name or self.client_desk_partner_id.tz or self._client_desk_business_tz()
        moment = utc_to_local(tz_name, fields.Datetime.from_string(start or self.start))
        return "%s %s (%s)" % (moment.strftime("%d/%m/%Y"), moment.strftime("%H:%M"), tz_name)

    # -- what happens to an appointment (each posts its conversation event) --------------------

    @api.multi
    def _client_desk_post(self, kind, text, author=None):
        """Posts kind with text (plain, escaped) on the client's conversation, about self."""
        for event in self:
            body = "<p>%s</p>" % html_escape(text)
            event.client_desk_partner_id._client_desk_event(kind, body, record=event, author=author)

    @api.multi
    def _client_desk_summary(self):
        self.ensure_one()
        return "%s, %s" % (self.client_desk_service_id.name or self.name, self.client_desk_when_text(
            self._client_desk_business_tz()))

    @api.multi
    def _client_desk_created(self):
        for event in self:
            # Booked online: the client did it, as their conversation shows.
            author = event.client_desk_partner_id if event.client_desk_source == "online" else None
            if event.client_desk_state == "requested":
                text = _("Appointment requested: %s") % event._client_desk_summary()
                event._client_desk_post("appointment_requested", text, author=author)
                event._client_desk_notify("client_desk_agenda.mail_template_appointment_requested")
            elif event.client_desk_state == "confirmed":
                text = _("Appointment scheduled: %s") % event._client_desk_summary()
                event._client_desk_post("appointment_scheduled", text, author=author)
                event._client_desk_notify("client_desk_agenda.mail_template_appointment_confirmed", ics=True)

    @api.multi
    def _client_desk_rescheduled(self, old_start):
        self.ensure_one()
        self.write({"client_desk_reminder_state": False, "client_desk_reminder_note": False,
                    "client_desk_reminder_after": False})
        self._client_desk_post("appointment_rescheduled", _("Appointment moved from %(old)s to %(new)s") % {
            "old": self.client_desk_when_text(self._client_desk_business_tz(), old_start),
            "new": self._client_desk_summary(),
        })
        self._client_desk_notify("client_desk_agenda.mail_template_appointment_confirmed", ics=True)

    @api.multi
    def _client_desk_check_appointment(self, states):
        for event in self:
            if not event.client_desk_partner_id:
                raise UserError(_("%s is not a client appointment.") % event.name)
            if event.client_desk_state not in states:
                raise UserError(_("The appointment \"%(name)s\" is %(state)s: this cannot be done now.") % {
                    "name": event.name,
                    "state": dict(state_labels(self.env))[event.client_desk_state],
                })

    @api.multi
    def action_client_desk_confirm(self):
        """Confirms requested appointments; the client gets the confirmation with the .ics."""
        require_staff(self.env)
        self._client_desk_check_appointment(("requested",))
        self.write({"client_desk_state": "confirmed"})
        for event in self:
            text = _("Appointment confirmed: %s") % event._client_desk_summary()
            event._client_desk_post("appointment_scheduled", text)
            event._client_desk_notify("client_desk_agenda.mail_template_appointment_confirmed", ics=True)
        return True

    @api.multi
    def client_desk_cancel(self, reason, by_client=False):
        """Cancels with a reason (required from staff); the client is told. Frees the slot."""
        reason = (reason or "").strip()
        if not reason and not by_client:
            raise UserError(_("Give a reason: the client receives it."))
        self._client_desk_check_appointment(LIVE_STATES)
        self.write({"client_desk_state": "cancelled", "client_desk_cancel_reason": reason or False})
        for event in self:
            author = event.client_desk_partner_id if by_client else None
            text = _("Appointment cancelled: %s") % event._client_desk_summary()
            if reason:
                text += " — " + reason
            event._client_desk_post("appointment_cancelled", text, author=author)
            event._client_desk_notify("client_desk_agenda.mail_template_appointment_cancelled", ics=True)
        return True

    @api.multi
    def action_client_desk_done(self):
        """Marks done; opens a new treatment record for it (the thank-you follows later)."""
        require_staff(self.env)
        self._client_desk_check_appointment(("confirmed", "requested"))
        self.write({"client_desk_state": "done", "client_desk_done_date": fields.Datetime.now()})
        for event in self:
            event._client_desk_post("appointment_done", _("Appointment done: %s") % event._client_desk_summary())
        if len(self) == 1:
            return self.action_client_desk_new_treatment()
        return True

    @api.multi
    def action_client_desk_no_show(self):
        require_staff(self.env)
        self._client_desk_check_appointment(LIVE_STATES)
        self.write({"client_desk_state": "no_show"})
        for event in self:
            event._client_desk_post("appointment_no_show", _("Did not show up: %s") % event._client_desk_summary())
        return True

    @api.multi
    def client_desk_propose(self, start):
        """Proposes a new start (UTC string) to the client, who accepts or declines by e-mail
        link or on the portal; the appointment stays where it is until they accept."""
        require_staff(self.env)
        self.ensure_one()
        self._client_desk_check_appointment(LIVE_STATES)
        start = fields.Datetime.from_string(start)
        if not start or start <= fields.Datetime.from_string(fields.Datetime.now()):
            raise UserError(_("Propose a time in the future."))
        length = fields.Datetime.from_string(self.stop) - fields.Datetime.from_string(self.start)
        self.write({
            "client_desk_proposed_start": fields.Datetime.to_string(start),
            "client_desk_proposed_stop": fields.Datetime.to_string(start + length),
        })
        self._client_desk_post("appointment_proposed", _("New time proposed: %s") % self.client_desk_when_text(
            self._client_desk_business_tz(), self.client_desk_proposed_start))
        self._client_desk_notify("client_desk_agenda.mail_template_appointment_proposal")
        return True

    @api.multi
    def client_desk_answer_proposal(self, accept):
        """The client's answer to a proposed time: accepting moves the appointment there
        (ValidationError when the slot was taken meanwhile), declining keeps it."""
        self.ensure_one()
        if not self.client_desk_proposed_start or self.client_desk_state not in LIVE_STATES:
            raise UserError(_("There is no proposal to answer for this appointment."))
        partner = self.client_desk_partner_id
        if accept:
            when = self.client_desk_when_text(self._client_desk_business_tz(), self.client_desk_proposed_start)
            self.with_context(client_desk_no_event=True).write({
                "start": self.client_desk_proposed_start, "stop": self.client_desk_proposed_stop,
                "client_desk_proposed_start": False, "client_desk_proposed_stop": False,
                "client_desk_state": "confirmed",
                "client_desk_reminder_state": False, "client_desk_reminder_after": False,
            })
            self._client_desk_post("appointment_accepted", _("New time accepted: %s") % when, author=partner)
            self._client_desk_notify("client_desk_agenda.mail_template_appointment_confirmed", ics=True)
        else:
            self.write({"client_desk_proposed_start": False, "client_desk_proposed_stop": False})
            self._client_desk_post("appointment_declined", _("New time declined; the appointment stays at %s") %
                                   self._client_desk_summary(), author=partner)
        return True

    @api.multi
    def action_client_desk_conversation(self):
        """Opens the client's card, where their conversation is."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.client_desk_partner_id.id,
            "view_mode": "form",
            "views": [(self.env.ref("client_desk.res_partner_view_form_client_desk").id, "form")],
        }

    @api.multi
    def action_client_desk_new_treatment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Treatment record"),
            "res_model": "client.desk.treatment",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_event_id": self.id,
                "default_partner_id": self.client_desk_partner_id.id,
                "default_staff_id": self.client_desk_staff_id.id,
                "default_service_id": self.client_desk_service_id.id,
            },
        }

    @api.model
    def _client_desk_portal_owner_of(self, event):
        return event.sudo().client_desk_partner_id.commercial_partner_id

    @api.multi
    def _client_desk_portal_owner(self):
        self.ensure_one()
        return self._client_desk_portal_owner_of(self)
