from odoo.exceptions import AccessError, ValidationError

from .common import ClientDeskCase


class TestNewClientCountry(ClientDeskCase):
    """A new client card starts in the company's country (or the one chosen in the settings);
    Odoo's own partner forms and explicit values keep theirs."""

    user_prefix = "country"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.write({"country_id": cls.env.ref("base.be").id, "client_desk_default_country_id": False})
        cls.Partner = cls.env["res.partner"].sudo(cls.staff)

    def client_defaults(self, **context):
        """What the Clients action's new card starts with."""
        return self.Partner.with_context(default_client_desk_is_client=True, **context).default_get(
            ["country_id", "client_desk_is_client", "company_id"])

    def test_new_client_starts_in_the_company_country(self):
        self.assertEqual(self.client_defaults()["country_id"], self.env.ref("base.be").id)

    def test_country_chosen_in_the_settings_wins(self):
        self.company.client_desk_default_country_id = self.env.ref("base.nl")
        self.assertEqual(self.client_defaults()["country_id"], self.env.ref("base.nl").id)

    def test_context_default_is_kept(self):
        defaults = self.client_defaults(default_country_id=self.env.ref("base.fr").id)
        self.assertEqual(defaults["country_id"], self.env.ref("base.fr").id)

    def test_client_created_from_the_clients_action_gets_the_country(self):
        client = self.Partner.with_context(default_client_desk_is_client=True).create({"name": "Lotte Landmans"})
        self.assertEqual(client.country_id, self.env.ref("base.be"))

    def test_explicit_country_is_kept(self):
        client = self.Partner.with_context(default_client_desk_is_client=True).create(
            {"name": "Luc Grenswerker", "country_id": self.env.ref("base.fr").id})
        self.assertEqual(client.country_id, self.env.ref("base.fr"))
        cleared = self.Partner.with_context(default_client_desk_is_client=True).create(
            {"name": "Luc Zonderland", "country_id": False})
        self.assertFalse(cleared.country_id)

    def test_odoo_partner_form_gets_no_country(self):
        defaults = self.Partner.default_get(["country_id", "client_desk_is_client"])
        self.assertFalse(defaults.get("country_id"))
        contact = self.Partner.create({"name": "Leverancier Haarproducten"})
        self.assertFalse(contact.country_id)

    def test_company_without_country_gives_none(self):
        self.company.country_id = False
        self.assertFalse(self.client_defaults().get("country_id"))


class TestClientDeskSettings(ClientDeskCase):
    """Client Desk settings: client numbering, new clients' country, SMS gateway status."""

    user_prefix = "settings"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.user.company_id
        cls.sequence = cls.env["res.partner"]._client_desk_number_sequence(cls.company)
        cls.sequence.write({"prefix": False, "padding": 5})
        cls.Settings = cls.env["res.config.settings"]
        cls.Gateway = cls.env["client.desk.sms.gateway"].with_context(active_test=False)
        cls.Gateway.search([]).write({"active": False})

    def setUp(self):
        super().setUp()
        # The settings reach the sequence through sudo(), whose record cache the savepoint
        # rollback of the previous test does not clear here.
        self.env.clear()
        self.Settings._client_desk_number_sequence().invalidate_cache()

    def save(self, **values):
        """What the administrator does: open the settings, change values, save."""
        settings = self.Settings.create(values)
        settings.execute()
        return settings

    def test_settings_show_the_current_numbering(self):
        self.sequence.write({"prefix": "KL", "padding": 6})
        settings = self.Settings.create({})
        self.assertEqual((settings.client_desk_number_prefix, settings.client_desk_number_padding), ("KL", 6))
        self.assertEqual(settings.client_desk_number_preview,
                         "KL%06d" % self.sequence.number_next_actual)

    def test_saving_prefix_and_digits_numbers_new_clients(self):
        old = self.env["res.partner"].create({"name": "Vroege Klant", "client_desk_is_client": True})
        self.save(client_desk_number_prefix="K-", client_desk_number_padding=7)
        self.assertEqual((self.sequence.prefix, self.sequence.padding), ("K-", 7))
        new = self.env["res.partner"].create({"name": "Nieuwe Klant", "client_desk_is_client": True})
        self.assertRegex(new.client_desk_number, r"^K-\d{7}$")
        self.assertNotRegex(old.client_desk_number, r"^K-", "existing numbers do not change")

    def test_year_in_the_prefix_is_allowed(self):
        self.save(client_desk_number_prefix="%(year)s-")
        new = self.env["res.partner"].create({"name": "Jaar Klant", "client_desk_is_client": True})
        self.assertRegex(new.client_desk_number, r"^\d{4}-\d{5}$")

    def test_bad_numbering_is_refused_and_changes_nothing(self):
        for values in ({"client_desk_number_prefix": "%(unknown)s"}, {"client_desk_number_prefix": "50%"},
                       {"client_desk_number_padding": 0}, {"client_desk_number_padding": 40}):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.save(**values)
            self.assertEqual((self.sequence.prefix, self.sequence.padding), (False, 5))

    def test_saving_the_default_country(self):
        self.save(client_desk_default_country_id=self.env.ref("base.lu").id)
        self.assertEqual(self.company.client_desk_default_country_id, self.env.ref("base.lu"))
        defaults = self.env["res.partner"].with_context(default_client_desk_is_client=True).default_get(
            ["country_id", "client_desk_is_client"])
        self.assertEqual(defaults["country_id"], self.env.ref("base.lu").id)

    def test_no_gateway_is_shown_as_no_real_gateway(self):
        settings = self.Settings.create({})
        self.assertFalse(settings.client_desk_sms_gateway_name)
        self.assertFalse(settings.client_desk_sms_gateway_real)

    def test_test_gateway_is_not_a_real_gateway(self):
        self.Gateway.create({"name": "Proefgateway", "kind": "test", "sender": "Thibaut", "sequence": 1})
        settings = self.Settings.create({})
        self.assertEqual(settings.client_desk_sms_gateway_name, "Proefgateway")
        self.assertEqual(settings.client_desk_sms_sender, "Thibaut")
        self.assertFalse(settings.client_desk_sms_gateway_real)

    def test_http_gateway_is_a_real_gateway(self):
        self.Gateway.create({
            "name": "SMS-provider", "kind": "http", "sequence": 1,
            "url": "https://sms.provider.example/send", "sender": "Thibaut",
        })
        settings = self.Settings.create({})
        self.assertEqual(settings.client_desk_sms_gateway_name, "SMS-provider")
        self.assertTrue(settings.client_desk_sms_gateway_real)

    def test_settings_link_to_the_gateways(self):
        action = self.Settings.create({}).action_client_desk_open_sms_gateways()
        self.assertEqual(action["res_model"], "client.desk.sms.gateway")

    def test_only_administrators_change_the_settings(self):
        for user in (self.staff, self.manager, self.employee):
            with self.assertRaises(AccessError), self.cr.savepoint():
                settings = self.Settings.sudo(user).create({"client_desk_number_prefix": "X-"})
                settings.execute()
        self.assertFalse(self.sequence.prefix)
