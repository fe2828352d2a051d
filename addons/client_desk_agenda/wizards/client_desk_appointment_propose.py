from odoo import api, fields, models


class ClientDeskAppointmentPropose(models.TransientModel):
    """Proposes a new time to the client, who accepts or declines."""

    _name = "client.desk.appointment.propose"
    _description = "Propose a new time"

    event_id = fields.Many2one("calendar.event", required=True, ondelete="cascade")
    start = fields.Datetime("New start", required=True)

    @api.multi
    def action_propose(self):
        self.ensure_one()
        self.event_id.client_desk_propose(self.start)
        return {"type": "ir.actions.act_window_close"}
