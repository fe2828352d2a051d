from datetime import datetime, timedelta
from unittest.mock import patch
from xmlrpc.client import Fault, dumps, loads

import odoo
from odoo import fields
from odoo.tests import common

from .harness import HttpTestCase, new_user, po_translation

THROTTLED = "Too many failed login attempts"
THROTTLED_SOURCE = (
    "Too many failed login attempts. For your security, logging in is blocked for %s minutes."
    " Please try again later."
)
WRONG = "Wrong login/password"
ATTACKER = "198.51.100.7"
OWNER = "203.0.113.9"


class TestLoginThrottle(HttpTestCase):
    """SECURITY item 6 / checklist 13 and 18: failed logins are throttled by address, and by
    address and login together, never by login alone (a stranger could lock anyone out)."""

    def setUp(self):
        super().setUp()
        self.anne = new_user(self.env, "throttle.anne", "user")
        self.bert = new_user(self.env, "throttle.bert", "portal")
        self.hits = self.env["client.desk.throttle.hit"].sudo()
        self.hits.search([]).unlink()  # attempts left by other tests from this address
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("client_desk.login_max_failures", "5")
        params.set_param("client_desk.login_address_max_failures", "20")
        params.set_param("client_desk.login_window_minutes", "15")

    def form_login(self, login, password, address=None):
        """Posts the real login form (with its CSRF token); returns the response.

        address: the client's address as a reverse proxy would pass it (X-Forwarded-For,
        honoured by Odoo in proxy mode)."""
        headers = {}
        if address:
            headers = {"X-Forwarded-For": address, "X-Forwarded-Host": "127.0.0.1"}
        self.opener.cookies.clear()
        with patch.dict(odoo.tools.config.options, {"proxy_mode": bool(address)}):
            csrf = self.csrf_token("/web/login")
            return self.request(
                "post", self.url("/web/login"), headers=headers, allow_redirects=False,
                data={"login": login, "password": password, "redirect": "/my", "csrf_token": csrf},
            )

    def assertLoggedIn(self, response):
        # Odoo answers a successful form login with a page that moves on (redirect_with_hash).
        self.assertIn("window.location = '/my'", response.text, "login refused: %s" % response.text[-2000:])

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, response.text)
        self.assertNotIn("window.location = '/my'", response.text)

    def fail_logins(self, login, times, address=None):
        for _attempt in range(times):
            self.assertRefused(self.form_login(login, "wrong password", address), WRONG)

    def test_right_password_refused_after_five_failures(self):
        self.fail_logins("throttle.anne", 5)
        response = self.form_login("throttle.anne", "throttle.anne")
        self.assertRefused(response, THROTTLED)
        self.assertNotIn(WRONG, response.text)

    def test_four_failures_do_not_block(self):
        self.fail_logins("throttle.anne", 4)
        self.assertLoggedIn(self.form_login("throttle.anne", "throttle.anne"))

    def test_success_forgets_the_login_failures(self):
        self.fail_logins("throttle.anne", 4)
        self.assertLoggedIn(self.form_login("throttle.anne", "throttle.anne"))
        self.fail_logins("throttle.anne", 4)
        self.assertLoggedIn(self.form_login("throttle.anne", "throttle.anne"))

    def test_other_login_from_same_address_unaffected(self):
        self.fail_logins("throttle.anne", 5)
        self.assertLoggedIn(self.form_login("throttle.bert", "throttle.bert"))

    def test_attacker_address_throttled_owner_logs_in_elsewhere(self):
        self.fail_logins("throttle.anne", 5, address=ATTACKER)
        # The guesser gains nothing more from that address, not even with the right password...
        self.assertRefused(self.form_login("throttle.anne", "throttle.anne", address=ATTACKER), THROTTLED)
        # ...and the owner, from their own address, is not locked out (stock: 15 minutes).
        self.assertLoggedIn(self.form_login("throttle.anne", "throttle.anne", address=OWNER))

    def test_stranger_cannot_lock_out_an_administrator(self):
        admin = new_user(self.env, "throttle.admin", "manager")
        admin.groups_id |= self.env.ref("base.group_system")
        self.env["ir.config_parameter"].sudo().set_param("client_desk.login_address_max_failures", "8")
        self.fail_logins("throttle.admin", 5, address=ATTACKER)
        for name in ("nobody.one", "nobody.two", "nobody.three"):  # over the address limit too
            self.fail_logins(name, 1, address=ATTACKER)
        self.assertRefused(self.form_login("throttle.bert", "throttle.bert", address=ATTACKER), THROTTLED)
        self.assertRefused(self.form_login("throttle.admin", "throttle.admin", address=ATTACKER), THROTTLED)
        self.assertLoggedIn(self.form_login("throttle.admin", "throttle.admin", address=OWNER))

    def test_address_throttled_over_many_logins(self):
        self.env["ir.config_parameter"].sudo().set_param("client_desk.login_address_max_failures", "3")
        for name in ("nobody.one", "nobody.two", "nobody.three"):
            self.fail_logins(name, 1, address="198.51.100.7")
        self.assertRefused(self.form_login("throttle.bert", "throttle.bert", address="198.51.100.7"), THROTTLED)
        # Another address is not affected.
        self.assertLoggedIn(self.form_login("throttle.bert", "throttle.bert", address="203.0.113.9"))

    def test_login_works_again_after_the_window(self):
        self.fail_logins("throttle.anne", 5)
        self.assertRefused(self.form_login("throttle.anne", "throttle.anne"), THROTTLED)
        sixteen_minutes_ago = fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=16))
        self.hits.search([]).write({"date": sixteen_minutes_ago})
        self.assertLoggedIn(self.form_login("throttle.anne", "throttle.anne"))

    def test_window_follows_the_parameter(self):
        self.env["ir.config_parameter"].sudo().set_param("client_desk.login_window_minutes", "60")
        self.fail_logins("throttle.anne", 5)
        thirty_minutes_ago = fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=30))
        self.hits.search([]).write({"date": thirty_minutes_ago})
        self.assertRefused(self.form_login("throttle.anne", "throttle.anne"), THROTTLED)

    def test_limit_follows_the_parameter(self):
        self.env["ir.config_parameter"].sudo().set_param("client_desk.login_max_failures", "2")
        self.fail_logins("throttle.anne", 2)
        self.assertRefused(self.form_login("throttle.anne", "throttle.anne"), THROTTLED)

    def test_message_is_translated(self):
        # The database's Dutch is the .po's: the test adds no translation of its own.
        expected = po_translation("client_desk", "nl_BE", THROTTLED_SOURCE) % 15
        self.fail_logins("throttle.anne", 5)
        self.opener.headers["Accept-Language"] = "nl-BE"
        response = self.form_login("throttle.anne", "throttle.anne")
        self.assertRefused(response, expected)

    # -- XML-RPC (checklist 18): the same counters, by the caller's address ------------------

    def xmlrpc(self, service, method, *params, address=None):
        """Calls /xmlrpc/2/<service> over real HTTP, from address when given (as a reverse
        proxy passes it); returns the result or raises the Fault."""
        headers = {"Content-Type": "text/xml"}
        if address:
            headers.update({"X-Forwarded-For": address, "X-Forwarded-Host": "127.0.0.1"})
        with patch.dict(odoo.tools.config.options, {"proxy_mode": bool(address)}):
            response = self.request(
                "post", self.url("/xmlrpc/2/%s" % service), data=dumps(params, method), headers=headers
            )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return loads(response.content)[0][0]

    def xmlrpc_authenticate(self, login, password, address=None):
        return self.xmlrpc("common", "authenticate", common.get_db_name(), login, password, {}, address=address)

    def xmlrpc_execute(self, uid, password, address=None):
        return self.xmlrpc(
            "object", "execute_kw", common.get_db_name(), uid, password, "res.partner", "search_count", [[]],
            address=address,
        )

    def test_xmlrpc_authenticate_throttled_by_address_and_login(self):
        for _attempt in range(5):
            self.assertFalse(self.xmlrpc_authenticate("throttle.anne", "wrong", address=ATTACKER))
        self.assertFalse(self.xmlrpc_authenticate("throttle.anne", "throttle.anne", address=ATTACKER))
        self.assertEqual(self.xmlrpc_authenticate("throttle.anne", "throttle.anne", address=OWNER), self.anne.id)

    def test_xmlrpc_failures_throttle_the_address(self):
        # Stock: XML-RPC had no address, so one guesser could try every login.
        self.env["ir.config_parameter"].sudo().set_param("client_desk.login_address_max_failures", "3")
        self.assertFalse(self.xmlrpc("common", "login", common.get_db_name(), "nobody.one", "wrong"))
        self.assertFalse(self.xmlrpc_authenticate("nobody.two", "wrong"))
        self.assertFalse(self.xmlrpc_authenticate("nobody.three", "wrong"))
        self.assertFalse(self.xmlrpc_authenticate("throttle.bert", "throttle.bert"))
        # The web login form shares the counter: same address, same refusal.
        self.assertRefused(self.form_login("throttle.bert", "throttle.bert"), THROTTLED)
        self.assertEqual(self.xmlrpc_authenticate("throttle.bert", "throttle.bert", address=OWNER), self.bert.id)

    def test_xmlrpc_calls_with_wrong_passwords_throttled(self):
        self.env["ir.config_parameter"].sudo().set_param("client_desk.login_address_max_failures", "3")
        for _attempt in range(3):
            with self.assertRaises(Fault):
                self.xmlrpc_execute(self.anne.id, "wrong", address=ATTACKER)
        with self.assertRaises(Fault):
            self.xmlrpc_execute(self.anne.id, "throttle.anne", address=ATTACKER)
        # Every login from that address is refused; the owner elsewhere is not.
        self.assertFalse(self.xmlrpc_authenticate("throttle.bert", "throttle.bert", address=ATTACKER))
        self.assertEqual(self.xmlrpc_execute(self.anne.id, "throttle.anne", address=OWNER), self.partner_count())

    def test_xmlrpc_unknown_uid_counts_for_the_address(self):
        self.env["ir.config_parameter"].sudo().set_param("client_desk.login_address_max_failures", "2")
        for _attempt in range(2):
            with self.assertRaises(Fault):
                self.xmlrpc_execute(999999999, "wrong", address=ATTACKER)
        self.assertFalse(self.xmlrpc_authenticate("throttle.bert", "throttle.bert", address=ATTACKER))

    def partner_count(self):
        return self.env["res.partner"].sudo(self.anne).search_count([])


class TestThrottleHits(common.SavepointCase):
    """The generic throttle the booking module reuses, and its clean-up cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hits = cls.env["client.desk.throttle.hit"]

    def test_hit_unless_throttled(self):
        for _attempt in range(3):
            self.assertTrue(self.hits._hit_unless_throttled("booking", "198.51.100.7", 3, 60))
        self.assertFalse(self.hits._hit_unless_throttled("booking", "198.51.100.7", 3, 60))
        self.assertEqual(self.hits.search_count([("scope", "=", "booking")]), 3)  # refusals not counted
        self.assertTrue(self.hits._hit_unless_throttled("booking", "203.0.113.9", 3, 60))
        self.assertTrue(self.hits._hit_unless_throttled("message", "198.51.100.7", 3, 60))

    def test_keys_ignore_case_and_spaces(self):
        self.hits._hit("login", " Anne@Example.com ")
        self.assertTrue(self.hits._is_throttled("login", "anne@example.com", 1, 15))

    def test_empty_key_is_never_throttled(self):
        self.hits._hit("login_address", None)
        self.assertFalse(self.hits._is_throttled("login_address", None, 1, 15))
        self.assertFalse(self.hits.search([("scope", "=", "login_address")]))

    def test_cron_deletes_old_hits_only(self):
        old = self.hits._hit("login", "old.one")
        old.write({"date": fields.Datetime.to_string(datetime.utcnow() - timedelta(days=3))})
        recent = self.hits._hit("login", "recent.one")
        self.hits._cron_delete_old_hits()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())

    def test_cron_is_scheduled(self):
        cron = self.env.ref("client_desk.ir_cron_client_desk_throttle_hit_cleanup")
        self.assertTrue(cron.active)
        self.assertEqual(cron.model_id.model, "client.desk.throttle.hit")

    def test_staff_cannot_read_or_write_attempts(self):
        staff = new_user(self.env, "throttle.staff", "user")
        manager = new_user(self.env, "throttle.manager", "manager")
        self.hits._hit("login", "someone")
        with self.assertRaises(odoo.exceptions.AccessError):
            self.hits.sudo(staff).search([])
        self.assertTrue(self.hits.sudo(manager).search([]))
        with self.assertRaises(odoo.exceptions.AccessError):
            self.hits.sudo(manager).create({"scope": "login", "key": "victim"})
