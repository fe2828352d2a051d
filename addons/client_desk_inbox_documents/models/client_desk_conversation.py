from odoo import api, fields, models

from odoo.addons.client_desk.tools.access import require_staff

# The conversation page shows the latest documents; the client card has them all.
DOCUMENTS_LIMIT = 80


class ClientDeskConversation(models.Model):
    """The inbox's door to documents: "Share a document" and "Request a document" for the
    selected conversations' clients, and the client's documents on the conversation page."""

    _inherit = "client.desk.conversation"

    client_desk_document_ids = fields.Many2many(
        "client.desk.document", string="Documents", compute="_compute_client_desk_document_ids",
        help="The client's latest documents (read with your own rights).")

    @api.multi
    def _compute_client_desk_document_ids(self):
        self._client_desk_show_latest(
            "client_desk_document_ids", self.env["client.desk.document"], "partner_id", DOCUMENTS_LIMIT)

    @api.multi
    def action_client_desk_share_document(self):
        """The share wizard, for the clients of the selected conversations."""
        require_staff(self.env)
        return self.env["client.desk.document.share"]._client_desk_open(self.mapped("partner_id"))

    @api.multi
    def action_client_desk_request_document(self):
        """The request wizard, for the clients of the selected conversations."""
        require_staff(self.env)
        return self.env["client.desk.document.request.wizard"]._client_desk_open(self.mapped("partner_id"))
