from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .ir_http import DEFAULT_MAX_UPLOAD_MB, PARAM_MAX_UPLOAD_MB
from .res_users import (
    DEFAULT_ADDRESS_MAX_FAILURES,
    DEFAULT_MAX_FAILURES,
    DEFAULT_WINDOW_MINUTES,
    PARAM_ADDRESS_MAX_FAILURES,
    PARAM_MAX_FAILURES,
    PARAM_WINDOW_MINUTES,
)

# Settings field -> (ir.config_parameter, default). Odoo 11 has no config_parameter= on
# settings fields (12.0+): get_values/set_values below do it.
CLIENT_DESK_PARAMETERS = {
    "client_desk_login_max_failures": (PARAM_MAX_FAILURES, DEFAULT_MAX_FAILURES),
    "client_desk_login_address_max_failures": (PARAM_ADDRESS_MAX_FAILURES, DEFAULT_ADDRESS_MAX_FAILURES),
    "client_desk_login_window_minutes": (PARAM_WINDOW_MINUTES, DEFAULT_WINDOW_MINUTES),
    "client_desk_max_upload_mb": (PARAM_MAX_UPLOAD_MB, DEFAULT_MAX_UPLOAD_MB),
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    client_desk_login_max_failures = fields.Integer(
        "Failed logins per account",
        default=DEFAULT_MAX_FAILURES,
        help="After this many failed logins for one account within the window, logging in to that"
        " account is refused (even with the right password) until the window has passed.",
    )
    client_desk_login_address_max_failures = fields.Integer(
        "Failed logins per address",
        default=DEFAULT_ADDRESS_MAX_FAILURES,
        help="After this many failed logins from one internet address (any accounts) within the"
        " window, logging in from that address is refused until the window has passed.",
    )
    client_desk_login_window_minutes = fields.Integer(
        "Login window (minutes)",
        default=DEFAULT_WINDOW_MINUTES,
        help="Failed logins older than this are no longer counted.",
    )
    client_desk_max_upload_mb = fields.Integer(
        "Largest upload (MB)",
        default=DEFAULT_MAX_UPLOAD_MB,
        help="Files and forms larger than this are refused before they are received.",
    )

    @api.constrains(*CLIENT_DESK_PARAMETERS)
    def _check_client_desk_limits(self):
        for settings in self:
            if any(settings[name] < 1 for name in CLIENT_DESK_PARAMETERS):
                raise ValidationError(_("Login limits, login window and largest upload must be at least 1."))

    @api.model
    def get_values(self):
        res = super().get_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, default) in CLIENT_DESK_PARAMETERS.items():
            try:
                value = int(params.get_param(key, default))
            except (TypeError, ValueError):
                value = default
            res[name] = value if value > 0 else default
        return res

    @api.multi
    def set_values(self):
        res = super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, _default) in CLIENT_DESK_PARAMETERS.items():
            params.set_param(key, str(self[name]))
        return res
