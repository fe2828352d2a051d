from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PARAM = "client_desk_agenda_billing."
# Setting (ir.config_parameter key after PARAM) -> default. Odoo 11 has no config_parameter=
# on settings fields: get_values/set_values below store them.
DEFAULTS = {"hold_minutes": 60, "no_show_fee": 0.0, "late_cancel_fee": 0.0, "late_cancel_hours": 24}


def get_param(env, name):
    """A setting of this module as a number (its default when unset or malformed)."""
    value = env["ir.config_parameter"].sudo().get_param(PARAM + name)
    kind = type(DEFAULTS[name])
    try:
        return kind(value) if value not in (None, False, "") else DEFAULTS[name]
    except ValueError:
        return DEFAULTS[name]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    client_desk_deposit_hold_minutes = fields.Integer(
        "Hold an unpaid booking for (minutes)", default=DEFAULTS["hold_minutes"],
        help="A booking waiting for its deposit is released when it is not paid within this time.")
    client_desk_no_show_fee = fields.Float(
        "No-show fee", default=DEFAULTS["no_show_fee"],
        help="Invoiced when staff mark that a client did not show up; 0: no fee.")
    client_desk_late_cancel_fee = fields.Float(
        "Late cancellation fee", default=DEFAULTS["late_cancel_fee"],
        help="Invoiced when the client cancels within the window below; 0: no fee.")
    client_desk_late_cancel_hours = fields.Integer(
        "Late cancellation window (hours before)", default=DEFAULTS["late_cancel_hours"])

    def _client_desk_fee_settings(self):
        return {
            "client_desk_deposit_hold_minutes": "hold_minutes",
            "client_desk_no_show_fee": "no_show_fee",
            "client_desk_late_cancel_fee": "late_cancel_fee",
            "client_desk_late_cancel_hours": "late_cancel_hours",
        }

    @api.constrains("client_desk_deposit_hold_minutes", "client_desk_no_show_fee", "client_desk_late_cancel_fee",
                    "client_desk_late_cancel_hours")
    def _check_client_desk_fees(self):
        for settings in self:
            if settings.client_desk_deposit_hold_minutes < 1:
                raise ValidationError(_("An unpaid booking is held for at least 1 minute."))
            if min(settings.client_desk_no_show_fee, settings.client_desk_late_cancel_fee,
                   settings.client_desk_late_cancel_hours) < 0:
                raise ValidationError(_("Fees and the cancellation window cannot be negative."))

    @api.model
    def get_values(self):
        res = super().get_values()
        for name, key in self._client_desk_fee_settings().items():
            res[name] = get_param(self.env, key)
        return res

    @api.multi
    def set_values(self):
        res = super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, key in self._client_desk_fee_settings().items():
            params.set_param(PARAM + key, str(self[name]))
        return res
