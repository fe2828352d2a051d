from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskPackage(models.Model):
    """What the salon sells as a package or membership: a number of visits of some services
    within a validity (a ten-visit card)."""

    _name = "client.desk.package"
    _description = "Package"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    service_ids = fields.Many2many("client.desk.service", string="Covered services", required=True)
    visits = fields.Integer(required=True, default=10)
    validity_days = fields.Integer("Valid for (days)", required=True, default=365)
    company_id = fields.Many2one("res.company", "Company", default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id", readonly=True)
    price = fields.Monetary(currency_field="currency_id")

    @api.constrains("visits", "validity_days", "price")
    def _check_package(self):
        for package in self:
            if package.visits < 1 or package.validity_days < 1:
                raise ValidationError(_("A package has at least one visit and is valid at least one day."))
            if (package.price or 0) < 0:
                raise ValidationError(_("A price cannot be negative."))

    @api.multi
    def client_desk_sell(self, partner_id, validate=True):
        """Sells this package to a client: their card (valid from today) and its invoice
        (validated when asked). Returns the card's id."""
        require_staff(self.env)
        self.ensure_one()
        partner = self.env["res.partner"].browse(int(partner_id or 0)).exists()
        if not partner or not partner.client_desk_is_client:
            raise UserError(_("Choose the client who buys the package."))
        if not self.active:
            raise UserError(_("This package is no longer sold."))
        today = fields.Date.from_string(fields.Date.context_today(self))
        card = self.env["client.desk.package.card"].sudo().create({
            "partner_id": partner.id,
            "package_id": self.id,
            "visits_total": self.visits,
            "expiry_date": fields.Date.to_string(today + timedelta(days=self.validity_days)),
        })
        card.sudo(self.env.uid).write({"invoice_id": self._client_desk_invoice(partner, validate).id})
        return card.id

    @api.multi
    def _client_desk_invoice(self, partner, validate):
        Invoice = self.env["account.invoice"]
        journal = Invoice.with_context(type="out_invoice")._default_journal()
        if not journal or not journal.default_credit_account_id:
            raise UserError(_("Set up a sales journal with an income account first."))
        invoice = Invoice.create({
            "partner_id": partner.id,
            "type": "out_invoice",
            "journal_id": journal.id,
            "origin": self.name,
            "invoice_line_ids": [(0, 0, {
                "name": _("%(package)s (%(visits)s visits)") % {"package": self.name, "visits": self.visits},
                "quantity": 1, "price_unit": self.price, "account_id": journal.default_credit_account_id.id,
            })],
        })
        if validate:
            invoice.action_invoice_open()
        return invoice
