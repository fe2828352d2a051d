import uuid
from datetime import datetime, timedelta
from xmlrpc.client import Fault

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import common
from odoo.tests.common import SavepointCase

from .harness import HttpTestCase, new_user, po_translation

TOKEN_PAGE_HEADERS = {"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def past(minutes=1):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=minutes))


def expire(record):
    """Makes the record's token expire a minute ago."""
    record._client_desk_token_row().expiry = past()


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
        self.assertFalse(self.clara.copy()._client_desk_token_row())

    def test_profile_token_expires_after_30_days(self):
        expiry = fields.Datetime.from_string(self.clara._client_desk_token_row().expiry)
        self.assertAlmostEqual((expiry - datetime.utcnow()).total_seconds(), 30 * 86400, delta=600)

    def test_expired_token_is_replaced_when_a_link_is_needed(self):
        expire(self.clara)
        fresh = self.clara._client_desk_access_token()
        self.assertNotEqual(fresh, self.token)
        self.assertEqual(self.clara._client_desk_portal_access(self.public, fresh), "token")
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)

    def test_archived_record_is_not_found(self):
        self.clara.active = False
        with self.assertRaises(NotFound):
            self.clara._client_desk_portal_access(self.public, self.token)
        self.anne.partner_id.active = False
        with self.assertRaises(NotFound):
            self.anne.partner_id._client_desk_portal_access(self.anne, None)

    def test_revoke_portal_access_for_erase(self):
        self.clara._client_desk_revoke_portal_access()
        self.assertFalse(self.clara._client_desk_token_row().token)
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)

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
        expire(self.clara)
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)

    def test_rotated_token_is_forbidden(self):
        self.clara.action_rotate_access_token()
        new_token = self.clara._client_desk_token_row().token
        self.assertNotEqual(new_token, self.token)
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)
        self.assertEqual(self.clara._client_desk_portal_access(self.public, new_token), "token")

    def test_revoked_token_is_forbidden(self):
        self.clara.action_revoke_access_token()
        self.assertFalse(self.clara._client_desk_token_row().token)
        with self.assertRaises(Forbidden):
            self.clara._client_desk_portal_access(self.public, self.token)

    def test_staff_partner_never_opened_by_token(self):
        token = self.staff.partner_id._client_desk_access_token()
        with self.assertRaises(NotFound):
            self.staff.partner_id._client_desk_portal_access(self.public, token)

    def test_portal_user_cannot_read_or_rotate_tokens(self):
        with self.assertRaises(AccessError):
            self.env["client.desk.access.token"].sudo(self.anne).search([])
        with self.assertRaises(AccessError):
            self.anne.partner_id.sudo(self.anne).action_rotate_access_token()
        self.assertEqual(self.clara._client_desk_token_row().token, self.token)

    def test_no_user_reads_a_token_by_any_orm_path(self):
        """SECURITY checklist 14: read, search (=like, one character at a time), read_group
        and export_data, for an employee, Client Desk staff, a manager and an administrator."""
        self.assertNotIn("access_token", self.env["res.partner"].fields_get())
        manager = new_user(self.env, "decision.manager", "manager")
        admin = new_user(self.env, "decision.admin", "internal")
        admin.groups_id |= self.env.ref("base.group_system")
        employee = new_user(self.env, "decision.employee", "internal")
        row = self.clara._client_desk_token_row()
        for user in (employee, self.staff, manager, admin):
            tokens = self.env["client.desk.access.token"].sudo(user)
            attempts = [
                lambda: tokens.browse(row.id).read(["token"]),
                lambda: tokens.search([("token", "=like", self.token[0] + "%")]),
                lambda: tokens.search_count([("token", "=like", self.token[0] + "%")]),
                lambda: tokens.read_group([], ["token"], ["token"]),
                lambda: tokens.browse(row.id).export_data(["token"]),
            ]
            for attempt in attempts:
                with self.assertRaises(AccessError, msg=user.login):
                    attempt()

    def test_internal_user_without_partner_rights_cannot_rotate(self):
        employee = new_user(self.env, "decision.employee", "internal")
        with self.assertRaises(AccessError):
            self.clara.sudo(employee).action_rotate_access_token()
        self.assertEqual(self.clara._client_desk_token_row().token, self.token)

    def test_partner_manager_can_rotate(self):
        manager = new_user(self.env, "decision.manager", "manager")
        manager.groups_id |= self.env.ref("base.group_partner_manager")
        self.clara.sudo(manager).action_rotate_access_token()
        self.assertNotEqual(self.clara._client_desk_token_row().token, self.token)

    def test_staff_get_the_link_not_the_token(self):
        url = self.clara.sudo(self.staff).client_desk_profile_link()
        self.assertTrue(url.endswith("/client_desk/profile/%d?access_token=%s" % (self.clara.id, self.token)), url)
        action = self.clara.sudo(self.staff).action_client_desk_profile_link()
        self.assertEqual((action["type"], action["url"]), ("ir.actions.act_url", url))
        employee = new_user(self.env, "decision.employee", "internal")
        for user in (employee, self.anne):
            with self.assertRaises(AccessError, msg=user.login):
                self.clara.sudo(user).client_desk_profile_link()

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
        expire(self.clara)
        response = self.get(self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 403)
        self.assertNoClientData(response)

    def test_rotated_token_is_forbidden(self):
        self.clara.action_rotate_access_token()
        response = self.get(self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 403)
        self.assertNoClientData(response)
        self.assertEqual(self.get(self.page(self.clara, self.clara._client_desk_token_row().token)).status_code, 200)

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
        # The database's Dutch is the .po's: the test adds no translation of its own.
        expected = po_translation("client_desk", "nl_BE", "Please enter your name.")
        self.opener.cookies.set("frontend_lang", "nl_BE")
        response = self.post(self.page(self.clara), {"access_token": self.token, "name": " "},
                             csrf_from=self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 400)
        self.assertIn(expected, response.text)
        self.assertEqual(self.clara.name, "Clara Secret")

    def test_script_in_name_is_escaped(self):
        script = "<script>alert('x')</script>"
        response = self.post(self.page(self.clara), {"access_token": self.token, "name": script},
                             csrf_from=self.page(self.clara, self.token))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.clara.name, script)
        self.assertNotIn(script, response.text)
        self.assertIn("&lt;script&gt;", response.text)

    def rpc(self, user, model, method, args, kwargs=None):
        with self.server_turn():
            return self.xmlrpc_object.execute_kw(
                common.get_db_name(), user.id, user.login, model, method, args, kwargs or {})

    def test_staff_get_the_link_over_rpc_never_the_token(self):
        staff = new_user(self.env, "access.staff", "user")
        url = self.rpc(staff, "res.partner", "client_desk_profile_link", [[self.clara.id]])
        self.assertEqual(url, self.url(self.page(self.clara, self.token)))
        self.assertEqual(self.get(url[len(self.base_url):]).status_code, 200)
        self.assertNotIn("access_token", self.rpc(staff, "res.partner", "fields_get", [], {"attributes": ["type"]}))
        rows = self.rpc(staff, "res.partner", "search_read", [[("id", "=", self.clara.id)]], {})
        self.assertNotIn(self.token, str(rows))
        for method, args, kwargs in (("search_read", [[]], {"fields": ["token"]}),
                                     ("read_group", [[], ["token"], ["token"]], {}),
                                     ("search_count", [[("token", "=like", self.token[:1] + "%")]], {})):
            with self.assertRaises(Fault, msg=method) as refusal:
                self.rpc(staff, "client.desk.access.token", method, args, kwargs)
            self.assertNotIn(self.token, refusal.exception.faultString)
        with self.assertRaises(Fault):
            self.rpc(self.anne, "res.partner", "client_desk_profile_link", [[self.anne.partner_id.id]])

    def test_get_with_parameters_writes_nothing(self):
        response = self.get(self.page(self.clara, self.token) + "&name=Mallory&email=mallory@example.com")
        self.assertEqual(response.status_code, 200)
        self.assertEqual((self.clara.name, self.clara.email), ("Clara Secret", "clara.secret@example.com"))

    def test_archived_client_is_not_found(self):
        self.clara.active = False
        response = self.get(self.page(self.clara, self.token))
        self.assertNotFound(response)
        self.assertNoClientData(response)

    def test_revoked_link_writes_nothing_back(self):
        """After a GDPR erase revoked the link, a form still open in a browser writes nothing."""
        csrf = self.csrf_token(self.page(self.clara, self.token))
        self.clara._client_desk_revoke_portal_access()
        self.clara.write({"name": "Erased client", "email": False, "phone": False})
        response = self.post(self.page(self.clara), {"access_token": self.token, "name": "Clara Secret",
                                                     "email": "clara.secret@example.com", "csrf_token": csrf})
        self.assertEqual(response.status_code, 403)
        self.assertEqual((self.clara.name, self.clara.email), ("Erased client", False))

    def profile_post(self, partner, token, **values):
        page = self.page(partner, token)
        return self.post(self.page(partner), dict(values, access_token=token or ""), csrf_from=page)

    def test_token_never_changes_the_email_of_a_login(self):
        """The e-mail of a client with a portal login is where their password reset goes: a
        token holder changes other details, never that."""
        partner = self.anne.partner_id
        token = partner._client_desk_access_token()
        page = self.get(self.page(partner, token)).text
        self.assertRegex(page, r'name="email"[^>]*readonly')
        response = self.profile_post(partner, token, name="Anne Owner", email="mallory@example.com",
                                     phone="0470 99 88 77")
        self.assertEqual(response.status_code, 400)
        self.assertIn("can only be changed by logging in", response.text)
        self.assertEqual((partner.email, partner.phone), ("access.anne@example.com", False))
        # Other details, with the e-mail as shown, go through.
        response = self.profile_post(partner, token, name="Anne Owner", email="access.anne@example.com",
                                     phone="0470 99 88 77")
        self.assertEqual(response.status_code, 200)
        self.assertEqual((partner.email, partner.phone), ("access.anne@example.com", "0470 99 88 77"))

    def test_owner_logged_in_changes_their_email(self):
        partner = self.anne.partner_id
        self.login("access.anne")
        self.assertNotRegex(self.get(self.page(partner)).text, r'name="email"[^>]*readonly')
        response = self.profile_post(partner, None, name="Anne Owner", email="anne.new@example.com")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(partner.email, "anne.new@example.com")

    def test_colleague_logged_in_cannot_change_a_login_email(self):
        company = self.env["res.partner"].create({"name": "Salon Access SA", "is_company": True})
        (self.anne.partner_id | self.bert.partner_id).write({"parent_id": company.id})
        self.login("access.bert")
        response = self.profile_post(self.anne.partner_id, None, name="Anne Owner", email="bert@example.com")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.anne.partner_id.email, "access.anne@example.com")
