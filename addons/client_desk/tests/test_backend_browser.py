import os

from selenium.webdriver.common.by import By

from client_desk_testing import BrowserTestCase, new_user
from client_desk_testing.browser import WarningRecorder


class TestBackendBrowser(BrowserTestCase):
    """Staff log in through the form and reach the Client Desk app in a real browser."""

    def test_staff_opens_client_desk_app(self):
        new_user(self.env, "browser.staff", "user", name="Vincent Thibaut")
        with WarningRecorder() as warnings:
            self.browser_login("browser.staff")
            self.wait_for(".o_main_navbar, .o_web_client")
            self.open("/web#menu_id=%d" % self.env.ref("client_desk.client_desk_menu_root").id)
            self.wait_for(".o_control_panel .breadcrumb")
            breadcrumb = self.browser.find_element(By.CSS_SELECTOR, ".o_control_panel .breadcrumb").text
            path = self.screenshot("client_desk_app")
        self.assertIn("Clients", breadcrumb)
        self.assertIn("Vincent Thibaut", self.browser.find_element(By.CSS_SELECTOR, ".o_user_menu").text)
        self.assertGreater(os.path.getsize(path), 1000)
        self.assertEqual(warnings.lines(), [], "the server logged warnings while the web client loaded")
