from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import slots as slot_tools

PARAM = "client_desk_agenda."
SLOT_DEFAULTS = {"min_notice_hours": 2, "horizon_days": 60, "slot_step_minutes": 15}


class ClientDeskService(models.Model):
    """Free slots of a service: staff working hours within the opening hours, minus time off,
    blocked slots, closing days and appointments with their buffers."""

    _inherit = "client.desk.service"

    @api.model
    def _client_desk_slot_param(self, name):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM + name)
        try:
            return int(value) if value not in (None, False, "") else SLOT_DEFAULTS[name]
        except ValueError:
            return SLOT_DEFAULTS[name]

    @api.model
    def _client_desk_business_tz(self):
        return self.env.context.get("client_desk_tz") or self.env.user.company_id.partner_id.tz or "Europe/Brussels"

    @api.model
    def _client_desk_attendances(self, calendar):
        """(weekday, hour_from, hour_to, date_from, date_to) of a resource.calendar, read once
        per calendar and call (several staff members share one calendar)."""
        if not calendar:
            return []
        known = self.env.context.get("client_desk_attendance_cache")
        if known is not None and calendar.id in known:
            return known[calendar.id]
        self.env.cr.execute(
            "SELECT dayofweek, hour_from, hour_to, date_from, date_to FROM resource_calendar_attendance"
            " WHERE calendar_id = %s", (calendar.id,))
        lines = [
            (int(row[0]), row[1], row[2], fields.Date.from_string(row[3]), fields.Date.from_string(row[4]))
            for row in self.env.cr.fetchall()
        ]
        if known is not None:
            known[calendar.id] = lines
        return lines

    @api.model
    def _client_desk_calendars(self, staff):
        """(the staff member's working hours, the opening hours) as resource.calendar records;
        read once per call of client_desk_slots (memo in the context)."""
        memo = self.env.context.get("client_desk_attendance_cache")
        if memo is None or "opening" not in memo:
            opening = self.env.user.company_id.sudo().resource_calendar_id
            self.env.cr.execute("SELECT id, client_desk_calendar_id FROM res_users WHERE client_desk_bookable")
            own = dict(self.env.cr.fetchall())
            if memo is not None:
                memo.update(opening=opening, own=own)
        else:
            opening, own = memo["opening"], memo["own"]
        calendar_id = own.get(staff.id) if staff.id in own else staff.sudo().client_desk_calendar_id.id
        calendar = self.env["resource.calendar"].browse(calendar_id) if calendar_id else opening
        return calendar, opening

    @api.model
    def _client_desk_working(self, staff, day_from, day_to, tz_name):
        """Working intervals (UTC) of a staff member: their hours within the opening hours,
        minus their time off and blocked slots and the closing days."""
        calendar, opening = self._client_desk_calendars(staff)
        working = slot_tools.weekly_hours(self._client_desk_attendances(calendar), day_from, day_to, tz_name)
        if opening and calendar != opening:
            working = slot_tools.intersect(
                working, slot_tools.weekly_hours(self._client_desk_attendances(opening), day_from, day_to, tz_name))
        if not working:
            return []
        range_start = fields.Datetime.to_string(working[0][0])
        range_stop = fields.Datetime.to_string(working[-1][1])
        # Time off and blocked slots of the person, closing days of their hours or the salon's.
        self.env.cr.execute(
            "SELECT l.date_from, l.date_to FROM resource_calendar_leaves l"
            " LEFT JOIN resource_resource r ON r.id = l.resource_id"
            " WHERE l.date_from < %s AND l.date_to > %s"
            " AND (r.user_id = %s OR (l.resource_id IS NULL AND l.calendar_id IN %s))",
            (range_stop, range_start, staff.id, tuple((calendar | opening).ids) or (0,)),
        )
        parse = fields.Datetime.from_string
        off = [(parse(row[0]), parse(row[1])) for row in self.env.cr.fetchall()]
        return slot_tools.subtract(working, off)

    @api.model
    def _client_desk_busy(self, staff, start, stop, exclude_event_id=None):
        """Blocked intervals (buffers included) of the staff member's live appointments and of
        the slots held for waitlisted clients."""
        query = (
            "SELECT client_desk_block_start, client_desk_block_stop FROM calendar_event"
            " WHERE client_desk_staff_id = %s AND active AND client_desk_state IN ('requested', 'confirmed')"
            " AND client_desk_block_start < %s AND client_desk_block_stop > %s AND id != %s"
        )
        params = [staff.id, stop, start, exclude_event_id or 0]
        if not self.env.context.get("client_desk_ignore_holds"):
            # Slots offered to waitlisted clients are held for them until the offer expires;
            # the one being claimed is free for its claimer.
            query += (
                " UNION ALL SELECT hold_start, hold_stop FROM client_desk_waitlist"
                " WHERE offer_staff_id = %s AND state = 'offered' AND offer_expiry > (now() AT TIME ZONE 'UTC')"
                " AND hold_start < %s AND hold_stop > %s AND offer_start IS DISTINCT FROM %s"
            )
            params += [staff.id, stop, start, self.env.context.get("client_desk_claim_hold")]
        self.env.cr.execute(query, params)
        # Odoo's cursor returns timestamps as strings.
        parse = fields.Datetime.from_string
        return [(parse(row[0]), parse(row[1])) for row in self.env.cr.fetchall()]

    @api.multi
    def _client_desk_free_slots(self, staff, day_from, day_to, now=None, exclude_event_id=None):
        """Start times (naive UTC datetimes) at which this service can be booked with this staff
        member between two local dates (included), after the minimum notice and within the
        horizon."""
        self.ensure_one()
        tz_name = self._client_desk_business_tz()
        now = now or datetime.utcnow()
        today = slot_tools.utc_to_local(tz_name, now).date()
        day_from = max(day_from, today)
        day_to = min(day_to, today + timedelta(days=self._client_desk_slot_param("horizon_days")))
        if day_from > day_to:
            return []
        working = self._client_desk_working(staff, day_from, day_to, tz_name)
        if not working:
            return []
        busy = self._client_desk_busy(staff, working[0][0], working[-1][1], exclude_event_id)
        # The new appointment's own buffers must not touch the others' blocked time either.
        busy = slot_tools.widen(busy, timedelta(minutes=self.buffer_after or 0),
                                timedelta(minutes=self.buffer_before or 0))
        free = slot_tools.subtract(working, busy)
        not_before = now + timedelta(hours=self._client_desk_slot_param("min_notice_hours"))
        return slot_tools.slot_starts(
            free, timedelta(minutes=self.duration_minutes),
            timedelta(minutes=self._client_desk_slot_param("slot_step_minutes")), not_before)

    @api.multi
    def client_desk_slots(self, staff_id, day, days=1):
        """Free slots for `days` local days from `day` (YYYY-MM-DD) with one staff member (id) or
        anyone (False): a list of {"start": UTC string, "local": local "YYYY-MM-DD HH:MM",
        "staff_id": id}, first free staff member per start time."""
        self.ensure_one()
        day_from = fields.Date.from_string(day)
        day_to = day_from + timedelta(days=max(1, min(int(days), 31)) - 1)
        staff_members = self._client_desk_staff()
        if staff_id:
            staff_members = staff_members.filtered(lambda user: user.id == int(staff_id))
            if not staff_members:
                raise UserError(_("This staff member does not perform this service."))
        tz_name = self._client_desk_business_tz()
        found = {}
        service = self.with_context(client_desk_attendance_cache={}, client_desk_tz=tz_name)
        for staff in staff_members:
            for start in service._client_desk_free_slots(staff, day_from, day_to):
                found.setdefault(start, staff.id)
        return [
            {"start": fields.Datetime.to_string(start),
             "local": slot_tools.utc_to_local(tz_name, start).strftime("%Y-%m-%d %H:%M"),
             "staff_id": found[start]}
            for start in sorted(found)
        ]

    @api.multi
    def _client_desk_staff_free_at(self, staff_members, start):
        """The first of staff_members for whom start (naive UTC) is a free slot of this service."""
        self.ensure_one()
        tz_name = self._client_desk_business_tz()
        day = slot_tools.utc_to_local(tz_name, start).date()
        for staff in staff_members:
            if start in self._client_desk_free_slots(staff, day, day):
                return staff
        return self.env["res.users"]

    @api.multi
    def _client_desk_book_online(self, staff_id, start, partner):
        """Books this service online for partner at start (UTC string) with one staff member (id)
        or anyone (False): requested or confirmed as the settings say. Raises UserError when the
        time is not (any more) a free slot, ValidationError (slot taken) on a race."""
        self.ensure_one()
        if not self.active or not self.online_bookable:
            raise UserError(_("This service cannot be booked online."))
        staff_members = self._client_desk_staff()
        if staff_id:
            staff_members = staff_members.filtered(lambda user: user.id == int(staff_id))
            if not staff_members:
                raise UserError(_("This staff member does not perform this service."))
        moment = fields.Datetime.from_string(start)
        staff = self._client_desk_staff_free_at(staff_members, moment)
        if not staff:
            raise UserError(_("This time is no longer available. Please choose another slot."))
        events = self.env["calendar.event"].sudo()
        return events.create({
            "client_desk_partner_id": partner.id,
            "client_desk_service_id": self.id,
            "client_desk_staff_id": staff.id,
            "client_desk_state": self._client_desk_online_state(partner),
            "client_desk_source": "online",
            "client_desk_allow_overlap": False,
            "start": fields.Datetime.to_string(moment),
            "stop": fields.Datetime.to_string(moment + timedelta(minutes=self.duration_minutes)),
        })

    @api.model
    def _client_desk_online_state(self, partner):
        """requested when the settings ask approval (of every booking, or of new clients)."""
        approval = self.env["ir.config_parameter"].sudo().get_param(PARAM + "approval") or "none"
        if approval == "all":
            return "requested"
        if approval == "new":
            known = self.env["calendar.event"].sudo().search_count([
                ("client_desk_partner_id", "=", partner.id), ("client_desk_state", "in", ("confirmed", "done"))])
            return "confirmed" if known else "requested"
        return "confirmed"
