"""The billing portal and the closed stock routes over real HTTP: owners, token holders,
another client, the public (SECURITY.md leaks 2 and 3, checklist 1, 3, 4, 5, 7, 15)."""
import json
import re
from xmlrpc.client import Fault

from odoo.tests import common

from odoo.addons.client_desk.tests.common import QUIET
from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user

from .common import BillingFixtures


class BillingHttpCase(HttpTestCase, BillingFixtures):
    def setUp(self):
        super().setUp()
        self.env = self.env(context=dict(self.env.context, **QUIET))
        self.setUpBilling(self.env)
        self.user_a = new_user(self.env, "billing.http.a", "portal", name="Anne Alpha")
        self.user_b = new_user(self.env, "billing.http.b", "portal", name="Bert Beta")
        self.client_a = self.user_a.partner_id
        self.client_b = self.user_b.partner_id
        (self.client_a | self.client_b).write({"client_desk_is_client": True})
        self.test_acquirer = self.env.ref("client_desk_billing.payment_acquirer_client_desk_test")
        self.test_acquirer.write({"website_published": True, "company_id": self.env.user.company_id.id})

    def json_call(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1})
        return self.request("post", self.url(path), data=body, headers={"Content-Type": "application/json"})

    def transactions(self, **domain):
        return self.env["payment.transaction"].sudo().search([(k, "=", v) for k, v in domain.items()])


class TestQuotePortal(BillingHttpCase):
    def test_owner_and_token_open_the_quote_another_client_does_not(self):
        order = self.make_quote(self.env, self.client_a)
        token = order._client_desk_access_token()
        self.assertEqual(self.get("/my/payments/quote/%d?access_token=%s" % (order.id, token)).status_code, 200)
        self.assertNotFound(self.get("/my/payments/quote/%d" % order.id))
        self.assertNotFound(self.get("/my/payments/quote/%d?access_token=wrong" % order.id))
        self.assertNotFound(self.get("/my/payments/quote/999999999"))
        self.assertNotFound(self.get("/my/payments/quote/abc"))
        self.login("billing.http.b")
        response = self.get("/my/payments/quote/%d" % order.id)
        self.assertNotFound(response)
        self.assertNotIn("Anne Alpha", response.text)
        self.login("billing.http.a")
        self.assertEqual(self.get("/my/payments/quote/%d" % order.id).status_code, 200)

    def test_stock_token_follows_a_rotation(self):
        order = self.make_quote(self.env, self.client_a)
        old = order._client_desk_access_token()
        self.assertEqual(order.access_token, old)
        order.action_rotate_access_token()
        self.assertEqual(self.get("/my/payments/quote/%d?access_token=%s" % (order.id, old)).status_code, 403)
        self.assertNotEqual(order.access_token, old)
        self.assertEqual(self.get("/my/orders/%d?access_token=%s" % (order.id, old),
                                  allow_redirects=False).status_code, 302)

    def test_accept_by_token_with_a_name(self):
        order = self.make_quote(self.env, self.client_a)
        token = order._client_desk_access_token()
        page = "/my/payments/quote/%d?access_token=%s" % (order.id, token)
        response = self.post("/my/payments/quote/%d/accept" % order.id,
                             {"access_token": token, "signature": "Anne Alpha"}, csrf_from=page)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.client_desk_signed_by, "Anne Alpha")
        event = self.env["mail.message"].search([("res_id", "=", self.client_a.id), ("model", "=", "res.partner"),
                                                 ("client_desk_kind", "=", "quote_accepted")])
        self.assertEqual(event.author_id, self.client_a)

    def test_accept_refused_without_csrf_by_get_without_name_or_token(self):
        order = self.make_quote(self.env, self.client_a)
        token = order._client_desk_access_token()
        page = "/my/payments/quote/%d?access_token=%s" % (order.id, token)
        self.assertEqual(self.post("/my/payments/quote/%d/accept" % order.id,
                                   {"access_token": token, "signature": "X"}).status_code, 400)
        self.assertIn(self.get("/my/payments/quote/%d/accept?access_token=%s&signature=X" % (order.id, token)
                               ).status_code, (404, 405))
        response = self.post("/my/payments/quote/%d/accept" % order.id,
                             {"access_token": token, "signature": "  "}, csrf_from=page)
        self.assertEqual(response.status_code, 400)
        self.assertIn("type your name", response.text)
        self.assertNotFound(self.post("/my/payments/quote/%d/accept" % order.id, {"signature": "X"},
                                      csrf_from=page))
        self.assertEqual(order.state, "sent")

    def test_decline_with_reason_is_escaped_in_the_conversation(self):
        order = self.make_quote(self.env, self.client_a)
        token = order._client_desk_access_token()
        page = "/my/payments/quote/%d?access_token=%s" % (order.id, token)
        response = self.post("/my/payments/quote/%d/decline" % order.id,
                             {"access_token": token, "reason": "<script>x</script> too dear"}, csrf_from=page)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(order.state, "cancel")
        event = self.env["mail.message"].search([("res_id", "=", self.client_a.id), ("model", "=", "res.partner"),
                                                 ("client_desk_kind", "=", "quote_declined")])
        self.assertIn("too dear", event.body)
        self.assertNotIn("<script>", event.body)

    def test_update_line_refuses_another_clients_line(self):
        """Leak 2: A's own quote and token with B's line id."""
        order_a = self.make_quote(self.env, self.client_a)
        order_b = self.make_quote(self.env, self.client_b)
        line_b = order_b.order_line
        token_a = order_a._client_desk_access_token()
        response = self.json_call("/quote/update_line", {"line_id": line_b.id, "order_id": order_a.id,
                                                         "token": token_a, "unlink": True})
        self.assertIn("error", response.json())
        self.assertTrue(line_b.exists())
        self.assertEqual(line_b.product_uom_qty, 2)
        response = self.json_call("/quote/update_line", {"line_id": order_a.order_line.id, "order_id": order_a.id,
                                                         "token": token_a})
        self.assertEqual(response.json()["result"][0], "3.0")

    def test_quote_transaction_needs_the_token(self):
        """Leak 3: /quote/<id>/transaction/ for anyone's quote."""
        order = self.make_quote(self.env, self.client_a)
        response = self.json_call("/quote/%d/transaction/" % order.id, {"acquirer_id": self.test_acquirer.id})
        self.assertIn("error", response.json())
        self.login("billing.http.b")
        response = self.json_call("/quote/%d/transaction/" % order.id, {"acquirer_id": self.test_acquirer.id})
        self.assertIn("error", response.json())
        response = self.json_call("/pay/sale/%d/form_tx" % order.id, {"acquirer_id": self.test_acquirer.id})
        self.assertIn("error", response.json())
        self.assertFalse(self.transactions(sale_order_id=order.id))


class TestInvoicePortal(BillingHttpCase):
    def test_invoice_form_tx_needs_ownership_or_token(self):
        """Leak 3: /invoice/pay/<id>/form_tx for anyone's invoice, even anonymously."""
        invoice = self.make_invoice(self.env, self.client_a, 60.0)
        response = self.json_call("/invoice/pay/%d/form_tx" % invoice.id, {"acquirer_id": self.test_acquirer.id})
        self.assertIn("error", response.json())
        self.login("billing.http.b")
        response = self.json_call("/invoice/pay/%d/form_tx" % invoice.id, {"acquirer_id": self.test_acquirer.id})
        self.assertIn("error", response.json())
        self.assertFalse(self.transactions(account_invoice_id=invoice.id))
        token = invoice._client_desk_access_token()
        response = self.json_call("/invoice/pay/%d/form_tx" % invoice.id,
                                  {"acquirer_id": self.test_acquirer.id, "access_token": token})
        self.assertIn("result", response.json())
        self.assertEqual(len(self.transactions(account_invoice_id=invoice.id)), 1)

    def test_another_clients_invoice_page_is_not_found(self):
        invoice = self.make_invoice(self.env, self.client_a, 60.0)
        self.login("billing.http.b")
        response = self.get("/my/payments/invoice/%d" % invoice.id)
        self.assertNotFound(response)
        self.assertNotIn(invoice.reference, response.text)
        response = self.get("/my/payments")
        self.assertNotIn(invoice.number, response.text)

    def test_portal_home_counts_own_quotes_and_invoices_only(self):
        self.make_invoice(self.env, self.client_a, 60.0)
        self.make_invoice(self.env, self.client_a, 25.0)
        self.make_invoice(self.env, self.client_b, 15.0)
        self.login("billing.http.a")
        page = self.get("/my").text
        entry = re.search(r'<span class="badge">(\d+)</span>\s*<a href="/my/payments">', page)
        self.assertTrue(entry, "no count beside the payments entry")
        self.assertEqual(entry.group(1), "2")

    def pay_online(self, invoice, token, tamper=None):
        page = "/my/payments/invoice/%d?access_token=%s" % (invoice.id, token)
        response = self.post("/my/payments/invoice/%d/pay" % invoice.id,
                             {"access_token": token, "acquirer_id": self.test_acquirer.id}, csrf_from=page)
        self.assertEqual(response.status_code, 200, response.text[:500])
        fields = dict(re.findall(r"name=['\"](\w+)['\"] value=['\"]([^'\"]*)['\"]", response.text))
        fields.pop("csrf_token", None)
        fields.update(tamper or {})
        # The provider's return: a cross-site POST, without the session (SameSite=Lax).
        self.opener.cookies.clear()
        return self.request("post", self.url("/payment/client_desk_test/feedback"), data=fields,
                            allow_redirects=False)

    def test_pay_a_partly_paid_invoice_online_once(self):
        invoice = self.make_invoice(self.env, self.client_a, 60.0)
        invoice._client_desk_register_payment(20.0, "cash")
        token = invoice._client_desk_access_token()
        response = self.pay_online(invoice, token)
        self.assertEqual(response.status_code, 303 if response.status_code == 303 else 302)
        self.assertEqual(invoice.state, "paid")
        tx = self.transactions(account_invoice_id=invoice.id)
        self.assertEqual(tx.amount, 40.0)
        # The provider calls back again: nothing more is booked.
        self.request("post", self.url("/payment/client_desk_test/feedback"), data={
            "reference": tx.reference, "amount": "40.00", "currency": tx.currency_id.name,
            "signature": tx.acquirer_id._client_desk_test_signature(tx.reference, tx.amount, tx.currency_id.name)})
        self.assertEqual(len(invoice.payment_ids), 2)
        event = self.env["mail.message"].search([("res_id", "=", self.client_a.id), ("model", "=", "res.partner"),
                                                 ("client_desk_kind", "=", "payment_received")])
        self.assertIn(self.client_a, event.mapped("author_id"))

    def test_forged_confirmation_books_nothing(self):
        invoice = self.make_invoice(self.env, self.client_a, 60.0)
        token = invoice._client_desk_access_token()
        response = self.pay_online(invoice, token, tamper={"signature": "0" * 64})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(invoice.state, "open")
        self.assertFalse(invoice.payment_ids)

    def test_double_submitted_pay_form_makes_one_transaction(self):
        invoice = self.make_invoice(self.env, self.client_a, 60.0)
        token = invoice._client_desk_access_token()
        page = "/my/payments/invoice/%d?access_token=%s" % (invoice.id, token)
        for _attempt in range(2):
            self.post("/my/payments/invoice/%d/pay" % invoice.id,
                      {"access_token": token, "acquirer_id": self.test_acquirer.id}, csrf_from=page)
        self.assertEqual(len(self.transactions(account_invoice_id=invoice.id)), 1)

    def test_paid_invoice_cannot_be_paid_again(self):
        invoice = self.make_invoice(self.env, self.client_a, 60.0)
        invoice._client_desk_register_payment(60.0, "cash")
        token = invoice._client_desk_access_token()
        response = self.post("/my/payments/invoice/%d/pay" % invoice.id,
                             {"access_token": token, "acquirer_id": self.test_acquirer.id}, csrf_from="/web/login")
        self.assertEqual(response.status_code, 400)
        self.assertIn("already paid", response.text)
        self.assertFalse(self.transactions(account_invoice_id=invoice.id))


class TestBillingRpc(BillingHttpCase):
    def call(self, user, model, method, args, kwargs=None):
        with self.server_turn():
            return self.xmlrpc_object.execute_kw(common.get_db_name(), user.id, user.login, model, method, args,
                                                 kwargs or {})

    def test_totals_and_requests_return_plain_values(self):
        staff = new_user(self.env, "billing.rpc.staff", "user")
        totals = self.call(staff, "client.desk.payment.overview", "client_desk_totals", [])
        self.assertEqual(set(totals), {"open", "overdue", "paid_this_month", "currency"})
        invoice_id = self.call(staff, "account.invoice", "client_desk_create_payment_request",
                               [self.client_a.id, 25.0, "Coupe Homme"])
        self.assertIsInstance(invoice_id, int)

    def test_portal_user_gets_no_overview(self):
        with self.assertRaises(Fault):
            self.call(self.user_a, "client.desk.payment.overview", "search_read", [[]], {"fields": ["name"]})


class TestSavedCardRoutes(BillingHttpCase):
    """Stock's pay-with-a-saved-card routes (/invoice/pay/<id>/s2s_token_tx and
    /pay/sale/<id>/s2s_token_tx) attacked as the public and as another client: nothing is
    created, whatever card is named."""

    def saved_card(self, partner):
        return self.env["payment.token"].sudo().create({
            "name": "Card of %s" % partner.name, "partner_id": partner.id,
            "acquirer_id": self.test_acquirer.id, "acquirer_ref": "card-%d" % partner.id})

    def attack(self, path, document, card_a, card_b):
        self.assertNotFound(self.get("%s?pm_id=%d" % (path, card_a.id)))
        self.assertNotFound(self.get("%s?pm_id=%d&access_token=wrong" % (path, card_a.id)))
        self.assertNotFound(self.get(path.replace(str(document.id), "999999999") + "?pm_id=%d" % card_a.id))
        self.login("billing.http.b")
        self.assertNotFound(self.get("%s?pm_id=%d" % (path, card_a.id)))
        self.assertNotFound(self.get("%s?pm_id=%d" % (path, card_b.id)))

    def test_invoice_saved_card_route(self):
        invoice = self.make_invoice(self.env, self.client_a, 60.0)
        card_a, card_b = self.saved_card(self.client_a), self.saved_card(self.client_b)
        self.attack("/invoice/pay/%d/s2s_token_tx" % invoice.id, invoice, card_a, card_b)
        # B's card with A's token: stock refuses a card that is not the invoice client's.
        self.opener.cookies.clear()
        token = invoice._client_desk_access_token()
        response = self.get("/invoice/pay/%d/s2s_token_tx?pm_id=%d&access_token=%s" % (invoice.id, card_b.id, token),
                            allow_redirects=False)
        self.assertIn("pay_invoice_invalid_token", response.headers.get("Location", ""))
        self.assertFalse(self.transactions(account_invoice_id=invoice.id))
        self.assertEqual(invoice.state, "open")

    def test_quote_saved_card_route(self):
        order = self.make_quote(self.env, self.client_a)
        card_a, card_b = self.saved_card(self.client_a), self.saved_card(self.client_b)
        self.attack("/pay/sale/%d/s2s_token_tx" % order.id, order, card_a, card_b)
        self.assertFalse(self.transactions(sale_order_id=order.id))
        self.assertEqual(order.state, "sent")
