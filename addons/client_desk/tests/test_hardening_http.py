import http.client
import json
import re
import socket
from xmlrpc.client import Fault, ServerProxy, dumps, loads

import odoo
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import common
from odoo.tests.common import SavepointCase

from ..http_entry import MASTER_PASSWORD_THROTTLE
from .harness import HttpTestCase, new_user, po_translation
from .harness.http import server_port

WEB_CSRF = re.compile(r'csrf_token:\s*"([^"]+)"')
MEGABYTE = 1024 * 1024
JSONP_REFUSAL = "JSONP is not supported: call this address with a JSON request from the same site."


class HardeningHttpCase(HttpTestCase):
    def setUp(self):
        super().setUp()
        self.staff = new_user(self.env, "hard.staff", "user", name="Hardy Staffmember")
        self.params = self.env["ir.config_parameter"].sudo()

    def web_csrf_token(self):
        """The CSRF token the web client posts with (odoo.csrf_token on /web)."""
        match = WEB_CSRF.search(self.get("/web").text)
        self.assertTrue(match, "no csrf_token on /web")
        return match.group(1)

    def call_kw_payload(self):
        return json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 7,
            "params": {"model": "res.users", "method": "read", "args": [[self.staff.id], ["name", "login"]],
                       "kwargs": {}},
        })


class TestJsonp(HardeningHttpCase):
    """SECURITY item 4: ?jsonp=cb no longer wraps a logged-in user's data in a script."""

    def assertNoUserData(self, response):
        for secret in ("cb(", "Hardy Staffmember", "hard.staff", "session_id"):
            self.assertNotIn(secret, response.text)

    def assertNoSessionId(self, response):
        sessions = [cookie.value for cookie in self.opener.cookies if cookie.name == "session_id"]
        self.assertTrue(sessions)
        for session in sessions:
            self.assertNotIn(session, response.text)

    def test_json_rpc_without_jsonp_still_answers(self):
        self.login("hard.staff")
        response = self.request("post", self.url("/web/dataset/call_kw"), data=self.call_kw_payload(),
                                headers={"Content-Type": "application/json"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Hardy Staffmember", response.text)

    def test_jsonp_get_is_refused(self):
        self.login("hard.staff")
        response = self.get("/web/dataset/call_kw?jsonp=cb&r=%s" % self.call_kw_payload())
        self.assertEqual(response.status_code, 400)
        self.assertNoUserData(response)
        self.assertIn("JSONP is not supported", response.text)

    def test_jsonp_two_step_post_is_refused(self):
        self.login("hard.staff")
        response = self.post("/web/dataset/call_kw?jsonp=cb&id=7", {"r": self.call_kw_payload()})
        self.assertEqual(response.status_code, 400)
        follow = self.get("/web/dataset/call_kw?jsonp=cb&id=7")
        self.assertEqual(follow.status_code, 400)
        self.assertNoUserData(follow)

    def test_jsonp_session_info_is_refused(self):
        self.login("hard.staff")
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1})
        response = self.get("/web/session/get_session_info?jsonp=cb&r=%s" % payload)
        self.assertEqual(response.status_code, 400)
        self.assertNoUserData(response)
        self.assertNoSessionId(response)

    def test_jsonp_on_page_route_is_refused(self):
        # Stock Odoo answered even this with cb({"error": ..., "session_id": ...}).
        self.login("hard.staff")
        response = self.get("/web/login?jsonp=cb&r={}")
        self.assertEqual(response.status_code, 400)
        self.assertNoUserData(response)
        self.assertNoSessionId(response)

    def test_refusal_is_translated(self):
        # The database's Dutch is the .po's: the test adds no translation of its own (a second
        # one made the answer a matter of chance).
        expected = po_translation("client_desk", "nl_BE", JSONP_REFUSAL)
        self.assertNotEqual(expected, JSONP_REFUSAL)
        response = self.get("/web/dataset/call_kw?jsonp=cb", headers={"Accept-Language": "nl-BE"})
        self.assertEqual(response.status_code, 400)
        self.assertIn(expected, response.text)


class TestSessionCookie(HardeningHttpCase):
    """SECURITY item 4: the session cookie is SameSite=Lax and HttpOnly."""

    def session_cookie_header(self, response):
        headers = [value for key, value in response.raw.headers.items() if key.lower() == "set-cookie"]
        session = [value for value in headers if value.startswith("session_id=")]
        self.assertTrue(session, "no session cookie in %s" % headers)
        return session[0]

    def test_login_page_cookie_is_samesite_lax(self):
        self.opener.cookies.clear()
        cookie = self.session_cookie_header(self.get("/web/login", allow_redirects=False))
        self.assertIn("SameSite=Lax", cookie)
        self.assertIn("HttpOnly", cookie)

    def test_cookie_after_login_is_samesite_lax(self):
        response = self.post(
            "/web/login", {"login": "hard.staff", "password": "hard.staff", "redirect": "/web"},
            csrf_from="/web/login", allow_redirects=False,
        )
        self.assertIn("window.location = '/web'", response.text)  # logged in: sent on to /web
        self.assertIn("SameSite=Lax", self.session_cookie_header(response))


class TestUploadLimit(HardeningHttpCase):
    """SECURITY item 6 / checklist 9: a body over client_desk.max_upload_mb is refused (413)
    before it is read, and nothing is stored."""

    def upload(self, size, name):
        csrf = self.web_csrf_token()
        return self.request(
            "post", self.url("/web/binary/upload_attachment"),
            data={"csrf_token": csrf, "callback": "done", "model": "res.partner", "id": str(self.staff.partner_id.id)},
            files={"ufile": (name, b"x" * size, "application/octet-stream")},
        )

    def attachments(self, name):
        return self.env["ir.attachment"].sudo().search_count([("name", "=", name)])

    def test_upload_under_limit_is_stored(self):
        self.params.set_param("client_desk.max_upload_mb", "1")
        self.login("hard.staff")
        response = self.upload(100 * 1024, "small.bin")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.attachments("small.bin"), 1)

    def test_upload_over_limit_is_refused(self):
        self.params.set_param("client_desk.max_upload_mb", "1")
        self.login("hard.staff")
        response = self.upload(2 * MEGABYTE, "big.bin")
        self.assertEqual(response.status_code, 413)
        self.assertIn("1 MB at most", response.text)
        self.assertEqual(self.attachments("big.bin"), 0)

    def test_limit_follows_the_parameter(self):
        self.params.set_param("client_desk.max_upload_mb", "3")
        self.login("hard.staff")
        response = self.upload(2 * MEGABYTE, "medium.bin")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.attachments("medium.bin"), 1)

    def test_refused_for_anonymous_visitors_too(self):
        self.params.set_param("client_desk.max_upload_mb", "1")
        response = self.request("post", self.url("/web/login"), data={"login": "x" * (2 * MEGABYTE)})
        self.assertEqual(response.status_code, 413)


class TestXmlrpcLimits(HardeningHttpCase):
    """SECURITY checklist 18: XML-RPC, which does not go through odoo.http, gets the same body
    limit: refused with a fault before the body is read (stock read 60 MB whole, then 500)."""

    def raw_request(self, head, timeout=20):
        """Sends head (request line and headers) and no body; returns (status, body)."""
        with self.server_turn(), socket.create_connection(("127.0.0.1", server_port()), timeout=timeout) as sock:
            sock.sendall(head.encode("ascii"))
            response = http.client.HTTPResponse(sock)
            response.begin()
            return response.status, response.read()

    def xmlrpc_head(self, length, path="/xmlrpc/2/common"):
        return "POST %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % (
            path, length)

    def test_60_megabytes_refused_before_the_body_is_read(self):
        # Only the headers are sent: an answer proves the server did not wait for the body.
        status, body = self.raw_request(self.xmlrpc_head(60 * MEGABYTE))
        self.assertEqual(status, 200)  # XML-RPC answers faults with 200
        with self.assertRaises(Fault) as fault:
            loads(body)
        self.assertEqual(fault.exception.faultCode, 2)  # Odoo's code for a user error
        self.assertIn("25 MB at most", fault.exception.faultString)

    def test_legacy_route_refused_too(self):
        _status, body = self.raw_request(self.xmlrpc_head(60 * MEGABYTE, "/xmlrpc/common"))
        with self.assertRaises(Fault) as fault:
            loads(body)
        self.assertIn("25 MB at most", fault.exception.faultCode)  # /xmlrpc/: string codes

    def test_limit_follows_the_parameter(self):
        self.params.set_param("client_desk.max_upload_mb", "1")
        body = dumps((common.get_db_name(), "hard.staff", "x" * (2 * MEGABYTE), {}), "authenticate")
        response = self.request("post", self.url("/xmlrpc/2/common"), data=body.encode(),
                                headers={"Content-Type": "text/xml"})
        with self.assertRaises(Fault) as fault:
            loads(response.content)
        self.assertIn("1 MB at most", fault.exception.faultString)

    def test_refusal_in_the_callers_language(self):
        expected = po_translation(
            "client_desk", "nl_BE", "This file or form is too large: %s MB at most can be sent at once.") % 25
        _status, body = self.raw_request(self.xmlrpc_head(60 * MEGABYTE).replace(
            "\r\n\r\n", "\r\nAccept-Language: nl-BE\r\n\r\n"))
        with self.assertRaises(Fault) as fault:
            loads(body)
        self.assertEqual(fault.exception.faultString, expected)

    def test_calls_under_the_limit_answer(self):
        self.params.set_param("client_desk.max_upload_mb", "1")
        with self.server_turn():
            self.assertEqual(
                self.xmlrpc_common.authenticate(common.get_db_name(), "hard.staff", "hard.staff", {}), self.staff.id)

    def test_missing_content_length_is_a_client_error(self):
        # Stock: int("") raised inside Odoo, 500.
        status, _body = self.raw_request("POST /xmlrpc/2/common HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        self.assertEqual(status, 411)

    def test_garbage_body_is_a_client_error(self):
        # Stock: the parse failed outside Odoo's error handling, 500 with a traceback.
        for garbage in (b"not xml at all", b"<?xml version='1.0'?><methodCall><params>", b"<methodResponse/>"):
            response = self.request("post", self.url("/xmlrpc/2/common"), data=garbage,
                                    headers={"Content-Type": "text/xml"})
            self.assertEqual(response.status_code, 400, garbage)
            self.assertIn("not an XML-RPC call", response.text)

    def test_well_formed_call_still_reaches_odoo_after_the_check(self):
        body = dumps((), "version").encode()
        response = self.request("post", self.url("/xmlrpc/2/common"), data=body, headers={"Content-Type": "text/xml"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("server_version", loads(response.content)[0][0])


class TestMasterPasswordThrottle(HardeningHttpCase):
    """Checklist 13 and 18: the database manager's master password (XML-RPC /xmlrpc/2/db)
    could be guessed at full speed (list_db = False blocks the database functions only after
    the password check, and list_countries answers a right password); after a few failures
    from one address it is refused, even right, for a while."""

    def setUp(self):
        super().setUp()
        MASTER_PASSWORD_THROTTLE.clear()
        self.addCleanup(MASTER_PASSWORD_THROTTLE.clear)
        self.xmlrpc_db = ServerProxy(self.url("/xmlrpc/2/db"))

    def countries(self, password):
        """The one master-password call list_db = False leaves open: the list of countries."""
        with self.server_turn():
            return self.xmlrpc_db.list_countries(password)

    def test_right_password_is_checked_normally(self):
        self.assertIn(["be", "Belgium"], self.countries(odoo.tools.config["admin_passwd"]))

    def test_refused_after_repeated_failures_even_when_right(self):
        for _attempt in range(MASTER_PASSWORD_THROTTLE.LIMIT):
            with self.assertRaises(Fault):
                self.countries("guess")
        with self.assertRaises(Fault) as refused:
            self.countries(odoo.tools.config["admin_passwd"])
        self.assertEqual(refused.exception.faultCode, 3)  # Odoo's code for AccessDenied


class TestMissingRecords(HardeningHttpCase):
    """SECURITY item 6 / checklist 5: unknown ids answer 404, never 500."""

    def test_unknown_attachment_content(self):
        self.login("hard.staff")
        self.assertNotFound(self.get("/web/content/999999999"))

    def test_unknown_partner_image(self):
        self.login("hard.staff")
        self.assertNotFound(self.get("/web/image/res.partner/999999999/image"))

    def test_report_of_unknown_record(self):
        new_user(self.env, "hard.admin", "internal", groups_id=[(6, 0, [self.env.ref("base.group_system").id])])
        self.login("hard.admin")
        self.assertNotFound(self.get("/report/html/base.report_irmodulereference/999999999"))

    def test_report_without_read_access_is_forbidden(self):
        # Staff may not read ir.module.module: stock Odoo answered 500 with a traceback.
        module = self.env.ref("base.module_base")
        self.login("hard.staff")
        response = self.get("/report/html/base.report_irmodulereference/%d" % module.id)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("Traceback", response.text)

    def test_unknown_portal_record(self):
        self.assertNotFound(self.get("/client_desk/profile/999999999?access_token=x"))
        self.assertNotFound(self.get("/client_desk/profile/99999999999999999999"))


class TestNulCharacters(HardeningHttpCase):
    """PostgreSQL refuses NUL in text: stock Odoo answered 500 to such an address or form."""

    NUL_REFUSAL = "This address or form contains a NUL character, which is not allowed."

    def assertRefused(self, response):
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn(self.NUL_REFUSAL, response.text)
        self.assertNotIn("Traceback", response.text)

    def test_in_the_address(self):
        self.assertRefused(self.get("/%00"))
        self.assertRefused(self.get("/client_desk/profile/%00"))
        self.login("hard.staff")
        self.assertRefused(self.get("/web/image/res.partner/%00/image"))

    def test_in_the_query(self):
        self.assertRefused(self.get("/web/login?redirect=%00"))
        self.assertRefused(self.get("/client_desk/profile/1?access_token=a%00b"))

    def test_in_a_form_field_and_nobody_is_logged_in(self):
        response = self.post("/web/login", {"login": "hard.staff\x00", "password": "hard.staff"},
                             csrf_from="/web/login")
        self.assertRefused(response)
        self.assertIn("/web/login", self.get("/my").url)  # still anonymous

    def test_an_address_without_nul_still_answers(self):
        self.assertEqual(self.get("/web/login?redirect=%2Fweb").status_code, 200)


class TestClientDeskSettings(SavepointCase):
    """Settings > Client Desk: the limits above, stored as ir.config_parameter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.keys = ("client_desk.login_max_failures", "client_desk.login_address_max_failures",
                    "client_desk.login_window_minutes", "client_desk.max_upload_mb")
        cls.params.search([("key", "in", cls.keys)]).unlink()
        cls.manager = new_user(cls.env, "settings.manager", "manager")
        cls.admin = new_user(cls.env, "settings.admin", "manager")
        cls.admin.groups_id |= cls.env.ref("base.group_system")

    def settings(self, **values):
        return self.env["res.config.settings"].create(values)

    def test_defaults(self):
        settings = self.settings()
        self.assertEqual(
            (settings.client_desk_login_max_failures, settings.client_desk_login_address_max_failures,
             settings.client_desk_login_window_minutes, settings.client_desk_max_upload_mb),
            (5, 20, 15, 25),
        )
        self.assertEqual(self.env["res.users"]._client_desk_login_limits(), (5, 20, 15))
        self.assertEqual(self.env["ir.http"]._client_desk_max_upload_bytes(), 25 * MEGABYTE)

    def test_saved_values_are_used(self):
        self.settings(client_desk_login_max_failures=3, client_desk_login_address_max_failures=9,
                      client_desk_login_window_minutes=30, client_desk_max_upload_mb=8).set_values()
        self.assertEqual([self.params.get_param(key) for key in self.keys], ["3", "9", "30", "8"])
        self.assertEqual(self.env["res.users"]._client_desk_login_limits(), (3, 9, 30))
        self.assertEqual(self.env["ir.http"]._client_desk_max_upload_bytes(), 8 * MEGABYTE)
        self.assertEqual(self.settings().client_desk_login_window_minutes, 30)

    def test_zero_or_negative_refused(self):
        for name in ("client_desk_login_max_failures", "client_desk_max_upload_mb"):
            for value in (0, -1):
                with self.assertRaises(ValidationError):
                    self.settings(**{name: value})
        self.assertFalse(self.params.get_param("client_desk.max_upload_mb"))

    def test_broken_parameter_falls_back_to_default(self):
        self.params.set_param("client_desk.max_upload_mb", "lots")
        self.params.set_param("client_desk.login_max_failures", "0")
        self.assertEqual(self.env["ir.http"]._client_desk_max_upload_bytes(), 25 * MEGABYTE)
        self.assertEqual(self.env["res.users"]._client_desk_login_limits()[0], 5)

    def test_only_administrators_save(self):
        settings = self.settings(client_desk_max_upload_mb=2)
        with self.assertRaises(AccessError):
            settings.sudo(self.manager).execute()
        self.assertFalse(self.params.get_param("client_desk.max_upload_mb"))

    def test_block_in_settings_form(self):
        arch = self.env["res.config.settings"].fields_view_get(view_type="form")["arch"]
        self.assertIn('data-key="client_desk"', arch)
        self.assertIn("client_desk_max_upload_mb", arch)

    def test_settings_menu_for_administrators_only(self):
        menu = self.env.ref("client_desk.res_config_settings_menu_client_desk")
        self.assertEqual(menu.action.context, "{'module': 'client_desk'}")
        self.assertIn(menu, self.env["ir.ui.menu"].sudo(self.admin).search([("id", "=", menu.id)]))
        self.assertFalse(self.env["ir.ui.menu"].sudo(self.manager).search([("id", "=", menu.id)]))
