from odoo import fields, models


class ResUsers(models.Model):
    """A staff member's availability for appointments."""

    _inherit = "res.users"

    client_desk_bookable = fields.Boolean("Takes appointments", help="Clients can book this staff member.")
    client_desk_calendar_id = fields.Many2one(
        "resource.calendar", "Working hours",
        help="Weekly hours and time off (leaves on these hours or for this person's resource); "
             "empty: the company's opening hours.",
    )
