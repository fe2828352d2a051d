from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.tools import formatLang

from .res_config_settings import get_param


class CalendarEvent(models.Model):
    """No-show and late-cancellation fees from the policy in the settings, raised as open
    invoices of the appointment (staff may waive them with a reason)."""

    _inherit = "calendar.event"

    @api.model
    def client_desk_fee_policy(self):
        """The fee policy as plain values: {no_show_fee, late_cancel_fee, late_cancel_hours,
        currency} (fees 0.0 when there is none)."""
        return {
            "no_show_fee": get_param(self.env, "no_show_fee"),
            "late_cancel_fee": get_param(self.env, "late_cancel_fee"),
            "late_cancel_hours": get_param(self.env, "late_cancel_hours"),
            "currency": self.env.user.company_id.currency_id.name,
        }

    @api.model
    def client_desk_fee_policy_text(self):
        """The fee policy in a sentence for clients ("" when there is no fee)."""
        policy = self.client_desk_fee_policy()
        currency = self.env.user.company_id.currency_id
        parts = []
        if policy["no_show_fee"] > 0:
            parts.append(_("If you do not show up, we charge %s.") % formatLang(
                self.env, policy["no_show_fee"], currency_obj=currency))
        if policy["late_cancel_fee"] > 0:
            parts.append(_("If you cancel less than %(hours)s hours before, we charge %(fee)s.") % {
                "hours": policy["late_cancel_hours"],
                "fee": formatLang(self.env, policy["late_cancel_fee"], currency_obj=currency)})
        return " ".join(parts)

    @api.multi
    def _client_desk_raise_fee(self, role, amount):
        """An open fee invoice of this appointment, posted in the client's conversation."""
        self.ensure_one()
        labels = {"no_show": _("No-show fee"), "late_cancel": _("Late cancellation fee")}
        label = "%s: %s" % (labels[role], self._client_desk_summary())
        invoice = self._client_desk_new_invoice(role, [(label, amount)])
        invoice.action_invoice_open()
        self._client_desk_post("fee_raised", _("%(fee)s of %(amount)s raised (%(number)s)") % {
            "fee": label, "amount": formatLang(self.env, amount, currency_obj=invoice.currency_id),
            "number": invoice.number})
        return invoice

    @api.multi
    def action_client_desk_no_show(self):
        result = super().action_client_desk_no_show()
        fee = get_param(self.env, "no_show_fee")
        if fee > 0:
            for event in self:
                event._client_desk_raise_fee("no_show", fee)
        return result

    @api.multi
    def client_desk_cancel(self, reason, by_client=False):
        late = self.browse()
        fee = get_param(self.env, "late_cancel_fee")
        if by_client and fee > 0:
            limit = datetime.utcnow() + timedelta(hours=get_param(self.env, "late_cancel_hours"))
            # A booking still held for its deposit was never confirmed: no fee.
            late = self.filtered(lambda e: e.client_desk_state in ("requested", "confirmed")
                                 and not e.client_desk_hold_until
                                 and fields.Datetime.from_string(e.start) < limit)
        result = super().client_desk_cancel(reason, by_client=by_client)
        for event in late:
            event.sudo()._client_desk_raise_fee("late_cancel", fee)
        return result
