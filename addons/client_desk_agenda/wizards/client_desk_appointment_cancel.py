from odoo import api, fields, models

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskAppointmentCancel(models.TransientModel):
    """Asks staff for the reason the client is told when an appointment is cancelled."""

    _name = "client.desk.appointment.cancel"
    _description = "Cancel an appointment"

    event_id = fields.Many2one("calendar.event", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    @api.multi
    def action_cancel(self):
        require_staff(self.env)
        self.ensure_one()
        self.event_id.client_desk_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
