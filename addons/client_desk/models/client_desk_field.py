import re
import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import single_email_re

from ..tools.phone import to_e164
from ..tools.values import read_boolean, read_date

FIELD_TYPES = [
    ("text", "Text"),
    ("number", "Number"),
    ("date", "Date"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("boolean", "Yes/No"),
    ("selection", "Choice list"),
]
# Where a field is asked online; "card only" is neither.
COLLECT_PLACES = ("booking", "portal")
# Longest text a client may type in a custom field (clients fill these in online).
MAX_TEXT_LENGTH = 1000
# Form inputs of the custom fields online: "client_desk_field_<key>" (keys are [a-z0-9_]).
FIELD_INPUT_PREFIX = "client_desk_field_"
KEY_PATTERN = re.compile(r"^[a-z0-9_]+$")
NUMBER_PATTERN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def slugify_label(text):
    """Lower-case ASCII words joined by "_": "Hoe kende u ons?" -> "hoe_kende_u_ons"."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def parse_number(raw):
    """Float for "12,5", "1.234,56", "1,234.56", "1 234" or a Python number; None if not a number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw) if raw == raw and abs(raw) != float("inf") else None
    text = re.sub(r"[\s\u00a0\u202f']", "", str(raw))
    if "," in text and "." in text:
        # Whichever comes last is the decimal separator; the other groups thousands.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    return float(text) if NUMBER_PATTERN.match(text) else None


class ClientDeskField(models.Model):
    """A question the business keeps about its clients, beyond the standard card fields
    ("How did you hear about us?", "VAT number"...), and where it is asked online."""

    _name = "client.desk.field"
    _description = "Custom client field"
    _order = "sequence, id"

    name = fields.Char("Label", required=True, translate=True, help="What staff and clients see.")
    key = fields.Char(
        required=True, copy=False,
        help="Technical name for imports, exports and integrations: lower-case letters, digits and "
             "underscores. Made from the label when left empty.",
    )
    field_type = fields.Selection(FIELD_TYPES, "Type", required=True, default="text")
    option_ids = fields.One2many("client.desk.field.option", "field_id", "Choices", copy=True)
    collect_booking = fields.Boolean("Ask on the booking form")
    collect_portal = fields.Boolean("Ask on the client portal")
    required_online = fields.Boolean(
        "Required online", help="Clients must fill it in where it is asked online. Staff may leave it empty.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    help_text = fields.Char("Help", translate=True, help="Shown under the input on the card and online.")
    value_count = fields.Integer("Clients with a value", compute="_compute_value_count")

    _sql_constraints = [
        ("key_uniq", "unique(key)", "Another custom field already uses this technical name."),
    ]

    # -- computed fields and constraints ------------------------------------------------------

    def _compute_value_count(self):
        groups = self.env["client.desk.field.value"].sudo().read_group(
            [("field_id", "in", self.ids)], ["field_id"], ["field_id"]
        )
        counts = {group["field_id"][0]: group["field_id_count"] for group in groups}
        for record in self:
            record.value_count = counts.get(record.id, 0)

    @api.constrains("key")
    def _check_key(self):
        for record in self:
            if not KEY_PATTERN.match(record.key or ""):
                raise ValidationError(_(
                    "The technical name \"%s\" may only contain lower-case letters, digits and underscores."
                ) % record.key)

    @api.constrains("field_type", "option_ids")
    def _check_options(self):
        for record in self:
            if record.field_type == "selection" and not record.option_ids:
                raise ValidationError(_("The choice list \"%s\" needs at least one choice.") % record.name)

    @api.onchange("name")
    def _onchange_name(self):
        if self.name and not self.key:
            self.key = self._client_desk_unique_key(self.name)

    # -- creation, changes, deletion ----------------------------------------------------------

    @api.model
    def _client_desk_unique_key(self, label):
        """A free technical name made from the label: "domain", then "domain_2"..."""
        base = slugify_label(label)[:60] or "field"
        existing = set(self.with_context(active_test=False).search([("key", "=like", base + "%")]).mapped("key"))
        key, counter = base, 1
        while key in existing:
            counter += 1
            key = "%s_%d" % (base, counter)
        return key

    @api.model
    def create(self, vals):
        if not vals.get("key") and vals.get("name"):
            vals = dict(vals, key=self._client_desk_unique_key(vals["name"]))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if "field_type" in vals:
            self._client_desk_check_type_change(vals["field_type"])
        return super().write(vals)

    @api.multi
    def _client_desk_check_type_change(self, new_type):
        """Refuses to change the type of a field that clients already have values for:
        the stored values would no longer mean what they meant."""
        changing = self.filtered(lambda record: record.field_type != new_type)
        for record in changing:
            if record.value_count:
                raise UserError(_(
                    "The type of the custom field \"%(field)s\" cannot be changed: %(count)d client(s) "
                    "already have a value for it. Create a new field instead."
                ) % {"field": record.name, "count": record.value_count})

    @api.multi
    def unlink(self):
        for record in self:
            if record.value_count:
                raise UserError(_(
                    "The custom field \"%(field)s\" has values for %(count)d client(s); archive it instead."
                ) % {"field": record.name, "count": record.value_count})
        return super().unlink()

    # -- lookups used by the card, the portal, the booking form and the import -------------------

    @api.model
    def _client_desk_fields_for(self, where):
        """Active fields asked online at `where` ("booking" or "portal"), in display order."""
        if where not in COLLECT_PLACES:
            raise ValueError("Unknown place to collect custom fields: %r" % (where,))
        return self.search([("collect_%s" % where, "=", True)])

    @api.model
    def _client_desk_match_column(self, header):
        """The active field whose technical name or label (in any installed language) matches a
        column header, ignoring case, accents and punctuation; an empty recordset if none."""
        wanted = slugify_label(header)
        if not wanted:
            return self.browse()
        records = self.search([])
        exact = records.filtered(lambda record: record.key == wanted)
        if exact:
            return exact[0]
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        for code in [self.env.lang or "en_US"] + languages:
            for record in records.with_context(lang=code):
                if slugify_label(record.name) == wanted:
                    return self.browse(record.id)
        return self.browse()

    @api.multi
    def _client_desk_find_option(self, text):
        """The choice of this field named `text` (case and accent-insensitive, any language)."""
        self.ensure_one()
        wanted = slugify_label(text)
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        for code in [self.env.lang or "en_US"] + languages:
            for option in self.with_context(lang=code).option_ids:
                if slugify_label(option.name) == wanted and wanted:
                    return option.with_context(lang=self.env.lang)
        return self.env["client.desk.field.option"]

    # -- online forms (portal /my/account, booking /book) ----------------------------------------
    # A form shows some fields (self: e.g. _client_desk_fields_for("portal")) as inputs named
    # FIELD_INPUT_PREFIX + key; choices are posted as option ids, yes/no as "1"/"0". Call these
    # with sudo on the fields and the partner: portal and public users have no access to them.

    @api.multi
    def _client_desk_form_inputs(self):
        """Names of the form inputs of these fields."""
        return {FIELD_INPUT_PREFIX + field.key for field in self}

    @api.multi
    def _client_desk_form_read(self, data):
        """{field: raw value} of these fields whose input is in the form data `data`; a choice
        posted as an option id becomes that option (of this field only, else left as typed)."""
        raw = {}
        for field in self:
            name = FIELD_INPUT_PREFIX + field.key
            if name not in data:
                continue
            value = data[name]
            if field.field_type == "selection" and isinstance(value, str) and value.isdigit():
                value = field.option_ids.filtered(lambda option: option.id == int(value)) or value
            raw[field] = value
        return raw

    @api.multi
    def _client_desk_form_errors(self, data, partner=None):
        """Errors {key: translated message} of these fields' inputs in `data`: values that do
        not fit the type, and required fields that would stay empty. An input that is not posted
        keeps the partner's current value (none without a partner)."""
        errors = {}
        current = partner.client_desk_custom_values(raw=True) if partner else {}
        raw = self._client_desk_form_read(data)
        for field in self:
            parsed = None
            try:
                parsed = field._client_desk_parse(raw[field]) if field in raw else None
            except ValidationError as error:
                errors[field.key] = error.name
                continue
            empty = parsed is None if field in raw else current.get(field.key) is None
            if field.required_online and empty:
                errors[field.key] = _("%s is required.") % field.name
        return errors

    @api.multi
    def _client_desk_form_values(self, data, partner=None):
        """{key: text for the input} of these fields: what was posted when the form is shown
        again after an error, else the partner's stored value ("" without one)."""
        lines = {line.field_id: line for line in partner.client_desk_field_value_ids} if partner else {}
        values = {}
        for field in self:
            name = FIELD_INPUT_PREFIX + field.key
            line = lines.get(field)
            if name in data:
                values[field.key] = data[name]
            elif not line or line._client_desk_is_empty():
                values[field.key] = ""
            elif field.field_type == "boolean":
                values[field.key] = "1" if line.value_boolean else "0"
            elif field.field_type == "selection":
                values[field.key] = str(line.option_id.id)
            elif field.field_type == "date":
                values[field.key] = line.value_date
            else:
                values[field.key] = line.display_value
        return values

    @api.multi
    def _client_desk_form_save(self, data, partner):
        """Writes these fields' inputs posted in `data` on the partner. Raises ValidationError
        (every message) and writes nothing when one is wrong or a required one stays empty."""
        partner.ensure_one()
        errors = self._client_desk_form_errors(data, partner)
        if errors:
            raise ValidationError("\n".join(errors[field.key] for field in self if field.key in errors))
        raw = {field.key: value for field, value in self._client_desk_form_read(data).items()}
        if raw:
            partner.client_desk_set_custom_values(raw)
        return True

    # -- parsing what is typed ----------------------------------------------------------------

    @api.multi
    def _client_desk_parse(self, raw):
        """Storage values of client.desk.field.value for `raw` (text as typed in a form or an
        import file, or a Python value), or None when raw is empty (the value is cleared).

        Raises ValidationError naming the field and the value when raw does not fit the type.
        """
        self.ensure_one()
        if raw is None or (raw is False and self.field_type != "boolean"):
            return None
        if isinstance(raw, models.BaseModel) and not raw:
            return None
        if isinstance(raw, str):
            raw = raw.strip()
            if not raw:
                return None
        parser = getattr(self, "_client_desk_parse_%s" % self.field_type)
        return parser(raw)

    def _client_desk_error(self, message, raw):
        return ValidationError(message % {"field": self.name, "value": raw})

    def _client_desk_parse_text(self, raw):
        text = str(raw)
        if len(text) > MAX_TEXT_LENGTH:
            raise self._client_desk_error(
                _("%(field)s: the text is too long (at most 1000 characters)."), raw)
        return {"value_text": text}

    def _client_desk_parse_email(self, raw):
        text = str(raw)
        if not single_email_re.match(text):
            raise self._client_desk_error(_("%(field)s: \"%(value)s\" is not a valid e-mail address."), raw)
        return {"value_text": text}

    def _client_desk_parse_phone(self, raw):
        text = str(raw)
        if len(text) > 50 or not to_e164(text):
            raise self._client_desk_error(_("%(field)s: \"%(value)s\" is not a valid phone number."), raw)
        return {"value_text": text}

    def _client_desk_parse_number(self, raw):
        number = parse_number(raw)
        if number is None:
            raise self._client_desk_error(_("%(field)s: \"%(value)s\" is not a number."), raw)
        return {"value_number": number}

    def _client_desk_parse_date(self, raw):
        date = read_date(raw)
        if date is None:
            raise self._client_desk_error(
                _("%(field)s: \"%(value)s\" is not a date (use day/month/year)."), raw)
        return {"value_date": fields.Date.to_string(date)}

    def _client_desk_parse_boolean(self, raw):
        value = read_boolean(raw)
        if value is None:
            raise self._client_desk_error(_("%(field)s: \"%(value)s\" is not yes or no."), raw)
        return {"value_boolean": value}

    def _client_desk_parse_selection(self, raw):
        if isinstance(raw, models.BaseModel) and raw._name == "client.desk.field.option":
            option = raw if raw.field_id == self else raw.browse()
            raw = raw.name
        else:
            option = self._client_desk_find_option(raw)
        if not option:
            raise self._client_desk_error(_("%(field)s: \"%(value)s\" is not one of the choices."), raw)
        return {"option_id": option.id}
