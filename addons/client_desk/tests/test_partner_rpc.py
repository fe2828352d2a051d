from xmlrpc.client import Fault

from odoo.tests import common

from .common import QUIET
from .harness import HttpTestCase, new_user


class TestPartnerOverRpc(HttpTestCase):
    """The public res.partner methods as an integrator calls them: through a real XML-RPC
    client, returning plain values; the one search and the consent proof hold there too."""

    def setUp(self):
        super().setUp()
        self.staff = new_user(self.env, "rpc.partner.staff", "user")
        self.client = self.env["res.partner"].with_context(**QUIET).create({
            "name": "Rpc Klant", "email": "rpc.klant@partner.example", "mobile": "0478 96 74 58",
            "client_desk_is_client": True,
        })

    def call(self, method, args, kwargs=None):
        """execute_kw on res.partner as the staff member, over real XML-RPC."""
        with self.server_turn():
            return self.xmlrpc_object.execute_kw(
                common.get_db_name(), self.staff.id, self.staff.login, "res.partner", method, args, kwargs or {})

    def test_find_or_create_returns_the_id(self):
        found = self.call(
            "client_desk_find_or_create", [{"name": "X", "email": "RPC.Klant@partner.example"}, "booking"])
        self.assertEqual(found, self.client.id)
        created = self.call(
            "client_desk_find_or_create", [{"name": "Nieuw Via Rpc", "mobile": "0499 12 12 12"}, "booking"])
        self.assertIsInstance(created, int)
        self.assertEqual(self.env["res.partner"].browse(created).name, "Nieuw Via Rpc")

    def test_python_callers_still_get_the_record(self):
        found = self.env["res.partner"].client_desk_find_or_create({"email": "rpc.klant@partner.example"}, "booking")
        self.assertEqual(found, self.client)

    def test_other_public_methods_return_plain_values(self):
        self.assertIs(self.call("client_desk_set_consent", [[self.client.id], "manual"], {"sms_opt_out": True}), True)
        suggestions = self.call("client_desk_suggest", ["0478 96"])
        self.assertIn([self.client.id, "Rpc Klant"], suggestions)
        self.assertTrue(all(isinstance(row[0], int) and isinstance(row[1], str) for row in suggestions))

    def test_name_search_without_context_finds_phone_and_number(self):
        for typed in ("0478 96", "+32478967458", "0032 478 96 74 58", self.client.client_desk_number):
            ids = [row[0] for row in self.call("name_search", [typed])]
            self.assertIn(self.client.id, ids, typed)

    def test_opt_in_proof_cannot_be_written_over_rpc(self):
        with self.assertRaises(Fault):
            self.call("write", [[self.client.id], {"client_desk_marketing_opt_in_date": "2000-01-01 00:00:00"}])
        with self.assertRaises(Fault):
            self.call("write", [[self.client.id], {"client_desk_marketing_opt_in_source": "portal"}])
        self.assertFalse(self.client.client_desk_marketing_opt_in_date)

    def test_staff_cannot_record_consent_as_the_clients_own(self):
        with self.assertRaises(Fault):
            self.call("client_desk_set_consent", [[self.client.id], "portal"],
                      {"marketing_opt_in": True, "by_client": True})
        with self.assertRaises(Fault):
            self.call("write", [[self.client.id], {"client_desk_marketing_opt_in": True}],
                      {"context": {"client_desk_consent_by_client": True}})
        self.assertFalse(self.client.client_desk_marketing_opt_in)
        self.assertFalse(self.client.client_desk_consent_event_ids)
