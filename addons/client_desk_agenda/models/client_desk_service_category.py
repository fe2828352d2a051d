from odoo import fields, models


class ClientDeskServiceCategory(models.Model):
    """A group of services on the booking page (Hair, Beard, Colour...)."""

    _name = "client.desk.service.category"
    _description = "Service category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
