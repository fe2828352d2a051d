from odoo import api, models


class CalendarEvent(models.Model):
    """The link from a booking listed on the conversation page to the appointment itself."""

    _inherit = "calendar.event"

    @api.multi
    def action_client_desk_open_appointment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("client_desk_agenda.calendar_event_view_form_client_desk").id, "form")],
            "target": "current",
            "context": {"virtual_id": False},
        }
