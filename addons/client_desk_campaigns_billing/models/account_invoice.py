from odoo import _, api, fields, models

from odoo.addons.client_desk_campaigns.tools.campaign_outcome import count_outcome, recipients_in_window

# Only the campaigns of the invoice's company count it.
SAME_COMPANY = "AND c.client_desk_company_id = %(company)s"


class AccountInvoice(models.Model):
    """A customer invoice that becomes paid counts for the campaigns of its company that
    reached the client within their engagement window: "paid" once per client and campaign,
    and its amount in the campaign's revenue."""

    _inherit = "account.invoice"

    @api.multi
    def action_invoice_paid(self):
        unpaid = self.filtered(lambda invoice: invoice.state != "paid" and invoice.type == "out_invoice")
        result = super().action_invoice_paid()
        for invoice in unpaid.filtered(lambda invoice: invoice.state == "paid"):
            invoice._client_desk_campaign_paid()
        return result

    @api.multi
    def _client_desk_campaign_paid(self):
        """Links this paid invoice to the campaigns the client engages with and records
        "paid" on those that did not count the client yet; returns the rows counted now."""
        self.ensure_one()
        env = self.env(user=1)
        moment = fields.Datetime.now()
        partners = self.partner_id | self.commercial_partner_id
        rows = recipients_in_window(env, partners, moment, "client_desk_paid_date", SAME_COMPANY,
                                    {"company": self.company_id.id})
        Recipient = env["client.desk.campaign.recipient"]
        for recipient_id, _mailing_id, _partner_id, _counted in rows:
            Recipient.browse(recipient_id).write({"client_desk_invoice_ids": [(4, self.id)]})
        return count_outcome(env, rows, "client_desk_paid_date", moment, _("Paid an invoice after the campaign %s"))
