from odoo.exceptions import UserError

from .test_client_card import ClientCardCase


class TestClientSearch(ClientCardCase):
    """One search box: name, e-mail, number and phone typed any way (contract 3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.joske = cls.Partner.create({
            "client_desk_is_client": True, "client_desk_first_name": "Joske", "client_desk_last_name": "Vermeulen",
            "email": "Joske.Vermeulen@Telenet.be", "mobile": "+32 478 96 74 58",
        })
        cls.anne = cls.Partner.create({
            "client_desk_is_client": True, "name": "Anne-Gaëlle Dessart", "email": "ag.dessart@skynet.be",
            "phone": "02 511 22 33",
        })
        cls.contact = cls.Partner.create({"name": "Joske Leverancier", "email": "verkoop@joske.example"})

    def find(self, term):
        return self.Partner.search([("client_desk_is_client", "=", True), ("client_desk_search", "ilike", term)])

    def test_phone_typed_any_way_finds_the_client(self):
        for typed in ("0478 96 74 58", "0478.96.74.58", "+32478967458", "0032 478 96 74 58", "0478/96.74.58"):
            self.assertEqual(self.find(typed), self.joske, typed)

    def test_phone_fragment_finds_the_client(self):
        self.assertEqual(self.find("96 74 58"), self.joske)
        self.assertEqual(self.find("0478 96"), self.joske)

    def test_name_email_and_number_fragments(self):
        self.assertEqual(self.find("vermeul"), self.joske)
        self.assertEqual(self.find("TELENET.BE"), self.joske)
        self.assertEqual(self.find("dessart"), self.anne)
        self.assertEqual(self.find(self.anne.client_desk_number), self.anne)

    def test_search_is_limited_to_clients_by_the_action(self):
        self.assertNotIn(self.contact, self.find("joske"))

    def test_short_digit_strings_do_not_match_phones(self):
        self.assertFalse(self.find("58") & self.joske)

    def test_suggestions_as_typed(self):
        suggestions = self.Partner.client_desk_suggest("0478 96 74", limit=8)
        self.assertEqual(suggestions, [(self.joske.id, self.joske.display_name)])

    def test_name_search_in_client_desk_context_uses_the_same_rules(self):
        result = self.Partner.with_context(client_desk=True).name_search("+32478967458")
        self.assertEqual([row[0] for row in result], [self.joske.id])

    def test_unsupported_operator_is_refused(self):
        with self.assertRaises(UserError):
            self.Partner.search([("client_desk_search", "not ilike", "x")])

    def test_trigram_indexes_exist(self):
        self.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'res_partner' AND indexname LIKE '%%_trgm'"
        )
        names = {row[0] for row in self.cr.fetchall()}
        self.assertTrue({
            "res_partner_client_desk_name_trgm", "res_partner_client_desk_email_trgm",
            "res_partner_client_desk_number_trgm", "res_partner_client_desk_phone_trgm",
        } <= names)
