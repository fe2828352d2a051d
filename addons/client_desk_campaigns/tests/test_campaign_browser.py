from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from odoo.addons.client_desk.tests.harness import BrowserTestCase, new_user

from ..tools.personalise import client_names


class TestCampaignBrowser(BrowserTestCase):
    """A staff member creates an SMS campaign in the web client, sees the character counter
    follow the text while typing, and sends it: the opted-in client is queued and gets it."""

    def click_xpath(self, xpath, timeout=60):
        """Clicks the element once it can be clicked (the form re-renders as fields change)."""
        with self.server_turn():
            WebDriverWait(self.browser, timeout).until(
                expected_conditions.element_to_be_clickable((By.XPATH, xpath))).click()

    def test_create_and_send_sms_campaign(self):
        new_user(self.env, "campaign.browser", "user", name="Camille Campagne")
        for gateway in self.env["client.desk.sms.gateway"].search([]):
            gateway.active = False
        self.env["client.desk.sms.gateway"].create({"name": "Browser gateway", "kind": "test", "company_id": False})
        client = self.env["res.partner"].create({
            "name": "Fien Browsercampagne", "client_desk_is_client": True, "mobile": "0470 99 88 77",
            "client_desk_marketing_opt_in": True, "lang": "en_US"})
        action = self.env.ref("client_desk_campaigns.mail_mass_mailing_action")
        body = "Hi {client_first_name}, book your spring cut"
        expected = self.env["mail.mass_mailing"]._client_desk_sms_text(body, client_names("", ""))
        self.browser_login("campaign.browser")
        self.wait_for(".o_main_navbar, .o_web_client")
        self.open("/web#action=%d&view_type=form" % action.id)
        name = self.wait_for(".o_form_view input.o_field_widget[name=name]")
        with self.server_turn():
            name.send_keys("Browser spring campaign")
        self.click('.o_field_widget[name=client_desk_channel] input[data-value="sms"]')
        self.click_xpath("//div[contains(@class, 'o_notebook')]//a[normalize-space()='SMS']")
        text = self.wait_for(".o_form_view textarea.o_field_widget[name=client_desk_sms_body]")
        with self.server_turn():
            text.send_keys(body)
        # The counter follows while the text field still has the focus (no blur, no save).
        self.wait_for_text(".o_form_view .o_field_widget[name=client_desk_sms_length]", str(len(expected)))
        self.wait_for_text(".o_form_view .o_field_widget[name=client_desk_sms_segments]", "1")
        # Odoo 11 renders header buttons without their name: found by their text.
        self.click_xpath("//div[contains(@class, 'o_statusbar_buttons')]//button[normalize-space()='Send now']")
        self.click(".modal-footer .btn-primary")
        self.wait_for_text(".o_form_view .o_statusbar_status .btn-primary", "In Queue")
        campaign = self.env["mail.mass_mailing"].search([("name", "=", "Browser spring campaign")])
        self.assertEqual((campaign.client_desk_channel, campaign.client_desk_sms_body), ("sms", body))
        row = campaign.client_desk_recipient_ids.filtered(lambda r: r.partner_id == client)
        self.assertEqual(row.state, "queued")
        campaign._client_desk_drain(rate=0)
        self.assertEqual(row.state, "sent")
        self.assertTrue(row.sms_id.body.startswith("Hi Fien, book your spring cut"))
        self.assertEqual(row.sms_id.state, "sent")
