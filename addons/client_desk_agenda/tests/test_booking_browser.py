from selenium.webdriver.common.by import By

from odoo.addons.client_desk.tests.harness import BrowserTestCase

from .common import AgendaHttpCase


class TestBookingBrowser(BrowserTestCase, AgendaHttpCase):
    """A visitor books on a phone-sized screen from /book to the confirmation page."""

    def test_public_booking_on_a_phone(self):
        self.browser.set_window_size(390, 844)
        self.open("/book")
        self.click("a.o_client_desk_service")
        self.wait_for("select#staff")
        self.open("/book/service/%s?staff=any&day=2030-01-07" % self.service.id)
        self.click("a.o_client_desk_slot")
        self.wait_for("form.o_client_desk_booking_form")
        with self.server_turn():
            self.browser.find_element(By.CSS_SELECTOR, "input[name=name]").send_keys("Lotte Janssens")
            self.browser.find_element(By.CSS_SELECTOR, "input[name=email]").send_keys("lotte@example.com")
            self.browser.find_element(By.CSS_SELECTOR, "input[name=phone]").send_keys("0470 11 22 33")
        self.click("button.o_client_desk_book_button")
        booked = self.wait_for(".o_client_desk_booked")
        self.assertIn("Your appointment is booked", booked.text)
        self.assertLessEqual(self.browser.execute_script("return document.documentElement.scrollWidth"), 390)
        event = self.events()
        self.assertEqual(event.client_desk_partner_id.email, "lotte@example.com")
        self.assertEqual(event.start, "2030-01-07 08:00:00")
