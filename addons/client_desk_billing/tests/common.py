"""The base of billing's tests: ClientDeskCase's users and clients, plus invoices and quotes."""
from datetime import date, timedelta

from odoo import fields

from odoo.addons.client_desk.tests.common import QUIET, ClientDeskCase


class BillingFixtures:
    """Builders for invoices and quotes; tests pass their own dates and amounts."""

    @classmethod
    def setUpBilling(cls, env):
        cls.journal = env["account.invoice"].with_context(type="out_invoice")._default_journal()
        cls.income = cls.journal.default_credit_account_id
        cls.currency = env.user.company_id.currency_id
        cls.service = env["product.product"].with_context(**QUIET).create({
            "name": "Coupe Homme", "type": "service", "list_price": 25.0,
            "invoice_policy": "order", "taxes_id": [(5,)],
        })
        cls.other_currency = env.ref("base.USD") if cls.currency != env.ref("base.USD") else env.ref("base.EUR")
        cls.other_currency.active = True

    @classmethod
    def make_invoice(cls, env, partner, amount=60.0, due=None, validate=True):
        due = due or fields.Date.to_string(date.today() + timedelta(days=14))
        # Odoo moves a due date before the invoice date to the invoice date: issue it before.
        issued = min(date.today() - timedelta(days=1), fields.Date.from_string(due) - timedelta(days=1))
        invoice = env["account.invoice"].with_context(**QUIET).create({
            "partner_id": partner.id,
            "type": "out_invoice",
            "journal_id": cls.journal.id,
            "date_invoice": fields.Date.to_string(issued),
            "date_due": due,
            "invoice_line_ids": [(0, 0, {
                "product_id": cls.service.id, "name": "Coupe Homme", "quantity": 1,
                "price_unit": amount, "account_id": cls.income.id,
            })],
        })
        if validate:
            invoice.action_invoice_open()
        return invoice

    @classmethod
    def make_quote(cls, env, partner, sent=True, validity=None):
        order = env["sale.order"].with_context(**QUIET).create({
            "partner_id": partner.id,
            "validity_date": validity or fields.Date.to_string(date.today() + timedelta(days=30)),
            "order_line": [(0, 0, {"product_id": cls.service.id, "product_uom_qty": 2, "price_unit": 25.0})],
        })
        if sent:
            order.write({"state": "sent"})
        return order


class BillingCase(ClientDeskCase, BillingFixtures):
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpBilling(cls.env)

    def events(self, partner, kind):
        return self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", partner.id), ("client_desk_kind", "=", kind)])
