import re
from xmlrpc.client import Fault

from odoo.tests import common
from odoo.tools import plaintext2html

from odoo.addons.client_desk.tests.harness import HttpTestCase, new_user


class TestPortalMessages(HttpTestCase):
    """/my/messages over HTTP, the tracking pixel, and the inbox over XML-RPC, as each kind
    of user."""

    def setUp(self):
        super().setUp()
        self.anne = new_user(self.env, "inbox.anne", "portal", name="Anne Portal")
        self.anne.partner_id.write({"client_desk_is_client": True, "email": "inbox.anne@example.com"})
        self.bob = new_user(self.env, "inbox.bob", "portal", name="Bob Portal")
        self.bob.partner_id.write({"client_desk_is_client": True})
        self.staff = new_user(self.env, "inbox.staff", "user", name="Sam Staff")
        anne = self.anne.partner_id
        anne._client_desk_event("message_in", plaintext2html("Anne asks about Friday"), author=anne)
        anne.sudo(self.staff).message_post(body="Anne pays late", subtype="mail.mt_note", message_type="comment")
        anne.sudo(self.staff).message_post(
            body="Friday is fine", subtype="mail.mt_comment", message_type="comment")
        self.bob.partner_id.message_post(
            body="Bob secret question", subtype="mail.mt_comment", message_type="comment",
            author_id=self.bob.partner_id.id)

    def conversation(self, partner):
        return self.env["client.desk.conversation"].search([("partner_id", "=", partner.id)])

    def test_client_sees_own_messages_never_notes_nor_others(self):
        self.login("inbox.anne")
        response = self.get("/my/messages")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Friday is fine", response.text)
        self.assertNotIn("Anne pays late", response.text)
        self.assertNotIn("Bob secret question", response.text)

    def test_post_with_csrf_is_from_the_client_source_portal(self):
        self.login("inbox.anne")
        response = self.post("/my/messages/post", {"body": "<script>x</script>Can I come at 10?"},
                             csrf_from="/my/messages")
        self.assertEqual(response.status_code, 200)
        conversation = self.conversation(self.anne.partner_id)
        message = conversation.last_message_id
        self.assertEqual(message.author_id, self.anne.partner_id)
        self.assertEqual(message.client_desk_kind, "message_in")
        self.assertNotIn("<script>", message.body)
        self.assertEqual(conversation.source, "portal")
        self.assertEqual(conversation.direction, "in")

    def test_post_without_csrf_or_by_get_or_empty_is_refused(self):
        self.login("inbox.anne")
        before = self.conversation(self.anne.partner_id).message_count
        self.assertEqual(self.post("/my/messages/post", {"body": "no csrf"}).status_code, 400)
        self.assertIn(self.get("/my/messages/post?body=get").status_code, (404, 405))
        response = self.post("/my/messages/post", {"body": "  "}, csrf_from="/my/messages")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.conversation(self.anne.partner_id).message_count, before)

    def test_public_is_sent_to_login(self):
        response = self.get("/my/messages", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def call(self, user, method, args, kwargs=None):
        """execute_kw on client.desk.conversation as user, over real XML-RPC."""
        with self.server_turn():
            return self.xmlrpc_object.execute_kw(
                common.get_db_name(), user.id, user.login, "client.desk.conversation", method, args, kwargs or {})

    def test_xmlrpc_portal_is_refused_staff_gets_plain_values(self):
        conversation_id = self.conversation(self.anne.partner_id).id
        for method, args in (("search_read", [[]]), ("read", [[conversation_id]]),
                             ("client_desk_reply", [[conversation_id], "hi"])):
            with self.assertRaises(Fault):
                self.call(self.anne, method, args)
        message_id = self.call(self.staff, "client_desk_reply", [[conversation_id], "See you"],
                               {"context": {"mail_notify_force_send": False}})
        self.assertIsInstance(message_id, int)
        self.assertEqual(self.env["mail.message"].browse(message_id).author_id, self.staff.partner_id)

    def test_tracking_pixel_marks_read(self):
        conversation = self.conversation(self.anne.partner_id)
        message = self.env["mail.message"].browse(
            conversation.sudo(self.staff).with_context(mail_notify_force_send=False).client_desk_reply("See you"))
        self.env["mail.mail"].search([("mail_message_id", "=", message.id)]).send()
        tracking = self.env["mail.tracking.email"].search([("mail_message_id", "=", message.id)])
        self.assertTrue(tracking)
        path = "/mail/tracking/open/%s/%d/blank.gif" % (self.env.cr.dbname, tracking.id)
        # Counting ids, or a forged signature, opens nothing (stock mail_tracking: it did).
        for forged in (path, path + "?signature=" + "0" * 32):
            response = self.get(forged)
            self.assertEqual((response.status_code, response.headers["Content-Type"]), (200, "image/gif"))
            message.invalidate_cache()
            self.assertNotEqual(message.client_desk_delivery_status, "read")
        signed = re.search(r'src="[^"]*(/mail/tracking/open/[^"]+)"', tracking._get_mail_tracking_img()).group(1)
        self.assertIn("signature=", signed)
        response = self.get(signed.replace("&amp;", "&"))
        self.assertEqual(response.status_code, 200)
        message.invalidate_cache()
        self.assertEqual(message.client_desk_delivery_status, "read")
        self.assertTrue(message.client_desk_delivery_detail)

    def test_xmlrpc_unread_count_and_canned_reply_are_plain_values(self):
        folder = self.env["client.desk.conversation"].sudo(self.staff).search(
            [("is_unread", "=", True), ("state", "=", "open"), ("id", "!=", 0)])
        self.assertIn(self.conversation(self.bob.partner_id), folder)
        self.assertEqual(self.call(self.staff, "client_desk_unread_count", []), len(folder))
        self.assertEqual(self.call(self.anne, "client_desk_unread_count", []), 0)
        reply = self.env["client.desk.canned.reply"].create({
            "name": "Dag", "body_nl": "Dag {first_name}", "body_fr": "Bonjour {first_name}"})
        with self.server_turn():
            text = self.xmlrpc_object.execute_kw(
                common.get_db_name(), self.staff.id, self.staff.login, "client.desk.canned.reply",
                "client_desk_render", [[reply.id], self.anne.partner_id.id])
        self.assertEqual(text, "Dag Anne")
        with self.assertRaises(Fault):
            with self.server_turn():
                self.xmlrpc_object.execute_kw(
                    common.get_db_name(), self.anne.id, self.anne.login, "client.desk.canned.reply",
                    "client_desk_render", [[reply.id], self.anne.partner_id.id])
