from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.inbox import INBOX_PARAMETERS, inbox_parameter


class ResConfigSettings(models.TransientModel):
    """Inbox settings: when a conversation waiting on the client comes back to Follow-up, and
    the opening hours response times are counted in."""

    _inherit = "res.config.settings"

    client_desk_inbox_waiting_days = fields.Integer(
        "Waiting on the client after (days)",
        help="When we replied last and the client has not answered in this many days, the "
             "conversation comes back to Follow-up.")
    client_desk_inbox_opening_hour = fields.Float(
        "Opens at", help="Response times count the time between opening and closing, Monday to Saturday.")
    client_desk_inbox_closing_hour = fields.Float("Closes at")

    @api.model
    def get_values(self):
        res = super().get_values()
        for name in INBOX_PARAMETERS:
            res[name] = inbox_parameter(self.env, name)
        return res

    @api.multi
    def set_values(self):
        res = super().set_values()
        if self.client_desk_inbox_waiting_days < 1:
            raise ValidationError(_("Waiting on the client takes at least one day."))
        if not 0 <= self.client_desk_inbox_opening_hour < self.client_desk_inbox_closing_hour <= 24:
            raise ValidationError(_("Opening hours run from the opening to a later closing hour, within a day."))
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, _default) in INBOX_PARAMETERS.items():
            params.set_param(key, str(self[name]))
        return res
