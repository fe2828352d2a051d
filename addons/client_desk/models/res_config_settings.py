from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ir_http import DEFAULT_MAX_UPLOAD_MB, PARAM_MAX_UPLOAD_MB
from .res_users import (
    DEFAULT_ADDRESS_MAX_FAILURES,
    DEFAULT_MAX_FAILURES,
    DEFAULT_WINDOW_MINUTES,
    PARAM_ADDRESS_MAX_FAILURES,
    PARAM_MAX_FAILURES,
    PARAM_WINDOW_MINUTES,
)

# Client numbers: at most this many digits (ir.sequence pads with zeros up to the padding).
MAX_NUMBER_PADDING = 12
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
        "Failed logins per account and address",
        default=DEFAULT_MAX_FAILURES,
        help="After this many failed logins for one account from one internet address within the"
        " window, that address may not try that account again until the window has passed. The"
        " account's owner, from another address, still logs in.",
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

    # Client numbers: the company's client number sequence (code client.desk.client).
    client_desk_number_prefix = fields.Char(
        "Client number prefix",
        help="Text before each new client number, e.g. C- or %(year)s-. Existing numbers keep theirs.",
    )
    client_desk_number_padding = fields.Integer(
        "Client number digits", default=5,
        help="New client numbers are padded with zeros to this many digits.",
    )
    client_desk_number_preview = fields.Char(
        "Next client number", compute="_compute_client_desk_number_preview",
    )
    # New clients' country (per company; empty: the company's own country).
    client_desk_default_country_id = fields.Many2one(
        related="company_id.client_desk_default_country_id",
    )
    # SMS: which gateway sends and whether it reaches phones (secrets stay on the gateway).
    client_desk_sms_gateway_name = fields.Char("SMS gateway", compute="_compute_client_desk_sms_gateway")
    client_desk_sms_sender = fields.Char("SMS sender name", compute="_compute_client_desk_sms_gateway")
    client_desk_sms_gateway_real = fields.Boolean(
        "SMS reach phones", compute="_compute_client_desk_sms_gateway",
        help="An active gateway that is not a test gateway sends SMS.",
    )

    @api.depends("client_desk_number_prefix", "client_desk_number_padding")
    def _compute_client_desk_number_preview(self):
        for settings in self:
            sequence = settings._client_desk_number_sequence()
            try:
                prefix, suffix = sequence.new({
                    "prefix": settings.client_desk_number_prefix, "suffix": sequence.suffix,
                })._get_prefix_suffix()
            except (UserError, ValueError, TypeError, KeyError):
                settings.client_desk_number_preview = False
                continue
            padding = min(max(settings.client_desk_number_padding, 1), MAX_NUMBER_PADDING)
            settings.client_desk_number_preview = "%s%s%s" % (
                prefix, "%%0%sd" % padding % sequence.number_next_actual, suffix)

    @api.depends("company_id")
    def _compute_client_desk_sms_gateway(self):
        # sudo: only the name, kind and sender are read; the gateway's secrets stay there.
        gateways = self.env["client.desk.sms.gateway"].sudo()
        for settings in self:
            gateway = gateways._client_desk_default(settings.company_id or self.env.user.company_id)
            settings.client_desk_sms_gateway_name = gateway.name
            settings.client_desk_sms_sender = gateway.sender
            settings.client_desk_sms_gateway_real = bool(gateway) and gateway.kind != "test"

    @api.multi
    def _client_desk_number_sequence(self):
        """The settings' company's client number sequence."""
        company = self.company_id or self.env.user.company_id
        return self.env["res.partner"]._client_desk_number_sequence(company)

    @api.constrains("client_desk_number_prefix", "client_desk_number_padding")
    def _check_client_desk_numbering(self):
        for settings in self:
            if not 1 <= settings.client_desk_number_padding <= MAX_NUMBER_PADDING:
                raise ValidationError(
                    _("Client numbers have between 1 and %s digits.") % MAX_NUMBER_PADDING)
            try:
                self.env["ir.sequence"].new({"prefix": settings.client_desk_number_prefix})._get_prefix_suffix()
            except (UserError, ValueError, TypeError, KeyError):
                raise ValidationError(_(
                    "The client number prefix %s cannot be used: write plain text, or %%(year)s for the year."
                ) % settings.client_desk_number_prefix)

    @api.multi
    def action_client_desk_open_sms_gateways(self):
        """Opens the SMS gateways (managers configure them there, with their secrets)."""
        return self.env.ref("client_desk.client_desk_sms_gateway_action").read()[0]

    @api.constrains(*CLIENT_DESK_PARAMETERS)
    def _check_client_desk_limits(self):
        for settings in self:
            if any(settings[name] < 1 for name in CLIENT_DESK_PARAMETERS):
                raise ValidationError(_("Login limits, login window and largest upload must be at least 1."))

    # -- config_parameter= (Odoo 12's, for Odoo 11) ----------------------------------------------

    @api.model
    def _client_desk_config_parameter_fields(self):
        """{field name: ir.config_parameter key} of the settings fields declared with
        `config_parameter=`. Odoo 11 keeps that attribute on the field but ignores it (the
        setting would neither load nor save): get_values/set_values keep them here."""
        keys = {}
        for name, field in self._fields.items():
            try:
                keys[name] = field.config_parameter
            except AttributeError:
                continue
        return keys

    @api.model
    def _client_desk_read_config_parameter(self, name, key):
        """The stored value of a config_parameter field as the field's type; its default when
        unset or unreadable."""
        field = self._fields[name]
        default = field.default(self) if field.default else False
        raw = self.env["ir.config_parameter"].sudo().get_param(key)
        if raw is None or raw is False:
            return default
        try:
            if field.type == "integer":
                return int(raw)
            if field.type == "float":
                return float(raw)
            if field.type == "boolean":
                return raw == "True"
            if field.type == "many2one":
                return int(raw) or False
        except ValueError:
            return default
        return raw

    @api.multi
    def _client_desk_write_config_parameters(self):
        params = self.env["ir.config_parameter"].sudo()
        for name, key in self._client_desk_config_parameter_fields().items():
            field, value = self._fields[name], self[name]
            if field.type == "char":
                value = (value or "").strip() or False
            elif field.type == "many2one":
                value = str(value.id) if value else False
            elif field.type in ("integer", "float", "boolean"):
                value = str(value)  # 0 and False are settings too, not "unset"
            if params.get_param(key) != value:
                params.set_param(key, value)

    @api.model
    def get_values(self):
        res = super().get_values()
        for name, key in self._client_desk_config_parameter_fields().items():
            res[name] = self._client_desk_read_config_parameter(name, key)
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, default) in CLIENT_DESK_PARAMETERS.items():
            try:
                value = int(params.get_param(key, default))
            except (TypeError, ValueError):
                value = default
            res[name] = value if value > 0 else default
        sequence = self._client_desk_number_sequence()
        res.update({
            "client_desk_number_prefix": sequence.prefix or False,
            "client_desk_number_padding": sequence.padding,
        })
        return res

    @api.multi
    def set_values(self):
        res = super().set_values()
        self._client_desk_write_config_parameters()
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, _default) in CLIENT_DESK_PARAMETERS.items():
            params.set_param(key, str(self[name]))
        sequence = self._client_desk_number_sequence()
        numbering = {"prefix": self.client_desk_number_prefix or False, "padding": self.client_desk_number_padding}
        if any(sequence[name] != value for name, value in numbering.items()):
            sequence.write(numbering)
        return res
