from datetime import datetime, timedelta

from odoo import api, fields, models


class ClientDeskAgendaBillingDemo(models.AbstractModel):
    """The demo salon's deposits, invoiced appointments and ten-visit card, made with the
    company's own journals (nothing when no chart of accounts is installed yet)."""

    _name = "client.desk.agenda.billing.demo"
    _description = "Client Desk agenda and billing demo data"

    @api.model
    def _ref(self, xmlid):
        return self.env.ref(xmlid, raise_if_not_found=False)

    @api.model
    def load_demo(self):
        journal = self.env["account.invoice"].with_context(type="out_invoice")._default_journal()
        if not journal or not journal.default_credit_account_id or self._ref(
                "client_desk_agenda_billing.demo_package_ten_visits"):
            return False
        self._demo_paid_visit()
        self._demo_deposit()
        self._demo_package()
        return True

    @api.model
    def _at(self, days, hour):
        day = datetime.utcnow().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)
        return fields.Datetime.to_string(day)

    @api.model
    def _demo_paid_visit(self):
        """The done Coupe Homme of the agenda's demo, invoiced and paid at the desk."""
        event = self._ref("client_desk_agenda.appointment_joske_coupe")
        if event:
            event.client_desk_register_payment(method="cash")

    @api.model
    def _demo_deposit(self):
        """A brushing booked online next week: its 20 % deposit paid by card, the booking
        confirmed, and the final invoice (in draft) with the deposit deducted."""
        client = self._ref("client_desk.client_anne_gaelle_dessart")
        service = self._ref("client_desk_agenda.service_brushing")
        staff = self._ref("client_desk.user_joelle") or self.env.user
        if not client or not service:
            return
        event = self.env["calendar.event"].create({
            "client_desk_partner_id": client.id, "client_desk_service_id": service.id,
            "client_desk_staff_id": staff.id, "client_desk_state": "requested", "client_desk_source": "online",
            "start": self._at(8, 9), "client_desk_allow_overlap": True,
        })
        deposit = event._client_desk_hold_for_deposit(service._client_desk_deposit())
        deposit._client_desk_register_payment(deposit.residual, "card")
        event.client_desk_create_invoice()

    @api.model
    def _demo_package(self):
        """Joske's ten-visit card with three visits used."""
        client = self._ref("client_desk.client_joske_vermeulen")
        cut = self._ref("client_desk_agenda.service_coupe_homme")
        if not client or not cut:
            return
        package = self.env["client.desk.package"].create({
            "name": "Tienbeurtenkaart", "visits": 10, "validity_days": 365, "price": 225.0,
            "service_ids": [(6, 0, cut.ids)],
        })
        self.env["ir.model.data"].create({
            "module": "client_desk_agenda_billing", "name": "demo_package_ten_visits",
            "model": package._name, "res_id": package.id, "noupdate": True,
        })
        package.client_desk_sell(client.id)
        for days in (-28, -21, -14):
            event = self.env["calendar.event"].create({
                "client_desk_partner_id": client.id, "client_desk_service_id": cut.id,
                "client_desk_staff_id": self.env.user.id, "start": self._at(days, 15),
                "client_desk_allow_overlap": True,
            })
            event.action_client_desk_done()
