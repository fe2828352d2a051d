import base64
from xmlrpc.client import Fault

from odoo.tests import common

from .common import QUIET
from .harness import HttpTestCase, new_user

NOTE = "Internal: always late, no discounts"


class TestPortalClientData(HttpTestCase):
    """What staff keep on a client card stays with staff: a portal client reads neither the
    pinned note nor the files attached to their own card, over XML-RPC nor over HTTP."""

    def setUp(self):
        super().setUp()
        self.staff = new_user(self.env, "data.staff", "user")
        self.anne = new_user(self.env, "data.anne", "portal", name="Anne Data")
        self.partner = self.anne.partner_id
        self.partner.with_context(**QUIET).write({"client_desk_is_client": True, "client_desk_note": NOTE})
        self.file = self.env["ir.attachment"].sudo(self.staff).create({
            "name": "intake-scan.txt", "datas_fname": "intake-scan.txt",
            "datas": base64.b64encode(b"scan of the intake form"),
            "res_model": "res.partner", "res_id": self.partner.id,
        })

    def rpc(self, user, model, method, args, kwargs=None):
        with self.server_turn():
            return self.xmlrpc_object.execute_kw(
                common.get_db_name(), user.id, user.login, model, method, args, kwargs or {})

    def assertRefused(self, user, model, method, args, kwargs=None):
        with self.assertRaises(Fault, msg="%s.%s" % (model, method)) as refusal:
            self.rpc(user, model, method, args, kwargs)
        self.assertNotIn(NOTE, refusal.exception.faultString)
        self.assertNotIn("scan of the intake form", refusal.exception.faultString)

    # -- the pinned note --------------------------------------------------------------------------

    def test_portal_client_reaches_no_pinned_note_over_rpc(self):
        partner_ids = [self.partner.id]
        self.assertRefused(self.anne, "res.partner", "read", [partner_ids, ["client_desk_note"]])
        self.assertRefused(self.anne, "res.partner", "search_read", [[("id", "=", self.partner.id)]],
                           {"fields": ["name", "client_desk_note"]})
        rows = self.rpc(self.anne, "res.partner", "search_read", [[("id", "=", self.partner.id)]], {"fields": ["name"]})
        self.assertEqual(rows, [{"id": self.partner.id, "name": "Anne Data"}])
        self.assertRefused(self.anne, "res.partner", "read_group",
                           [[("id", "=", self.partner.id)], ["client_desk_note"], ["client_desk_note"]])
        self.assertRefused(self.anne, "res.partner", "search_count", [[("client_desk_note", "=like", "I%")]])
        self.assertRefused(self.anne, "res.partner", "search", [[]], {"order": "client_desk_note"})
        self.assertRefused(self.anne, "res.partner", "export_data", [partner_ids, ["client_desk_note"]])

    def test_staff_read_the_pinned_note(self):
        rows = self.rpc(self.staff, "res.partner", "read", [[self.partner.id], ["client_desk_note"]])
        self.assertEqual(rows[0]["client_desk_note"], NOTE)
        self.assertEqual(self.rpc(self.staff, "res.partner", "search_count", [[("client_desk_note", "=like", "I%"),
                                                                               ("id", "=", self.partner.id)]]), 1)

    def test_portal_client_reaches_no_pinned_note_over_http(self):
        self.login("data.anne")
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": "res.partner", "method": "read", "args": [[self.partner.id], ["client_desk_note"]], "kwargs": {}}}
        response = self.request("post", self.url("/web/dataset/call_kw"), json=payload)
        self.assertNotIn(NOTE, response.text)
        self.assertIn("error", response.json())

    # -- staff files on the card ---------------------------------------------------------------

    def test_portal_client_reaches_no_staff_file_over_rpc(self):
        self.assertRefused(self.anne, "ir.attachment", "read", [[self.file.id], ["datas", "name"]])
        found = self.rpc(self.anne, "ir.attachment", "search",
                         [[("res_model", "=", "res.partner"), ("res_id", "=", self.partner.id)]])
        self.assertEqual(found, [])
        self.assertEqual(self.rpc(self.anne, "ir.attachment", "search_count", [[("id", "=", self.file.id)]]), 0)

    def test_portal_client_reaches_no_staff_file_over_http(self):
        self.login("data.anne")
        for path in ("/web/content/%d" % self.file.id, "/web/content/%d?download=true" % self.file.id):
            response = self.get(path)
            self.assertIn(response.status_code, (403, 404), path)
            self.assertNotIn("scan of the intake form", response.text)

    def test_portal_client_cannot_attach_files_to_their_card(self):
        self.assertRefused(self.anne, "ir.attachment", "create", [{
            "name": "x.txt", "datas": base64.b64encode(b"x").decode(), "res_model": "res.partner",
            "res_id": self.partner.id}])

    def test_staff_read_the_file_and_public_files_stay_public(self):
        rows = self.rpc(self.staff, "ir.attachment", "read", [[self.file.id], ["name"]])
        self.assertEqual(rows[0]["name"], "intake-scan.txt")
        self.file.public = True
        rows = self.rpc(self.anne, "ir.attachment", "read", [[self.file.id], ["name"]])
        self.assertEqual(rows[0]["name"], "intake-scan.txt")
