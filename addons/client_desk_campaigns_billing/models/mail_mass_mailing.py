from datetime import timedelta

from odoo import api, fields, models

# Revenue: each invoice linked to a campaign's recipients once, while it is paid, in the
# campaign's company, in company currency (Odoo's own amount_total_company_signed).
REVENUE_SQL = """
    SELECT x.mailing_id, sum(i.amount_total_company_signed)
      FROM (SELECT DISTINCT r.mailing_id, rel.invoice_id
              FROM client_desk_campaign_recipient r
              JOIN client_desk_campaign_recipient_invoice_rel rel ON rel.recipient_id = r.id
             WHERE r.mailing_id IN %s) x
      JOIN account_invoice i ON i.id = x.invoice_id
      JOIN mail_mass_mailing c ON c.id = x.mailing_id
     WHERE i.state = 'paid' AND i.company_id = c.client_desk_company_id
     GROUP BY x.mailing_id
"""


class MailMassMailing(models.Model):
    """A campaign's "paid" statistic (clients who paid an invoice within the engagement
    window, each counted once) and its revenue (what they paid then)."""

    _inherit = "mail.mass_mailing"

    client_desk_company_id = fields.Many2one(
        "res.company", "Company", default=lambda self: self.env.user.company_id,
        help="Only this company's invoices count in the campaign's revenue.")
    client_desk_currency_id = fields.Many2one(
        "res.currency", related="client_desk_company_id.currency_id", readonly=True)
    client_desk_paid = fields.Integer("Paid", compute="_compute_client_desk_statistics")
    client_desk_revenue = fields.Monetary(
        "Revenue", currency_field="client_desk_currency_id", compute="_compute_client_desk_revenue",
        help="Invoices paid by the campaign's clients within the engagement window, in company currency.")

    @api.model
    def _client_desk_statistics(self):
        return super()._client_desk_statistics() + [("client_desk_paid", "r.client_desk_paid_date IS NOT NULL")]

    def _compute_client_desk_revenue(self):
        # Computed in SQL, so without the ORM's access check: staff only, as the campaign.
        self.check_access_rights("read")
        revenue = {}
        if self.ids:
            self.env.cr.execute(REVENUE_SQL, (tuple(self.ids),))
            revenue = dict(self.env.cr.fetchall())
        for mailing in self:
            mailing.client_desk_revenue = revenue.get(mailing.id, 0.0)

    @api.multi
    def action_client_desk_revenue(self):
        """The invoices that make the campaign's revenue."""
        self.ensure_one()
        self.check_access_rights("read")
        invoices = self.env["client.desk.campaign.recipient"].search(
            [("mailing_id", "=", self.id)]).mapped("client_desk_invoice_ids").filtered(
            lambda invoice: invoice.state == "paid" and invoice.company_id == self.client_desk_company_id)
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"create": False}
        return action

    # -- demo ------------------------------------------------------------------------------------

    @api.multi
    def _client_desk_demo_paid(self, partner_xmlid, amount):
        """Demo data only: the client pays an invoice of amount at the desk now, after the
        campaign reached them. Does nothing without a chart of accounts."""
        partner = self.env.ref(partner_xmlid, raise_if_not_found=False)
        Invoice = self.env["account.invoice"]
        journal = Invoice.with_context(type="out_invoice")._default_journal()
        if not partner or not journal or not journal.default_credit_account_id:
            return False
        today = fields.Date.from_string(fields.Date.context_today(self))
        invoice = Invoice.create({
            "partner_id": partner.id,
            "type": "out_invoice",
            "journal_id": journal.id,
            "date_invoice": fields.Date.to_string(today - timedelta(days=1)),
            "invoice_line_ids": [(0, 0, {
                "name": "Coloration", "quantity": 1, "price_unit": amount,
                "account_id": journal.default_credit_account_id.id,
            })],
        })
        invoice.action_invoice_open()
        invoice._client_desk_register_payment(invoice.residual, "card")
        return True
