from odoo import api, models


class ClientDeskDocument(models.Model):
    """The link from a document listed on the conversation page to the document itself."""

    _inherit = "client.desk.document"

    @api.multi
    def action_client_desk_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "client.desk.document",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
