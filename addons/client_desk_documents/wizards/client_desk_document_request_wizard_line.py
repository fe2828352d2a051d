from odoo import fields, models


class ClientDeskDocumentRequestWizardLine(models.TransientModel):
    """A document of the checklist being written."""

    _name = "client.desk.document.request.wizard.line"
    _description = "Request documents: checklist line"
    _order = "sequence, id"

    wizard_id = fields.Many2one("client.desk.document.request.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char("Document", required=True)
    note = fields.Char("Explanation")
