import os

from selenium.webdriver.common.by import By

from client_desk_testing import BrowserTestCase, new_user
from client_desk_testing.browser import WarningRecorder


class TestBackendBrowser(BrowserTestCase):
    """Staff log in through the form and work in the Client Desk app in a real browser."""

    def test_staff_opens_dashboard_then_clients(self):
        new_user(self.env, "browser.staff", "user", name="Vincent Thibaut")
        self.env["res.partner"].create({
            "client_desk_is_client": True, "name": "Zoë Browsertest", "mobile": "0468 55 44 33"})
        root = self.env.ref("client_desk.client_desk_menu_root")
        clients_menu = self.env.ref("client_desk.client_desk_menu_clients")
        with WarningRecorder() as warnings:
            self.browser_login("browser.staff")
            self.wait_for(".o_main_navbar, .o_web_client")
            self.open("/web#menu_id=%d" % root.id)
            self.wait_for(".o_client_desk_dashboard .o_kanban_record")
            tiles = self.browser.find_element(By.CSS_SELECTOR, ".o_client_desk_dashboard").text
            self.screenshot("client_desk_dashboard")
            self.click('a[data-menu="%d"]' % clients_menu.id)
            self.wait_for(".o_res_partner_kanban .o_kanban_record")
            search = self.wait_for(".o_searchview_input")
            search.send_keys("0468.55.44.33\n")
            self.wait_for(".o_searchview_facet")
            self.wait_for(".o_res_partner_kanban .o_kanban_record")
            names = self.browser.find_element(By.CSS_SELECTOR, ".o_kanban_view").text
            path = self.screenshot("client_desk_clients_search")
        self.assertIn("New this week", tiles)
        self.assertIn("Zoë Browsertest", names)
        self.assertIn("Vincent Thibaut", self.browser.find_element(By.CSS_SELECTOR, ".o_user_menu").text)
        self.assertGreater(os.path.getsize(path), 1000)
        self.assertEqual(warnings.lines(), [], "the server logged warnings while the web client loaded")
