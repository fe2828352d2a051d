"""The SMS gateway's secrets reach managers only, by every ORM path (SECURITY.md checklist 14)."""
from odoo.exceptions import AccessError

from .common import ClientDeskCase
from .harness import new_user

URL = "https://api.sms.example/send?key=k3yed-URL-s3cret"
TOKEN = "Bearer t0ken-s3cret"
TEMPLATE = '{"to": "{to}", "text": "{body}", "api_key": "templ4te-s3cret"}'
SECRETS = ("k3yed-URL-s3cret", "t0ken-s3cret", "templ4te-s3cret", "X-Secret-Header")
SECRET_FIELDS = ("url", "template", "auth_header_name", "auth_header_value")


class TestSmsGatewaySecret(ClientDeskCase):
    user_prefix = "smssecret"
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Gateway = cls.env["client.desk.sms.gateway"]
        cls.gateway = cls.Gateway.sudo(cls.manager).create({
            "name": "Provider", "kind": "http", "url": URL, "template": TEMPLATE,
            "auth_header_name": "X-Secret-Header", "auth_header_value": TOKEN, "company_id": False,
        }).sudo()

    def assertNoSecret(self, call):
        """call() either raises AccessError or returns nothing that holds a secret."""
        try:
            result = call()
        except AccessError:
            return
        for secret in SECRETS:
            self.assertNotIn(secret, repr(result))
        return result

    # -- staff, on the gateway ------------------------------------------------------------------

    def test_staff_read_no_secret(self):
        gateway = self.gateway.sudo(self.staff)
        self.assertEqual(gateway.read(["name"])[0]["name"], "Provider")
        for name in SECRET_FIELDS:
            with self.assertRaises(AccessError):
                gateway.read([name])
        self.assertNoSecret(lambda: gateway.read())
        self.assertNoSecret(lambda: self.Gateway.sudo(self.staff).search_read([]))

    def test_staff_read_group_by_secret_field_gives_nothing(self):
        Gateway = self.Gateway.sudo(self.staff)
        for name in SECRET_FIELDS:
            with self.assertRaises((AccessError, AssertionError, ValueError)):  # not groupable at all
                Gateway.read_group([], [name], [name])
            self.assertNoSecret(lambda: Gateway.read_group([], ["name", name], ["name"]))

    def test_staff_cannot_guess_a_secret_by_search(self):
        Gateway = self.Gateway.sudo(self.staff)
        for name, prefix in (("url", "https://api.sms.example/%"), ("auth_header_value", "B%"),
                             ("template", '{"to"%'), ("auth_header_name", "X-%")):
            for operator in ("=like", "=ilike", "like", "ilike", "=", "!=", "not ilike", "in"):
                value = [prefix] if operator == "in" else prefix
                with self.assertRaises(AccessError, msg="%s %s" % (name, operator)):
                    Gateway.search([(name, operator, value)])
                with self.assertRaises(AccessError, msg="%s %s" % (name, operator)):
                    Gateway.search_count([(name, operator, value)])
        # Nor through the SMS that name the gateway.
        Sms = self.env["client.desk.sms"].sudo(self.staff)
        with self.assertRaises(AccessError):
            Sms.search([("gateway_id.auth_header_value", "=like", "B%")])

    def test_staff_export_gets_no_secret(self):
        gateway = self.gateway.sudo(self.staff)
        for name in SECRET_FIELDS:
            with self.assertRaises(AccessError):
                gateway.export_data([name])
        self.assertEqual(gateway.export_data(["name"])["datas"], [["Provider"]])
        sms = self.env["client.desk.sms"].create(
            {"number": "0468 27 19 84", "body": "Hallo", "gateway_id": self.gateway.id}
        )
        for path in ("gateway_id/url", "gateway_id/auth_header_value"):
            with self.assertRaises(AccessError):
                sms.sudo(self.staff).export_data([path])

    def test_staff_name_search_and_onchange_give_no_secret(self):
        Gateway = self.Gateway.sudo(self.staff)
        self.assertNoSecret(lambda: Gateway.name_search("s3cret"))
        self.assertFalse(Gateway.name_search("s3cret"))
        spec = dict.fromkeys(("name", "kind") + SECRET_FIELDS, "")
        self.assertNoSecret(lambda: Gateway.onchange({"name": "Provider", "kind": "http"}, "kind", spec))
        self.assertNoSecret(lambda: Gateway.default_get(list(SECRET_FIELDS)))

    # -- staff, on the secret model itself ------------------------------------------------------

    def test_staff_have_no_access_to_the_secret_model(self):
        Secret = self.env["client.desk.sms.gateway.secret"]
        secret = Secret.search([("gateway_id", "=", self.gateway.id)])
        self.assertEqual(secret.auth_header_value, TOKEN)
        for user in (self.staff, self.employee, self.portal_user):
            as_user = Secret.sudo(user)
            calls = (
                lambda: as_user.search([("auth_header_value", "=like", "B%")]),
                lambda: as_user.search_count([]),
                lambda: as_user.read_group([], ["url"], ["url"]),
                lambda: as_user.name_search(""),
                lambda: secret.sudo(user).read(["url"]),
                lambda: secret.sudo(user).export_data(["url", "auth_header_value"]),
                lambda: secret.sudo(user).write({"url": "https://evil.example/"}),
                lambda: as_user.create({"gateway_id": self.gateway.id}),
                lambda: secret.sudo(user).unlink(),
            )
            for call in calls:
                with self.assertRaises(AccessError, msg=user.login):
                    call()
        self.assertEqual(secret.url, URL)

    # -- managers --------------------------------------------------------------------------------

    def test_manager_sets_reads_and_searches_secrets_on_the_gateway_form(self):
        gateway = self.gateway.sudo(self.manager)
        values = gateway.read(list(SECRET_FIELDS))[0]
        self.assertEqual((values["url"], values["auth_header_value"], values["template"]), (URL, TOKEN, TEMPLATE))
        gateway.write({"auth_header_value": "Bearer new"})
        self.assertEqual(gateway.auth_header_value, "Bearer new")
        self.assertEqual(self.Gateway.sudo(self.manager).search([("auth_header_value", "=like", "Bearer n%")]), gateway)
        self.assertFalse(self.Gateway.sudo(self.manager).search([("auth_header_value", "=", TOKEN)]))
        arch = self.Gateway.sudo(self.manager).fields_view_get(view_type="form")["arch"]
        for name in SECRET_FIELDS:
            self.assertIn('name="%s"' % name, arch)

    def test_secrets_are_not_in_the_gateway_table(self):
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'client_desk_sms_gateway'"
        )
        columns = {row[0] for row in self.env.cr.fetchall()}
        self.assertFalse(columns & set(SECRET_FIELDS))

    def test_copy_keeps_settings_but_not_the_token(self):
        copy = self.gateway.sudo(self.manager).copy()
        self.assertEqual((copy.url, copy.template, copy.auth_header_name), (URL, TEMPLATE, "X-Secret-Header"))
        self.assertFalse(copy.auth_header_value)

    def test_deleting_a_gateway_deletes_its_secrets(self):
        gateway = self.Gateway.sudo(self.manager).create({"name": "Tmp", "kind": "http", "url": URL})
        secret = self.env["client.desk.sms.gateway.secret"].search([("gateway_id", "=", gateway.id)])
        self.assertEqual(secret.url, URL)
        gateway.unlink()
        self.assertFalse(secret.exists())

    def test_another_companys_manager_sees_no_secret(self):
        company_b = self.env["res.company"].create({"name": "Salon Secret B"})
        manager_b = new_user(self.env, "smssecret.manager.b", "manager", company_id=company_b.id,
                             company_ids=[(6, 0, [company_b.id])])
        self.gateway.company_id = self.env.user.company_id
        Gateway = self.Gateway.sudo(manager_b)
        self.assertFalse(Gateway.search([("id", "=", self.gateway.id)]))
        self.assertFalse(self.env["client.desk.sms.gateway.secret"].sudo(manager_b).search([]) & self.env[
            "client.desk.sms.gateway.secret"].search([("gateway_id", "=", self.gateway.id)]))
        with self.assertRaises(AccessError):
            self.gateway.sudo(manager_b).read(["url"])

    # -- databases made before the secret model -------------------------------------------------

    def test_upgrade_moves_old_secret_columns_into_the_secret_model(self):
        cr = self.env.cr
        cr.execute(
            "ALTER TABLE client_desk_sms_gateway ADD COLUMN url varchar, ADD COLUMN template text,"
            " ADD COLUMN auth_header_name varchar, ADD COLUMN auth_header_value varchar"
        )
        old = self.Gateway.create({"name": "From before", "kind": "test"})
        self.env["client.desk.sms.gateway.secret"].search([("gateway_id", "=", old.id)]).unlink()
        cr.execute(
            "UPDATE client_desk_sms_gateway SET url = %s, auth_header_name = 'Authorization',"
            " auth_header_value = %s WHERE id = %s", (URL, TOKEN, old.id),
        )
        self.env["client.desk.sms.gateway.secret"].init()
        self.env.cache.invalidate()
        self.assertEqual((old.url, old.auth_header_value, old.auth_header_name), (URL, TOKEN, "Authorization"))
        self.assertEqual(self.gateway.auth_header_value, TOKEN)  # kept, not overwritten
        self.test_secrets_are_not_in_the_gateway_table()
