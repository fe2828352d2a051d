import uuid
from datetime import datetime, timedelta

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase

from client_desk_testing import HttpTestCase, new_user

TOKEN_PAGE_HEADERS = {"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def past(minutes=1):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=minutes))


class TestPortalAccessDecision(SavepointCase):
    """client.desk.portal.mixin's decision, on res.partner (owner = commercial partner)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.anne = new_user(cls.env, "decision.anne", "portal", name="Anne Decision")
        cls.bert = new_user(cls.env, "decision.bert", "portal", name="Bert Decision")
        cls.staff = new_user(cls.env, "decision.staff", "user")
        cls.public = cls.env.ref("base.public_user")
        cls.clara = cls.env["res.partner"].create({"name": "Clara Decision", "email": "clara@example.com"})
        cls.token = cls.clara._client_desk_access_token()

    def test_token_is_uuid4_made_once(self):
        self.assertEqual(uuid.UUID(self.token).version, 4)
        self.assertEqual(self.clara._client_desk_access_token(), self.token)
        self.assertNotEqual(self.env["res.partner"].create({"name": "Other"})._client_desk_access_token(), self.token)

    def test_token_not_copied(self):
        self.assertFalse(self.clara.copy().access_token)

    def test_valid_token(self):
        self.assertEqual(self.clara._client_desk_portal_access(self.public, self.token), "token")

    def test_owner_without_token(self):
        partner = self.anne.partner_id
        self.assertEqual(partner._client_desk_portal_access(self.anne, None), "owner")

    def test_contact_of_company_belongs_to_the_company(self):
        company = self.env["res.partner"].create({"name": "Salon SA", "is_company": True})
        self.anne.partner_id.parent_id = company
        contact = self.env["res.partner"].create({"name": "Colleague", "parent_id": company.id})
        self.assertEqual(contact._client_desk_portal_access(self.anne, None), "owner")
        self.assertRaises(NotFound, contact._client_desk_portal_access, self.bert, None)

    def test_refusals_are_not_found(self):
        other_token = self.env["res.partner"].create({"name": "Dirk"})._client_desk_access_token()
        for user in (self.public, self.bert):
            for token in (None, "", "wrong", str(uuid.uuid4()), other_token, "é" * 36, self.token.upper()):
                with self.assertRaises(NotFound, msg="%s %r" % (user.login, token)):
                    self.clara._client_desk_portal_access(user, token)

    def test_unknown_record_is_not_found(self):
        with self.assertRaises(NotFound):
            self.env["res.partner"].browse(999999999)._client_desk_portal_access(self.public, self.token)

    def test_expired_token_is_forbidden(self):
        self.clara.access_token_expiry = past()
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)

    def test_rotated_token_is_forbidden(self):
        self.clara.action_rotate_access_token()
        self.assertNotEqual(self.clara.access_token, self.token)
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)
        self.assertEqual(self.clara._client_desk_portal_access(self.public, self.clara.access_token), "token")

    def test_revoked_token_is_forbidden(self):
        self.clara.action_revoke_access_token()
        self.assertFalse(self.clara.access_token)
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)

    def test_staff_partner_never_opened_by_token(self):
        token = self.staff.partner_id._client_desk_access_token()
        with self.assertRaises(NotFound):
            self.staff.partner_id._client_desk_portal_access(self.public, token)

    def test_portal_user_cannot_read_or_rotate_tokens(self):
        partner = self.clara.sudo(self.anne)
        with self.assertRaises(AccessError):
            partner.read(["access_token"])
        with self.assertRaises(AccessError):
            self.anne.partner_id.sudo(self.anne).action_rotate_access_token()
        self.assertEqual(self.clara.access_token, self.token)

    def test_internal_user_without_partner_rights_cannot_rotate(self):
        employee = new_user(self.env, "decision.employee", "internal")
        with self.assertRaises(AccessError):
            self.clara.sudo(employee).action_rotate_access_token()
        self.assertEqual(self.clara.access_token, self.token)

    def test_partner_manager_can_rotate(self):
        manager = new_user(self.env, "decision.manager", "manager")
        manager.groups_id |= self.env.ref("base.group_partner_manager")
        self.clara.sudo(manager).action_rotate_access_token()
        self.assertNotEqual(self.clara.access_token, self.token)

    def test_profile_values_checked(self):
        partner = self.env["res.partner"]
        self.assertEqual(
            partner._client_desk_profile_values(" Clara ", " clara@example.com ", "0470 12 34 56"),
            {"name": "Clara", "email": "clara@example.com", "phone": "0470 12 34 56"},
        )
        for bad in (("", "a@example.com", ""), ("Clara", "not-an-email", ""), ("Clara", "", "12"),
                    ("C" * 129, "", "")):
            with self.assertRaises(ValidationError, msg=repr(bad)):
                partner._client_desk_profile_values(*bad)


class TestPortalAccessHttp(HttpTestCase):
    """The shared check over HTTP, with its first consumer /client_desk/profile/<id>."""

    def setUp(self):
        super().setUp()
        self.anne = new_user(self.env, "access.anne", "portal", name="Anne Owner")
        self.bert = new_user(self.env, "access.bert", "portal", name="Bert Other")
        self.clara = self.env["res.partner"].create(
            {"name": "Clara Secret", "email": "clara.secret@example.com", "phone": "0470 11 22 33"}
        )
        self.token = self.clara._client_desk_access_token()

    def page(self, partner, token=None):
        path = "/client_desk/profile/%d" % partner.id
        return path if token is None else "%s?access_token=%s" % (path, token)

    def assertNoClientData(self, response):
        for secret in ("Clara Secret", "clara.secret@example.com", "0470 11 22 33"):
            self.assertNotIn(secret, response.text)

    def test_no_empty_wrong_or_other_token_is_not_found(self):
        other = self.env["res.partner"].create({"name": "Dirk"})._client_desk_access_token()
        for token in (None, "", "wrong", str(uuid.uuid4()), other):
            response = self.get(self.page(self.clara, token))
            self.assertNotFound(response)
            self.assertNoClientData(response)

    def test_valid_token_opens_page_with_security_headers(self):
        response = self.get(self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Clara Secret", response.text)
        self.assertIn("clara.secret@example.com", response.text)
        for name, value in TOKEN_PAGE_HEADERS.items():
            self.assertEqual(response.headers.get(name), value, name)

    def test_expired_token_is_forbidden(self):
        self.clara.access_token_expiry = past()
        response = self.get(self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 403)
        self.assertNoClientData(response)

    def test_rotated_token_is_forbidden(self):
        self.clara.action_rotate_access_token()
        response = self.get(self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 403)
        self.assertNoClientData(response)
        self.assertEqual(self.get(self.page(self.clara, self.clara.access_token)).status_code, 200)

    def test_owner_logged_in_without_token(self):
        self.login("access.anne")
        response = self.get(self.page(self.anne.partner_id))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Anne Owner", response.text)

    def test_other_portal_user_is_not_found(self):
        self.login("access.bert")
        response = self.get(self.page(self.anne.partner_id))
        self.assertNotFound(response)
        self.assertNotIn("Anne Owner", response.text)

    def test_unknown_ids_are_not_found(self):
        self.assertNotFound(self.get("/client_desk/profile/999999999?access_token=%s" % self.token))
        self.assertNotFound(self.get("/client_desk/profile/99999999999999?access_token=%s" % self.token))
        self.assertNotFound(self.get("/client_desk/profile/-1?access_token=%s" % self.token))

    def test_staff_partner_is_not_found(self):
        staff = new_user(self.env, "access.staff", "user", name="Stefan Staff")
        token = staff.partner_id._client_desk_access_token()
        self.assertNotFound(self.get(self.page(staff.partner_id, token)))

    def test_post_without_csrf_changes_nothing(self):
        response = self.post(self.page(self.clara), {"access_token": self.token, "name": "Mallory"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.clara.name, "Clara Secret")

    def test_post_with_wrong_token_changes_nothing(self):
        response = self.post(self.page(self.clara), {"access_token": str(uuid.uuid4()), "name": "Mallory"},
                             csrf_from=self.page(self.clara, self.token))
        self.assertNotFound(response)
        self.assertEqual(self.clara.name, "Clara Secret")

    def test_client_updates_details(self):
        messages_before = len(self.clara.message_ids)
        response = self.post(
            self.page(self.clara),
            {"access_token": self.token, "name": "Clara Nieuw", "email": "clara.nieuw@example.com",
             "phone": "0470 11 22 33"},
            csrf_from=self.page(self.clara, self.token),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("your contact details are saved", response.text)
        self.assertEqual(response.headers.get("X-Frame-Options"), "DENY")
        self.assertEqual((self.clara.name, self.clara.email), ("Clara Nieuw", "clara.nieuw@example.com"))
        self.assertEqual(len(self.clara.message_ids), messages_before + 1)
        self.assertIn("updated their contact details", self.clara.message_ids[0].body)

    def test_bad_input_is_refused_and_nothing_saved(self):
        response = self.post(
            self.page(self.clara),
            {"access_token": self.token, "name": "Clara Half", "email": "not an e-mail", "phone": ""},
            csrf_from=self.page(self.clara, self.token),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please enter a valid e-mail address", response.text)
        self.assertEqual((self.clara.name, self.clara.email), ("Clara Secret", "clara.secret@example.com"))

    def test_bad_input_message_is_translated(self):
        self.env["res.lang"].load_lang("nl_BE")
        self.env["ir.translation"].create({
            "type": "code", "name": "addons/client_desk/models/res_partner_portal.py", "lang": "nl_BE",
            "module": "client_desk", "state": "translated",
            "src": "Please enter your name.", "value": "Vul uw naam in.",
        })
        self.opener.cookies.set("frontend_lang", "nl_BE")
        response = self.post(self.page(self.clara), {"access_token": self.token, "name": " "},
                             csrf_from=self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Vul uw naam in.", response.text)
        self.assertEqual(self.clara.name, "Clara Secret")

    def test_script_in_name_is_escaped(self):
        script = "<script>alert('x')</script>"
        response = self.post(self.page(self.clara), {"access_token": self.token, "name": script},
                             csrf_from=self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.clara.name, script)
        self.assertNotIn(script, response.text)
        self.assertIn("&lt;script&gt;", response.text)

    def test_portal_chatter_refuses_expired_token(self):
        self.clara.access_token_expiry = past()
        messages_before = len(self.clara.message_ids)
        response = self.post(
            "/mail/chatter_post",
            {"res_model": "res.partner", "res_id": str(self.clara.id), "message": "Hello", "token": self.token},
            csrf_from=self.page(self.anne.partner_id, self.anne.partner_id._client_desk_access_token()),
            headers={"Referer": self.url("/")},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(len(self.clara.message_ids), messages_before)
