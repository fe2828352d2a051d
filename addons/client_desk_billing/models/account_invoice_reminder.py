from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountInvoice(models.Model):
    """Overdue reminders: on the company's schedule (days after the due date) and by hand;
    nothing once the invoice is paid."""

    _inherit = "account.invoice"

    @api.multi
    def _client_desk_reminder_step(self, today):
        """How many steps of the company's schedule this invoice has reached on today."""
        self.ensure_one()
        if self.state != "open" or not self.date_due:
            return 0
        overdue = (fields.Date.from_string(today) - fields.Date.from_string(self.date_due)).days
        return len([day for day in self.company_id._client_desk_reminder_schedule() if day <= overdue])

    @api.multi
    def _client_desk_send_reminder(self):
        """Mails the client a reminder with the pay link and records it in the conversation."""
        template = self.env.ref("client_desk_billing.mail_template_payment_reminder")
        for invoice in self:
            invoice.with_context(client_desk_pdf_or_html=True).message_post_with_template(
                template.id, composition_mode="comment")
            invoice.write({
                "client_desk_reminder_count": invoice.client_desk_reminder_count + 1,
                "client_desk_last_reminder": fields.Date.context_today(invoice),
            })
            invoice._client_desk_post_event(
                "payment_reminder", _("Payment reminder sent for %s") % invoice.number)
        return True

    @api.multi
    def action_client_desk_send_reminder(self):
        """The "send reminder" button: only for an open invoice of a client with an e-mail."""
        for invoice in self:
            if invoice.state == "paid":
                raise UserError(_("Invoice %s is already paid.") % invoice.number)
            if invoice.state != "open" or invoice.type != "out_invoice":
                raise UserError(_("Only an open customer invoice can be reminded."))
            if not invoice.partner_id.email:
                raise UserError(_("%s has no e-mail address.") % invoice.partner_id.display_name)
        self._client_desk_send_reminder()
        return True

    @api.model
    def _cron_client_desk_send_reminders(self, today=None):
        """Sends the reminders of the schedule that are due; returns the invoices reminded (ids).

        An invoice gets one reminder per step of the schedule it reaches (at most one a day,
        even after days without the cron); a paid invoice none."""
        today = today or fields.Date.context_today(self)
        first_day = min([days for company in self.env["res.company"].search([])
                         for days in company._client_desk_reminder_schedule()] or [0])
        if not first_day:
            return []
        latest_due = fields.Date.to_string(fields.Date.from_string(today) - timedelta(days=first_day))
        candidates = self.search([
            ("type", "=", "out_invoice"), ("state", "=", "open"), ("date_due", "<=", latest_due),
            ("partner_id.email", "!=", False),
            "|", ("client_desk_last_reminder", "=", False), ("client_desk_last_reminder", "<", today),
        ])
        due = candidates.filtered(lambda i: i._client_desk_reminder_step(today) > i.client_desk_reminder_count)
        for invoice in due:
            invoice._client_desk_send_reminder()
            invoice.client_desk_reminder_count = invoice._client_desk_reminder_step(today)
        return due.ids
