from datetime import timedelta

from odoo import api, fields, models


class ClientDeskBillingDemo(models.AbstractModel):
    """The demo salon's quotes, invoices and payments (as in the manuals), built with the
    company's own journals and accounts, whatever chart of accounts is installed."""

    _name = "client.desk.billing.demo"
    _description = "Client Desk billing demo data"

    @api.model
    def _client(self, xmlid):
        return self.env.ref("client_desk.%s" % xmlid, raise_if_not_found=False)

    @api.model
    def _service(self, name, price):
        return self.env["product.product"].create({
            "name": name, "type": "service", "list_price": price, "invoice_policy": "order", "taxes_id": [(5,)],
        })

    @api.model
    def _invoice(self, client, product, days_ago, due_days=15):
        journal = self.env["account.invoice"].with_context(type="out_invoice")._default_journal()
        date = fields.Date.from_string(fields.Date.context_today(self)) - timedelta(days=days_ago)
        invoice = self.env["account.invoice"].create({
            "partner_id": client.id,
            "type": "out_invoice",
            "journal_id": journal.id,
            "date_invoice": fields.Date.to_string(date),
            "date_due": fields.Date.to_string(date + timedelta(days=due_days)),
            "invoice_line_ids": [(0, 0, {
                "product_id": product.id, "name": product.name, "quantity": 1,
                "price_unit": product.list_price, "account_id": journal.default_credit_account_id.id,
            })],
        })
        invoice.action_invoice_open()
        invoice.write({"sent": True})
        return invoice

    @api.model
    def load_demo(self):
        """Creates the demo items once the chart of accounts is there; does nothing without it."""
        Parameter = self.env["ir.config_parameter"].sudo()
        if Parameter.get_param("client_desk_billing.demo_loaded"):
            return False
        journal = self.env["account.invoice"].with_context(type="out_invoice")._default_journal()
        if not journal or not journal.default_credit_account_id:
            return False  # the chart of accounts comes later: the demo's one-shot cron retries
        clients = {key: self._client(key) for key in (
            "client_bernard_guts", "client_dieter_vetkuif", "client_joske_vermeulen",
            "client_anne_gaelle_dessart", "client_denis_de_deken")}
        if not all(clients.values()):
            return False
        cut = self._service("Coupe Homme", 25.0)
        cut_wash = self._service("Coupe Homme + shampooing", 75.0)
        colour = self._service("Coloration", 60.0)
        brushing = self._service("Brushing", 60.0)
        # Paid: FACTURE #0000001, €60 (Bernard Guts) and a Brushing (Dieter Vetkuif).
        for client, product in ((clients["client_bernard_guts"], colour), (clients["client_dieter_vetkuif"], brushing)):
            invoice = self._invoice(client, product, days_ago=20)
            invoice._client_desk_register_payment(invoice.residual, "card")
        # Pending: a payment request of €25 for a Coupe Homme (Joske Vermeulen), transfer announced.
        Invoice = self.env["account.invoice"]
        request = Invoice.browse(Invoice.client_desk_create_payment_request(
            clients["client_joske_vermeulen"].id, 25.0, cut.name))
        transfer = self.env.ref("payment.payment_acquirer_transfer", raise_if_not_found=False)
        if transfer and transfer.company_id == request.company_id:
            tx = request._client_desk_payment_transaction(transfer) if transfer.website_published else None
            if tx:
                tx.write({"state": "pending"})
        # Overdue: Denis De Deken's Coupe Homme + shampooing, due 12 days ago.
        self._invoice(clients["client_denis_de_deken"], cut_wash, days_ago=27)
        # A quote waiting for Anne-Gaëlle Dessart's answer.
        order = self.env["sale.order"].create({
            "partner_id": clients["client_anne_gaelle_dessart"].id,
            "validity_date": fields.Date.to_string(
                fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=30)),
            "order_line": [(0, 0, {"product_id": cut_wash.id, "product_uom_qty": 1, "price_unit": 75.0}),
                           (0, 0, {"product_id": colour.id, "product_uom_qty": 1, "price_unit": 60.0,
                                   "discount": 10.0})],
        })
        order.write({"state": "sent"})
        # The test acquirer pays demo invoices online without real money.
        self.env.ref("client_desk_billing.payment_acquirer_client_desk_test").write({"website_published": True})
        Parameter.set_param("client_desk_billing.demo_loaded", "1")
        return True
