from odoo import api, fields, models


class ClientDeskService(models.Model):
    """Online booking of a service that asks a deposit: the booking is requested and held
    until the deposit is paid (see calendar.event's deposit)."""

    _inherit = "client.desk.service"

    @api.multi
    def _client_desk_deposit_due(self, partner):
        """The deposit partner pays when booking this service online (0.0: none, or when a
        valid package of theirs covers it)."""
        self.ensure_one()
        deposit = self._client_desk_deposit()
        if deposit and self.env["client.desk.package.card"]._client_desk_valid_card(
                partner, self, fields.Date.context_today(self)):
            return 0.0
        return deposit

    @api.multi
    def _client_desk_book_online(self, staff_id, start, partner):
        deposit = self._client_desk_deposit_due(partner)
        if not deposit:
            return super()._client_desk_book_online(staff_id, start, partner)
        event = super(ClientDeskService, self.with_context(client_desk_deposit_hold=True))._client_desk_book_online(
            staff_id, start, partner)
        event._client_desk_hold_for_deposit(deposit)
        return event.with_context(client_desk_deposit_hold=False)

    @api.model
    def _client_desk_online_state(self, partner):
        if self.env.context.get("client_desk_deposit_hold"):
            return "requested"
        return super()._client_desk_online_state(partner)
