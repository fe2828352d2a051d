"""Multi-company: a company's staff do not reach another company's clients' custom field values."""
from odoo.exceptions import AccessError, ValidationError

from .common import ClientDeskCase


class TestMultiCompanyFieldValues(ClientDeskCase):
    user_prefix = "multico"
    quiet = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpSecondCompany("Salon Tweede Vestiging")
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create({
            "name": "Klant A", "client_desk_is_client": True, "company_id": cls.company_a.id})
        cls.client_b = Partner.create({
            "name": "Klant B", "client_desk_is_client": True, "company_id": cls.company_b.id})
        cls.client_shared = Partner.create({
            "name": "Klant Gedeeld", "client_desk_is_client": True, "company_id": False})
        field = cls.env["client.desk.field"].create({"name": "Haarkleur", "key": "haarkleur", "field_type": "text"})
        Value = cls.env["client.desk.field.value"]
        cls.value_a = Value.create({"partner_id": cls.client_a.id, "field_id": field.id, "value_text": "blond"})
        cls.value_b = Value.create({"partner_id": cls.client_b.id, "field_id": field.id, "value_text": "geheim rood"})
        cls.value_shared = Value.create(
            {"partner_id": cls.client_shared.id, "field_id": field.id, "value_text": "bruin"})
        cls.field = field

    def test_staff_see_only_their_companys_values(self):
        for user in (self.staff, self.manager):
            Value = self.env["client.desk.field.value"].sudo(user)
            self.assertEqual(Value.search([]) & (self.value_a | self.value_b | self.value_shared),
                             self.value_a | self.value_shared, user.login)
            with self.assertRaises(AccessError, msg=user.login):
                Value.browse(self.value_b.id).read(["value_text"])
        Value = self.env["client.desk.field.value"].sudo(self.staff_b)
        self.assertEqual(Value.search([]) & (self.value_a | self.value_b | self.value_shared),
                         self.value_b | self.value_shared)

    def test_other_companys_values_stay_out_of_read_group_and_search_by_value(self):
        Value = self.env["client.desk.field.value"].sudo(self.staff)
        self.assertFalse(Value.search([("value_text", "=like", "geheim%")]))
        groups = Value.read_group([], ["value_text"], ["value_text"])
        self.assertNotIn("geheim rood", [group["value_text"] for group in groups])

    def test_staff_cannot_write_or_delete_another_companys_values(self):
        Value = self.env["client.desk.field.value"].sudo(self.staff)
        with self.assertRaises(AccessError):
            Value.browse(self.value_b.id).write({"value_text": "overschreven"})
        with self.assertRaises(AccessError):
            Value.browse(self.value_b.id).unlink()
        other_field = self.env["client.desk.field"].create(
            {"name": "Opmerking", "key": "opmerking", "field_type": "text"})
        # The create rule refuses it (Odoo wraps the AccessError a constraint meets as ValidationError).
        with self.assertRaises((AccessError, ValidationError)), self.env.cr.savepoint():
            Value.create({"partner_id": self.client_b.id, "field_id": other_field.id, "value_text": "nieuw"})
        self.assertFalse(self.env["client.desk.field.value"].search([("field_id", "=", other_field.id)]))
        self.assertEqual(self.value_b.value_text, "geheim rood")

    def test_another_companys_card_opens_without_its_values(self):
        # Odoo shares partners between companies unless the administrator activates its
        # partner rule: the card then opens, without the custom field values.
        client_b = self.client_b.sudo(self.staff)
        self.assertEqual(client_b.read(["name", "client_desk_field_value_ids"])[0]["client_desk_field_value_ids"], [])
        self.assertEqual(client_b.client_desk_custom_values(), {})
        self.assertEqual(self.client_a.sudo(self.staff).client_desk_custom_values(), {"haarkleur": "blond"})
