"""The base of the bridge's tests: the agenda's salon (AgendaCase: open every day, services
Coupe Homme 25 and Coloration 80, dates in 2030) with the fee settings cleared."""
from odoo.addons.client_desk_agenda.tests.common import AgendaCase

PARAM = "client_desk_agenda_billing."


class AgendaBillingCase(AgendaCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        for key, value in {"hold_minutes": "60", "no_show_fee": "0", "late_cancel_fee": "0",
                           "late_cancel_hours": "24"}.items():
            params.set_param(PARAM + key, value)
        cls.colour.write({"deposit_type": "percent", "deposit_percent": 20})

    def set_fees(self, no_show=0.0, late_cancel=0.0, hours=24):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(PARAM + "no_show_fee", str(no_show))
        params.set_param(PARAM + "late_cancel_fee", str(late_cancel))
        params.set_param(PARAM + "late_cancel_hours", str(hours))

    def events_of(self, kind, partner=None):
        return self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", (partner or self.client).id),
            ("client_desk_kind", "=", kind)], order="id")

    def invoice(self, invoice_id):
        return self.env["account.invoice"].browse(invoice_id)
