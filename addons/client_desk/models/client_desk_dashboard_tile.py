from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval


class ClientDeskDashboardTile(models.Model):
    """A figure on the Client Desk dashboard: how many records of a model match a domain.

    Modules add their tiles as data records (appointments today, open payments...).
    """

    _name = "client.desk.dashboard.tile"
    _description = "Client Desk dashboard tile"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    icon = fields.Char(default="fa-users", help="Font Awesome icon class, e.g. fa-users.")
    color = fields.Integer()
    model_name = fields.Char("Model", required=True)
    domain = fields.Char(
        default="[]", required=True,
        help="Records counted. May use today, week_start, month_start (dates) and uid.",
    )
    action_id = fields.Many2one("ir.actions.act_window", "Opens", help="Action opened on click, with the domain.")
    value = fields.Integer(compute="_compute_value")

    @api.model
    def _eval_context(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return {
            "today": fields.Date.to_string(today),
            "week_start": fields.Date.to_string(today - relativedelta(days=today.weekday())),
            "month_start": fields.Date.to_string(today.replace(day=1)),
            "uid": self.env.uid,
        }

    def _parsed_domain(self):
        return safe_eval(self.domain or "[]", self._eval_context())

    @api.constrains("model_name", "domain")
    def _check_domain(self):
        for tile in self:
            if tile.model_name not in self.env:
                raise ValidationError(_("Unknown model: %s") % tile.model_name)
            try:
                self.env[tile.model_name].search_count(tile._parsed_domain())
            except Exception as error:
                raise ValidationError(
                    _("The domain of tile %(tile)s is not valid: %(error)s") % {"tile": tile.name, "error": error}
                )

    def _compute_value(self):
        for tile in self:
            model = self.env[tile.model_name]
            # A user without read access to the model sees no figure rather than an error.
            if model.check_access_rights("read", raise_exception=False):
                tile.value = model.search_count(tile._parsed_domain())

    @api.multi
    def action_open(self):
        self.ensure_one()
        if self.action_id:
            action = self.action_id.read()[0]
        else:
            action = {"type": "ir.actions.act_window", "res_model": self.model_name, "view_mode": "tree,form"}
        action.update({"name": self.name, "domain": self._parsed_domain()})
        return action
