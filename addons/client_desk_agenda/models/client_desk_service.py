from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

LOCATIONS = [("salon", "In the salon"), ("home", "At the client's home"), ("online", "Online")]


class ClientDeskService(models.Model):
    """Something clients book: how long it takes, what it costs, who performs it."""

    _name = "client.desk.service"
    _description = "Service"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one("client.desk.service.category", "Category", ondelete="set null")
    duration_minutes = fields.Integer("Duration (minutes)", required=True, default=30)
    buffer_before = fields.Integer("Buffer before (minutes)", help="Preparation time kept free before it.")
    buffer_after = fields.Integer("Buffer after (minutes)", help="Cleaning-up time kept free after it.")
    company_id = fields.Many2one("res.company", "Company", default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id", readonly=True)
    price = fields.Monetary("Price (tax included)", currency_field="currency_id")
    location = fields.Selection(LOCATIONS, required=True, default="salon")
    staff_ids = fields.Many2many("res.users", string="Performed by",
                                 help="Staff members clients may book for it; none: everyone bookable.")
    color = fields.Integer("Colour")
    online_bookable = fields.Boolean("Bookable online", default=True)
    description = fields.Text(translate=True)

    @api.constrains("duration_minutes", "buffer_before", "buffer_after", "price")
    def _check_durations(self):
        for service in self:
            if service.duration_minutes <= 0 or service.duration_minutes > 24 * 60:
                raise ValidationError(_("A service lasts between 1 minute and 24 hours."))
            if (service.buffer_before or 0) < 0 or (service.buffer_after or 0) < 0:
                raise ValidationError(_("Buffers cannot be negative."))
            if (service.price or 0) < 0:
                raise ValidationError(_("A price cannot be negative."))

    @api.multi
    def _client_desk_location_label(self):
        self.ensure_one()
        return dict(self._fields["location"]._description_selection(self.env))[self.location]

    @api.multi
    def _client_desk_staff(self):
        """Staff members bookable for this service."""
        self.ensure_one()
        staff = self.staff_ids or self.env["res.users"].sudo().search([("client_desk_bookable", "=", True)])
        return staff.filtered(lambda user: user.client_desk_bookable and user.active)
