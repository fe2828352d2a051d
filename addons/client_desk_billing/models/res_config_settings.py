from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    client_desk_reminder_days = fields.Char(
        related="company_id.client_desk_reminder_days", string="Payment reminder schedule")
