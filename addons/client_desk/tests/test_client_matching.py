import hashlib
import hmac

from .common import QUIET, ClientDeskCase


class TestClientMatching(ClientDeskCase):
    """One matching rule (find_or_create, the import, the duplicate warning): clients only,
    archived ones found again, and the identity claim decides between clients who share an
    address."""

    user_prefix = "match"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"].with_context(**QUIET)

    def find(self, vals, source="booking"):
        return self.Partner.client_desk_find_or_create(vals, source)

    def test_staff_users_partner_is_never_matched(self):
        self.staff.partner_id.write({"client_desk_is_client": True, "mobile": "0479 55 66 77"})
        found = self.find({"name": "Echte Klant", "email": self.staff.email})
        self.assertNotEqual(found, self.staff.partner_id)
        self.assertNotEqual(self.find({"name": "Klant", "mobile": "+32479556677"}), self.staff.partner_id)

    def test_company_is_never_matched(self):
        company = self.Partner.create({
            "name": "Kapsalon Bvba", "is_company": True, "client_desk_is_client": True,
            "email": "info@kapsalon.example",
        })
        found = self.find({"name": "Karin", "email": "info@kapsalon.example"})
        self.assertNotEqual(found, company)
        self.assertFalse(found.is_company)

    def test_archived_client_is_found_and_reactivated_with_a_line_in_the_conversation(self):
        client = self.Partner.create({
            "name": "Slapende Klant", "email": "slaper@match.example", "client_desk_is_client": True})
        client.active = False
        found = self.find({"name": "Slapende Klant", "email": "slaper@match.example"}, "booking")
        self.assertEqual(found, client)
        self.assertTrue(client.active)
        message = client.message_ids.filtered(lambda m: m.client_desk_kind == "profile")
        self.assertEqual(len(message), 1)
        self.assertIn("reactivated", message.body)
        self.assertEqual(
            self.Partner.with_context(active_test=False).search_count(
                [("client_desk_email_normalized", "=", "slaper@match.example")]), 1)

    def test_copied_email_does_not_capture_the_clients_bookings(self):
        # The attacker is the OLDER client (lowest id) and copies the victim's address later.
        attacker = self.Partner.create({
            "name": "Aanvaller", "email": "aanvaller@match.example", "client_desk_is_client": True})
        victim = self.find({"name": "Slachtoffer", "email": "victim@match.example"})
        self.assertGreater(victim.id, attacker.id)
        attacker.write({"email": "Victim@Match.example"})
        self.assertEqual(self.find({"name": "Slachtoffer", "email": "victim@match.example"}), victim)
        self.assertEqual(self.Partner._client_desk_match("victim@match.example", []), victim)

    def test_copied_phone_does_not_capture_the_client_either(self):
        attacker = self.Partner.create({
            "name": "Aanvaller", "mobile": "0470 99 88 11", "client_desk_is_client": True})
        victim = self.find({"name": "Slachtoffer", "mobile": "0470 99 88 22"})
        attacker.write({"mobile": "+32 470 99 88 22"})
        self.assertEqual(self.find({"name": "S", "phone": "0470/99.88.22"}), victim)

    def test_address_left_behind_goes_to_its_new_holder(self):
        first = self.find({"name": "Eerste", "email": "gedeeld@match.example"})
        first.write({"email": "nieuw@match.example"})
        second = self.Partner.create({
            "name": "Tweede", "email": "gedeeld@match.example", "client_desk_is_client": True})
        self.assertEqual(self.find({"email": "gedeeld@match.example"}), second)

    def test_active_client_before_archived_one(self):
        archived = self.Partner.create({
            "name": "Oud", "email": "dubbel@match.example", "client_desk_is_client": True, "active": False})
        archived._client_desk_release_identities()
        active = self.Partner.create({"name": "Nieuw", "email": "dubbel@match.example", "client_desk_is_client": True})
        active._client_desk_release_identities()
        self.assertEqual(self.Partner._client_desk_match("dubbel@match.example", []), active)

    def test_bulk_matching_keeps_the_order_and_matches_by_phone(self):
        client = self.find({"name": "Bulk", "mobile": "0472 10 20 30", "email": "bulk@match.example"})
        keys = self.Partner._client_desk_phone_keys("+32472102030")
        matches = self.Partner._client_desk_match_many([
            ("niemand@match.example", []), (False, keys), ("bulk@match.example", []), (False, []),
        ])
        self.assertEqual(matches, [False, client.id, client.id, False])

    def test_bulk_matching_of_many_phones_reads_candidates_in_one_pass(self):
        client = self.find({"name": "Veel", "mobile": "0472 10 20 31"})
        identities = [(False, [str(470000000 + index)]) for index in range(40)]
        identities.append((False, self.Partner._client_desk_phone_keys("0472 10 20 31")))
        self.assertEqual(self.Partner._client_desk_match_many(identities)[-1], client.id)

    def test_matchable_domain(self):
        domain = self.Partner._client_desk_matchable_domain()
        matchable = self.Partner.with_context(active_test=False).search(domain)
        self.assertIn(self.client, matchable)
        self.assertNotIn(self.staff.partner_id, matchable)
        archived = self.Partner.create({"name": "Gearchiveerd", "client_desk_is_client": True, "active": False})
        self.assertIn(archived, self.Partner.search(domain))


class TestIdentityClaims(ClientDeskCase):
    """Identity claims are keyed with the database secret: no e-mail or phone number can be
    recovered from them by brute force."""

    user_prefix = "claims"

    def claims_of(self, partner):
        self.cr.execute("SELECT key FROM client_desk_identity_claim WHERE partner_id = %s ORDER BY key", (partner.id,))
        return [row[0] for row in self.cr.fetchall()]

    def test_keys_are_hmac_with_the_database_secret_not_plain_sha256(self):
        Partner = self.env["res.partner"]
        keys = Partner._client_desk_identity_keys("anne@example.com", ["470123456"])
        self.assertNotIn(hashlib.sha256(b"email:anne@example.com").hexdigest(), keys)
        self.assertNotIn(hashlib.sha256(b"phone:470123456").hexdigest(), keys)
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret").encode()
        self.assertEqual(keys, sorted([
            hmac.new(secret, b"email:anne@example.com", hashlib.sha256).hexdigest(),
            hmac.new(secret, b"phone:470123456", hashlib.sha256).hexdigest(),
        ]))

    def test_new_client_claims_its_identity_and_release_drops_it(self):
        self.assertEqual(self.claims_of(self.client), self.client._client_desk_own_identity_keys())
        self.assertEqual(len(self.claims_of(self.client)), 2)
        self.client._client_desk_release_identities()
        self.assertEqual(self.claims_of(self.client), [])

    def test_claiming_in_bulk_keeps_existing_holders(self):
        other = self.env["res.partner"].create({"name": "Ander", "client_desk_is_client": True})
        keys = self.client._client_desk_own_identity_keys()
        new_key = self.env["res.partner"]._client_desk_identity_keys("ander@example.com", [])
        self.env["res.partner"]._client_desk_claim_identities([(other.id, keys + new_key), (self.client.id, new_key)])
        self.assertEqual(self.claims_of(self.client), keys)
        self.assertEqual(self.claims_of(other), new_key)

    def test_changing_the_email_moves_the_claim(self):
        before = self.claims_of(self.client)
        self.client.write({"email": "anne.nieuw@claims.example"})
        after = self.claims_of(self.client)
        self.assertEqual(after, self.client._client_desk_own_identity_keys())
        self.assertEqual(len(set(before) & set(after)), 1, "the mobile's claim stays, the old e-mail's goes")

    def test_rekey_rebuilds_claims_keyed_with_the_current_secret(self):
        self.cr.execute("UPDATE client_desk_identity_claim SET key = md5(key) WHERE partner_id = %s", (self.client.id,))
        self.env["ir.config_parameter"].sudo().set_param("client_desk.identity_claim_scheme", "sha256")
        self.env["res.partner"]._client_desk_rekey_identity_claims()
        self.assertEqual(self.claims_of(self.client), self.client._client_desk_own_identity_keys())
