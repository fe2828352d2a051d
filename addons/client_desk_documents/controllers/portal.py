"""The client's documents on the portal (/my/documents) and the upload page of a document
request (/documents/request/<id>, opened by the request's expiring token without an account).

Every download goes through /my/documents/<id>/download, which opens the document by
ownership or by its token (client_desk_portal_access) and only when it is available to the
client; files are served from the filestore, inline only for PDF and images, as a download
otherwise (HTML, SVG...). Routes that store something accept POST only (CSRF checked).
"""
import base64
import os

import werkzeug.urls
import werkzeug.utils
from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import content_disposition, request

from odoo.addons.client_desk.controllers.portal_access import client_desk_portal_access, client_desk_token_page_headers
from odoo.addons.client_desk.tools.record_id import read_record_id
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools.upload import served_inline

DOCUMENTS_PER_PAGE = 20
DOWNLOAD_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "private, no-store"),
    ("Content-Security-Policy", "default-src 'none'; plugin-types application/pdf; sandbox"),
    ("Referrer-Policy", "no-referrer"),
]


def uploaded_file(params, max_bytes):
    """(file name, bytes) of the form's "file", refused (translated UserError) when missing,
    empty or over the limit before its content is read into memory."""
    upload = params.get("file")
    if not hasattr(upload, "stream") or not upload.filename:
        raise UserError(_("Choose a file."))
    upload.stream.seek(0, os.SEEK_END)
    size = upload.stream.tell()
    upload.stream.seek(0)
    request.env["client.desk.document"]._client_desk_check_size(size, max_bytes)
    return upload.filename, upload.stream.read()


class ClientDeskDocumentsPortal(CustomerPortal):

    # -- helpers -----------------------------------------------------------------------------

    def _client_desk_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        user = request.env.user
        if not user._is_public():
            Document = request.env["client.desk.document"].sudo()
            values["client_desk_document_count"] = Document.search_count(
                Document._client_desk_portal_domain(user.partner_id))
        return values

    def _client_desk_documents_values(self, page=1, error=None):
        partner = self._client_desk_partner()
        Document = request.env["client.desk.document"].sudo()
        domain = Document._client_desk_portal_domain(partner)
        total = Document.search_count(domain)
        pager = portal_pager(url="/my/documents", total=total, page=page, step=DOCUMENTS_PER_PAGE)
        documents = Document.search(domain, limit=DOCUMENTS_PER_PAGE, offset=pager["offset"])
        requests = request.env["client.desk.document.request"].sudo().search(
            [("partner_id", "child_of", partner.id), ("state", "=", "open")])
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "client_desk_documents",
            "documents": documents,
            "document_requests": requests,
            "pager": pager,
            "can_upload": request.env.user.company_id.sudo().client_desk_document_spontaneous
            or bool(requests),
            "spontaneous": request.env.user.company_id.sudo().client_desk_document_spontaneous,
            "error": error,
            "served_inline": served_inline,
        })
        return values

    # -- the client's documents ----------------------------------------------------------------

    @http.route(["/my/documents", "/my/documents/page/<int:page>"], type="http", auth="user", website=True,
                methods=["GET"])
    def client_desk_documents(self, page=1, **kwargs):
        values = self._client_desk_documents_values(page=page)
        values["uploaded"] = bool(kwargs.get("uploaded"))
        return request.render("client_desk_documents.portal_my_documents", values)

    @http.route("/my/documents/upload", type="http", auth="user", website=True, methods=["POST"])
    def client_desk_documents_upload(self, **post):
        partner = self._client_desk_partner()
        Document = request.env["client.desk.document"].sudo()
        try:
            line = self._client_desk_own_line(partner, post.get("line_id"))
            if not line and not request.env.user.company_id.sudo().client_desk_document_spontaneous:
                raise UserError(_("Documents can only be sent in answer to a request."))
            name, data = uploaded_file(post, Document._client_desk_max_bytes(partner.company_id or None))
            Document._client_desk_receive(partner, name, data, line=line, note=post.get("note"))
        except UserError as error:
            response = request.render("client_desk_documents.portal_my_documents",
                                      self._client_desk_documents_values(error=error.name))
            response.status_code = 400
            return response
        return werkzeug.utils.redirect("/my/documents?uploaded=1", 303)

    def _client_desk_own_line(self, partner, raw_line_id):
        """The request line the client answers (sudo), or empty; another client's line, a closed
        request or garbage: NotFound."""
        Line = request.env["client.desk.document.request.line"].sudo()
        if not raw_line_id:
            return Line
        line = Line.browse(read_record_id(raw_line_id) or 0).exists()
        if not line or line.request_id.partner_id.commercial_partner_id != partner \
                or not line.request_id._client_desk_accepts_uploads():
            raise NotFound()
        return line

    @http.route("/my/documents/<string:document_id>/download", type="http", auth="public", methods=["GET"])
    def client_desk_document_download(self, document_id, access_token=None, preview=None, **kwargs):
        document, _how = client_desk_portal_access("client.desk.document", document_id, access_token)
        if not document._client_desk_portal_available():
            raise NotFound()
        return self._client_desk_file_response(document, inline=bool(preview))

    def _client_desk_file_response(self, document, inline=False):
        """The file, from the filestore; inline only for PDF and images."""
        attachment = request.env["ir.attachment"].sudo().search([
            ("res_model", "=", document._name), ("res_id", "=", document.id), ("res_field", "=", "datas")], limit=1)
        if not attachment:
            raise NotFound()
        inline = inline and served_inline(document.mimetype)
        mimetype = document.mimetype if inline else "application/octet-stream"
        if attachment.store_fname:
            response = http.send_file(attachment._full_path(attachment.store_fname), mimetype=mimetype,
                                      filename=document.name, cache_timeout=0, add_etags=False)
        else:
            response = request.make_response(base64.b64decode(attachment.datas or b""),
                                             [("Content-Type", mimetype)])
        disposition = content_disposition(document.name)
        response.headers["Content-Disposition"] = disposition.replace("attachment;", "inline;", 1) \
            if inline else disposition
        response.headers["Content-Type"] = mimetype
        for name, value in DOWNLOAD_HEADERS:
            response.headers[name] = value
        return response

    # -- the upload page of a request (token) ------------------------------------------------

    def _client_desk_request_page(self, document_request, access_token, error=None, uploaded=False,
                                  status=200):
        values = {
            "document_request": document_request,
            "access_token": access_token or "",
            "error": error,
            "uploaded": uploaded,
        }
        response = request.render("client_desk_documents.portal_document_request", values)
        response.status_code = status
        return client_desk_token_page_headers(response)

    @http.route("/documents/request/<string:request_id>", type="http", auth="public", website=True,
                methods=["GET"])
    def client_desk_document_request(self, request_id, access_token=None, uploaded=None, **kwargs):
        document_request, _how = client_desk_portal_access(
            "client.desk.document.request", request_id, access_token)
        return self._client_desk_request_page(document_request, access_token, uploaded=bool(uploaded))

    @http.route("/documents/request/<string:request_id>/upload", type="http", auth="public", website=True,
                methods=["POST"])
    def client_desk_document_request_upload(self, request_id, access_token=None, **post):
        document_request, _how = client_desk_portal_access(
            "client.desk.document.request", request_id, access_token)
        line = document_request.line_ids.filtered(lambda item: item.id == read_record_id(post.get("line_id")))
        if not line:
            raise NotFound()
        if not document_request._client_desk_accepts_uploads():
            raise Forbidden()
        Document = request.env["client.desk.document"].sudo()
        try:
            name, data = uploaded_file(post, Document._client_desk_max_bytes(document_request.company_id))
            Document._client_desk_receive(document_request.partner_id, name, data, line=line)
        except UserError as error:
            return self._client_desk_request_page(document_request, access_token, error=error.name, status=400)
        url = "/documents/request/%s?uploaded=1" % document_request.id
        if access_token:
            url += "&access_token=%s" % werkzeug.urls.url_quote(access_token)
        return client_desk_token_page_headers(werkzeug.utils.redirect(url, 303))
