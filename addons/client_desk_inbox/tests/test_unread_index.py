from odoo.addons.client_desk.tests.harness import new_user

from .common import InboxCase


class TestUnreadIndex(InboxCase):
    """The Unread folder is kept as rows by the event bus: its count is an index-only count,
    and it always says what the folder shows (you, or the delegate; open only; own company)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other = Partner.create({"name": "Bert Claes", "client_desk_is_client": True, "email": "bert@x.example"})
        cls.third = Partner.create({"name": "Chris Dua", "client_desk_is_client": True, "email": "chris@x.example"})

    def count(self, user):
        return self.env["client.desk.conversation"].sudo(user).client_desk_unread_count()

    def folder(self, user):
        """The Unread folder as a plain search (not the counted domain)."""
        return self.env["client.desk.conversation"].sudo(user).search(
            [("is_unread", "=", True), ("state", "=", "open"), ("id", "!=", 0)])

    def assertCountsMatchFolder(self, *users):
        Conversation = self.env["client.desk.conversation"]
        for user in users:
            folder = self.folder(user)
            self.assertEqual(self.count(user), len(folder), user.login)
            self.assertEqual(Conversation.sudo(user).search_count(Conversation.UNREAD_DOMAIN), len(folder))

    def test_count_follows_reading_delegation_archive_and_unread(self):
        base, manager_base = self.count(self.staff), self.count(self.manager)
        self.receive(self.client, "Eén")
        self.receive(self.other, "Twee")
        self.receive(self.third, "Drie")
        first, second, third = (self.conversation_of(p) for p in (self.client, self.other, self.third))
        self.assertEqual(self.count(self.staff), base + 3)
        self.assertCountsMatchFolder(self.staff, self.manager)
        self.open_page(first, self.staff)
        self.assertEqual(self.count(self.staff), base + 2)
        self.assertEqual(self.count(self.manager), manager_base + 3)
        self.assertIn(first, self.folder(self.manager), "reading is per colleague")
        # Delegated to the manager: unread for everyone until the manager reads it.
        second.sudo(self.staff).client_desk_delegate(self.manager)
        self.assertIn(second, self.folder(self.staff))
        self.open_page(second, self.staff)
        self.assertIn(second, self.folder(self.staff), "the delegate's reading counts, not yours")
        self.open_page(second, self.manager)
        self.assertNotIn(second, self.folder(self.staff))
        self.assertNotIn(second, self.folder(self.manager))
        third.sudo(self.staff).action_archive()
        self.assertNotIn(third, self.folder(self.staff))
        self.assertCountsMatchFolder(self.staff, self.manager)
        third.sudo(self.staff).action_restore()
        self.assertIn(third, self.folder(self.staff))
        first.sudo(self.staff).action_mark_unread()
        self.assertIn(first, self.folder(self.staff))
        # Undelegated: each colleague's own reading counts again.
        second.sudo().write({"user_id": False})
        self.assertNotIn(second, self.folder(self.manager))
        self.assertNotIn(second, self.folder(self.staff), "staff opened it while it was delegated")
        self.receive(self.other, "Nog eentje")
        self.assertIn(second, self.folder(self.staff))
        self.assertIn(second, self.folder(self.manager))
        self.assertCountsMatchFolder(self.staff, self.manager)

    def test_new_colleague_gets_their_unread_folder(self):
        self.receive(self.client, "Hallo")
        conversation = self.conversation_of(self.client)
        newcomer = new_user(self.env, "inbox.unread.newcomer", "user")
        self.assertIn(conversation, self.folder(newcomer))
        self.assertCountsMatchFolder(newcomer)
        newcomer.write({"active": False})
        self.assertFalse(self.env["client.desk.conversation.unread"].sudo().search([("user_id", "=", newcomer.id)]))

    def test_other_company_not_counted(self):
        company_b = self.setUpSecondCompany("Salon B")
        self.other.write({"company_id": company_b.id})
        self.receive(self.other, "Van salon B")
        conversation = self.conversation_of(self.other)
        self.assertEqual(conversation.company_id, company_b)
        self.assertNotIn(conversation, self.folder(self.staff))
        self.assertCountsMatchFolder(self.staff, self.staff_b)
        self.assertIn(conversation, self.folder(self.staff_b))

    def test_count_is_an_index_only_count(self):
        self.receive(self.client, "Hallo")
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "EXPLAIN SELECT count(*) FROM client_desk_conversation_unread"
            " WHERE user_id = %s AND is_open AND (company_id IS NULL OR company_id IN %s)",
            (self.staff.id, (self.staff.company_id.id,)))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("client_desk_conversation_unread_count_idx", plan)
        self.assertNotIn("client_desk_conversation ", plan.replace("client_desk_conversation_unread", ""))

    def test_portal_and_employee_count_nothing(self):
        self.receive(self.client, "Hallo")
        self.assertEqual(self.count(self.portal_user), 0)
        self.assertEqual(self.count(self.employee), 0)
