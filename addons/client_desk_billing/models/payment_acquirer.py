import hashlib
import hmac

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TEST_PROVIDER = "client_desk_test"


class PaymentAcquirer(models.Model):
    """A test acquirer that completes locally, without internet, for tests and the demo: its
    form posts, signed, to this server's own feedback route. Only in test mode."""

    _inherit = "payment.acquirer"

    provider = fields.Selection(selection_add=[(TEST_PROVIDER, "Test (Client Desk, no real money)")])

    @api.constrains("provider", "environment")
    def _check_client_desk_test_environment(self):
        for acquirer in self:
            if acquirer.provider == TEST_PROVIDER and acquirer.environment != "test":
                raise ValidationError(_("The Client Desk test acquirer only works in test mode."))

    @api.multi
    def client_desk_test_get_form_action_url(self):
        return "/payment/client_desk_test/feedback"

    @api.model
    def _client_desk_test_signature(self, reference, amount, currency_name):
        """HMAC (database secret) of what the form posts back: nobody can forge a payment."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = "%s|%.2f|%s" % (reference, float(amount), currency_name)
        return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()

    @api.multi
    def client_desk_test_form_generate_values(self, values):
        values = dict(values)
        currency = values.get("currency")
        values["signature"] = self._client_desk_test_signature(
            values.get("reference"), values.get("amount"), currency.name if currency else "")
        return values
