from odoo import api, fields, models

LINE_STATES = [("missing", "Missing"), ("received", "Awaiting review"), ("approved", "Approved"),
               ("rejected", "Rejected")]


class ClientDeskDocumentRequestLine(models.Model):
    """One document of a request's checklist, with the versions the client uploaded for it."""

    _name = "client.desk.document.request.line"
    _description = "Client Desk requested document"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one("client.desk.document.request", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="request_id.partner_id", store=True, readonly=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Document", required=True)
    note = fields.Char("Explanation")
    document_ids = fields.One2many("client.desk.document", "request_line_id", "Versions")
    document_id = fields.Many2one("client.desk.document", "Latest version", compute="_compute_document",
                                  store=True)
    state = fields.Selection(LINE_STATES, compute="_compute_document", store=True, default="missing")
    reject_reason = fields.Text(related="document_id.reject_reason", readonly=True)

    @api.depends("document_ids.is_latest", "document_ids.review_state", "document_ids.active")
    def _compute_document(self):
        for line in self:
            versions = line.document_ids.filtered("active").sorted("version")
            latest = versions[-1:] if versions else versions
            line.document_id = latest
            line.state = latest.review_state or ("received" if latest else "missing")
