from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

DEPOSIT_TYPES = [("none", "No deposit"), ("fixed", "Fixed amount"), ("percent", "Percentage of the price")]


class ClientDeskService(models.Model):
    """A service may ask a deposit, paid online when it is booked online."""

    _inherit = "client.desk.service"

    deposit_type = fields.Selection(DEPOSIT_TYPES, "Deposit", required=True, default="none",
                                    help="Online bookings of this service are held until the deposit is paid.")
    deposit_amount = fields.Monetary("Deposit amount", currency_field="currency_id")
    deposit_percent = fields.Float("Deposit (%)")

    @api.constrains("deposit_type", "deposit_amount", "deposit_percent", "price")
    def _check_deposit(self):
        for service in self:
            if service.deposit_type == "fixed" and not 0 < service.deposit_amount <= (service.price or 0):
                raise ValidationError(_("A deposit is more than zero and not more than the price."))
            if service.deposit_type == "percent" and not 0 < service.deposit_percent <= 100:
                raise ValidationError(_("A deposit percentage is between 0 and 100."))

    @api.multi
    def _client_desk_deposit(self, price=None):
        """The deposit asked for this service at price (default: its price); 0.0 when none."""
        self.ensure_one()
        price = self.price if price is None else price
        if self.deposit_type == "fixed":
            amount = min(self.deposit_amount, price)
        elif self.deposit_type == "percent":
            amount = price * self.deposit_percent / 100.0
        else:
            return 0.0
        return float_round(amount, precision_rounding=self.currency_id.rounding or 0.01)
