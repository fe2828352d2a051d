"""Route-level hardening: the login page while throttled, and exports without formulas.

(JSONP, the upload size limit, the session cookie and 404s live in models/ir_http.py: they
must act before or after any route.)
"""
import io
import json

import werkzeug.exceptions

from odoo import _, http
from odoo.http import request
from odoo.tools import pycompat

from odoo.addons.web.controllers.main import CSVExport, ExcelExport, Home

from ..tools.spreadsheet import neutralise_row

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


def _is_valid_path(model, path):
    """True when an exported field path names fields of model (relational ones but the last);
    'id' and '.id' only end a path."""
    parts = path.split("/") if isinstance(path, str) else [""]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part in ("id", ".id"):
            return last
        field = model._fields.get(part)
        if field is None or not (last or field.relational):
            return False
        if field.relational:
            model = model.env[field.comodel_name]
    return True


def _is_int_list(value):
    return isinstance(value, list) and all(isinstance(item, int) and not isinstance(item, bool) for item in value)


def _export_params(data):
    """The export request the web client posts (JSON), or None when it is not one: stock
    Odoo answered anything else with 500 and a traceback."""
    try:
        params = json.loads(data or "")
    except ValueError:
        return None
    if not isinstance(params, dict) or params.get("model") not in request.env.registry:
        return None
    model = request.env[params["model"]]
    fields = params.get("fields")
    if not (
        isinstance(fields, list)
        and all(isinstance(field, dict) and _is_valid_path(model, field.get("name")) for field in fields)
        and (params.get("import_compat") or all(isinstance(field.get("label"), str) for field in fields))
        and (not params.get("ids") or _is_int_list(params["ids"]))
        and isinstance(params.get("domain", []), list)
        and isinstance(params.get("context", {}), dict)
        and "import_compat" in params
    ):
        return None
    params.setdefault("ids", False)
    params.setdefault("domain", [])
    return params


class ClientDeskExportMixin(object):
    """Neutralises formula-like text cells (SECURITY checklist 10) in Odoo's list exports,
    and answers a malformed export request with 400 and a message."""

    def base(self, data, token):
        params = _export_params(data)
        if params is None:
            # Returned, not raised: the route's serialize_exception would make any error a 500.
            return werkzeug.exceptions.BadRequest(
                _("This export request is not valid: it must name a model and fields that exist.")
            )
        model = request.env[params["model"]]
        fields = params["fields"]
        if not model._is_an_ordinary_table():  # as ExportFormat.base() does
            fields = [field for field in fields if field["name"] != "id"]
        request.client_desk_export_numeric = [_is_numeric_path(model, field["name"]) for field in fields]
        return super().base(json.dumps(params), token)


class ClientDeskCSVExport(ClientDeskExportMixin, CSVExport):
    @http.route()
    def index(self, data=None, token=""):
        # Stock requires both parameters: a request without them answered 500.
        return super().index(data, token)

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
    @http.route()
    def index(self, data=None, token=""):
        return super().index(data, token)

    def from_data(self, fields, rows):
        # Raw export: numbers are numbers here, only text is neutralised.
        return super().from_data(neutralise_row(fields), [neutralise_row(row) for row in rows])
