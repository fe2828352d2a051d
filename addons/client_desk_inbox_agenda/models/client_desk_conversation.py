from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

# The conversation page shows the latest bookings; the client card has them all.
BOOKINGS_LIMIT = 80


class ClientDeskConversation(models.Model):
    """The inbox's door to the agenda: "New appointment" for the conversation's client and
    the client's bookings on the conversation page."""

    _inherit = "client.desk.conversation"

    client_desk_appointment_ids = fields.Many2many(
        "calendar.event", string="Bookings", compute="_compute_client_desk_appointment_ids",
        help="The client's latest appointments (read with your own rights).")

    @api.multi
    def _compute_client_desk_appointment_ids(self):
        self._client_desk_show_latest(
            "client_desk_appointment_ids", self.env["calendar.event"].with_context(virtual_id=False),
            "client_desk_partner_id", BOOKINGS_LIMIT, order="start desc, id desc")

    @api.multi
    def _client_desk_single_client(self):
        """The one client of the selected conversation (a booking is for one client)."""
        require_staff(self.env)
        if len(self) != 1:
            raise UserError(_("Select one conversation: an appointment is for one client."))
        return self.partner_id

    @api.multi
    def action_client_desk_new_appointment(self):
        """The appointment form, for the conversation's client."""
        partner = self._client_desk_single_client()
        return {
            "type": "ir.actions.act_window",
            "name": _("New appointment"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(self.env.ref("client_desk_agenda.calendar_event_view_form_client_desk").id, "form")],
            "target": "current",
            "context": {"default_client_desk_partner_id": partner.id, "virtual_id": False},
        }
