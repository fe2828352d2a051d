from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.client_desk.tools.access import require_staff

CARD_STATES = [("valid", "Valid"), ("used", "Used up"), ("expired", "Expired"), ("stopped", "Stopped")]


class ClientDeskPackageCard(models.Model):
    """A client's package: visits left and until when; each done appointment of a covered
    service uses one visit (once per appointment)."""

    _name = "client.desk.package.card"
    _description = "Client package"
    _order = "expiry_date desc, id desc"

    partner_id = fields.Many2one("res.partner", "Client", required=True, index=True, ondelete="cascade",
                                 domain=[("client_desk_is_client", "=", True)])
    package_id = fields.Many2one("client.desk.package", "Package", required=True, ondelete="restrict")
    name = fields.Char(related="package_id.name", readonly=True)
    service_ids = fields.Many2many(related="package_id.service_ids", readonly=True)
    visits_total = fields.Integer("Visits", required=True, readonly=True)
    usage_ids = fields.One2many("client.desk.package.usage", "card_id", "Visits used", readonly=True)
    visits_used = fields.Integer("Used", compute="_compute_visits", store=True)
    visits_left = fields.Integer("Left", compute="_compute_visits", store=True)
    expiry_date = fields.Date("Valid until", required=True)
    stopped = fields.Boolean(readonly=True)
    invoice_id = fields.Many2one("account.invoice", "Invoice", readonly=True, ondelete="set null")
    state = fields.Selection(CARD_STATES, "Status", compute="_compute_state")

    @api.depends("usage_ids", "visits_total")
    def _compute_visits(self):
        for card in self:
            card.visits_used = len(card.usage_ids)
            card.visits_left = max(card.visits_total - card.visits_used, 0)

    @api.depends("visits_left", "expiry_date", "stopped")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for card in self:
            if card.stopped:
                card.state = "stopped"
            elif card.visits_left <= 0:
                card.state = "used"
            elif card.expiry_date < today:
                card.state = "expired"
            else:
                card.state = "valid"

    @api.model
    def _client_desk_valid_card(self, partner, service, day):
        """The client's card covering service with a visit left on day (a date string): the
        one expiring first; empty when none."""
        return self.sudo().search([
            ("partner_id", "=", partner.commercial_partner_id.id), ("package_id.service_ids", "in", service.ids),
            ("visits_left", ">", 0), ("expiry_date", ">=", day), ("stopped", "=", False),
        ], order="expiry_date, id", limit=1)

    @api.multi
    def _client_desk_use(self, event):
        """Uses one visit for event (nothing when the event already used one). Returns the
        usage, or False."""
        self.ensure_one()
        Usage = self.env["client.desk.package.usage"].sudo()
        if Usage.search_count([("event_id", "=", event.id)]):
            return False
        usage = Usage.create({"card_id": self.id, "event_id": event.id})
        text = _("Package visit used: %(package)s, %(what)s — %(left)s of %(total)s visits left") % {
            "package": self.name, "what": event._client_desk_summary(), "left": self.visits_left,
            "total": self.visits_total}
        self.partner_id._client_desk_event("package_visit_used", "<p>%s</p>" % html_escape(text), record=event)
        return usage

    @api.multi
    def action_client_desk_stop(self):
        """Stops the package (the client no longer uses it)."""
        require_staff(self.env)
        if self.filtered("stopped"):
            raise UserError(_("This package is already stopped."))
        return self.write({"stopped": True})
