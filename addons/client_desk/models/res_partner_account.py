from odoo import _, api, models

from ..tools.record_id import read_record_id
from .client_desk_field import FIELD_INPUT_PREFIX

# Consent checkboxes of /my/account, named after the partner's fields.
CONSENT_INPUTS = ("client_desk_marketing_opt_in", "client_desk_sms_opt_out")
# Sent by our form only: consent checkboxes are read (unticked = absent) only when it is there.
FORM_MARKER = "client_desk_form"


class ResPartner(models.Model):
    """/my/account: what a logged-in client changes on their own account page besides Odoo's
    address fields: the custom fields asked on the portal, and their consent.

    The controller calls these with sudo on the logged-in user's own partner (portal users have
    no access to custom fields nor to the consent ledger).
    """

    _inherit = "res.partner"

    @api.model
    def _client_desk_account_inputs(self):
        """Names of the inputs that /my/account adds to Odoo's form."""
        fields = self.env["client.desk.field"]._client_desk_fields_for("portal")
        return fields._client_desk_form_inputs() | set(CONSENT_INPUTS) | {FORM_MARKER}

    @api.model
    def _client_desk_account_reference_errors(self, form):
        """{input: message} for a country or a state in the form that is not one of the list
        (Odoo's own form would write "abc" into a many2one and fail with a server error)."""
        errors = {}
        country_id = read_record_id(form.get("country_id"))
        if form.get("country_id") and not (country_id and self.env["res.country"].browse(country_id).exists()):
            errors["country_id"] = _("Please choose your country from the list.")
            country_id = None
        state_id = read_record_id(form.get("state_id"))
        if form.get("state_id"):
            state = self.env["res.country.state"].browse(state_id).exists() if state_id else None
            if not state or (country_id and state.country_id.id != country_id):
                errors["state_id"] = _("Please choose your state or province from the list.")
        return errors

    @api.multi
    def _client_desk_account_errors(self, form):
        """{input: translated message} of what is wrong in the posted /my/account form, beyond
        Odoo's own checks: country and state, and the custom fields asked on the portal."""
        self.ensure_one()
        fields = self.env["client.desk.field"]._client_desk_fields_for("portal")
        errors = self._client_desk_account_reference_errors(form)
        for key, message in fields._client_desk_form_errors(form, self).items():
            errors[FIELD_INPUT_PREFIX + key] = message
        return errors

    @api.multi
    def _client_desk_account_form_values(self, form):
        """The values the /my/account template needs for our inputs: posted ones when the form
        is shown again after an error, else the stored ones."""
        self.ensure_one()
        fields = self.env["client.desk.field"]._client_desk_fields_for("portal")
        posted = FORM_MARKER in form
        return {
            "client_desk_account": True,
            "client_desk_fields": fields,
            "client_desk_values": fields._client_desk_form_values(form, self),
            "client_desk_errors": fields._client_desk_form_errors(form, self) if form else {},
            "client_desk_marketing_opt_in": bool(form.get(CONSENT_INPUTS[0])) if posted
            else self.client_desk_marketing_opt_in,
            "client_desk_sms_opt_out": bool(form.get(CONSENT_INPUTS[1])) if posted else self.client_desk_sms_opt_out,
            "client_desk_company_name": (self.user_ids[:1].company_id or self.env.user.company_id).name,
        }

    @api.multi
    def _client_desk_account_save(self, form):
        """Saves the custom fields and the consent the client posted on /my/account; consent
        changes go to the ledger with source "portal", recorded as the client's own. Raises
        ValidationError and writes nothing when a value is wrong."""
        self.ensure_one()
        fields = self.env["client.desk.field"]._client_desk_fields_for("portal")
        with self.env.cr.savepoint():
            fields._client_desk_form_save(form, self)
            if FORM_MARKER in form:
                wanted = {name[len("client_desk_"):]: bool(form.get(name)) for name in CONSENT_INPUTS}
                changes = {key: value for key, value in wanted.items() if self["client_desk_" + key] != value}
                if changes:
                    self.client_desk_set_consent("portal", note="/my/account", by_client=True, **changes)
        return True
