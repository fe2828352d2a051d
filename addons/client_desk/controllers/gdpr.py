"""/client_desk/gdpr/export/<id>: the GDPR export ZIP, built on request for managers only."""
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

from ..tools.record_id import read_record_id


class ClientDeskGdprExport(http.Controller):
    """Builds the export when a manager's browser asks for it and stores it nowhere, so no
    other user can ever download it (as /web/content would serve a stored attachment)."""

    @http.route("/client_desk/gdpr/export/<int:partner_id>", type="http", auth="user", methods=["GET"])
    def client_desk_gdpr_export(self, partner_id, **kwargs):
        try:
            export = request.env["res.partner"]._client_desk_gdpr_export_download(read_record_id(partner_id))
        except AccessError:
            raise Forbidden()
        if not export:
            raise NotFound()
        name, content = export
        return request.make_response(content, headers=[
            ("Content-Type", "application/zip"),
            ("Content-Disposition", content_disposition(name)),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ])
