from odoo import api, fields, models


class ResPartner(models.Model):
    """A client's money on their card: open balance and their payments overview."""

    _inherit = "res.partner"

    client_desk_open_balance = fields.Monetary(
        "Open balance", compute="_compute_client_desk_open_balance", currency_field="client_desk_currency_id",
        help="What is left to pay on the client's open invoices.")
    client_desk_currency_id = fields.Many2one("res.currency", compute="_compute_client_desk_open_balance")
    client_desk_payment_item_count = fields.Integer(compute="_compute_client_desk_open_balance")

    @api.multi
    def _compute_client_desk_open_balance(self):
        Invoice = self.env["account.invoice"]
        Overview = self.env["client.desk.payment.overview"]
        readable = Invoice.check_access_rights("read", raise_exception=False)
        for partner in self:
            partner.client_desk_currency_id = self.env.user.company_id.currency_id
            if not readable or not isinstance(partner.id, int):
                continue
            groups = Invoice.read_group(
                [("commercial_partner_id", "=", partner.id), ("type", "=", "out_invoice"), ("state", "=", "open")],
                ["residual_company_signed"], [])
            partner.client_desk_open_balance = groups[0]["residual_company_signed"] or 0.0 if groups else 0.0
            if Overview.check_access_rights("read", raise_exception=False):
                partner.client_desk_payment_item_count = Overview.search_count([("partner_id", "=", partner.id)])

    @api.multi
    def _client_desk_open_card(self):
        """The action opening this client's card (its conversation)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "view_mode": "form",
            "res_id": self.id,
            "views": [(self.env.ref("client_desk.res_partner_view_form_client_desk").id, "form")],
            "target": "current",
        }

    @api.multi
    def action_client_desk_payments(self):
        """The payments overview of this client."""
        self.ensure_one()
        action = self.env.ref("client_desk_billing.client_desk_payment_overview_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
