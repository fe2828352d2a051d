from odoo.exceptions import AccessError

from .common import AgendaCase


class TestTreatmentRecords(AgendaCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls.env["calendar.event"].create({
            "client_desk_partner_id": cls.portal_client.id, "client_desk_service_id": cls.cut.id,
            "client_desk_staff_id": cls.staff.id, "start": "2030-01-07 09:00:00"})
        cls.treatment = cls.env["client.desk.treatment"].create({
            "partner_id": cls.portal_client.id, "event_id": cls.event.id, "formula": "6.0 + 6% oxydant",
            "products": "Majirel"})

    def test_staff_record_and_see_it_on_the_card(self):
        card = self.portal_client.sudo(self.staff)
        self.assertEqual(card.client_desk_treatment_ids, self.treatment)
        created = self.env["client.desk.treatment"].sudo(self.staff).create({
            "partner_id": self.portal_client.id, "note": "Sensitive scalp"})
        self.assertEqual(created.staff_id, self.staff)

    def test_portal_and_public_read_nothing_by_any_path(self):
        treatments = self.env["client.desk.treatment"]
        for user in (self.portal_user, self.env.ref("base.public_user")):
            with self.assertRaises(AccessError):
                treatments.sudo(user).search_read([], ["formula"])
            with self.assertRaises(AccessError):
                self.treatment.sudo(user).read(["formula"])
            with self.assertRaises(AccessError):
                treatments.sudo(user).read_group([], ["formula"], ["formula"])
        # The portal client reads their own appointment, but not its treatment records.
        event = self.event.sudo(self.portal_user)
        self.assertEqual(event.read(["name"])[0]["name"], self.event.name)
        with self.assertRaises(AccessError):
            event.read(["client_desk_treatment_ids"])
        with self.assertRaises(AccessError):
            event.read(["client_desk_last_treatment_id"])
        self.assertNotIn("client_desk_treatment_ids", event.fields_get())

    def test_employee_without_client_desk_rights_reads_none(self):
        with self.assertRaises(AccessError):
            self.treatment.sudo(self.employee).read(["formula"])

    def test_gdpr_erase_removes_treatments_and_the_name_in_titles(self):
        self.assertIn(self.portal_client.name, self.event.name)
        self.portal_client._client_desk_gdpr_erase()
        self.assertFalse(self.treatment.exists())
        self.assertEqual(self.event.name, "Coupe Homme")
