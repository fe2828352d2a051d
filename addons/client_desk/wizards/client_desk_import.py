import base64
import binascii
import logging

import psycopg2
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import MAGIC_COLUMNS
from odoo.tools import html_escape
from odoo.tools.mail import single_email_re

from ..models.res_partner import CONSENT_FIELDS
from ..tools import client_import
from ..tools.phone import search_digits, to_e164

_logger = logging.getLogger(__name__)

# How Odoo's own modules create partners without chatter noise; the bulk path matches it.
NO_TRACKING = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
# Rows inserted per statement batch; a failing batch is redone row by row through the ORM.
BULK_CHUNK = 2000
# Python modules whose res.partner.create() the bulk path reproduces. Any other override of
# create() switches the import to the ORM (slow, but it runs that code); a module whose
# create() is safe to skip for imported clients adds itself in _client_desk_bulk_safe_modules().
BULK_SAFE_CREATE_MODULES = frozenset({
    "odoo.models",
    "odoo.addons.base.res.res_partner",  # website/parent/image handling: no-ops for imported clients
    "odoo.addons.mail.models.mail_thread",  # returns at once under tracking_disable
    "odoo.addons.client_desk.models.res_partner",  # number and consent ledger: done in bulk here
})
# Where a column can go: client_import.TARGETS and the res.partner field each one fills.
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


class BulkNotPossible(Exception):
    """These values need something of create() that the bulk insert does not do: use the ORM."""


class PhoneKeys(dict):
    """search_digits() of the phone numbers of one import, parsed once each (phonenumbers
    takes ~0.1 ms a number): {typed number: digits, or None when it is not a number}."""

    def __missing__(self, raw):
        self[raw] = key = search_digits(raw) if to_e164(raw) else None
        return key


class ClientDeskImport(models.TransientModel):
    """Imports clients from a file: upload, check the column mapping, import, read the report.

    Rows are deduplicated like res.partner.client_desk_find_or_create (normalised e-mail, then
    phone digits) against every client at once and against the earlier rows of the file; new
    clients are inserted in bulk with exactly the values the ORM would store (see
    _client_desk_bulk_insert), so 10,000 rows take seconds instead of the ORM's minutes.
    """

    _name = "client.desk.import"
    _description = "Client import"
    _order = "id desc"

    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Done")], default="upload", required=True,
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
    report_line_ids = fields.One2many(
        "client.desk.import.line", "wizard_id", "Report", domain=[("line_type", "!=", "column")], readonly=True,
    )
    duplicate_mode = fields.Selection(
        [("update", "Update the existing client"), ("skip", "Skip the row")],
        "When the client exists", default="update", required=True,
        help="A row is the same client when its e-mail address, or else a phone number, is already known.",
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
    def _client_desk_check_access(self):
        """Only Client Desk staff import clients (a transient model is open to every user)."""
        if not self.env.user.has_group("client_desk.group_client_desk_user"):
            raise AccessError(_("Only Client Desk staff may import clients."))

    @api.model
    def create(self, vals):
        self._client_desk_check_access()
        return super().create(vals)

    # -- targets -----------------------------------------------------------------------------

    @api.model
    def _client_desk_targets(self):
        """Choices for a column: our targets, then the custom client fields when they exist."""
        targets = [
            ("ignore", _("Do not import")),
            ("name", _("Name")),
            ("first_name", _("First name")),
            ("last_name", _("Last name")),
            ("email", _("E-mail")),
            ("phone", _("Phone")),
            ("mobile", _("Mobile")),
            ("street", _("Street")),
            ("zip", _("Zip")),
            ("city", _("City")),
            ("country", _("Country")),
            ("birthday", _("Birthday")),
            ("tags", _("Tags")),
            ("lang", _("Language")),
            ("note", _("Note")),
            ("ref", _("Former client number")),
            ("marketing_opt_in", _("Marketing opt-in")),
        ]
        if "client.desk.field" in self.env:
            for field in self.env["client.desk.field"].sudo().search([]):
                targets.append(("custom_%d" % field.id, _("Custom field: %s") % field.name))
        return targets

    # -- steps ---------------------------------------------------------------------------------

    @api.multi
    def _client_desk_parse(self):
        """The uploaded file, read; a file that cannot be read is a UserError saying why."""
        self.ensure_one()
        if not self.file and not self.filename:
            raise UserError(_("Choose the file to import."))
        try:
            content = base64.b64decode(self.file or b"")
        except (binascii.Error, ValueError):
            raise UserError(_("The uploaded file is damaged; upload it again."))
        try:
            return client_import.read_file(self.filename or "", content)
        except client_import.ImportFileError as error:
            # The parser's messages are msgids (see tools/client_import.py): translate here.
            message = _(error.message)
            message = message % error.params if error.params else message
            raise UserError(_("This file cannot be imported: %s") % message)

    @api.multi
    def action_preview(self):
        """Reads the file, proposes a target for every column and shows the first rows."""
        self.ensure_one()
        self._client_desk_check_access()
        parsed = self._client_desk_parse()
        targets = self._client_desk_guess_targets(parsed)
        self.column_ids.unlink()
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
    def _client_desk_clear_lines(self):
        """Forgets the columns and report of a previous file."""
        self.env["client.desk.import.line"].search([("wizard_id", "in", self.ids)]).unlink()

    @api.multi
    def action_import(self):
        """Imports every row as the columns are mapped, then shows the report."""
        self.ensure_one()
        self._client_desk_check_access()
        if self.state != "preview":
            raise UserError(_("Preview the file before importing it."))
        parsed = self._client_desk_parse()
        columns = self.column_ids.sorted("sequence")
        if [column.header or "" for column in columns] != list(parsed.headers):
            raise UserError(_("The file changed since its preview; preview it again."))
        mapping = [(column.sequence, column.target) for column in columns
                   if column.target and column.target != "ignore"]
        if not mapping:
            raise UserError(_("Choose where at least one column goes."))
        result = self._client_desk_import_rows(parsed, mapping)
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
        Field = self.env["client.desk.field"].sudo() if "client.desk.field" in self.env else None
        if Field is not None and hasattr(Field, "_client_desk_match_column"):
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
        return {"countries": countries, "languages": languages, "phones": PhoneKeys()}

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
    def _client_desk_row(self, cells, mapping, lookups):
        """What one row says: a dict with 'vals' (res.partner values, empty ones left out),
        'tags' (names), 'opt_in' (True/False/None when the file does not say), 'custom'
        ({field id: raw text}), 'warnings' (values left out, translated), 'error' (why the row
        cannot be imported, or None) and 'email'/'phone_keys' (its deduplication keys)."""
        raw = {}
        tags, custom, notes = [], {}, []
        for position, target in mapping:
            value = cells[position].strip() if position < len(cells) else ""
            if not value:
                continue
            if target == "tags":
                tags += [tag for tag in client_import.split_tags(value) if tag.lower() not in {t.lower() for t in tags}]
            elif target == "note":
                notes.append(value)
            elif target.startswith("custom_"):
                custom.setdefault(int(target[len("custom_"):]), value)
            else:
                raw.setdefault(target, value)
        vals, warnings = {}, []
        for target in ("name", "first_name", "last_name", "street", "zip", "city", "ref"):
            if raw.get(target):
                vals[TARGET_FIELDS[target]] = client_import.clean_text(raw[target])
        if notes:
            vals["client_desk_note"] = "\n".join(notes)
        email = error = None
        if raw.get("email"):
            address = client_import.clean_email(raw["email"])
            if single_email_re.match(address):
                vals["email"] = address
                email = self.env["res.partner"]._client_desk_normalize_email(address)
            else:
                error = _("'%s' is not a valid e-mail address.") % raw["email"]
        phone_keys = []
        for target in ("mobile", "phone"):
            if raw.get(target):
                number = client_import.clean_text(raw[target])
                key = lookups["phones"][number]
                if key is not None:
                    vals[target] = number
                    if key and key not in phone_keys:
                        phone_keys.append(key)
                else:
                    warnings.append(_("'%s' is not a phone number; left out.") % raw[target])
        if raw.get("country"):
            country = lookups["countries"].get(client_import.normalize_header(raw["country"]))
            if country:
                vals["country_id"] = country
            else:
                warnings.append(_("Country '%s' is unknown; left out.") % raw["country"])
        if raw.get("birthday"):
            try:
                vals["client_desk_birthday"] = fields.Date.to_string(client_import.parse_date(raw["birthday"]))
            except ValueError:
                warnings.append(_("Birthday '%s' is not a date (day/month/year); left out.") % raw["birthday"])
        if raw.get("lang"):
            try:
                vals["lang"] = self._client_desk_language(raw["lang"], lookups["languages"])
            except ValueError:
                warnings.append(_("Language '%s' is unknown; left out.") % raw["lang"])
        opt_in = None
        if raw.get("marketing_opt_in"):
            try:
                opt_in = client_import.parse_bool(raw["marketing_opt_in"])
            except ValueError:
                warnings.append(_("Marketing opt-in '%s' is not yes or no; left out.") % raw["marketing_opt_in"])
        # A contact needs a name: first and last name, else (new clients only) the address or number.
        stand_in = None
        if not vals.get("name"):
            full = " ".join(filter(None, [vals.get("client_desk_first_name"), vals.get("client_desk_last_name")]))
            if full:
                vals["name"] = full
            else:
                stand_in = vals.get("email") or vals.get("mobile") or vals.get("phone")
        if not (error or vals.get("name") or email or phone_keys):
            error = _("No name, e-mail address or phone number.")
        return {"vals": vals, "tags": tags, "opt_in": opt_in, "custom": custom, "warnings": warnings,
                "error": error, "email": email, "phone_keys": phone_keys, "stand_in_name": stand_in}

    @api.model
    def _client_desk_summary(self, row, cells=()):
        """Who a row is, for the report: name, e-mail or phone, else what the row says."""
        vals = row.get("vals") or {}
        text = vals.get("name") or row.get("stand_in_name")
        return (text or " ".join(cell for cell in cells if cell))[:200]

    # -- the import ------------------------------------------------------------------------------

    @api.multi
    def _client_desk_import_rows(self, parsed, mapping):
        """Imports the rows and writes the report lines; returns the wizard's result values."""
        self.ensure_one()
        lookups = self._client_desk_lookups()
        to_create, to_update, report = self._client_desk_match_rows(parsed, mapping, lookups)
        tag_ids = self._client_desk_tag_ids({tag for row in to_create + to_update for tag in row["tags"]})
        imported_tag = self.env["res.partner.category"]
        if to_create or to_update:
            imported_tag = self._client_desk_imported_tag()
        created, failed = self._client_desk_create_clients(to_create, tag_ids, imported_tag, lookups["phones"])
        # A row the database refused reports that reason only.
        failed_numbers = {row["number"] for row, _reason in failed}
        report = [line for line in report if line[1] not in failed_numbers]
        report += [("invalid", row["number"], self._client_desk_summary(row), reason, False) for row, reason in failed]
        Partner = self.env["res.partner"]
        custom_rows = [(Partner.browse(row["created_id"]), row) for row in to_create
                       if row.get("created_id") and row["custom"]]
        if self.duplicate_mode == "update":
            updated, unchanged = self._client_desk_update_clients(to_update, tag_ids, imported_tag, lookups["phones"])
            custom_rows += [(Partner.browse(row["partner_id"]), row) for row in to_update if row["custom"]]
        else:
            updated, unchanged = Partner, to_update
        changed = self._client_desk_set_custom_values(custom_rows, report)
        # A known client whose custom fields only changed is updated too.
        for row in [row for row in unchanged if row["partner_id"] in changed]:
            unchanged.remove(row)
            partner = Partner.browse(row["partner_id"]).with_context(**NO_TRACKING)
            if imported_tag:
                partner.write({"category_id": [(4, imported_tag.id)]})
            updated |= partner
        report = self._client_desk_report_unchanged(unchanged, report)
        self._client_desk_write_report(report)
        partners = created | updated
        self._client_desk_insert_relation(self._fields["partner_ids"], [(self.id, pid) for pid in partners.ids])
        counts = {kind: len({line[1] for line in report if line[0] == kind})
                  for kind in ("skipped", "invalid", "warning")}
        _logger.info("client import %s: %d created, %d updated, %d skipped, %d invalid", self.id, len(created),
                     len(updated), counts["skipped"], counts["invalid"])
        return {
            "created_count": len(created),
            "updated_count": len(updated),
            "skipped_count": counts["skipped"],
            "invalid_count": counts["invalid"],
            "warning_count": counts["warning"],
            "tag_id": imported_tag.id if partners else False,
        }

    @api.model
    def _client_desk_match_rows(self, parsed, mapping, lookups):
        """(rows to create, rows of known clients, report) for the file's rows.

        A row is the client whose normalised e-mail, or else one of whose phone numbers, it
        has (client_desk_find_or_create's rule), among existing partners and the earlier
        rows of the file: a second row for the same person is skipped and reported.
        Report lines are (kind, row number, summary, reason, partner id or False).
        """
        emails, phones = self._client_desk_existing_keys()
        claimed = {}  # existing partner id -> row number that matched it
        to_create, to_update, report = [], [], []
        for number, cells in parsed.rows:
            row = self._client_desk_row(cells, mapping, lookups)
            row["number"] = number
            summary = self._client_desk_summary(row, cells)
            if row["error"]:
                report.append(("invalid", number, summary, row["error"], False))
                continue
            match = emails.get(row["email"]) if row["email"] else None
            for key in row["phone_keys"]:
                if match is not None:
                    break
                match = phones.get(key)
            earlier = match[1] if isinstance(match, tuple) else claimed.get(match)
            if earlier:
                report.append(("skipped", number, summary, _("Same client as row %s of this file.") % earlier,
                               match if not isinstance(match, tuple) else False))
                continue
            # Later rows with this e-mail or phone are duplicates of this one.
            target = match if match is not None else ("row", number)
            if row["email"]:
                emails.setdefault(row["email"], target)
            for key in row["phone_keys"]:
                phones.setdefault(key, target)
            if match is None:
                to_create.append(row)
            else:
                claimed[match] = number
                row["partner_id"] = match
                to_update.append(row)
            report += [("warning", number, summary, warning, match or False) for warning in row["warnings"]]
        return to_create, to_update, report

    @api.multi
    def _client_desk_report_unchanged(self, rows, report):
        """The report with a "skipped" line for each known client left as it is (and no remark
        about values that were not imported anyway)."""
        names = {values["id"]: values["client_desk_number"] or values["display_name"] for values in
                 self.env["res.partner"].browse([row["partner_id"] for row in rows]).read(
                     ["client_desk_number", "display_name"])}
        numbers = {row["number"] for row in rows}
        report = [line for line in report if not (line[0] == "warning" and line[1] in numbers)]
        reason = _("Already a client (%s); left as it is.") if self.duplicate_mode == "skip" \
            else _("Already a client (%s) with these details.")
        return report + [("skipped", row["number"], self._client_desk_summary(row), reason % names[row["partner_id"]],
                          row["partner_id"]) for row in rows]

    @api.model
    def _client_desk_existing_keys(self):
        """({normalised e-mail: partner id}, {phone digits: partner id}) of every active partner
        this user may read; clients win over other contacts, then the oldest, as in
        res.partner._client_desk_find."""
        Partner = self.env["res.partner"]
        query = Partner._where_calc([])
        Partner._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute(
            'SELECT "res_partner".id, "res_partner".client_desk_email_normalized,'
            ' "res_partner".client_desk_phone_search FROM ' + from_clause
            + (" WHERE " + where_clause if where_clause else "")
            + ' ORDER BY COALESCE("res_partner".client_desk_is_client, false) DESC, "res_partner".id',
            params,
        )
        emails, phones = {}, {}
        for partner_id, email, phone_keys in self.env.cr.fetchall():
            if email:
                emails.setdefault(email, partner_id)
            for key in (phone_keys or "").split():
                phones.setdefault(key, partner_id)
        return emails, phones

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
                    found[name.lower()] = Category.create({"name": name}).id
        return found

    @api.model
    def _client_desk_imported_tag(self):
        """Today's "Imported on <date>" tag, in the user's language and date format."""
        lang = self.env["res.lang"]._lang_get(self.env.lang or self.env.user.lang or "en_US")
        date_format = lang.date_format if lang else "%d/%m/%Y"
        today = fields.Date.from_string(fields.Date.context_today(self))
        name = _("Imported on %s") % today.strftime(date_format)
        Category = self.env["res.partner.category"]
        tag = Category.search([("name", "=", name), ("parent_id", "=", False)], limit=1)
        return tag or Category.create({"name": name})

    # -- creating -----------------------------------------------------------------------------

    @api.model
    def _client_desk_create_values(self, row, tag_ids, imported_tag):
        vals = dict(row["vals"], client_desk_is_client=True, client_desk_source="import", client_desk_status="client")
        if not vals.get("name"):
            vals["name"] = row["stand_in_name"]
        vals["category_id"] = [(6, 0, sorted({tag_ids[tag.lower()] for tag in row["tags"]} | set(imported_tag.ids)))]
        if row["opt_in"]:
            vals["client_desk_marketing_opt_in"] = True
        return vals

    @api.model
    def _client_desk_create_clients(self, rows, tag_ids, imported_tag, phones=None):
        """Creates a client per row: (partners in row order, [(row, reason)] of rows refused).

        Chunks of BULK_CHUNK rows are inserted in bulk inside a savepoint; when a chunk fails
        (a constraint of another module, say) it is redone row by row through the ORM, so the
        report names the row and its reason and every other row is still imported.
        """
        Partner = self.env["res.partner"].with_context(client_desk_consent_source="import", **NO_TRACKING)
        phones = PhoneKeys() if phones is None else phones
        created, failed = Partner.browse(), []
        bulk = self._client_desk_bulk_possible(Partner)
        for start in range(0, len(rows), BULK_CHUNK):
            chunk = rows[start:start + BULK_CHUNK]
            vals_list = [self._client_desk_create_values(row, tag_ids, imported_tag) for row in chunk]
            if bulk:
                try:
                    with self.env.cr.savepoint():
                        partners = self._client_desk_bulk_create(Partner, vals_list, phones)
                    for row, partner in zip(chunk, partners):
                        row["created_id"] = partner.id
                    created |= partners
                    continue
                except (BulkNotPossible, ValidationError, UserError, psycopg2.IntegrityError,
                        psycopg2.DataError) as error:
                    _logger.info("client import: bulk insert failed (%s), importing the chunk row by row", error)
                    self.env.clear()
            for row, vals in zip(chunk, vals_list):
                try:
                    with self.env.cr.savepoint():
                        partner = Partner.create(vals)
                        self._client_desk_claim_identities(
                            [(partner.id, partner.client_desk_email_normalized, partner.client_desk_phone_search)])
                    row["created_id"] = partner.id
                    created |= partner
                except (ValidationError, UserError, psycopg2.IntegrityError, psycopg2.DataError) as error:
                    self.env.clear()
                    failed.append((row, self._client_desk_error_text(error)))
        return created, failed

    @api.model
    def _client_desk_error_text(self, error):
        if isinstance(error, (ValidationError, UserError)):
            return error.name
        return _("The database refused this row: %s") % (getattr(error, "pgerror", None) or str(error)).strip()

    @api.model
    def _client_desk_bulk_safe_modules(self):
        """Python modules whose res.partner.create() the bulk path may skip (see module doc)."""
        return set(BULK_SAFE_CREATE_MODULES)

    @api.model
    def _client_desk_bulk_possible(self, Partner):
        """True when inserting clients in bulk gives what Partner.create() would: no unknown
        create() override, no translated column to fill, nothing but tags as relations."""
        safe = self._client_desk_bulk_safe_modules()
        for cls in type(Partner).__mro__:
            if "create" in vars(cls) and cls.__module__ not in safe:
                _logger.info("client import: %s overrides res.partner.create(); importing through the ORM",
                             cls.__module__)
                return False
        if Partner._inherits or Partner._parent_store:
            return False
        # The computed values of _client_desk_partner_computed hold for contacts without these.
        if any(Partner.default_get(["parent_id", "is_company", "company_name"]).values()):
            return False
        if self.env.lang and self.env.lang != "en_US" and any(
                field.store and field.translate for field in Partner._fields.values()):
            return False
        return True

    @api.model
    def _client_desk_bulk_create(self, Partner, vals_list, phones=None):
        """What Partner.create(vals) does for each new client, in a few statements: values as
        res.partner's create() prepares them (client number from a batch of the company's
        sequence), one INSERT, the consent ledger and the identity claims."""
        Partner.check_access_rights("create")
        company = self.env.user.company_id
        numbers = self._client_desk_reserve_numbers(Partner._client_desk_number_sequence(company), len(vals_list))
        prepared = [
            Partner._client_desk_prepare_values(dict(vals, client_desk_number=number))
            for vals, number in zip(vals_list, numbers)
        ]
        phones = PhoneKeys() if phones is None else phones
        partners = self._client_desk_bulk_insert(Partner, prepared, self._client_desk_partner_computed(Partner, phones))
        self._client_desk_bulk_log_consent(partners, prepared)
        self._client_desk_claim_identities([
            (partner_id, Partner._client_desk_normalize_email(vals.get("email")),
             " ".join(filter(None, (phones[number] for number in (vals.get("phone"), vals.get("mobile")) if number))))
            for partner_id, vals in zip(partners.ids, prepared)
        ])
        return partners

    @api.model
    def _client_desk_reserve_numbers(self, sequence, count):
        """count client numbers from the sequence, as count calls of sequence._next() would
        give them, in one step: a standard sequence draws from its PostgreSQL sequence; a
        no_gap one locks its row (NOWAIT, like ir.sequence) and moves number_next by count."""
        if not count:
            return []
        if sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        cr = self.env.cr
        if sequence.implementation == "standard":
            cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)", ("ir_sequence_%03d" % sequence.id, count))
            values = [value for (value,) in cr.fetchall()]
        else:
            cr.execute("SELECT number_next FROM ir_sequence WHERE id = %s FOR UPDATE NOWAIT", (sequence.id,))
            first = cr.fetchone()[0]
            cr.execute("UPDATE ir_sequence SET number_next = number_next + %s WHERE id = %s",
                       (sequence.number_increment * count, sequence.id))
            sequence.invalidate_cache(["number_next"], [sequence.id])
            values = [first + index * sequence.number_increment for index in range(count)]
        prefix, suffix = sequence._get_prefix_suffix()
        return [prefix + "%%0%sd" % sequence.padding % value + suffix for value in values]

    @api.model
    def _client_desk_bulk_insert(self, Model, vals_list, computed=None):
        """Inserts records of Model as Model.create(vals) stores them, for each vals, in a few
        statements; returns the records. Mirrors BaseModel.create/_create: defaults
        (default_get), False for missing booleans, values converted to their columns,
        selection values checked, many2many rows, stored computed fields, constraints and
        access rules checked. computed gives {field name: function(id, values)} for stored
        computed fields whose value the caller knows (see _client_desk_partner_computed);
        the others are computed by their own methods (_client_desk_store_computed). The
        caller makes sure nothing else in Model.create() matters (_client_desk_bulk_possible)."""
        computed = computed or {}
        Model.check_access_rights("create")
        if not vals_list:
            return Model.browse()
        cr = self.env.cr
        names = {name for vals in vals_list for name in vals}
        missing = [name for name in Model._fields if name not in MAGIC_COLUMNS
                   and any(name not in vals for vals in vals_list)]
        defaults = Model.default_get(missing) if missing else {}
        for name, value in list(defaults.items()):
            field = Model._fields[name]
            if field.type == "many2many" and value and isinstance(value[0], int):
                defaults[name] = [(6, 0, value)]
        rows = []
        for vals in vals_list:
            row = dict(defaults, **vals)
            for name in ("parent_left", "parent_right"):
                row.pop(name, None)
            rows.append(row)
        names = {name for row in rows for name in row if name not in MAGIC_COLUMNS}
        columns, relations = [], []
        for name in sorted(names):
            field = Model._fields.get(name)
            if field is None:
                continue
            if not field.store:
                # create() would call the inverse of such a field: not done in bulk.
                if field.inverse and any(row.get(name) for row in rows):
                    raise BulkNotPossible(field.name)
                continue
            if field.column_type:
                columns.append(field)
            elif field.type == "many2many":
                relations.append(field)
            elif any(row.get(name) for row in rows):
                raise BulkNotPossible(field.name)
        columns = [field for field in columns if field.name not in computed]
        columns += [field for name, field in sorted(Model._fields.items())
                    if field.type == "boolean" and field.store and name not in names and name not in MAGIC_COLUMNS
                    and name not in computed]
        checked = set()
        for field in columns:
            if field.type in ("selection", "reference"):
                for row in rows:
                    value = row.get(field.name)
                    if value and (field.name, value) not in checked:
                        Model._check_selection_field_value(field.name, value)
                        checked.add((field.name, value))
        cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)", (Model._sequence, len(rows)))
        ids = [record_id for (record_id,) in cr.fetchall()]
        for record_id, row in zip(ids, rows):
            row.update({name: function(record_id, row) for name, function in computed.items()})
        columns += [Model._fields[name] for name in sorted(computed)]
        empty = Model.browse()
        data = [
            [record_id] + [field.convert_to_column(row.get(field.name, False), empty, row) for field in columns]
            + [self.env.uid, self.env.uid]
            for record_id, row in zip(ids, rows)
        ]
        # Table and column names come from the model's fields, never from the file.
        query = 'INSERT INTO "%s" (id, %s, create_uid, write_uid, create_date, write_date) VALUES %%s' % (
            Model._table, ", ".join('"%s"' % field.name for field in columns))
        template = "(%%s, %s, %%s, %%s, (now() at time zone 'UTC'), (now() at time zone 'UTC'))" % ", ".join(
            field.column_format for field in columns)
        execute_values(cr, query, data, template=template, page_size=1000)
        for field in relations:
            pairs = []
            for record_id, row in zip(ids, rows):
                for command in row.get(field.name) or []:
                    if command[0] == 6:
                        pairs += [(record_id, target) for target in command[2]]
                    elif command[0] == 4:
                        pairs.append((record_id, command[1]))
                    else:
                        raise BulkNotPossible(field.name)
            self._client_desk_insert_relation(field, pairs)
        records = Model.browse(ids)
        records.modified(list(Model._fields))
        for name in computed:
            records._recompute_done(Model._fields[name])
        self._client_desk_store_computed(records, rows)
        records._validate_fields({field.name for field in columns} | {field.name for field in relations})
        Model.recompute()
        records.check_access_rule("create")
        return records

    @api.model
    def _client_desk_store_computed(self, records, rows=None, batch=200):
        """Stores the stored computed fields that records still have to recompute: computed
        by their own methods, batch records at a time (Odoo 11's cache slows down
        quadratically on large batches), and written with one UPDATE per batch instead of
        the ORM's UPDATE per record and value. rows (the inserted values, in the order of
        records) go to the cache first, so computing reads nothing back from the database."""
        todo = [field for field in records._fields.values()
                if field.store and field.compute and field.column_type and records._recompute_check(field)]
        if not todo:
            return
        for field in todo:
            records._recompute_done(field)
        known = []
        if rows is not None:
            names = {path.split(".")[0] for field in todo for path in field.depends}
            known = [records._fields[name] for name in sorted(names) if name in records._fields]
            known = [field for field in known if field.store and field not in todo
                     and (field.column_type or field.type in ("one2many", "many2many"))]
        # Column names and types come from the model's fields, never from the file.
        query = 'UPDATE "%s" AS t SET %s FROM (VALUES %%s) AS v(id, %s) WHERE t.id = v.id' % (
            records._table,
            ", ".join('"%s" = v."%s"::%s' % (field.name, field.name, field.column_type[0]) for field in todo),
            ", ".join('"%s"' % field.name for field in todo),
        )
        cache = records.env.cache
        for start in range(0, len(records), batch):
            part = records[start:start + batch]
            if known:
                for record, row in zip(part, rows[start:start + batch]):
                    for field in known:
                        value = row.get(field.name, [] if field.type in ("one2many", "many2many") else False)
                        cache.set(record, field, field.convert_to_cache(value, record, validate=False))
            for field in todo:
                part._recompute_todo(field)
            data = []
            for record in part:
                values = [record.id]
                for field in todo:
                    value = field.convert_to_write(record[field.name], record)
                    values.append(field.convert_to_column(value, record))
                data.append(values)
            for field in todo:
                part._recompute_done(field)
            execute_values(self.env.cr, query, data, page_size=batch)
            part.invalidate_cache()

    @api.model
    def _client_desk_partner_computed(self, Partner, phones=None):
        """{field: function(id, values)} for the stored computed fields of res.partner whose
        value for a new client (no parent, company, user or activity) is known here: what
        their compute methods give in that case. A field whose compute method (or name_get,
        for display_name) comes from another module than expected is left to the ORM."""
        base, ours = "odoo.addons.base.res.res_partner", "odoo.addons.client_desk.models.res_partner"
        normalize = Partner._client_desk_normalize_email
        phones = PhoneKeys() if phones is None else phones

        def phone_search(_id, row):
            # _compute_client_desk_phone_search: search_digits of phone and mobile (a number
            # that is not one still gives its digits there).
            keys = [phones[number] if phones[number] is not None else search_digits(number)
                    for number in (row.get("phone"), row.get("mobile")) if number]
            return " ".join(key for key in keys if key) or False

        def display_name(_id, row):
            # name_get() of a contact without parent or company name (contexts reset by compute).
            return (row.get("name") or "").replace("\n\n", "\n").replace("\n\n", "\n")

        known = {
            "display_name": (("_compute_display_name", "name_get"), base, display_name),
            "commercial_partner_id": (("_compute_commercial_partner",), base, lambda record_id, row: record_id),
            "commercial_company_name": (("_compute_commercial_company_name",), base,
                                        lambda _id, row: row.get("company_name") or False),
            "partner_share": (("_compute_partner_share",), base, lambda _id, row: True),
            "client_desk_email_normalized": (
                ("_compute_client_desk_email_normalized", "_client_desk_normalize_email"), ours,
                lambda _id, row: normalize(row.get("email"))),
            "client_desk_phone_search": (("_compute_client_desk_phone_search",), ours, phone_search),
        }
        related = {
            "commercial_partner_country_id": (("commercial_partner_id", "country_id"),
                                              lambda _id, row: row.get("country_id") or False),
            "activity_date_deadline": (("activity_ids", "date_deadline"), lambda _id, row: False),
        }
        computed = {}
        for name, (methods, module, function) in known.items():
            field = Partner._fields.get(name)
            if field and field.store and field.compute == methods[0] and all(
                    self._client_desk_method_module(Partner, method) == module for method in methods):
                computed[name] = function
        for name, (path, function) in related.items():
            field = Partner._fields.get(name)
            if field and field.store and tuple(field.related or ()) == path:
                computed[name] = function
        return computed

    @api.model
    def _client_desk_method_module(self, Model, method):
        """Python module of the class that defines Model's method as it runs."""
        for cls in type(Model).__mro__:
            if method in vars(cls):
                return cls.__module__
        return None

    @api.model
    def _client_desk_insert_relation(self, field, pairs):
        """Rows of a many2many relation (record id, target id); existing ones are kept."""
        if not pairs:
            return
        # Relation names come from the field definition, never from the file.
        query = 'INSERT INTO "%s" ("%s", "%s") VALUES %%s ON CONFLICT DO NOTHING' % (
            field.relation, field.column1, field.column2)
        execute_values(self.env.cr, query, sorted(set(pairs)), page_size=1000)
        self.env[field.model_name].invalidate_cache([field.name], sorted({record_id for record_id, _t in pairs}))
        self.env[field.comodel_name].invalidate_cache()

    @api.model
    def _client_desk_bulk_log_consent(self, partners, prepared):
        """The consent ledger lines res.partner.create() writes for new clients
        (_client_desk_log_consent with nothing before), in bulk."""
        source = "import"
        lines = []
        for partner, vals in zip(partners, prepared):
            for name in CONSENT_FIELDS:
                if vals.get(name):
                    lines.append({
                        "partner_id": partner.id,
                        "kind": "%s_on" % name[len("client_desk_"):],
                        "source": source,
                        "user_id": self.env.uid,
                        "note": self.env.context.get("client_desk_consent_note"),
                        "email_blocked_reason": vals.get("client_desk_email_blocked_reason")
                        if name == "client_desk_email_blocked" else False,
                    })
        if lines:
            self._client_desk_bulk_insert(self.env["client.desk.consent.event"].sudo(), lines)

    @api.model
    def _client_desk_claim_identities(self, clients):
        """Claims the e-mail and phones of new clients [(id, normalised e-mail, phone digits)]
        as client_desk_find_or_create does, so a booking for the same person at the same
        moment finds this client instead of making a second one."""
        self.env.cr.execute("SELECT to_regclass('client_desk_identity_claim')")
        if not self.env.cr.fetchone()[0]:
            return
        claims = {}
        identity_keys = self.env["res.partner"]._client_desk_identity_keys
        for partner_id, email, phone_keys in clients:
            for key in identity_keys(email, (phone_keys or "").split()):
                claims.setdefault(key, partner_id)
        if claims:
            execute_values(
                self.env.cr,
                "INSERT INTO client_desk_identity_claim (key, partner_id) VALUES %s ON CONFLICT (key) DO NOTHING",
                sorted(claims.items()), page_size=1000,
            )

    # -- updating -----------------------------------------------------------------------------

    @api.model
    def _client_desk_update_clients(self, rows, tag_ids, imported_tag, phones=None):
        """Overwrites the existing clients' fields with the row's non-empty values; returns
        (updated partners, rows with nothing new). Only real changes are written, through
        the ORM (tracking off)."""
        Partner = self.env["res.partner"].with_context(client_desk_consent_source="import", **NO_TRACKING)
        phones = PhoneKeys() if phones is None else phones
        updated, unchanged = Partner.browse(), []
        names = {name for row in rows for name in row["vals"]}
        names |= {"client_desk_is_client", "client_desk_marketing_opt_in"}
        current = self._client_desk_current_values(Partner, [row["partner_id"] for row in rows], names)
        for row in rows:
            before = current[row["partner_id"]]
            vals = self._client_desk_changes(before, row, tag_ids, phones)
            opt_in = row["opt_in"]
            consent = opt_in is not None and opt_in != before["client_desk_marketing_opt_in"]
            if not vals and not consent:
                unchanged.append(row)
                continue
            partner = Partner.browse(row["partner_id"])
            if imported_tag and imported_tag.id not in before["category_id"]:
                vals.setdefault("category_id", []).append((4, imported_tag.id))
            if vals:
                partner.write(vals)
            if consent:
                partner.client_desk_set_consent("import", marketing_opt_in=opt_in)
            updated |= partner
        return updated, unchanged

    @api.model
    def _client_desk_current_values(self, Partner, ids, names):
        """{id: {field: value in write format, 'category_id': set of tag ids}} of partners, read
        in a few queries (the ORM's read() costs ~1 ms a partner). The ids come from
        _client_desk_existing_keys, which applied this user's access rules."""
        Partner.check_access_rights("read")
        fields_ = [Partner._fields[name] for name in sorted(names) if Partner._fields[name].column_type]
        current = {}
        for start in range(0, len(ids), 10000):
            part = tuple(ids[start:start + 10000])
            # Column names come from the model's fields, never from the file.
            self.env.cr.execute('SELECT id, %s FROM res_partner WHERE id IN %%s' % ", ".join(
                '"%s"' % field.name for field in fields_), (part,))
            for record in self.env.cr.fetchall():
                values = {"category_id": set()}
                for field, value in zip(fields_, record[1:]):
                    # Odoo's cursor gives dates as strings already; a plain one would not.
                    if field.type == "date" and value and not isinstance(value, str):
                        value = fields.Date.to_string(value)
                    elif field.type == "datetime" and value and not isinstance(value, str):
                        value = fields.Datetime.to_string(value)
                    values[field.name] = value if value is not None else False
                current[record[0]] = values
            self.env.cr.execute(
                "SELECT partner_id, category_id FROM res_partner_res_partner_category_rel WHERE partner_id IN %s",
                (part,))
            for partner_id, category_id in self.env.cr.fetchall():
                current[partner_id]["category_id"].add(category_id)
        return current

    @api.model
    def _client_desk_changes(self, current, row, tag_ids, phones):
        """The write() values that bring a client up to date with a row (empty when none)."""
        vals = {}
        normalize = self.env["res.partner"]._client_desk_normalize_email
        for name, value in row["vals"].items():
            old = current.get(name) or False
            if old == value:
                continue
            if name == "email" and normalize(value) == normalize(old):
                continue
            if name in ("phone", "mobile") and old and phones[old] is not None and phones[old] == phones[value]:
                continue
            vals[name] = value
        new_tags = sorted({tag_ids[tag.lower()] for tag in row["tags"]} - current["category_id"])
        if new_tags:
            vals["category_id"] = [(4, tag_id) for tag_id in new_tags]
        if not current.get("client_desk_is_client"):
            vals["client_desk_is_client"] = True
        return vals

    # -- custom fields and report ---------------------------------------------------------------

    @api.model
    def _client_desk_set_custom_values(self, pairs, report):
        """Sets the custom client field values of the rows [(partner, row)] through the custom
        fields' own API (when client.desk.field exists), row by row; a value a field refuses
        becomes a remark on the row. Returns the ids of partners whose values changed."""
        changed = set()
        if not pairs or "client.desk.field" not in self.env:
            return changed
        Field = self.env["client.desk.field"].sudo()
        for partner, row in pairs:
            values = {}
            for field_id, raw in row["custom"].items():
                field = Field.browse(field_id).exists()
                if field:
                    values[field.key] = raw
            if not values:
                continue
            try:
                before = partner.client_desk_custom_values(raw=True)
                with self.env.cr.savepoint():
                    partner.client_desk_set_custom_values(values)
                partner.invalidate_cache()
                if partner.client_desk_custom_values(raw=True) != before:
                    changed.add(partner.id)
            except (ValidationError, UserError) as error:
                self.env.clear()
                report.append(("warning", row["number"], self._client_desk_summary(row), error.name, partner.id))
        return changed

    @api.multi
    def _client_desk_write_report(self, report):
        """One line per skipped, refused or remarked row, inserted in bulk (a re-import of
        10,000 known clients reports 10,000 rows)."""
        self.ensure_one()
        lines = [
            {"wizard_id": self.id, "line_type": kind, "row_number": number, "summary": summary, "reason": reason,
             "partner_id": partner_id or False, "target": "ignore"}
            for kind, number, summary, reason, partner_id in sorted(report, key=lambda line: (line[1], line[0]))
        ]
        self._client_desk_bulk_insert(self.env["client.desk.import.line"], lines)
