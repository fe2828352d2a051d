from odoo.exceptions import AccessError, UserError

from .harness import new_user
from .test_client_card import ClientCardCase


class TestClientSearch(ClientCardCase):
    """One search box: name, e-mail, number and phone typed any way (contract 3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.joske = cls.Partner.create({
            "client_desk_is_client": True,
            "client_desk_first_name": "Jozef", "client_desk_last_name": "Verhaegenstraete",
            "email": "Jozef.Verhaegen@Telenet.be", "mobile": "+32 468 31 52 97",
        })
        cls.anne = cls.Partner.create({
            "client_desk_is_client": True, "name": "Marie-Thérèse Desmarteau", "email": "mt.desmarteau@skynet.be",
            "phone": "02 611 29 38",
        })
        cls.contact = cls.Partner.create({"name": "Jozef Leverancier", "email": "verkoop@jozef.example"})

    def find(self, term):
        return self.Partner.search([("client_desk_is_client", "=", True), ("client_desk_search", "ilike", term)])

    def test_phone_typed_any_way_finds_the_client(self):
        for typed in ("0468 31 52 97", "0468.31.52.97", "+32468315297", "0032 468 31 52 97", "0468/31.52.97"):
            self.assertEqual(self.find(typed), self.joske, typed)

    def test_phone_fragment_finds_the_client(self):
        self.assertEqual(self.find("31 52 97"), self.joske)
        self.assertEqual(self.find("0468 31"), self.joske)

    def test_name_email_and_number_fragments(self):
        self.assertEqual(self.find("verhaegenst"), self.joske)
        self.assertEqual(self.find("TELENET.BE"), self.joske)
        self.assertEqual(self.find("desmarteau"), self.anne)
        self.assertEqual(self.find(self.anne.client_desk_number), self.anne)

    def test_search_is_limited_to_clients_by_the_action(self):
        self.assertNotIn(self.contact, self.find("jozef"))

    def test_short_digit_strings_do_not_match_phones(self):
        self.assertFalse(self.find("58") & self.joske)

    def test_suggestions_as_typed(self):
        suggestions = self.Partner.client_desk_suggest("0468 31 52", limit=8)
        self.assertEqual(suggestions, [(self.joske.id, self.joske.display_name)])

    def test_name_search_in_client_desk_context_uses_the_same_rules(self):
        result = self.Partner.with_context(client_desk=True).name_search("+32468315297")
        self.assertEqual([row[0] for row in result], [self.joske.id])

    def test_unsupported_operator_is_refused(self):
        with self.assertRaises(UserError):
            self.Partner.search([("client_desk_search", "not ilike", "x")])

    def test_accents_and_case_do_not_matter(self):
        self.assertEqual(self.find("marie-therese"), self.anne)
        self.assertEqual(self.find("THÉRÈSE DESMA"), self.anne)

    def test_search_follows_changes_of_the_card(self):
        self.joske.write({"mobile": "0499 71 84 26", "email": "jozef@example.com"})
        self.assertEqual(self.find("0499/71.84.26"), self.joske)
        self.assertFalse(self.find("0468 31 52 97"))
        self.assertFalse(self.find("telenet"))

    def test_trigram_index_backs_the_search(self):
        self.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'res_partner_client_desk_search_text_trgm'")
        self.assertIn("gin_trgm_ops", self.cr.fetchone()[0])


class TestNameSearchEverywhere(ClientCardCase):
    """name_search without Client Desk's context (an integrator, Odoo's own pickers in quotes,
    invoices and calendar) is the one search, and keeps every stock match."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.Partner.create({
            "client_desk_is_client": True,
            "client_desk_first_name": "Godelieve", "client_desk_last_name": "Vanoverbeke",
            "name": "Lieve V.", "email": "lieve@vanoverbeke.example", "mobile": "0478 96 74 58", "ref": "KLANT-7731",
        })
        cls.company = cls.Partner.create({"name": "Haarstudio Zonnebloem", "is_company": True, "vat": "BE0477472701"})
        cls.employee = cls.Partner.create({"name": "Kristof Wuyts", "parent_id": cls.company.id})

    def ids(self, term, **kwargs):
        return [row[0] for row in self.Partner.name_search(term, **kwargs)]

    def test_phone_typed_any_way(self):
        for typed in ("0478 96", "+32478967458", "+32 478 96 74 58", "0032 478 96 74 58", "0478.96.74.58", "96 74 58"):
            self.assertIn(self.client.id, self.ids(typed), typed)

    def test_client_number(self):
        self.assertIn(self.client.id, self.ids(self.client.client_desk_number))

    def test_first_and_last_name(self):
        self.assertIn(self.client.id, self.ids("godelieve"))
        self.assertIn(self.client.id, self.ids("Vanoverbeke"))
        self.assertIn(self.client.id, self.ids("vanoverbeké"))

    def test_stock_matches_are_kept(self):
        self.assertIn(self.client.id, self.ids("Lieve V"), "name")
        self.assertIn(self.client.id, self.ids("LIEVE@VANOVERBEKE"), "e-mail")
        self.assertIn(self.client.id, self.ids("klant-7731"), "internal reference")
        self.assertIn(self.company.id, self.ids("0477472701"), "VAT")
        self.assertEqual(set(self.ids("Zonnebloem")), {self.company.id, self.employee.id}, "company contacts")

    def test_args_and_limit_are_applied(self):
        self.assertEqual(self.ids("Zonnebloem", args=[("is_company", "=", True)]), [self.company.id])
        self.assertEqual(len(self.ids("Zonnebloem", limit=1)), 1)

    def test_names_that_match_come_first_as_in_stock(self):
        # Both display names hold the term; stock then orders by display name.
        self.assertEqual(self.ids("Zonnebloem")[0], self.company.id)

    def test_other_operators_keep_stock_behaviour(self):
        self.assertEqual(self.ids("Haarstudio Zonnebloem", operator="="), [self.company.id])

    def test_access_rules_apply(self):
        portal = new_user(self.env, "search.portal", "portal")
        try:
            found = [row[0] for row in self.Partner.sudo(portal).name_search("0478 96")]
        except AccessError:
            found = []
        self.assertNotIn(self.client.id, found, "a portal user finds no other client")

    def test_search_text_of_an_existing_database_is_rebuilt_on_update(self):
        self.cr.execute("UPDATE res_partner SET client_desk_search_text = 'oud' WHERE id = %s", (self.client.id,))
        self.env["ir.config_parameter"].sudo().set_param("client_desk.search_text_version", "1")
        self.Partner._client_desk_rebuild_search_text()
        self.Partner.invalidate_cache()
        self.assertIn("godelieve", self.client.client_desk_search_text)
        self.assertIn(self.client.id, self.ids("godelieve"))
