"""Online booking with deposits and the fee policy: the details page and the confirmation
show the policy; a booking held for its deposit shows how long it is held and sends the
client to pay it online (billing's invoice page, by the invoice's token).

Only values are added to the agenda's pages: its routes, checks and transaction stay."""
from odoo import fields, http
from odoo.http import request

from odoo.addons.client_desk_agenda.controllers.booking import ClientDeskBooking


class ClientDeskBookingDeposit(ClientDeskBooking):

    def _fee_policy(self):
        return request.env["calendar.event"].sudo().client_desk_fee_policy_text()

    def _details_values(self, service, staff_id, start, post=None, errors=None):
        values = super()._details_values(service, staff_id, start, post=post, errors=errors)
        values.update(fee_policy=self._fee_policy(), deposit=service._client_desk_deposit())
        return values

    @http.route()
    def book_confirmed(self, event_id, access_token=None, **kwargs):
        response = super().book_confirmed(event_id, access_token=access_token, **kwargs)
        event = response.qcontext.get("event") if hasattr(response, "qcontext") else None
        if event:
            response.qcontext.update(self._deposit_values(event.sudo()), fee_policy=self._fee_policy())
        return response

    def _deposit_values(self, event):
        """The deposit invoice still to pay and its payment page, with the hold's local end."""
        deposit = event.client_desk_deposit_invoice_id
        if not deposit or deposit.state != "open" or event.client_desk_state != "requested":
            return {"deposit_invoice": False}
        hold = event.client_desk_hold_until
        return {
            "deposit_invoice": deposit,
            "deposit_url": deposit._client_desk_portal_url(),
            "hold_local": hold and fields.Datetime.context_timestamp(
                event.with_context(tz=self._tz()), fields.Datetime.from_string(hold)),
        }
