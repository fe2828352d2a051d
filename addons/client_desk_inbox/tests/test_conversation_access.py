from odoo.exceptions import AccessError

from .common import InboxCase


class TestConversationAccess(InboxCase):
    """Staff see their company's conversations; portal, public and non-staff reach none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSecondCompany("Salon B")
        cls.client_b = cls.env["res.partner"].create({
            "name": "Client B", "email": "client.b@example.com", "client_desk_is_client": True,
            "company_id": cls.company_b.id})
        cls.client.write({"company_id": cls.company_a.id})
        cls.receive(cls.client, "Hallo A")
        cls.receive(cls.client_b, "Hallo B")
        cls.receive(cls.portal_client, "Hallo portal")
        cls.conversation_a = cls.conversation_of(cls.client)
        cls.conversation_b = cls.conversation_of(cls.client_b)
        cls.public = cls.env.ref("base.public_user")

    def test_staff_see_their_company_only(self):
        Conversation = self.env["client.desk.conversation"]
        seen = Conversation.sudo(self.staff).search([])
        self.assertIn(self.conversation_a, seen)
        self.assertNotIn(self.conversation_b, seen)
        with self.assertRaises(AccessError):
            self.conversation_b.sudo(self.staff).read(["preview"])
        groups = Conversation.sudo(self.staff).read_group([], ["partner_id"], ["partner_id"])
        self.assertNotIn(self.client_b.id, [group["partner_id"][0] for group in groups])
        self.assertFalse(Conversation.sudo(self.staff).search([("preview", "=like", "Hallo B%")]))
        seen_b = Conversation.sudo(self.staff_b).search([])
        self.assertIn(self.conversation_b, seen_b)
        self.assertNotIn(self.conversation_a, seen_b)

    def test_portal_public_and_non_staff_reach_nothing(self):
        Conversation = self.env["client.desk.conversation"]
        own = self.conversation_of(self.portal_client)
        for user in (self.portal_user, self.public, self.employee):
            with self.assertRaises(AccessError):
                Conversation.sudo(user).search([])
            with self.assertRaises(AccessError):
                own.sudo(user).read(["preview"])
            with self.assertRaises(AccessError):
                Conversation.sudo(user).read_group([], ["partner_id"], ["partner_id"])
            with self.assertRaises(AccessError):
                own.sudo(user).write({"draft_body": "x"})
            with self.assertRaises(AccessError):
                Conversation.sudo(user).name_search("Hallo")
            with self.assertRaises(AccessError):
                self.env["client.desk.conversation.read"].sudo(user).search([])

    def test_staff_cannot_unlink_manager_can(self):
        with self.assertRaises(AccessError):
            self.conversation_a.sudo(self.staff).unlink()
        self.conversation_a.sudo(self.manager).unlink()
        self.assertFalse(self.conversation_a.exists())

    def test_staff_cannot_reply_in_other_company(self):
        with self.assertRaises(AccessError):
            self.conversation_b.sudo(self.staff).client_desk_reply("Hallo")
