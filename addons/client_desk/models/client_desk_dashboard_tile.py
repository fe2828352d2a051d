from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

# A tile's own figure comes from a model method of this prefix only: the method is named in
# data, and any other name would let a tile call whatever the model offers.
TILE_METHOD_PREFIX = "_client_desk_tile_"


class ClientDeskDashboardTile(models.Model):
    """A figure on the Client Desk dashboard: how many records of a model match a domain, or
    what a method of the model makes of them (a median, a sum...).

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
    value_method = fields.Char(
        "Figure from", help="A method of the model (named _client_desk_tile_...) that returns the figure for the"
        " records of the domain, instead of counting them.")
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

    @api.constrains("model_name", "domain", "value_method")
    def _check_domain(self):
        for tile in self:
            if tile.model_name not in self.env:
                raise ValidationError(_("Unknown model: %s") % tile.model_name)
            method = tile.value_method
            if method and not (method.startswith(TILE_METHOD_PREFIX) and hasattr(self.env[tile.model_name], method)):
                raise ValidationError(_("A tile's figure comes from a method of its model named %(prefix)s...: "
                                        "%(method)s") % {"prefix": TILE_METHOD_PREFIX, "method": method})
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
            if not model.check_access_rights("read", raise_exception=False):
                continue
            if tile.value_method:
                tile.value = int(round(getattr(model, tile.value_method)(tile._parsed_domain()) or 0))
            else:
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
