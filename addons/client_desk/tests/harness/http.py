"""Real HTTP against the test database.

Odoo 11's HttpCase talks to a server on odoo.tests.common.PORT and, in "test mode", lets that
server share the test's own cursor, so pages see the test's uncommitted records and everything
is rolled back afterwards. Under pytest, start_http_server() (called by the repository's
conftest.py) provides that server inside the pytest process; under Odoo's own runner
(odoo-bin --test-enable) Odoo serves HTTP itself, on the configured http_port, and the tests
run after the modules are installed (post_install), when the server answers every route.
"""
import contextlib
import re
from xmlrpc import client as xmlrpclib

import odoo
from odoo.service import server as odoo_server
from odoo.service import wsgi_server
from odoo.tests import common

from .network import free_port, wait_for_port

CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
_server = None


def start_http_server():
    """Spawns Odoo's threaded HTTP server on a free loopback port (once per process)."""
    global _server
    if _server is None:
        port = free_port()
        odoo.tools.config["http_interface"] = "127.0.0.1"
        odoo.tools.config["http_port"] = port
        common.PORT = port
        _server = odoo_server.ThreadedServer(wsgi_server.application)
        _server.http_spawn()
        wait_for_port(port)
    return _server


def server_port():
    """The port of the server the tests talk to: ours under pytest, Odoo's under its runner
    (odoo.tests.common.PORT is read at import, possibly before the command line was)."""
    return common.PORT if _server is not None else odoo.tools.config["http_port"]


class HttpTestCase(common.HttpCase):
    """HttpCase with what portal and website tests need: base URL, form login, CSRF, 404s.

    Unlike Odoo 11's HttpCase, the test and the server share one cursor, so records the test
    creates are visible to the pages it requests (and the pages' changes to the test).
    """

    registry_test_mode = False  # entered below, before the test's cursor is made
    # Under Odoo's runner: after every module of the install is loaded, as HTTP tests must.
    at_install = False
    post_install = True

    def setUp(self):
        self.registry = odoo.registry(common.get_db_name())
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)
        super().setUp()
        self.base_url = "http://%s:%s" % (common.HOST, server_port())
        # HttpCase builds these at collection time, before the server had its port.
        self.xmlrpc_common = xmlrpclib.ServerProxy(self.base_url + "/xmlrpc/2/common")
        self.xmlrpc_object = xmlrpclib.ServerProxy(self.base_url + "/xmlrpc/2/object")
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url)

    def url(self, path):
        return self.base_url + path

    def url_open(self, url, data=None, timeout=30):
        if url.startswith("/"):
            url = self.url(url)
        if data:
            return self.request("post", url, data=data, timeout=timeout)
        return self.request("get", url, timeout=timeout)

    def request(self, method, url, **kwargs):
        """Sends a request; the test's pending writes are kept even if the request fails,
        and the test's caches are refreshed with what the request changed."""
        kwargs.setdefault("timeout", 30)
        with self.server_turn():
            return self.opener.request(method, url, **kwargs)

    @contextlib.contextmanager
    def server_turn(self):
        """Lets the server's request threads use the shared cursor while the test waits.

        The cursor is guarded by a lock that this thread holds from setUp on; it is handed to
        the server for the block. Pending writes of the test are kept (a failing request rolls
        back only to here) and the test's caches are refreshed with what the server changed.
        """
        # On a test cursor commit() only moves its savepoint past the test's writes.
        self.cr.commit()  # pylint: disable=invalid-commit
        self.cr.release()
        try:
            yield
        finally:
            self.cr.acquire()
            self.env.cache.invalidate()

    def get(self, path, **kwargs):
        return self.request("get", self.url(path), **kwargs)

    def post(self, path, data=None, csrf_from=None, **kwargs):
        """POSTs a form; with csrf_from, first reads a CSRF token from that page."""
        data = dict(data or {})
        if csrf_from:
            data["csrf_token"] = self.csrf_token(csrf_from)
        return self.request("post", self.url(path), data=data, **kwargs)

    def csrf_token(self, path):
        response = self.get(path)
        match = CSRF_INPUT.search(response.text)
        self.assertTrue(match, "no csrf_token input on %s (HTTP %s)" % (path, response.status_code))
        return match.group(1)

    def login(self, login, password=None):
        """Logs the HTTP session in through the real /web/login form."""
        response = self.post(
            "/web/login",
            {"login": login, "password": password or login, "redirect": "/my"},
            csrf_from="/web/login",
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertNotIn("Wrong login/password", response.text)
        return response

    def assertNotFound(self, response):
        self.assertEqual(response.status_code, 404, "expected 404, got %s" % response.status_code)
