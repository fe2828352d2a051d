import threading

import odoo
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase, get_db_name

from odoo.addons.client_desk.tools.transaction import retrying

from .test_client_card import ClientCardCase


class TestFindOrCreate(ClientCardCase):
    """client_desk_find_or_create: one client per person, whatever the way in."""

    def test_creates_client_with_source(self):
        client = self.Partner.client_desk_find_or_create(
            {"name": "Bernard Guts", "email": "bernard@example.com"}, "booking")
        self.assertTrue(client.client_desk_is_client)
        self.assertEqual(client.client_desk_source, "booking")
        self.assertEqual(client.client_desk_status, "client")

    def test_website_contact_starts_as_lead(self):
        client = self.Partner.client_desk_find_or_create({"name": "Nieuwsgierig", "email": "n@example.com"}, "website")
        self.assertEqual(client.client_desk_status, "lead")

    def test_unknown_sms_sender_starts_as_lead(self):
        client = self.Partner.client_desk_find_or_create({"name": "+32470998877", "mobile": "+32470998877"}, "sms")
        self.assertEqual((client.client_desk_source, client.client_desk_status), ("sms", "lead"))

    def test_same_email_in_other_case_finds_the_client(self):
        first = self.Partner.client_desk_find_or_create({"name": "Denis", "email": "Denis@Example.com"}, "booking")
        again = self.Partner.client_desk_find_or_create(
            {"name": "Denis de Deken", "email": " denis@example.COM "}, "website")
        self.assertEqual(first, again)
        self.assertEqual(first.name, "Denis")

    def test_phone_typed_otherwise_finds_the_client(self):
        first = self.Partner.client_desk_find_or_create({"name": "Dieter", "mobile": "0478 12 34 56"}, "booking")
        again = self.Partner.client_desk_find_or_create({"name": "Dieter V", "phone": "+32478123456"}, "email")
        self.assertEqual(first, again)

    def test_found_client_gets_missing_details_only(self):
        first = self.Partner.client_desk_find_or_create({"name": "Ann", "email": "ann@example.com"}, "booking")
        self.Partner.client_desk_find_or_create(
            {"name": "Other Name", "email": "ann@example.com", "mobile": "0499 11 22 33"}, "booking")
        self.assertEqual(first.name, "Ann")
        self.assertEqual(first.mobile, "0499 11 22 33")

    def test_plain_contact_is_not_a_match(self):
        # Matching returns clients only (_client_desk_matchable_domain): a supplier's contact
        # with the same address is not turned into a client behind anybody's back.
        contact = self.Partner.create({"name": "Leverancier", "email": "lev@example.com"})
        found = self.Partner.client_desk_find_or_create({"name": "Lev", "email": "lev@example.com"}, "email")
        self.assertNotEqual(found, contact)
        self.assertTrue(found.client_desk_is_client)
        self.assertFalse(contact.client_desk_is_client)

    def test_bad_input_is_refused_and_creates_nothing(self):
        count = self.Partner.search_count([])
        with self.assertRaises(UserError):
            self.Partner.client_desk_find_or_create({}, "booking")
        for email in ("not-an-email", "a@b", "anne @example.com", "anne@example.com, bert@example.com", "@example.com"):
            with self.assertRaises(ValidationError, msg=email):
                self.Partner.client_desk_find_or_create({"name": "X", "email": email}, "booking")
        with self.assertRaises(UserError):
            self.Partner.client_desk_find_or_create({"name": "X"}, "carrier-pigeon")
        self.assertEqual(self.Partner.search_count([]), count)


class TestFindOrCreateConcurrent(TransactionCase):
    """Two requests for the same new person at the same moment create one client."""

    # Its threads use their own cursors: under Odoo's runner they must run once the module's
    # tables are committed, after the install.
    at_install = False
    post_install = True

    EMAIL = "gelijktijdig.client-desk-test@example.com"

    def tearDown(self):
        with odoo.registry(get_db_name()).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["res.partner"].with_context(active_test=False).search(
                [("client_desk_email_normalized", "=", self.EMAIL)]).unlink()
        super().tearDown()

    def test_parallel_requests_create_one_client(self):
        registry = odoo.registry(get_db_name())
        barrier = threading.Barrier(3)
        results, errors = [], []

        def work(env, name, first_attempt):
            # Each request reads before it creates, as a booking does: its snapshot is taken.
            env["res.partner"].search_count([])
            if first_attempt:
                first_attempt.pop()
                barrier.wait(10)
            return env["res.partner"].client_desk_find_or_create({"name": name, "email": self.EMAIL}, "booking").id

        def request(name):
            threading.current_thread().testing = True
            try:
                first_attempt = [True]
                results.append(retrying(
                    get_db_name(), lambda env: work(env, name, first_attempt), context={"tracking_disable": True}))
            except Exception as error:  # reported below, the test thread asserts
                errors.append(error)

        threads = [threading.Thread(target=request, args=("Parallel %d" % i,)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(errors, [])
        self.assertEqual(len(set(results)), 1, results)
        with registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM res_partner WHERE client_desk_email_normalized = %s", (self.EMAIL,))
            self.assertEqual(cr.fetchone()[0], 1)
