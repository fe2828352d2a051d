from odoo import _, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# Form inputs of the custom fields: "client_desk_field_<key>" (keys are [a-z0-9_]).
FIELD_INPUT_PREFIX = "client_desk_field_"
CONSENT_INPUTS = ("client_desk_marketing_opt_in", "client_desk_sms_opt_out")
# Sent by our form only: consent checkboxes are read (unticked = absent) only when it is there.
FORM_MARKER = "client_desk_form"


class ClientDeskCustomerPortal(CustomerPortal):
    """/my/account also edits the client's consent and the custom fields asked on the portal.

    The page only ever touches the logged-in user's own partner; it works with sudo because
    portal users have no access to the custom field models.
    """

    def _client_desk_portal_fields(self):
        return request.env["client.desk.field"].sudo()._client_desk_fields_for("portal")

    def _client_desk_own_inputs(self, fields):
        return {FIELD_INPUT_PREFIX + field.key for field in fields} | set(CONSENT_INPUTS) | {FORM_MARKER}

    def _client_desk_posted_values(self, data, fields):
        """{key: raw value} of the portal fields present in the form; choices come as option ids."""
        raw = {}
        for field in fields:
            name = FIELD_INPUT_PREFIX + field.key
            if name not in data:
                continue
            value = data[name]
            if field.field_type == "selection" and value and value.isdigit():
                option = field.option_ids.filtered(lambda option: option.id == int(value))
                value = option or value
            raw[field.key] = value
        return raw

    def _client_desk_validate(self, data):
        """Errors {key: translated message} of the posted custom fields: type checks, and
        required fields that would stay empty. An input that is not posted keeps its value."""
        fields = self._client_desk_portal_fields()
        partner = request.env.user.partner_id.sudo()
        raw = self._client_desk_posted_values(data, fields)
        parsed, errors = partner._client_desk_parse_custom_values(raw)
        current = partner.client_desk_custom_values(raw=True)
        for field in fields.filtered("required_online"):
            if field.key in errors:
                continue
            empty = parsed[field] is None if field in parsed else current.get(field.key) is None
            if empty:
                errors[field.key] = _("%s is required.") % field.name
        return errors

    def details_form_validate(self, data):
        own = self._client_desk_own_inputs(self._client_desk_portal_fields())
        ours = {name: data.pop(name) for name in list(data) if name in own}
        try:
            error, error_message = super().details_form_validate(data)
        finally:
            data.update(ours)
        for key, message in self._client_desk_validate(data).items():
            error[FIELD_INPUT_PREFIX + key] = "error"
            error_message.append(message)
        return error, error_message

    def _client_desk_save(self, data):
        """Writes the posted custom fields and consent of the logged-in user's partner; consent
        changes go to the ledger with source "portal"."""
        partner = request.env.user.partner_id.sudo()
        raw = self._client_desk_posted_values(data, self._client_desk_portal_fields())
        if raw:
            partner.client_desk_set_custom_values(raw)
        if FORM_MARKER in data:
            wanted = {name[len("client_desk_"):]: bool(data.get(name)) for name in CONSENT_INPUTS}
            changes = {key: value for key, value in wanted.items() if partner["client_desk_" + key] != value}
            if changes:
                partner.client_desk_set_consent("portal", note="/my/account", **changes)

    def _client_desk_form_values(self, data):
        """What the page shows: posted input when re-displayed after an error, else stored values."""
        partner = request.env.user.partner_id.sudo()
        fields = self._client_desk_portal_fields()
        lines = {line.field_id: line for line in partner.client_desk_field_value_ids}
        values = {}
        for field in fields:
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
        posted = FORM_MARKER in data
        return {
            "client_desk_account": True,
            "client_desk_fields": fields,
            "client_desk_values": values,
            "client_desk_errors": self._client_desk_validate(data) if data else {},
            "client_desk_marketing_opt_in": bool(data.get(CONSENT_INPUTS[0])) if posted
            else partner.client_desk_marketing_opt_in,
            "client_desk_sms_opt_out": bool(data.get(CONSENT_INPUTS[1])) if posted
            else partner.client_desk_sms_opt_out,
            "client_desk_company_name": request.env.user.sudo().company_id.name,
        }

    @http.route()
    def account(self, redirect=None, **post):
        if post:
            error, _messages = self.details_form_validate(dict(post))
            if not error:
                # Everything is valid: ours first, then Odoo writes the address and redirects.
                self._client_desk_save(post)
        response = super().account(redirect=redirect, **post)
        if getattr(response, "is_qweb", False):
            response.qcontext.update(self._client_desk_form_values(post))
        return response
