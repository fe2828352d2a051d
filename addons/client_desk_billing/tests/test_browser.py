"""A client accepts a quote and another pays an invoice, in a real browser."""
from odoo.addons.client_desk.tests.common import QUIET
from odoo.addons.client_desk.tests.harness import BrowserTestCase, new_user

from .common import BillingFixtures


class TestBillingBrowser(BrowserTestCase, BillingFixtures):
    def setUp(self):
        super().setUp()
        self.env = self.env(context=dict(self.env.context, **QUIET))
        self.setUpBilling(self.env)
        acquirer = self.env.ref("client_desk_billing.payment_acquirer_client_desk_test")
        acquirer.write({"website_published": True, "company_id": self.env.user.company_id.id})
        # Only the test acquirer: the page offers one way to pay.
        self.env["payment.acquirer"].search([("id", "!=", acquirer.id)]).write({"website_published": False})

    def test_client_accepts_a_quote(self):
        user = new_user(self.env, "billing.browser.quote", "portal", name="Bernard Guts")
        order = self.make_quote(self.env, user.partner_id)
        self.browser_login("billing.browser.quote")
        self.open("/my/payments")
        self.click("table.o_client_desk_quotes a")
        self.wait_for("form.o_client_desk_accept input[name=signature]").send_keys("Bernard Guts")
        self.click("form.o_client_desk_accept button[type=submit]")
        self.wait_for(".o_client_desk_done")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.client_desk_signed_by, "Bernard Guts")

    def test_client_pays_an_invoice_with_the_test_acquirer(self):
        client = self.env["res.partner"].create({"name": "Dieter Vetkuif", "email": "dieter@example.com",
                                                 "client_desk_is_client": True})
        invoice = self.make_invoice(self.env, client, 60.0)
        self.open(invoice._client_desk_portal_url())
        self.wait_for(".o_client_desk_communication")
        self.click("form.o_client_desk_pay button[type=submit]")
        self.click("form.o_client_desk_acquirer_form button[type=submit]")
        self.wait_for(".o_client_desk_paid")
        self.assertEqual(invoice.state, "paid")
