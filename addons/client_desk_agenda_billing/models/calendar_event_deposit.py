from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import formatLang

from .res_config_settings import get_param


class CalendarEvent(models.Model):
    """Deposits: an online booking of a service that asks one is requested and held until its
    down-payment invoice is paid online, then confirmed; released when the hold expires."""

    _inherit = "calendar.event"

    @api.multi
    def _client_desk_hold_for_deposit(self, amount):
        """Raises the deposit invoice (open, payable online) and holds the booking for the
        configured time. Returns the invoice."""
        self.ensure_one()
        label = _("Deposit: %(service)s – %(when)s") % {
            "service": self.client_desk_service_id.name or self.name,
            "when": self.client_desk_when_text(self._client_desk_business_tz()),
        }
        invoice = self._client_desk_new_invoice("deposit", [(label, amount)])
        invoice.write({"client_desk_pay_online": True})
        invoice.action_invoice_open()
        minutes = get_param(self.env, "hold_minutes")
        hold = fields.Datetime.from_string(fields.Datetime.now()) + timedelta(minutes=minutes)
        self.write({"client_desk_deposit_amount": amount, "client_desk_hold_until": fields.Datetime.to_string(hold)})
        self._client_desk_send_deposit(invoice)
        return invoice

    @api.multi
    def _client_desk_send_deposit(self, invoice):
        """E-mails the deposit invoice with its pay link (billing's invoice mail), so that a
        client who left the booking page can still pay; skipped while modules install."""
        partner = self.client_desk_partner_id
        if self.env.context.get("install_mode") or not partner.email or partner.client_desk_email_blocked:
            return False
        return invoice.action_client_desk_send()

    @api.multi
    def _client_desk_deposit_paid(self, invoice):
        """The deposit invoice is paid: posted in the conversation; a held booking is confirmed
        (the client gets the confirmation with its .ics)."""
        self.ensure_one()
        partner = self.client_desk_partner_id
        amount = formatLang(self.env, invoice.amount_total, currency_obj=invoice.currency_id)
        self._client_desk_post("deposit_paid", _("Deposit of %(amount)s paid for %(what)s") % {
            "amount": amount, "what": self._client_desk_summary()}, author=partner)
        if self.client_desk_state != "requested" or not self.client_desk_hold_until:
            return False
        self.write({"client_desk_state": "confirmed", "client_desk_hold_until": False})
        self._client_desk_post("appointment_scheduled", _("Appointment confirmed: %s") % self._client_desk_summary())
        self._client_desk_notify("client_desk_agenda.mail_template_appointment_confirmed", ics=True)
        return True

    @api.model
    def _cron_client_desk_release_holds(self, now=None):
        """Releases the bookings whose deposit was not paid in time: cancelled (the slot is
        free again, the client is told) and their deposit invoice cancelled. Returns their ids."""
        now = now or fields.Datetime.now()
        expired = self.sudo().search([
            ("client_desk_state", "=", "requested"), ("client_desk_hold_until", "!=", False),
            ("client_desk_hold_until", "<=", now)])
        for event in expired:
            event._client_desk_release_hold()
        return expired.ids

    @api.multi
    def _client_desk_release_hold(self):
        self.ensure_one()
        deposits = self.client_desk_invoice_ids.filtered(
            lambda i: i.client_desk_event_role == "deposit" and i.state == "open")
        if deposits.filtered(lambda i: i.payment_move_line_ids):
            # Partly paid: staff decide, the booking stays held.
            return False
        reason = _("The deposit was not paid in time.")
        self.write({"client_desk_hold_until": False})
        self.client_desk_cancel(reason)
        deposits._client_desk_cancel_open(reason)
        return True
