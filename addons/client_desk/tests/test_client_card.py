from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase

from client_desk_testing import new_user


class ClientCardCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Partner = cls.env["res.partner"]
        cls.staff = new_user(cls.env, "card.staff", "user")
        cls.manager = new_user(cls.env, "card.manager", "manager")
        cls.portal = new_user(cls.env, "card.portal", "portal")

    def new_client(self, **vals):
        vals.setdefault("client_desk_is_client", True)
        return self.Partner.create(vals)


class TestClientCard(ClientCardCase):
    """The client card: name, number, status and who may do what."""

    def test_name_is_built_from_first_and_last_name(self):
        client = self.new_client(client_desk_first_name="Joske", client_desk_last_name="Vermeulen")
        self.assertEqual(client.name, "Joske Vermeulen")

    def test_given_display_name_is_kept(self):
        client = self.new_client(name="Jos V.", client_desk_first_name="Joske", client_desk_last_name="Vermeulen")
        self.assertEqual(client.name, "Jos V.")

    def test_clients_get_consecutive_unique_numbers(self):
        first = self.new_client(name="Anne Derous")
        second = self.new_client(name="Bart Van der Heijden")
        self.assertTrue(first.client_desk_number)
        self.assertEqual(int(second.client_desk_number), int(first.client_desk_number) + 1)

    def test_contact_becoming_client_gets_number(self):
        contact = self.Partner.create({"name": "Birgit Peeters"})
        self.assertFalse(contact.client_desk_number)
        contact.write({"client_desk_is_client": True})
        self.assertTrue(contact.client_desk_number)

    def test_other_company_has_own_numbering(self):
        other = self.env["res.company"].create({"name": "Coiffure Thibaut Gent"})
        mine = self.new_client(name="Denis de Deken")
        first = self.new_client(name="Dieter Vetkuif", company_id=other.id)
        second = self.new_client(name="Bart Peeters", company_id=other.id)
        following = self.new_client(name="Birgit Peeters")
        self.assertEqual(self.Partner._client_desk_number_sequence(other).company_id, other)
        self.assertEqual((first.client_desk_number, second.client_desk_number), ("00001", "00002"))
        self.assertEqual(int(following.client_desk_number), int(mine.client_desk_number) + 1)

    def test_duplicate_number_in_company_is_refused(self):
        client = self.new_client(name="Alain Saoud")
        other = self.new_client(name="Alfred Leufgen")
        with self.assertRaises(Exception), self.cr.savepoint():
            other.write({"client_desk_number": client.client_desk_number})

    def test_new_client_is_a_client_with_manual_source(self):
        client = self.new_client(name="Ann Derous")
        self.assertEqual(client.client_desk_status, "client")
        self.assertEqual(client.client_desk_source, "manual")

    def test_staff_can_create_and_edit_clients(self):
        client = self.Partner.sudo(self.staff).create({"name": "Nieuwe klant", "client_desk_is_client": True})
        client.write({"phone": "0478 96 74 58"})
        self.assertEqual(client.client_desk_phone_search, "478967458")

    def test_portal_user_cannot_read_other_clients(self):
        client = self.new_client(name="Geheime Klant", email="geheim@example.com")
        with self.assertRaises(AccessError):
            client.sudo(self.portal).read(["email"])
        with self.assertRaises(AccessError):
            self.Partner.sudo(self.portal).create({"name": "Intruder", "client_desk_is_client": True})

    def test_new_message_needs_an_email(self):
        client = self.new_client(name="Zonder Email")
        with self.assertRaises(UserError):
            client.action_client_desk_new_message()
        client.email = "met@example.com"
        action = client.action_client_desk_new_message()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_partner_ids"], [(6, 0, [client.id])])

    def test_new_message_refused_when_email_blocked(self):
        client = self.new_client(name="Geblokkeerd", email="blok@example.com", client_desk_email_blocked=True)
        with self.assertRaises(UserError):
            client.action_client_desk_new_message()

    def test_unlink_refused_with_reasons_from_hook(self):
        client = self.new_client(name="Met Afspraak")
        partner_class = type(self.Partner)
        original = partner_class._client_desk_unlink_blockers

        def blockers(record):
            return original(record) + ["has an appointment tomorrow"]

        partner_class._client_desk_unlink_blockers = blockers
        try:
            with self.assertRaises(UserError) as caught:
                client.unlink()
        finally:
            partner_class._client_desk_unlink_blockers = original
        self.assertIn("has an appointment tomorrow", caught.exception.name)
        self.assertTrue(client.exists())
        client.unlink()
        self.assertFalse(client.exists())
