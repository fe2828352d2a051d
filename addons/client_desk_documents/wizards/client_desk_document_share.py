import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

from ..models.client_desk_document import VISIBILITIES


class ClientDeskDocumentShare(models.TransientModel):
    """Shares a file from the library or a new upload with one or many clients: available to
    them (they get an e-mail with a link) or kept for internal use on their card."""

    _name = "client.desk.document.share"
    _inherit = "client.desk.document.client.mixin"
    _description = "Share a document"

    origin = fields.Selection([("library", "From My documents"), ("upload", "Upload a new file")],
                              required=True, default="upload")
    library_document_id = fields.Many2one("client.desk.document", "Document",
                                          domain=[("is_library", "=", True)])
    datas = fields.Binary("File")
    filename = fields.Char()
    add_to_library = fields.Boolean("Also add it to My documents")
    visibility = fields.Selection(VISIBILITIES, "Sharing options", required=True, default="client")
    message = fields.Text(help="Sent to the clients with the link when the document is available to them.")

    @api.multi
    def _client_desk_source_document(self):
        """The library document to share, or (file values, None) of a new upload checked first:
        returns (library document or empty, checked values of the new file or None)."""
        self.ensure_one()
        Document = self.env["client.desk.document"]
        if self.origin == "library":
            if not self.library_document_id.is_library:
                raise UserError(_("Choose a document of My documents."))
            return self.library_document_id, None
        if not self.datas:
            raise UserError(_("Choose a file."))
        try:
            data = base64.b64decode(self.datas)
        except (ValueError, TypeError):
            raise UserError(_("The file could not be read."))
        values = Document._client_desk_file_values(self.filename or "", data)
        if self.add_to_library:
            library = Document._client_desk_create_checked(
                dict(values, is_library=True, visibility="internal", source="staff"))
            return library, None
        return Document, values

    @api.multi
    def action_share(self):
        """Creates a document per client, posts the events and e-mails the clients."""
        self.ensure_one()
        require_staff(self.env)
        partners = self._client_desk_clients()
        library, values = self._client_desk_source_document()
        documents = self.env["client.desk.document"]
        for partner in partners:
            if library:
                document = library._client_desk_copy_for(partner, self.visibility)
            else:
                document = documents._client_desk_create_checked(dict(
                    values, partner_id=partner.id, visibility=self.visibility, source="staff", note=self.message))
            documents |= document
            document._client_desk_announce(self.message)
        return {
            "type": "ir.actions.act_window",
            "name": _("Shared documents"),
            "res_model": "client.desk.document",
            "view_mode": "tree,form",
            "domain": [("id", "in", documents.ids)],
        }
