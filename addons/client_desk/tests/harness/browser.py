"""Headless Debian Chromium driven through chromedriver (selenium), against the test server.

Odoo 11's own tours need PhantomJS, which no registry here serves; this replaces it.
"""
import logging
import os
import shutil
import tempfile

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from .chromium import ROOT, start_chromium
from .http import HttpTestCase

SCREENSHOTS = os.path.join(ROOT, "tests", "screenshots")


class WarningRecorder(logging.Handler):
    """Keeps every WARNING or worse that the server logs while it is attached."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)

    def __enter__(self):
        root = logging.getLogger()
        self._level = root.level
        root.setLevel(min(root.level, logging.WARNING) if root.level else logging.WARNING)
        root.addHandler(self)
        return self

    def __exit__(self, *exc):
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._level)

    def lines(self):
        return ["%s %s: %s" % (r.levelname, r.name, r.getMessage()) for r in self.records]


class BrowserTestCase(HttpTestCase):
    """HttpTestCase with a headless Chromium (self.browser) shared by the class's tests."""

    browser = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._profile = tempfile.mkdtemp(prefix="client-desk-chromium-")
        cls.browser = start_chromium(cls._profile)

    @classmethod
    def tearDownClass(cls):
        if cls.browser:
            cls.browser.quit()
        shutil.rmtree(cls._profile, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        # Leave the last test's page first: its web client holds a long-polling request whose
        # answer, arriving after the cookies are gone, set the old session cookie again (the
        # next login then failed its CSRF check, now and then).
        with self.server_turn():
            self.browser.get("about:blank")
        # delete_all_cookies() only reaches the current page's site, which about:blank has not.
        self.browser.execute_cdp_cmd("Network.clearBrowserCookies", {})

    # Every helper that makes the browser talk to the server runs in server_turn(): the
    # server's threads need the test's cursor meanwhile.

    def open(self, path):
        with self.server_turn():
            self.browser.get(self.url(path))

    def wait_for(self, css, timeout=60):
        """Waits until an element matching the CSS selector is visible; returns it."""
        try:
            with self.server_turn():
                return WebDriverWait(self.browser, timeout).until(
                    expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css))
                )
        except TimeoutException:
            self.screenshot("timeout-%s" % self._testMethodName)
            raise AssertionError("%r did not show within %ss on %s" % (css, timeout, self.browser.current_url))

    def wait_for_text(self, css, text, timeout=60):
        """Waits until an element matching the CSS selector shows text. Unlike reading .text
        of what wait_for returned, it survives the web client re-rendering the element in
        between (a search reloading a kanban): a stale element is looked up again."""
        try:
            with self.server_turn():
                WebDriverWait(self.browser, timeout).until(
                    expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, css), text)
                )
        except TimeoutException:
            self.screenshot("timeout-%s" % self._testMethodName)
            raise AssertionError("%r did not show %r within %ss on %s" % (css, text, timeout, self.browser.current_url))

    def click(self, css, timeout=60):
        with self.server_turn():
            element = WebDriverWait(self.browser, timeout).until(
                expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, css))
            )
            element.click()
        return element

    def browser_login(self, login, password=None):
        """Logs in through the real login form and waits for the web client or portal."""
        self.open("/web/login")
        with self.server_turn():
            self.browser.find_element(By.CSS_SELECTOR, "input[name=login]").send_keys(login)
            self.browser.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password or login)
            self.browser.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
            WebDriverWait(self.browser, 60).until(lambda driver: "/web/login" not in driver.current_url)

    def screenshot(self, name):
        """Saves a PNG of the page under tests/screenshots/ and returns its path."""
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, "%s.png" % name)
        self.browser.save_screenshot(path)
        return path
