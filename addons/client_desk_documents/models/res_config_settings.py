from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    client_desk_document_max_mb = fields.Integer(related="company_id.client_desk_document_max_mb")
    client_desk_document_spontaneous = fields.Boolean(related="company_id.client_desk_document_spontaneous")
    client_desk_document_link_days = fields.Integer(related="company_id.client_desk_document_link_days")
    client_desk_document_reminder_days = fields.Integer(related="company_id.client_desk_document_reminder_days")
