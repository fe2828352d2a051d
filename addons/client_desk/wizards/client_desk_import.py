import base64
import binascii
import logging
import zlib
from collections import namedtuple

import psycopg2

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..models.res_partner_import import NO_TRACKING, PhoneKeys
from ..tools import client_import
from ..tools.access import require_staff
from ..tools.bulk_insert import bulk_insert, insert_relation

_logger = logging.getLogger(__name__)

# Where a column can go (client_import.TARGET_LABELS) and the res.partner field each one fills.
TARGET_FIELDS = {
    "name": "name",
    "first_name": "client_desk_first_name",
    "last_name": "client_desk_last_name",
    "email": "email",
    "phone": "phone",
    "mobile": "mobile",
    "street": "street",
    "zip": "zip",
    "city": "city",
    "country": "country_id",
    "birthday": "client_desk_birthday",
    "lang": "lang",
    "note": "client_desk_note",
    "ref": "ref",
    "tags": "category_id",
    "marketing_opt_in": "client_desk_marketing_opt_in",
}
FORMATS = [
    ("csv", "CSV"),
    ("xlsx", "Excel (.xlsx)"),
    ("xls", "Excel 97-2003 (.xls)"),
    ("vcard", "vCard"),
    ("google", "Google Contacts CSV"),
    ("outlook", "Outlook CSV"),
]
PREVIEW_ROWS = 5
# Kanban tag colours are 1..11 (0 is none: the tag is invisible on a card).
TAG_COLOURS = 11

# One line of the report, built once when the import is done (see _client_desk_report).
ReportLine = namedtuple("ReportLine", "kind row_number summary reason partner_id")


class ImportRow:
    """What one row of the file says and what became of it.

    vals: res.partner values (empty ones left out); tags: tag names; opt_in: True/False/None
    when the file does not say; custom: {field id: text}; errors: why the row cannot be
    imported; warnings: values left out or remarks; email/phone_keys: its identity.
    After matching: partner_id (the known client it is), duplicate_of (the earlier row of
    the same client); after importing: created_id, changes [(label, old, new)] applied and
    kept [(label, old, new)] proposed but not applied.
    """

    __slots__ = ("number", "cells", "vals", "tags", "opt_in", "custom", "errors", "warnings", "email",
                 "phone_keys", "stand_in_name", "partner_id", "duplicate_of", "created_id", "changes", "kept",
                 "status")

    def __init__(self, number, cells):
        self.number, self.cells = number, cells
        self.vals, self.tags, self.opt_in, self.custom = {}, [], None, {}
        self.errors, self.warnings = [], []
        self.email, self.phone_keys, self.stand_in_name = None, [], None
        self.partner_id = self.duplicate_of = self.created_id = None
        self.changes, self.kept = [], []
        self.status = None  # created, updated, unchanged, skipped, invalid

    @property
    def summary(self):
        """Who the row is, for the report: name, e-mail or phone, else what the row says."""
        text = self.vals.get("name") or self.stand_in_name
        return (text or " ".join(cell for cell in self.cells if cell))[:200]


class ClientDeskImport(models.TransientModel):
    """Imports clients from a file: upload, check the column mapping, choose the changes to
    known clients, import, read the report.

    Rows are matched like res.partner.client_desk_find_or_create (normalised e-mail, then
    phone digits) against every matchable client at once and against the earlier rows of the
    file. New clients are created in bulk (res.partner._client_desk_create_many). A known
    client gets only what it lacks: a value that would replace one the business wrote is
    proposed, and applied only when chosen. Every change lands in the client's conversation
    and in the report, and so does every value, row or column that was not imported.
    """

    _name = "client.desk.import"
    _description = "Client import"
    _order = "id desc"

    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("review", "Changes"), ("done", "Done")],
        default="upload", required=True,
    )
    file = fields.Binary(attachment=False, help="CSV, Excel (.xlsx, .xls), vCard (.vcf), Google or Outlook contacts.")
    filename = fields.Char()
    file_format = fields.Selection(FORMATS, "Format", readonly=True)
    encoding = fields.Selection(
        [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("utf-16", "UTF-16"), ("cp1252", "Windows-1252")],
        readonly=True,
    )
    delimiter = fields.Selection([(",", "Comma"), (";", "Semicolon"), ("\t", "Tab")], "Separator", readonly=True)
    row_count = fields.Integer("Rows", readonly=True)
    preview_html = fields.Html("First rows", readonly=True)
    column_ids = fields.One2many(
        "client.desk.import.line", "wizard_id", "Columns", domain=[("line_type", "=", "column")],
    )
    change_ids = fields.One2many("client.desk.import.change", "wizard_id", "Proposed changes")
    report_line_ids = fields.One2many(
        "client.desk.import.line", "wizard_id", "Report", domain=[("line_type", "!=", "column")], readonly=True,
    )
    duplicate_mode = fields.Selection(
        [("update", "Complete the existing client"), ("skip", "Skip the row")],
        "When the client exists", default="update", required=True,
        help="A row is the same client when its e-mail address, or else a phone number, is already known. "
             "An existing client gets only the details it lacks; a value that differs from one already "
             "there is proposed on the next step, and changed only if you choose so.",
    )
    tag_id = fields.Many2one("res.partner.category", "Tag", readonly=True)
    partner_ids = fields.Many2many("res.partner", string="Imported clients", readonly=True)
    created_count = fields.Integer("Created", readonly=True)
    updated_count = fields.Integer("Updated", readonly=True)
    skipped_count = fields.Integer("Skipped", readonly=True)
    invalid_count = fields.Integer("Invalid", readonly=True)
    warning_count = fields.Integer("With remarks", readonly=True)

    # -- access ------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        # A transient model is open to every user: only Client Desk staff import clients.
        require_staff(self.env, _("Only Client Desk staff may import clients."))
        return super().create(vals)

    # -- labels ------------------------------------------------------------------------------

    @api.model
    @tools.ormcache("source", "self.env.lang")
    def _client_desk_term(self, source):
        """source (a msgid of tools/client_import.py) in the user's language, as this module
        translates it. Odoo's _() takes any module's translation of the same text, and
        generic words have odd ones (the web client translates "Name" as "Naam:")."""
        lang = self.env.lang
        if not lang or lang == "en_US":
            return source
        self.env.cr.execute(
            "SELECT value FROM ir_translation WHERE lang = %s AND type = 'code' AND module = 'client_desk'"
            " AND src = %s AND md5(src) = md5(%s) AND value != '' ORDER BY id LIMIT 1", (lang, source, source))
        row = self.env.cr.fetchone()
        return row[0] if row else _(source)

    @api.model
    def _client_desk_targets(self):
        """Choices for a column: our targets, then the custom client fields."""
        targets = [("ignore", _("Do not import"))]
        targets += [(target, self._client_desk_term(label)) for target, label in client_import.TARGET_LABELS]
        for field in self.env["client.desk.field"].sudo().search([]):
            targets.append(("custom_%d" % field.id, _("Custom field: %s") % field.name))
        return targets

    # -- steps ---------------------------------------------------------------------------------

    @api.multi
    def _client_desk_parse(self):
        """The uploaded file, read; a file that cannot be read is a UserError saying why.
        Column names of contacts files (ours) are in the user's language."""
        self.ensure_one()
        if not self.file and not self.filename:
            raise UserError(_("Choose the file to import."))
        try:
            content = base64.b64decode(self.file or b"")
        except (binascii.Error, ValueError):
            raise UserError(_("The uploaded file is damaged; upload it again."))
        try:
            parsed = client_import.read_file(self.filename or "", content)
        except client_import.ImportFileError as error:
            # The parser's messages are msgids (see tools/client_import.py): translate here.
            raise UserError(_("This file cannot be imported: %s") % self._client_desk_file_error(error))
        if parsed.format in ("vcard", "google", "outlook"):
            parsed.headers = [self._client_desk_term(header) for header in parsed.headers]
            parsed.dropped = {self._client_desk_term(label): rows for label, rows in parsed.dropped.items()}
        return parsed

    @api.model
    def _client_desk_file_error(self, error):
        """The parser's message (a msgid with %(name)s params) in the user's language; the
        English one when a translation does not take the same params (never a server error)."""
        message = self._client_desk_term(error.message)
        try:
            return message % error.params if error.params else message
        except (KeyError, TypeError, ValueError):
            return str(error)

    @api.multi
    def action_preview(self):
        """Reads the file, proposes a target for every column and shows the first rows."""
        self.ensure_one()
        require_staff(self.env)
        parsed = self._client_desk_parse()
        targets = self._client_desk_guess_targets(parsed)
        self._client_desk_clear_lines()
        self.write({
            "state": "preview",
            "file_format": parsed.format,
            "encoding": parsed.encoding,
            "delimiter": parsed.delimiter,
            "row_count": len(parsed.rows),
            "preview_html": self._client_desk_preview_html(parsed),
            "column_ids": [
                (0, 0, {
                    "line_type": "column",
                    "sequence": position,
                    "header": header,
                    "sample": self._client_desk_sample(parsed, position),
                    "target": target,
                })
                for position, (header, target) in enumerate(zip(parsed.headers, targets))
            ],
        })
        return self._client_desk_reopen()

    @api.multi
    def action_back(self):
        """Back to the upload step, to choose another file."""
        self.ensure_one()
        self._client_desk_clear_lines()
        self.write({"state": "upload", "file_format": False, "encoding": False, "delimiter": False, "row_count": 0,
                    "preview_html": False})
        return self._client_desk_reopen()

    @api.multi
    def action_back_to_columns(self):
        """From the proposed changes back to the columns (the changes are proposed again)."""
        self.ensure_one()
        self.change_ids.unlink()
        self.state = "preview"
        return self._client_desk_reopen()

    @api.multi
    def action_apply_all(self):
        """Every proposed change will be applied."""
        self.ensure_one()
        self.change_ids.write({"apply": True})
        return self._client_desk_reopen()

    @api.multi
    def action_apply_none(self):
        """No proposed change will be applied: known clients keep their values."""
        self.ensure_one()
        self.change_ids.write({"apply": False})
        return self._client_desk_reopen()

    @api.multi
    def _client_desk_clear_lines(self):
        """Forgets the columns, proposed changes and report of a previous file."""
        self.env["client.desk.import.line"].search([("wizard_id", "in", self.ids)]).unlink()
        self.env["client.desk.import.change"].search([("wizard_id", "in", self.ids)]).unlink()

    @api.multi
    def action_import(self):
        """Imports every row as the columns are mapped, then shows the report. When known
        clients have values the file would replace, first shows those changes to choose."""
        self.ensure_one()
        require_staff(self.env)
        if self.state not in ("preview", "review"):
            raise UserError(_("Preview the file before importing it."))
        parsed = self._client_desk_parse()
        columns = self.column_ids.sorted("sequence")
        if [column.header or "" for column in columns] != list(parsed.headers):
            raise UserError(_("The file changed since its preview; preview it again."))
        mapping = [(column.sequence, column.target) for column in columns
                   if column.target and column.target != "ignore"]
        if not mapping:
            raise UserError(_("Choose where at least one column goes."))
        plan = self._client_desk_plan(parsed, mapping)
        if self.state == "preview" and plan["conflicts"]:
            self.write({"state": "review", "change_ids": [(0, 0, values) for values in plan["conflicts"]]})
            return self._client_desk_reopen()
        result = self._client_desk_import_rows(parsed, plan)
        self.write(dict(result, state="done"))
        return self._client_desk_reopen()

    @api.multi
    def action_open_clients(self):
        """The clients this import created or updated, in the client list."""
        self.ensure_one()
        action = self.env.ref("client_desk.res_partner_action_clients").read()[0]
        action["domain"] = [("id", "in", self.partner_ids.ids)]
        action["name"] = _("Imported clients")
        return action

    @api.multi
    def _client_desk_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import clients"),
        }

    # -- preview -------------------------------------------------------------------------------

    @api.model
    def _client_desk_guess_targets(self, parsed):
        """client_import's guess per column; an unknown column may be a custom client field."""
        targets = list(parsed.targets)
        Field = self.env["client.desk.field"].sudo()
        for position, header in enumerate(parsed.headers):
            if targets[position] == "ignore":
                field = Field._client_desk_match_column(header)
                if field:
                    targets[position] = "custom_%d" % field.id
        return targets

    @api.model
    def _client_desk_sample(self, parsed, position):
        values = []
        for _number, cells in parsed.rows:
            if cells[position] and cells[position] not in values:
                values.append(cells[position])
            if len(values) == 3:
                break
        return ", ".join(values)[:200]

    @api.model
    def _client_desk_preview_html(self, parsed):
        """The first rows as an HTML table; every cell is escaped (the file is not trusted)."""
        head = "".join("<th>%s</th>" % html_escape(header) for header in parsed.headers)
        body = "".join(
            "<tr><td>%d</td>%s</tr>" % (number, "".join("<td>%s</td>" % html_escape(cell) for cell in cells))
            for number, cells in parsed.rows[:PREVIEW_ROWS]
        )
        return '<table class="table table-condensed"><thead><tr><th>%s</th>%s</tr></thead><tbody>%s</tbody></table>' % (
            html_escape(_("Row")), head, body)

    # -- rows to values -----------------------------------------------------------------------

    @api.model
    def _client_desk_lookups(self):
        """Countries by code and by name in every installed language, and installed languages."""
        countries = {}
        for lang_code, _name in self.env["res.lang"].get_installed() + [("en_US", "English")]:
            for country in self.env["res.country"].with_context(lang=lang_code).search([]):
                countries.setdefault(client_import.normalize_header(country.name), country.id)
                if country.code:
                    countries.setdefault(country.code.lower(), country.id)
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        return {"countries": countries, "languages": languages, "phones": PhoneKeys(self.env["res.partner"])}

    @api.model
    def _client_desk_language(self, text, languages):
        """Installed language code for what a cell says ('nl', 'Frans', 'fr-BE'); Belgian
        variants first. None when empty; ValueError when not understood or not installed."""
        parsed = client_import.parse_language(text)
        if not parsed:
            return None
        base, exact = parsed
        if exact and exact in languages:
            return exact
        candidates = [code for code in languages if code.split("_")[0] == base]
        if not candidates:
            raise ValueError(text)
        return next((code for code in candidates if code.endswith("_BE")), candidates[0])

    @api.model
    def _client_desk_row(self, number, cells, mapping, lookups, headers):
        """ImportRow of what one row says, with every fault found (not only the first)."""
        row = ImportRow(number, cells)
        raw, notes = {}, []
        for position, target in mapping:
            value = cells[position].strip() if position < len(cells) else ""
            if not value:
                continue
            if target == "tags":
                known = {tag.lower() for tag in row.tags}
                row.tags += [tag for tag in client_import.split_tags(value) if tag.lower() not in known]
            elif target == "note":
                notes.append(value)
            elif target.startswith("custom_"):
                row.custom.setdefault(int(target[len("custom_"):]), value)
            elif target in raw:
                row.warnings.append(
                    _("'%(value)s' (column %(column)s) left out: an earlier column already gives this detail.")
                    % {"value": value, "column": headers[position]})
            else:
                raw[target] = value
        vals = row.vals
        for target in ("name", "first_name", "last_name", "street", "zip", "city", "ref"):
            if raw.get(target):
                vals[TARGET_FIELDS[target]] = client_import.clean_text(raw[target])
        if notes:
            vals["client_desk_note"] = "\n".join(notes)
        if raw.get("email"):
            Partner = self.env["res.partner"]
            try:
                vals["email"] = Partner._client_desk_check_email(client_import.clean_email(raw["email"]))
                row.email = Partner._client_desk_normalize_email(vals["email"])
            except ValidationError as error:
                row.errors.append(error.name)
        for target in ("mobile", "phone"):
            if raw.get(target):
                number_text = client_import.clean_text(raw[target])
                key = lookups["phones"][number_text]
                if key is not None:
                    vals[target] = number_text
                    if key and key not in row.phone_keys:
                        row.phone_keys.append(key)
                else:
                    row.warnings.append(_("'%s' is not a phone number; left out.") % raw[target])
        self._client_desk_row_other_values(row, raw, lookups)
        # A contact needs a name: first and last name, else (new clients only) the address or number.
        if not vals.get("name"):
            full = " ".join(filter(None, [vals.get("client_desk_first_name"), vals.get("client_desk_last_name")]))
            if full:
                vals["name"] = full
            else:
                row.stand_in_name = vals.get("email") or vals.get("mobile") or vals.get("phone")
        if not (row.errors or vals.get("name") or row.email or row.phone_keys):
            row.errors.append(_("No name, e-mail address or phone number."))
        return row

    @api.model
    def _client_desk_row_other_values(self, row, raw, lookups):
        """Country, birthday, language and opt-in of a row; what is not understood is a warning."""
        if raw.get("country"):
            country = lookups["countries"].get(client_import.normalize_header(raw["country"]))
            if country:
                row.vals["country_id"] = country
            else:
                row.warnings.append(_("Country '%s' is unknown; left out.") % raw["country"])
        if raw.get("birthday"):
            try:
                row.vals["client_desk_birthday"] = fields.Date.to_string(client_import.parse_date(raw["birthday"]))
            except ValueError:
                row.warnings.append(_("Birthday '%s' is not a date (day/month/year); left out.") % raw["birthday"])
        if raw.get("lang"):
            try:
                row.vals["lang"] = self._client_desk_language(raw["lang"], lookups["languages"])
            except ValueError:
                row.warnings.append(_("Language '%s' is unknown; left out.") % raw["lang"])
        if raw.get("marketing_opt_in"):
            try:
                row.opt_in = client_import.parse_bool(raw["marketing_opt_in"])
            except ValueError:
                row.warnings.append(_("Marketing opt-in '%s' is not yes or no; left out.") % raw["marketing_opt_in"])

    # -- planning: what each row becomes -------------------------------------------------------

    @api.multi
    def _client_desk_plan(self, parsed, mapping):
        """Every row read and matched, and the changes to known clients computed: {'rows',
        'lookups', 'current' (values of the known clients), 'updates' {row number: (fills,
        conflicts)}, 'conflicts' (change line values to propose)}. Nothing is written."""
        self.ensure_one()
        lookups = self._client_desk_lookups()
        rows = [self._client_desk_row(number, cells, mapping, lookups, parsed.headers)
                for number, cells in parsed.rows]
        self._client_desk_match(rows)
        known = [row for row in rows if row.status == "known"]
        plan = {"rows": rows, "lookups": lookups, "current": {}, "updates": {}, "conflicts": []}
        if not known:
            return plan
        names = {name for row in known for name in row.vals}
        # Number and name: what the report says of a client left as it is.
        names |= {"client_desk_is_client", "client_desk_marketing_opt_in", "client_desk_number", "name", "active"}
        current = self.env["res.partner"]._client_desk_current_values([row.partner_id for row in known], names)
        plan["current"] = current
        if self.duplicate_mode != "update":
            return plan
        custom = self._client_desk_current_custom(known)
        for row in known:
            fills, conflicts = self._client_desk_differences(current[row.partner_id], custom.get(row.partner_id, {}),
                                                             row, lookups["phones"])
            plan["updates"][row.number] = (fills, conflicts)
            for name, (old, new) in sorted(conflicts.items()):
                plan["conflicts"].append({
                    "row_number": row.number,
                    "partner_id": row.partner_id,
                    "field_name": name,
                    "field_label": self._client_desk_field_label(name),
                    "old_value": self._client_desk_display(name, old),
                    "new_value": self._client_desk_display(name, new),
                    "value_key": repr(new),
                })
        return plan

    @api.model
    def _client_desk_match(self, rows):
        """Sets each row's status: invalid; known (partner_id: the client it is, by
        res.partner's one matching rule); skipped (duplicate_of: an earlier row of the same
        client, by the same e-mail or else a phone); or new."""
        valid = [row for row in rows if not row.errors]
        matches = self.env["res.partner"]._client_desk_match_many([(row.email, row.phone_keys) for row in valid])
        for row in rows:
            if row.errors:
                row.status = "invalid"
        emails, phones = {}, {}  # e-mail or phone of a row -> its first row
        claimed = {}  # known client id -> its first row
        for row, match in zip(valid, matches):
            earlier = claimed.get(match) if match else None
            if earlier is None:
                earlier = emails.get(row.email) if row.email else None
            if earlier is None and not (match and row.email):
                earlier = next((phones[key] for key in row.phone_keys if key in phones), None)
            if earlier is not None:
                row.status, row.duplicate_of, row.partner_id = "skipped", earlier.number, earlier.partner_id
                continue
            if row.email:
                emails.setdefault(row.email, row)
            for key in row.phone_keys:
                phones.setdefault(key, row)
            if match:
                claimed[match] = row
                row.status, row.partner_id = "known", match
            else:
                row.status = "new"

    @api.model
    def _client_desk_current_custom(self, rows):
        """{partner id: {custom field id: (raw value, display)}} of the known clients with
        custom values in the file."""
        ids = [row.partner_id for row in rows if row.custom]
        current = {}
        for line in self.env["client.desk.field.value"].sudo().search([("partner_id", "in", ids)]):
            if line.field_id.active and not line._client_desk_is_empty():
                current.setdefault(line.partner_id.id, {})[line.field_id.id] = (
                    line._client_desk_raw_value(), line.display_value)
        return current

    @api.model
    def _client_desk_differences(self, current, custom, row, phones):
        """(fills, conflicts) between a known client and its row: fills {field: value} for what
        the client lacks (empty field, consent given, custom value; tags are added apart),
        conflicts {field: (old, new)} for values the file would replace."""
        fills, conflicts = {}, {}
        normalize = self.env["res.partner"]._client_desk_normalize_email
        for name, value in row.vals.items():
            old = current.get(name) or False
            if old == value:
                continue
            if name == "email" and normalize(value) == normalize(old):
                continue
            if name in ("phone", "mobile") and old and phones[old] is not None and phones[old] == phones[value]:
                continue
            if name in ("client_desk_note", "name", "street", "city") and old and " ".join(old.split()) == value:
                continue
            if old:
                conflicts[name] = (old, value)
            else:
                fills[name] = value
        if row.opt_in is not None and row.opt_in != bool(current.get("client_desk_marketing_opt_in")):
            if row.opt_in:
                fills["client_desk_marketing_opt_in"] = True
            else:
                conflicts["client_desk_marketing_opt_in"] = (True, False)
        for field_id, text in row.custom.items():
            old = custom.get(field_id)
            if old is None:
                fills["custom_%d" % field_id] = text
            elif not self._client_desk_same_custom(old[0], text):
                conflicts["custom_%d" % field_id] = (old[1], text)
        return fills, conflicts

    @api.model
    def _client_desk_same_custom(self, raw, text):
        """True when a custom field's stored value is what the file's text says."""
        if isinstance(raw, bool):
            return client_import.read_boolean(text) is raw
        if isinstance(raw, float):
            try:
                return float(text.replace(",", ".")) == raw
            except ValueError:
                return False
        return str(raw).strip().lower() == text.strip().lower()

    @api.model
    def _client_desk_field_label(self, name):
        """What a person calls a field of a change: its label, or the custom field's name."""
        if name.startswith("custom_"):
            return self.env["client.desk.field"].sudo().browse(int(name[len("custom_"):])).name
        return self.env["res.partner"]._fields[name].get_description(self.env)["string"]

    @api.model
    def _client_desk_display(self, name, value):
        """A value of a field as the card shows it, for a change line."""
        if value is None or value is False or value == "":
            return self._client_desk_term(client_import.EMPTY_VALUE)
        if name.startswith("custom_"):
            return str(value)
        field = self.env["res.partner"]._fields[name]
        if field.type == "boolean":
            return self._client_desk_term(client_import.YES if value else client_import.NO)
        if field.type == "many2one":
            return self.env[field.comodel_name].browse(value).display_name
        if field.type == "date":
            lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
            return fields.Date.from_string(value).strftime(lang.date_format if lang else "%d/%m/%Y")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        return str(value)

    # -- the import ------------------------------------------------------------------------------

    @api.multi
    def _client_desk_import_rows(self, parsed, plan):
        """Creates and completes the clients of the plan, writes the report; returns the
        wizard's result values."""
        self.ensure_one()
        rows = plan["rows"]
        new = [row for row in rows if row.status == "new"]
        known = [row for row in rows if row.status == "known"]
        self._client_desk_namesakes(new)
        tag_ids = self._client_desk_tag_ids({tag for row in new + known for tag in row.tags})
        imported_tag = self.env["res.partner.category"]
        if new or known:
            imported_tag = self._client_desk_imported_tag()
        self._client_desk_create(new, tag_ids, imported_tag, plan["lookups"]["phones"])
        if self.duplicate_mode == "update":
            chosen = {(change.partner_id.id, change.field_name, change.value_key)
                      for change in self.change_ids if change.apply}
            self._client_desk_update(known, plan, tag_ids, imported_tag, chosen)
        else:
            for row in known:
                row.status = "unchanged"
        self._client_desk_set_custom_values([row for row in new if row.created_id])
        report = self._client_desk_report(parsed, rows, plan["current"])
        bulk_insert(self.env["client.desk.import.line"], [
            {"wizard_id": self.id, "line_type": line.kind, "row_number": line.row_number, "summary": line.summary,
             "reason": line.reason, "partner_id": line.partner_id or False, "target": "ignore"}
            for line in report
        ])
        partner_ids = sorted({row.created_id for row in rows if row.status == "created"}
                             | {row.partner_id for row in rows if row.status == "updated"})
        insert_relation(self, self._fields["partner_ids"], [(self.id, partner_id) for partner_id in partner_ids])
        counts = {kind: len({line.row_number for line in report if line.kind == kind})
                  for kind in ("skipped", "invalid", "warning")}
        created = sum(1 for row in rows if row.status == "created")
        updated = sum(1 for row in rows if row.status == "updated")
        _logger.info("client import %s: %d created, %d updated, %d skipped, %d invalid", self.id, created, updated,
                     counts["skipped"], counts["invalid"])
        return {
            "created_count": created,
            "updated_count": updated,
            "skipped_count": counts["skipped"],
            "invalid_count": counts["invalid"],
            "warning_count": counts["warning"],
            "tag_id": imported_tag.id if partner_ids else False,
        }

    @api.model
    def _client_desk_namesakes(self, rows):
        """Warns about new clients named like a client there is, or like another new row: two
        clients of one name side by side may be one person with another e-mail or phone."""
        names = {}
        for row in rows:
            name = (row.vals.get("name") or "").strip().lower()
            if name:
                names.setdefault(name, []).append(row)
        existing = self.env["res.partner"]._client_desk_clients_named(set(names))
        for name, same in names.items():
            for partner_id, number in existing.get(name, []):
                for row in same:
                    row.warnings.append(_("A client with this name already exists (%s); created as another client.")
                                        % (number or partner_id))
            for row in same[1:]:
                row.warnings.append(_("Same name as row %s of this file; created as another client.")
                                    % same[0].number)

    @api.model
    def _client_desk_create(self, rows, tag_ids, imported_tag, phones):
        """Creates a client per new row (res.partner._client_desk_create_many); a row the
        database refuses becomes invalid with the reason."""
        vals_list = []
        for row in rows:
            vals = dict(row.vals, client_desk_status="client")
            if not vals.get("name"):
                vals["name"] = row.stand_in_name
            vals["category_id"] = [(6, 0, sorted({tag_ids[tag.lower()] for tag in row.tags}
                                                 | set(imported_tag.ids)))]
            if row.opt_in:
                vals["client_desk_marketing_opt_in"] = True
            vals_list.append(vals)
        ids, refused = self.env["res.partner"]._client_desk_create_many(vals_list, "import", phones=phones)
        for index, row in enumerate(rows):
            if index in refused:
                row.status = "invalid"
                row.errors.append(refused[index])
            else:
                row.status, row.created_id = "created", ids[index]

    @api.multi
    def _client_desk_update(self, rows, plan, tag_ids, imported_tag, chosen):
        """Completes the known clients: what they lack, and the proposed changes that were
        chosen; each updated client gets one note in its conversation listing the changes."""
        Partner = self.env["res.partner"].with_context(client_desk_consent_source="import", **NO_TRACKING)
        current = plan["current"]
        for row in rows:
            fills, conflicts = plan["updates"][row.number]
            vals = dict(fills)
            for name, (old, new) in conflicts.items():
                if (row.partner_id, name, repr(new)) in chosen:
                    vals[name] = new
                else:
                    row.kept.append((name, old, new))
            before = current[row.partner_id]
            new_tags = sorted({tag_ids[tag.lower()] for tag in row.tags} - before["category_id"])
            partner = Partner.browse(row.partner_id)
            custom = {name: vals.pop(name) for name in list(vals) if name.startswith("custom_")}
            if custom and not self._client_desk_set_custom(partner, row, custom):
                custom = {}
            opt_in = vals.pop("client_desk_marketing_opt_in", None)
            if not (vals or custom or new_tags or opt_in is not None) and before.get("client_desk_is_client"):
                row.status = "unchanged"
                continue
            row.changes = [(name, before.get(name, False), value) for name, value in sorted(vals.items())]
            row.changes += [(name, (conflicts.get(name) or (False,))[0], value)
                            for name, value in sorted(custom.items())]
            if opt_in is not None:
                row.changes.append(("client_desk_marketing_opt_in", not opt_in, opt_in))
            if new_tags:
                vals["category_id"] = [(4, tag_id) for tag_id in new_tags]
                row.changes.append(("category_id", False, ", ".join(
                    self.env["res.partner.category"].browse(new_tags).mapped("name"))))
            if imported_tag and imported_tag.id not in before["category_id"]:
                vals.setdefault("category_id", []).append((4, imported_tag.id))
            if not before.get("client_desk_is_client"):
                vals["client_desk_is_client"] = True
            try:
                with self.env.cr.savepoint():
                    partner.write(vals)
                    if opt_in is not None:
                        partner.client_desk_set_consent("import", marketing_opt_in=opt_in)
                    if row.changes:
                        self._client_desk_post_changes(partner, row.changes)
            except (ValidationError, UserError, psycopg2.IntegrityError, psycopg2.DataError) as error:
                # Another module refused the change: the row says why, the others go on.
                self.env.clear()
                row.status, row.changes, row.kept = "invalid", [], []
                row.errors.append(Partner._client_desk_refusal_text(error))
                continue
            row.status = "updated"

    @api.model
    def _client_desk_set_custom(self, partner, row, values):
        """Sets custom values {custom_<id>: text} on a client; a value its field refuses is a
        warning of the row and nothing of them is set. True when set."""
        Field = self.env["client.desk.field"].sudo()
        by_key = {}
        for name, text in values.items():
            field = Field.browse(int(name[len("custom_"):])).exists()
            if field:
                by_key[field.key] = text
        if not by_key:
            return False
        try:
            with self.env.cr.savepoint():
                partner.client_desk_set_custom_values(by_key)
        except (ValidationError, UserError, psycopg2.DataError) as error:
            self.env.clear()
            row.warnings.append(self.env["res.partner"]._client_desk_refusal_text(error))
            return False
        return True

    @api.model
    def _client_desk_set_custom_values(self, rows):
        """Custom values of the new clients (through the custom fields' own checks)."""
        Partner = self.env["res.partner"]
        for row in rows:
            if row.custom:
                self._client_desk_set_custom(Partner.browse(row.created_id), row,
                                             {"custom_%d" % field_id: text for field_id, text in row.custom.items()})

    @api.multi
    def _client_desk_change_text(self, changes):
        """'Field: old → new' of each change, for the conversation and the report."""
        return ["%s: %s → %s" % (self._client_desk_field_label(name), self._client_desk_display(name, old),
                                 value if name == "category_id" else self._client_desk_display(name, value))
                for name, old, value in changes]

    @api.multi
    def _client_desk_post_changes(self, partner, changes):
        """One event in the client's conversation listing what the import changed (authored
        by the staff member who imported)."""
        items = "".join("<li>%s</li>" % html_escape(text) for text in self._client_desk_change_text(changes))
        body = "<p>%s</p><ul>%s</ul>" % (
            html_escape(_("Changed by the import of %s:") % (self.filename or _("a file"))), items)
        partner._client_desk_event("import", body)

    # -- report -------------------------------------------------------------------------------

    @api.multi
    def _client_desk_report(self, parsed, rows, current):
        """The report lines, built once from what became of each row and column; current:
        the known clients' values (_client_desk_plan)."""
        lines = self._client_desk_dropped_lines(parsed)
        unchanged_reason = _("Already a client (%s); left as it is.") if self.duplicate_mode == "skip" \
            else _("Already a client (%s) with these details.")
        for row in rows:
            partner_id = row.created_id or row.partner_id or False
            if row.status == "invalid":
                # Every fault of the row, not only the first.
                lines += [ReportLine("invalid", row.number, row.summary, fault, False)
                          for fault in row.errors + row.warnings]
                continue
            if row.status == "skipped":
                lines.append(ReportLine("skipped", row.number, row.summary,
                                        _("Same client as row %s of this file.") % row.duplicate_of, partner_id))
                lines += [ReportLine("skipped", row.number, row.summary, warning, partner_id)
                          for warning in row.warnings]
                continue
            if row.status == "unchanged":
                known = current[row.partner_id]
                lines.append(ReportLine("skipped", row.number, row.summary,
                                        unchanged_reason % (known["client_desk_number"] or known["name"]), partner_id))
            if row.changes:
                lines.append(ReportLine("updated", row.number, row.summary,
                                        "; ".join(self._client_desk_change_text(row.changes)), partner_id))
            if row.kept:
                lines.append(ReportLine("kept", row.number, row.summary, _("Kept the client's value: %s") % "; ".join(
                    self._client_desk_change_text(row.kept)), partner_id))
            if row.partner_id and not current[row.partner_id]["active"]:
                lines.append(ReportLine("warning", row.number, row.summary,
                                        _("This client is archived; the card stays archived."), partner_id))
            lines += [ReportLine("warning", row.number, row.summary, warning, partner_id) for warning in row.warnings]
        return sorted(lines, key=lambda line: (line.row_number, line.kind))

    @api.multi
    def _client_desk_dropped_lines(self, parsed):
        """A line for each column not imported that has values, and for what a contacts file
        holds that no column carries on (a company, a second e-mail address)."""
        dropped = dict(parsed.dropped)
        ignored = [column for column in self.column_ids.sorted("sequence") if column.target == "ignore"]
        for column in ignored:
            numbers = [number for number, cells in parsed.rows if column.sequence < len(cells)
                       and cells[column.sequence].strip()]
            if numbers:
                dropped[column.header or _("Column %s") % (column.sequence + 1)] = numbers
        lines = []
        for label, numbers in dropped.items():
            shown = ", ".join(str(number) for number in numbers[:10]) + (", …" if len(numbers) > 10 else "")
            reason = _("Not imported: %(count)s rows have a value here (%(rows)s).") % {
                "count": len(numbers), "rows": shown}
            lines.append(ReportLine("dropped", 0, label, reason, False))
        return lines

    # -- tags -----------------------------------------------------------------------------------

    @api.model
    def _client_desk_tag_ids(self, names):
        """{lower-case name: tag id} for tag names of the file; missing tags are created."""
        Category = self.env["res.partner.category"]
        found = {}
        if names:
            for category in Category.search([("name", "in", sorted(names))]):
                found.setdefault(category.name.lower(), category.id)
            for name in sorted(names):
                if name.lower() not in found:
                    found[name.lower()] = Category.create({"name": name, "color": self._client_desk_colour(name)}).id
        return found

    @api.model
    def _client_desk_colour(self, name):
        """A kanban colour for a new tag, the same for the same name (0 would hide the tag)."""
        return 1 + zlib.crc32(name.lower().encode("utf-8")) % TAG_COLOURS

    @api.model
    def _client_desk_imported_tag(self):
        """Today's "Imported on <date>" tag, in the user's language and date format."""
        lang = self.env["res.lang"]._lang_get(self.env.lang or self.env.user.lang or "en_US")
        date_format = lang.date_format if lang else "%d/%m/%Y"
        today = fields.Date.from_string(fields.Date.context_today(self))
        name = _("Imported on %s") % today.strftime(date_format)
        Category = self.env["res.partner.category"]
        tag = Category.search([("name", "=", name), ("parent_id", "=", False)], limit=1)
        return tag or Category.create({"name": name, "color": self._client_desk_colour(name)})
