from odoo import api, fields, models

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskDocumentReject(models.TransientModel):
    """Rejects received documents with a reason the client sees on the portal and by e-mail."""

    _name = "client.desk.document.reject"
    _description = "Reject document"

    document_ids = fields.Many2many("client.desk.document", string="Documents")
    reason = fields.Text(required=True)

    @api.multi
    def action_reject(self):
        self.ensure_one()
        require_staff(self.env)
        self.document_ids._client_desk_reject(self.reason)
        self.document_ids._client_desk_tell_rejected()
        return {"type": "ir.actions.act_window_close"}
