from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskBlockTime(models.TransientModel):
    """Blocks a staff member's time from the agenda (a pause, a training...): a time off
    (resource.calendar.leaves) on their resource, so free slots and /book leave it out."""

    _name = "client.desk.block.time"
    _description = "Block a staff member's time"

    staff_id = fields.Many2one("res.users", "Staff member", required=True,
                               domain=[("client_desk_bookable", "=", True)])
    date_from = fields.Datetime("From", required=True)
    date_to = fields.Datetime("To", required=True)
    reason = fields.Char(required=True)

    @api.model
    def _client_desk_resource(self, staff):
        """The staff member's resource (made when they have none), with their working hours."""
        resources = self.env["resource.resource"].sudo()
        resource = resources.search([("user_id", "=", staff.id)], limit=1)
        if resource:
            return resource
        calendar = staff.sudo().client_desk_calendar_id or self.env.user.company_id.sudo().resource_calendar_id
        return resources.create({"name": staff.name, "user_id": staff.id, "calendar_id": calendar.id,
                                 "company_id": self.env.user.company_id.id})

    @api.multi
    def action_block(self):
        """Creates the blocked time; returns the list of blocked time."""
        require_staff(self.env)
        self.ensure_one()
        if self.date_to <= self.date_from:
            raise UserError(_("The end of the blocked time must come after its start."))
        resource = self._client_desk_resource(self.staff_id)
        self.env["resource.calendar.leaves"].sudo().create({
            "name": self.reason,
            "resource_id": resource.id,
            "calendar_id": resource.calendar_id.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
        })
        return self.env.ref("client_desk_agenda.resource_calendar_leaves_action_blocked").read()[0]
