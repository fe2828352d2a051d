from odoo import _, api, fields, models

from odoo.addons.client_desk.models.res_partner_gdpr import selection_label


class ResPartner(models.Model):
    """Documents on the client card: the count and tab, the GDPR export and erasure."""

    _inherit = "res.partner"

    client_desk_document_ids = fields.One2many("client.desk.document", "partner_id", "Documents")
    client_desk_document_count = fields.Integer("Documents", compute="_compute_client_desk_document_count")

    @api.multi
    def _compute_client_desk_document_count(self):
        Document = self.env["client.desk.document"]
        if not Document.check_access_rights("read", raise_exception=False):
            return
        counts = Document.read_group([("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        by_partner = {row["partner_id"][0]: row["partner_id_count"] for row in counts}
        for partner in self:
            partner.client_desk_document_count = by_partner.get(partner.id, 0)

    @api.multi
    def action_client_desk_documents(self):
        """The client's documents."""
        self.ensure_one()
        action = self.env.ref("client_desk_documents.client_desk_document_action").read()[0]
        action.update({
            "name": _("Documents of %s") % self.display_name,
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id, "search_default_filter_not_library": 0},
        })
        return action

    @api.multi
    def action_client_desk_share_document(self):
        """The share wizard for this client."""
        self.ensure_one()
        return self.env["client.desk.document.share"]._client_desk_open(self)

    @api.multi
    def action_client_desk_request_documents(self):
        """The request wizard for this client."""
        self.ensure_one()
        return self.env["client.desk.document.request.wizard"]._client_desk_open(self)

    # -- GDPR ----------------------------------------------------------------------------------

    @api.multi
    def _client_desk_gdpr_export_attachments(self):
        """The client's documents go into the export too."""
        attachments = super()._client_desk_gdpr_export_attachments()
        documents = self.env["client.desk.document"].sudo().with_context(active_test=False).search(
            [("partner_id", "=", self.id)])
        return attachments | self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "client.desk.document"), ("res_id", "in", documents.ids), ("res_field", "=", "datas")])

    @api.multi
    def _client_desk_gdpr_export_data(self):
        """The client's documents and document requests, beside their files in the ZIP."""
        data = super()._client_desk_gdpr_export_data()
        documents = self.env["client.desk.document"].sudo().with_context(active_test=False).search(
            [("partner_id", "=", self.id)], order="create_date, id")
        files = {attachment.res_id: self._client_desk_gdpr_file_path(attachment)
                 for attachment in self._client_desk_gdpr_export_attachments()
                 if attachment.res_model == "client.desk.document"}
        data["documents"] = [{
            "name": document.name,
            "date": document.create_date,
            "source": selection_label(document, "source"),
            "visibility": selection_label(document, "visibility"),
            "review": selection_label(document, "review_state") if document.review_state else None,
            "version": document.version,
            "archived": not document.active,
            "note": document.note or None,
            "file": files.get(document.id),
        } for document in documents]
        requests = self.env["client.desk.document.request"].sudo().search(
            [("partner_id", "=", self.id)], order="create_date, id")
        data["document_requests"] = [{
            "subject": request.name,
            "date": request.create_date,
            "due": request.due_date or None,
            "state": selection_label(request, "state"),
            "documents": [{"name": line.name, "state": selection_label(line, "state")} for line in request.line_ids],
        } for request in requests]
        return data

    @api.multi
    def _client_desk_gdpr_erase(self):
        """Removes the client's documents (files included) and document requests."""
        for partner in self:
            partner._client_desk_erase_documents()
        return super()._client_desk_gdpr_erase()

    @api.multi
    def _client_desk_erase_documents(self):
        self.ensure_one()
        Document = self.env["client.desk.document"].sudo().with_context(active_test=False)
        documents = Document.search([("partner_id", "=", self.id)])
        documents._client_desk_forget_token()
        documents.unlink()
        requests = self.env["client.desk.document.request"].sudo().search([("partner_id", "=", self.id)])
        requests._client_desk_forget_token()
        requests.unlink()
