from selenium.webdriver.common.by import By

from odoo.tools import plaintext2html

from odoo.addons.client_desk.tests.harness import BrowserTestCase, new_user
from odoo.addons.client_desk.tests.harness.browser import WarningRecorder


class TestInboxBrowser(BrowserTestCase):
    """A colleague answers a client and asks to be reminded, in a real browser."""

    def test_reply_then_follow_up(self):
        staff = new_user(self.env, "inbox.browser", "user", name="Joëlle Inbox")
        client = self.env["res.partner"].create({
            "name": "Mireille Browser", "email": "mireille@browser.example", "client_desk_is_client": True})
        client._client_desk_event("message_in", plaintext2html("Kan ik zaterdag komen?"), author=client)
        conversation = self.env["client.desk.conversation"].search([("partner_id", "=", client.id)])
        action = self.env.ref("client_desk_inbox.client_desk_conversation_action_inbox")
        with WarningRecorder() as warnings:
            self.browser_login("inbox.browser")
            self.wait_for(".o_main_navbar, .o_web_client")
            self.open("/web#model=client.desk.conversation&view_type=form&id=%d&action=%d"
                      % (conversation.id, action.id))
            self.wait_for_text(".o_client_desk_thread", "Kan ik zaterdag komen?")
            self.click(".o_form_button_edit")
            with self.server_turn():
                self.browser.find_element(By.CSS_SELECTOR, "textarea[name=draft_body]").send_keys(
                    "Zeker, om 10 uur?")
            self.click("button[name=action_send_reply]")
            self.wait_for_text(".o_client_desk_thread", "Zeker, om 10 uur?")
            self.click(".o_form_view .o_statusbar_buttons button.o_client_desk_inbox_remind")
            note = self.wait_for(".modal textarea[name=note]")
            with self.server_turn():
                note.send_keys("Bevestiging nakijken")
            self.click(".modal button[name=action_save]")
            self.wait_for_text(".o_form_view .alert-info", "Bevestiging nakijken")
            self.screenshot("client_desk_inbox_reply_follow_up")
        self.env.cache.invalidate()
        reply = conversation.last_message_id
        self.assertEqual(reply.author_id, staff.partner_id)
        self.assertEqual(reply.client_desk_kind, "message_out")
        self.assertIn("om 10 uur", reply.body)
        self.assertTrue(conversation.follow_up)
        self.assertEqual(conversation.follow_up_user_id, staff)
        self.assertEqual(conversation.follow_up_activity_id.user_id, staff)
        self.assertFalse(conversation.draft_body)
        self.assertEqual(warnings.lines(), [])
