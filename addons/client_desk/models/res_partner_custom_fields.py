from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    client_desk_field_value_ids = fields.One2many(
        "client.desk.field.value", "partner_id", "Custom fields",
        groups="client_desk.group_client_desk_user",
    )

    @api.multi
    def client_desk_custom_values(self, raw=False):
        """{key: value} of this client's custom fields (active fields with a value).

        Values are the text shown on the card in the user's language ("1234,5", "Ja"), or
        with raw=True Python data (float, "YYYY-MM-DD", bool, the choice's name).
        """
        self.ensure_one()
        result = {}
        for line in self.client_desk_field_value_ids.filtered(lambda value: value.field_id.active):
            if line._client_desk_is_empty():
                continue
            result[line.field_id.key] = line._client_desk_raw_value() if raw else line.display_value
        return result

    @api.multi
    def _client_desk_parse_custom_values(self, values):
        """Checks {key or label: raw value} against the fields' types without writing.

        Returns (parsed, errors): parsed maps each client.desk.field to its storage values
        (None to clear), errors maps the given key/label to a translated message.
        """
        Field = self.env["client.desk.field"]
        parsed, errors = {}, {}
        for name, raw in values.items():
            field = Field.search([("key", "=", name)], limit=1) or Field._client_desk_match_column(name)
            if not field:
                errors[name] = _("There is no custom field \"%(field)s\" for the value \"%(value)s\".") % {
                    "field": name, "value": raw}
                continue
            try:
                parsed[field] = field._client_desk_parse(raw)
            except ValidationError as error:
                errors[name] = error.name
        return parsed, errors

    @api.multi
    def client_desk_set_custom_values(self, values):
        """Sets custom fields from {key or label: raw value}, raw values as typed in a form or an
        import file ("12,5", "31/12/2024", "ja", a choice's name); empty clears the value.

        Every value is checked first: one bad value raises a ValidationError naming the field
        and the value, and nothing is written.
        """
        self.ensure_one()
        parsed, errors = self._client_desk_parse_custom_values(values)
        if errors:
            raise ValidationError("\n".join(errors[name] for name in values if name in errors))
        Value = self.env["client.desk.field.value"]
        existing = {line.field_id: line for line in Value.search([("partner_id", "=", self.id)])}
        # One savepoint: a constraint failing on the last value also undoes the first ones, and the
        # caches forget the rolled-back lines (an import goes on with the next row).
        with self.env.clear_upon_failure(), self.env.cr.savepoint():
            for field, storage in parsed.items():
                line = existing.get(field, Value)
                if storage is None:
                    line.unlink()
                elif line:
                    line.write(storage)
                else:
                    Value.create(dict(storage, partner_id=self.id, field_id=field.id))
        return True
