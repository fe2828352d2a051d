"""Route-level hardening: the login page while throttled, exports without formulas, and the
portal chatter's token check for Client Desk records.

(JSONP, the upload size limit, the session cookie and 404s live in models/ir_http.py: they
must act before or after any route.)
"""
import io
import json

from odoo import http
from odoo.http import request
from odoo.tools import pycompat

from odoo.addons.portal.controllers.mail import PortalChatter
from odoo.addons.web.controllers.main import CSVExport, ExcelExport, Home

from ..tools.spreadsheet import neutralise_row
from .portal_access import client_desk_portal_record

NUMERIC_FIELD_TYPES = ("integer", "float", "monetary")


class ClientDeskHome(Home):
    @http.route()
    def web_login(self, redirect=None, **kw):
        response = super().web_login(redirect=redirect, **kw)
        # res.users._login marks the request when it refused without checking the password.
        if getattr(request, "client_desk_login_throttled", False) and getattr(response, "is_qweb", False):
            response.qcontext["error"] = request.env["res.users"]._client_desk_login_throttled_message()
        return response


def _is_numeric_path(model, path):
    """True when an exported field path ('name', 'parent_id/credit', 'id', '.id') holds a
    number. Odoo's CSV export writes numbers as text ("-5.0"): they must stay numbers."""
    field = None
    for part in path.split("/"):
        if part == ".id":  # the database id
            return True
        if part == "id":  # the XML id: text
            return False
        field = model._fields.get(part)
        if field is None:
            return False
        if field.relational:
            model = model.env[field.comodel_name]
    return field is not None and field.type in NUMERIC_FIELD_TYPES


class ClientDeskExportMixin(object):
    """Neutralises formula-like text cells (SECURITY checklist 10) in Odoo's list exports."""

    def base(self, data, token):
        params = json.loads(data)
        if params.get("model") in request.env.registry:
            model = request.env[params["model"]]
            fields = params.get("fields") or []
            if not model._is_an_ordinary_table():  # as ExportFormat.base() does
                fields = [field for field in fields if field["name"] != "id"]
            request.client_desk_export_numeric = [_is_numeric_path(model, field["name"]) for field in fields]
        return super().base(data, token)


class ClientDeskCSVExport(ClientDeskExportMixin, CSVExport):
    def from_data(self, fields, rows):
        # Replaces Odoo's, which prefixes only '=', '-' and '+', numbers ("-5.0") included.
        numeric = getattr(request, "client_desk_export_numeric", None)
        stream = io.BytesIO()
        writer = pycompat.csv_writer(stream, quoting=1)
        writer.writerow(neutralise_row(fields))
        for row in rows:
            writer.writerow([pycompat.to_text(value) for value in neutralise_row(row, numeric)])
        return stream.getvalue()


class ClientDeskExcelExport(ClientDeskExportMixin, ExcelExport):
    def from_data(self, fields, rows):
        # Raw export: numbers are numbers here, only text is neutralised.
        return super().from_data(neutralise_row(fields), [neutralise_row(row) for row in rows])


class ClientDeskPortalChatter(PortalChatter):
    """Portal chatter with a token on a Client Desk record goes through the shared check,
    so expired, rotated and revoked tokens are refused there too (stock only compares)."""

    def _client_desk_check_chatter_token(self, res_model, res_id, token):
        if token and res_model in request.env.registry and issubclass(
            type(request.env[res_model]), request.env.registry["client.desk.portal.mixin"]
        ):
            client_desk_portal_record(res_model, res_id, token)

    @http.route()
    def portal_chatter_post(self, res_model, res_id, message, **kw):
        self._client_desk_check_chatter_token(res_model, res_id, kw.get("token"))
        return super().portal_chatter_post(res_model, res_id, message, **kw)

    @http.route()
    def portal_message_fetch(self, res_model, res_id, domain=False, limit=10, offset=0, **kw):
        self._client_desk_check_chatter_token(res_model, res_id, kw.get("token"))
        return super().portal_message_fetch(res_model, res_id, domain=domain, limit=limit, offset=offset, **kw)
