from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import InboxCase


class TestConversation(InboxCase):
    """The conversation index is kept by the event bus; unread per reader; order; folders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create({
            "name": "Bart Claes", "email": "bart.claes@example.com", "client_desk_is_client": True})

    def test_incoming_message_creates_the_conversation(self):
        message = self.receive(self.client, "Kan ik <b>morgen</b> komen?")
        conversation = self.conversation_of(self.client)
        self.assertEqual(len(conversation), 1)
        self.assertEqual(conversation.last_message_id, message)
        self.assertEqual(conversation.direction, "in")
        self.assertEqual(conversation.last_in_id, message.id)
        self.assertEqual(conversation.message_count, 1)
        self.assertIn("Kan ik <b>morgen</b> komen?", conversation.preview)
        self.receive(self.client, "Of overmorgen?")
        self.assertEqual(conversation.message_count, 2)
        self.assertEqual(conversation.preview, "Of overmorgen?")

    def test_plain_chatter_message_is_indexed_and_notes_are_not(self):
        self.client.sudo(self.staff).message_post(body="Interne nota", subtype="mail.mt_note", message_type="comment")
        self.assertFalse(self.conversation_of(self.client))
        self.client.sudo(self.staff).message_post(
            body="Tot morgen", subtype="mail.mt_comment", message_type="comment")
        conversation = self.conversation_of(self.client)
        self.assertEqual(conversation.direction, "out")
        self.assertTrue(conversation.last_out_date)
        self.assertFalse(conversation.last_in_id)

    def test_bookkeeping_events_and_non_clients_make_no_conversation(self):
        self.client._client_desk_event("profile", "<p>Adres gewijzigd</p>")
        self.assertFalse(self.conversation_of(self.client))
        supplier = self.env["res.partner"].create({"name": "Leverancier", "email": "lev@example.com"})
        supplier.message_post(body="Hallo", message_type="comment", subtype="mail.mt_comment", author_id=supplier.id)
        self.assertFalse(self.conversation_of(supplier))

    def test_unread_per_user_until_opened(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client)
        self.assertIn(conversation, self.unread_for(self.staff))
        self.assertIn(conversation, self.unread_for(self.manager))
        page = self.open_page(conversation, self.staff)
        self.assertIn("Hallo", page["thread_html"])
        self.assertNotIn(conversation, self.unread_for(self.staff))
        self.assertIn(conversation, self.unread_for(self.manager))
        self.assertTrue(conversation.sudo(self.manager).is_unread)
        self.assertFalse(conversation.sudo(self.staff).is_unread)
        self.receive(self.client, "Nog een vraag")
        self.assertIn(conversation, self.unread_for(self.staff))

    def test_unread_follows_the_delegate(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client)
        conversation.sudo(self.staff).client_desk_delegate(self.manager)
        self.open_page(conversation, self.staff)
        self.assertIn(conversation, self.unread_for(self.staff), "not read by the delegate yet")
        self.open_page(conversation, self.manager)
        self.assertNotIn(conversation, self.unread_for(self.staff))
        self.assertNotIn(conversation, self.unread_for(self.manager))

    def test_mark_unread_and_read(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client).sudo(self.staff)
        conversation.action_mark_read()
        self.assertFalse(self.unread_for(self.staff, conversation))
        conversation.action_mark_unread()
        self.assertTrue(self.unread_for(self.staff, conversation))

    def test_delegate_only_to_staff_and_notifies(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client).sudo(self.staff)
        with self.assertRaises(UserError):
            conversation.client_desk_delegate(self.portal_user)
        with self.assertRaises(UserError):
            conversation.client_desk_delegate(self.employee)
        self.assertFalse(conversation.user_id)
        conversation.client_desk_delegate(self.manager.id)
        self.assertEqual(conversation.user_id, self.manager)
        mail = self.env["mail.mail"].search([("email_to", "ilike", self.manager.email)])
        self.assertTrue(mail)
        self.assertIn("Anne Peeters", mail[0].body_html)

    def test_order_due_follow_ups_first_then_latest(self):
        self.receive(self.client, "Eerst")
        self.receive(self.other, "Later")
        model = self.env["client.desk.conversation"].sudo(self.staff)
        ids = [self.conversation_of(self.client).id, self.conversation_of(self.other).id]
        self.assertEqual(model.search([("id", "in", ids)]).mapped("partner_id"), self.other | self.client)
        self.conversation_of(self.client).sudo(self.staff).client_desk_follow_up(
            remind_on=fields.Date.context_today(model))
        self.assertEqual(model.search([("id", "in", ids)])[0].partner_id, self.client)

    def test_archive_delete_restore_and_client_writing_again(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client).sudo(self.staff)
        conversation.action_archive()
        self.assertEqual(conversation.state, "archived")
        self.receive(self.client, "Ben je daar?")
        self.assertEqual(conversation.state, "open")
        conversation.action_delete()
        self.assertEqual(conversation.state, "deleted")
        self.assertTrue(conversation.deleted_date)
        conversation.action_restore()
        self.assertEqual(conversation.state, "open")
        self.assertFalse(conversation.deleted_date)

    def test_purge_cron_only_after_30_days(self):
        self.receive(self.client, "Hallo")
        self.receive(self.other, "Dag")
        old, recent = self.conversation_of(self.client), self.conversation_of(self.other)
        (old | recent).action_delete()
        old.write({"deleted_date": fields.Datetime.to_string(datetime.utcnow() - timedelta(days=31))})
        recent.write({"deleted_date": fields.Datetime.to_string(datetime.utcnow() - timedelta(days=29))})
        self.env["client.desk.conversation"]._cron_purge_deleted()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        # The client's history stays on the card.
        history = [("model", "=", "res.partner"), ("res_id", "=", self.client.id)]
        self.assertTrue(self.env["mail.message"].search(history))

    def test_reply_clears_follow_up_and_reads(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client).sudo(self.staff)
        conversation.client_desk_follow_up(remind_on=None, note="Terugbellen")
        self.assertTrue(conversation.follow_up)
        conversation.with_context(mail_notify_force_send=False).client_desk_reply("Dag Anne, dat kan.")
        self.assertFalse(conversation.follow_up)
        self.assertEqual(conversation.direction, "out")
        self.assertFalse(self.unread_for(self.staff, conversation))

    def test_thread_shows_events_notes_and_escapes_client_text(self):
        self.receive(self.client, "<script>alert(1)</script> Hallo")
        self.client.sudo(self.staff).message_post(body="Betaalt laat", subtype="mail.mt_note", message_type="comment")
        self.client._client_desk_event("consent", "<p>Toestemming gegeven</p>")
        html = self.open_page(self.conversation_of(self.client), self.staff)["thread_html"]
        self.assertIn("o_client_desk_bubble", html)
        self.assertIn("o_client_desk_note", html)
        self.assertIn("o_client_desk_event", html)
        self.assertNotIn("<script>", html)

    def test_dashboard_tile_and_menu_count_unread(self):
        self.receive(self.client, "Hallo")
        tile = self.env.ref("client_desk_inbox.tile_unread_conversations").sudo(self.staff)
        before = tile.value
        self.receive(self.other, "Dag")
        tile.invalidate_cache()
        self.assertEqual(tile.value, before + 1)
        self.env["ir.ui.menu"].clear_caches()
        menus = self.env["ir.ui.menu"].sudo(self.staff).load_menus(False)
        menu_id = self.env.ref("client_desk_inbox.client_desk_conversation_menu_unread").id

        def find(node):
            if node.get("id") == menu_id:
                return node
            for child in node.get("children") or []:
                found = find(child)
                if found:
                    return found
            return None

        self.assertTrue(find(menus)["name"].endswith("(%d)" % (before + 1)))
        # The cached tree itself is untouched.
        self.assertEqual(self.env["ir.ui.menu"].browse(menu_id).name, "Unread")

    def test_bulk_actions_need_staff(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client)
        for user in (self.employee, self.portal_user):
            with self.assertRaises(AccessError):
                conversation.sudo(user).action_archive()
        self.assertEqual(conversation.state, "open")

    def test_list_name_follows_the_client(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client)
        self.assertEqual(conversation.name, "Anne Peeters")
        self.client.write({"name": "Anne Janssens"})
        conversation.invalidate_cache()
        self.assertEqual(conversation.name, "Anne Janssens")
