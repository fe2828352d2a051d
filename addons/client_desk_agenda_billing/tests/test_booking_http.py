"""Online booking with a deposit over real HTTP: the policy and the deposit on /book, the
booking held, paid through billing's test acquirer and confirmed; the routes attacked; the
public methods over XML-RPC."""
import re
from xmlrpc.client import Fault

from odoo.tests import common

from odoo.addons.client_desk_agenda.tests.common import AgendaHttpCase

from .common import PARAM

START = "2030-01-07 09:00:00"


class DepositHttpCase(AgendaHttpCase):
    """The agenda's HTTP salon, its service asking a fixed deposit, the fees set and billing's
    test acquirer published."""

    def setUp(self):
        super().setUp()
        params = self.env["ir.config_parameter"].sudo()
        for key, value in {"hold_minutes": "60", "no_show_fee": "15", "late_cancel_fee": "10",
                           "late_cancel_hours": "24"}.items():
            params.set_param(PARAM + key, value)
        acquirer = self.env.ref("client_desk_billing.payment_acquirer_client_desk_test")
        acquirer.write({"website_published": True, "company_id": self.env.user.company_id.id})

    def service_values(self):
        return {"name": "Coloration", "duration_minutes": 60, "price": 80, "deposit_type": "fixed",
                "deposit_amount": 20}

    def details_path(self, start=START):
        return "/book/service/%s/details?staff=any&start=%s" % (self.service.id, start)

    def book(self, email="deposit.client@example.com", start=START):
        data = {"staff": "any", "start": start, "name": "Deposit Client", "email": email, "phone": ""}
        return self.post("/book/service/%s/confirm" % self.service.id, data, csrf_from=self.details_path(start))


class TestDepositBooking(DepositHttpCase):

    def test_book_pay_the_deposit_online_and_get_confirmed(self):
        details = self.get(self.details_path())
        self.assertIn("o_client_desk_deposit_notice", details.text)
        self.assertIn("20.00", details.text)
        self.assertIn("do not show up", details.text)
        response = self.book()
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("/book/confirmed/", response.url)
        event = self.events()
        self.assertEqual(event.client_desk_state, "requested")
        self.assertIn("Pay the deposit", response.text)
        self.assertIn("do not show up", response.text)
        self.assertNotIn("Your appointment is booked", response.text)
        link = re.search(r'href="(/my/payments/invoice/\d+\?access_token=[^"]+)"', response.text).group(1)
        deposit = event.client_desk_deposit_invoice_id
        self.assertIn("/my/payments/invoice/%d?" % deposit.id, link)
        # Billing's payment: choose the test acquirer, the provider posts back (no session).
        acquirer = self.env.ref("client_desk_billing.payment_acquirer_client_desk_test")
        page = self.post("/my/payments/invoice/%d/pay" % deposit.id,
                         {"access_token": link.split("access_token=")[1], "acquirer_id": acquirer.id},
                         csrf_from=link.replace("&amp;", "&"))
        self.assertEqual(page.status_code, 200, page.text[:300])
        form = dict(re.findall(r"name=['\"](\w+)['\"] value=['\"]([^'\"]*)['\"]", page.text))
        form.pop("csrf_token", None)
        self.opener.cookies.clear()
        feedback = self.request("post", self.url("/payment/client_desk_test/feedback"), data=form,
                                allow_redirects=False)
        self.assertIn(feedback.status_code, (302, 303))
        self.assertEqual(deposit.state, "paid")
        self.assertEqual(event.client_desk_state, "confirmed")
        partner = event.client_desk_partner_id
        kinds = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id),
                                                 ("client_desk_kind", "!=", False)], order="id")
        self.assertEqual(kinds.mapped("client_desk_kind")[-3:],
                         ["deposit_paid", "appointment_scheduled", "payment_received"])
        token = event._client_desk_access_token()
        confirmed = self.get("/book/confirmed/%d?access_token=%s" % (event.id, token))
        self.assertIn("Your appointment is booked", confirmed.text)
        self.assertNotIn("Pay the deposit", confirmed.text)

    def test_confirmation_page_needs_the_appointments_token(self):
        self.book()
        event = self.events()
        token = event._client_desk_access_token()
        other = self.env["calendar.event"].sudo().create({
            "client_desk_partner_id": self.portal_b.partner_id.id, "client_desk_service_id": self.service.id,
            "client_desk_staff_id": self.staff.id, "start": "2030-01-08 09:00:00"})
        other_token = other._client_desk_access_token()
        self.assertNotFound(self.get("/book/confirmed/%d?access_token=%s" % (event.id, other_token)))
        self.assertNotFound(self.get("/book/confirmed/%d" % event.id))
        self.assertNotFound(self.get("/book/confirmed/abc?access_token=%s" % token))
        self.assertNotFound(self.get("/book/confirmed/999999999?access_token=%s" % token))
        self.login(self.portal_b.login)
        response = self.get("/book/confirmed/%d" % event.id)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(event.client_desk_deposit_invoice_id.access_token or "x" * 40, response.text)

    def test_get_or_no_csrf_books_nothing_and_raises_no_invoice(self):
        response = self.get("/book/service/%s/confirm?staff=any&start=%s&name=X&email=x@example.com"
                            % (self.service.id, START.replace(" ", "+")))
        self.assertEqual(response.status_code, 405)
        response = self.post("/book/service/%s/confirm" % self.service.id,
                             {"staff": "any", "start": START, "name": "X", "email": "x@example.com"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.events())
        self.assertFalse(self.env["account.invoice"].search([("client_desk_event_role", "=", "deposit"),
                                                             ("partner_id.email", "=", "x@example.com")]))


class TestAgendaBillingRpc(DepositHttpCase):

    def call(self, user, model, method, args, kwargs=None):
        with self.server_turn():
            return self.xmlrpc_object.execute_kw(common.get_db_name(), user.id, user.login, model, method, args,
                                                 kwargs or {})

    def test_invoice_and_payment_ids_over_xmlrpc_and_portal_refused(self):
        event = self.env["calendar.event"].sudo().create({
            "client_desk_partner_id": self.portal_a.partner_id.id, "client_desk_service_id": self.service.id,
            "client_desk_staff_id": self.staff.id, "start": START})
        with self.assertRaises(Fault):
            self.call(self.portal_a, "calendar.event", "client_desk_create_invoice", [[event.id]])
        invoice_id = self.call(self.staff, "calendar.event", "client_desk_create_invoice", [[event.id]])
        self.assertIsInstance(invoice_id, int)
        payment_id = self.call(self.staff, "calendar.event", "client_desk_register_payment", [[event.id], 80.0, "card"])
        self.assertIsInstance(payment_id, int)
        self.assertEqual(self.env["account.invoice"].browse(invoice_id).state, "paid")
        policy = self.call(self.portal_a, "calendar.event", "client_desk_fee_policy", [])
        self.assertEqual(policy["no_show_fee"], 15.0)


class TestPackagesPortal(DepositHttpCase):

    def test_my_appointments_shows_only_my_package_balance(self):
        package = self.env["client.desk.package"].create({
            "name": "Ten-visit card", "visits": 10, "validity_days": 365, "price": 200.0,
            "service_ids": [(6, 0, self.service.ids)]})
        package.client_desk_sell(self.portal_a.partner_id.id)
        self.login(self.portal_a.login)
        page = self.get("/my/appointments")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Ten-visit card", page.text)
        self.assertIn("Visits left: 10 / 10", page.text)
        self.login(self.portal_b.login)
        page = self.get("/my/appointments")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Ten-visit card", page.text)
