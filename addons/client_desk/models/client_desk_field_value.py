from odoo import _, api, fields, models

from .client_desk_field import parse_number

# Which column holds the value of each field type.
STORAGE_COLUMNS = {
    "text": "value_text",
    "email": "value_text",
    "phone": "value_text",
    "number": "value_number",
    "date": "value_date",
    "boolean": "value_boolean",
    "selection": "option_id",
}
ALL_COLUMNS = ("value_text", "value_number", "value_date", "value_boolean", "option_id")


class ClientDeskFieldValue(models.Model):
    """What one client answered to one custom field, stored in the column of its type.

    A line exists only when the client has a value: clearing a value deletes its line (a
    number 0 or a "no" are values, an empty text is not).
    """

    _name = "client.desk.field.value"
    _description = "Custom field value of a client"
    _order = "partner_id, field_id, id"

    partner_id = fields.Many2one("res.partner", "Client", required=True, index=True, ondelete="cascade")
    field_id = fields.Many2one("client.desk.field", "Custom field", required=True, index=True, ondelete="restrict")
    field_type = fields.Selection(related="field_id.field_type", readonly=True)
    key = fields.Char(related="field_id.key", readonly=True)
    value_text = fields.Char("Text")
    value_number = fields.Float("Number")
    value_date = fields.Date("Date")
    value_boolean = fields.Boolean("Yes/No")
    option_id = fields.Many2one(
        "client.desk.field.option", "Choice", ondelete="restrict", domain="[('field_id', '=', field_id)]",
    )
    display_value = fields.Char("Value", compute="_compute_display_value")

    _sql_constraints = [
        ("partner_field_uniq", "unique(partner_id, field_id)", "A client has one value per custom field."),
    ]

    # -- display ------------------------------------------------------------------------------

    @api.depends("field_id.field_type", "value_text", "value_number", "value_date", "value_boolean", "option_id.name")
    def _compute_display_value(self):
        code = self.env.lang or "en_US"
        # The language asked for even if inactive (en_US often is): _lang_get would fall back.
        lang = self.env["res.lang"].with_context(active_test=False).search([("code", "=", code)], limit=1)
        lang = lang or self.env["res.lang"]._lang_get(code)
        for record in self:
            record.display_value = record._client_desk_format(lang)

    def _client_desk_format(self, lang):
        """The value as text in the language `lang` (res.lang): "1234,5", "31/12/2024", "Ja"."""
        field_type = self.field_id.field_type
        if field_type == "number":
            # As many decimals as the number has (up to 6) and the language's decimal point, but no
            # thousands separator: "1.234" would read back as 1.234 in an import.
            text = ("%.6f" % self.value_number).rstrip("0").rstrip(".")
            return text.replace(".", lang.decimal_point or ".")
        if field_type == "date":
            return fields.Date.from_string(self.value_date).strftime(lang.date_format) if self.value_date else ""
        if field_type == "boolean":
            return _("Yes") if self.value_boolean else _("No")
        if field_type == "selection":
            return self.option_id.name or ""
        return self.value_text or ""

    @api.multi
    def name_get(self):
        return [(record.id, "%s: %s" % (record.field_id.name, record.display_value)) for record in self]

    # -- raw values ---------------------------------------------------------------------------

    @api.multi
    def _client_desk_raw_value(self):
        """The value as Python data: str, float, date string (YYYY-MM-DD), bool, or the
        choice's name; None when empty."""
        self.ensure_one()
        if self._client_desk_is_empty():
            return None
        if self.field_type == "selection":
            return self.option_id.name
        return self[STORAGE_COLUMNS[self.field_type]]

    @api.multi
    def _client_desk_is_empty(self):
        """True when the line holds nothing (a number or a yes/no line always holds a value)."""
        self.ensure_one()
        if self.field_type in ("number", "boolean"):
            return False
        return not self[STORAGE_COLUMNS[self.field_type]]

    # -- validation ---------------------------------------------------------------------------

    @api.constrains("field_id", "value_text", "value_number", "value_date", "option_id")
    def _check_value(self):
        """The stored value fits the field's type: e-mail format, phone number that parses,
        finite number, text length, a choice of this very field."""
        for record in self:
            field = record.field_id
            if record.field_type == "selection":
                if record.option_id:
                    field._client_desk_parse(record.option_id)
            elif record.field_type == "number":
                if parse_number(record.value_number) is None:
                    field._client_desk_parse(record.value_number)
            elif not record._client_desk_is_empty():
                field._client_desk_parse(record._client_desk_raw_value())

    @api.onchange("field_id")
    def _onchange_field_id(self):
        # Another field, another type: what was typed for the previous one does not carry over.
        for column in ALL_COLUMNS:
            self[column] = False

    # -- storage ------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        record = super().create(vals)
        record._client_desk_clear_other_columns()
        return record

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "field_id" in vals or any(column in vals for column in ALL_COLUMNS):
            self._client_desk_clear_other_columns()
        return result

    @api.multi
    def _client_desk_clear_other_columns(self):
        """Empties the columns that the field's type does not use, so exports and the raw
        columns never show a leftover of another type."""
        for record in self:
            used = STORAGE_COLUMNS[record.field_type]
            stale = {column: False for column in ALL_COLUMNS if column != used and record[column]}
            if stale:
                super(ClientDeskFieldValue, record).write(stale)
        return True
