from odoo import fields, models


class ClientDeskDocumentRequestTemplateLine(models.Model):
    """A document of a request template's checklist."""

    _name = "client.desk.document.request.template.line"
    _description = "Document request template: checklist line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "client.desk.document.request.template", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char("Document", required=True, translate=True)
    note = fields.Char("Explanation", translate=True)
