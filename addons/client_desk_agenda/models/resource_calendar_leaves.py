from datetime import timedelta

from odoo import api, fields, models

from ..tools.slots import utc_to_local

# Freed time of a long leave is offered for the days to come only (the waitlist's horizon).
MAX_DAYS = 62


class ResourceCalendarLeaves(models.Model):
    """Time off and blocked time: removing or shortening it frees time for the waitlist."""

    _inherit = "resource.calendar.leaves"

    @api.multi
    def _client_desk_days(self):
        """The local days (dates) these leaves cover."""
        tz_name = self.env["client.desk.service"]._client_desk_business_tz()
        days = set()
        for leave in self.sudo():
            if not leave.date_from or not leave.date_to:
                continue
            day = utc_to_local(tz_name, fields.Datetime.from_string(leave.date_from)).date()
            last = utc_to_local(tz_name, fields.Datetime.from_string(leave.date_to)).date()
            while day <= last and len(days) < MAX_DAYS:
                days.add(day)
                day += timedelta(days=1)
        return days

    @api.multi
    def write(self, vals):
        moved = {"date_from", "date_to", "resource_id", "calendar_id"} & set(vals)
        freed = self._client_desk_days() if moved else set()
        result = super().write(vals)
        if freed:
            self.env["client.desk.waitlist"]._client_desk_slot_freed(freed)
        return result

    @api.multi
    def unlink(self):
        freed = self._client_desk_days()
        result = super().unlink()
        if freed:
            self.env["client.desk.waitlist"]._client_desk_slot_freed(freed)
        return result
