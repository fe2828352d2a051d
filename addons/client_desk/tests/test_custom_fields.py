import datetime
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import ClientDeskCase


def active_lang(env, code):
    """The res.lang `code`, loaded and activated if the database lacks it."""
    Lang = env["res.lang"].with_context(active_test=False)
    lang = Lang.search([("code", "=", code)]) or Lang.browse(Lang.load_lang(code))
    lang.active = True
    return lang


class CustomFieldsCase(ClientDeskCase):
    user_prefix = "cf"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        cls.Field = cls.env["client.desk.field"]
        cls.Value = cls.env["client.desk.field.value"]
        cls.portal = cls.portal_user
        cls.public = cls.env.ref("base.public_user")
        cls.source = cls.Field.create({
            "name": "How did you hear about us?",
            "field_type": "selection",
            "collect_booking": True,
            "option_ids": [(0, 0, {"name": "Google", "sequence": 1}),
                           (0, 0, {"name": "Friend", "sequence": 2}),
                           (0, 0, {"name": "Facebook", "sequence": 3})],
        })
        cls.vat = cls.Field.create({"name": "VAT number", "field_type": "text", "collect_portal": True})
        cls.budget = cls.Field.create({"name": "Budget", "field_type": "number"})
        cls.first_visit = cls.Field.create({"name": "First visit", "field_type": "date"})
        cls.work_email = cls.Field.create({"name": "Work e-mail", "field_type": "email", "collect_portal": True,
                                           "required_online": True})
        cls.work_phone = cls.Field.create({"name": "Work phone", "field_type": "phone"})
        cls.newsletter = cls.Field.create({"name": "Paper newsletter", "field_type": "boolean"})
        cls.client = cls.env["res.partner"].create({
            "client_desk_is_client": True, "client_desk_first_name": "Anne", "client_desk_last_name": "Derous",
        })

    def values_of(self, partner=None):
        return (partner or self.client).client_desk_custom_values(raw=True)


class TestFieldDefinitions(CustomFieldsCase):
    def test_key_is_made_from_the_label(self):
        field = self.Field.create({"name": "Société / Bedrijf?"})
        self.assertEqual(field.key, "societe_bedrijf")
        twin = self.Field.create({"name": "Société - Bedrijf"})
        self.assertEqual(twin.key, "societe_bedrijf_2")
        self.assertEqual(self.source.key, "how_did_you_hear_about_us")

    def test_key_must_be_technical(self):
        with self.assertRaises(ValidationError):
            self.Field.create({"name": "Domain", "key": "Mijn Domein"})

    def test_key_is_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Field.create({"name": "Other", "key": "budget"})

    def test_choice_list_needs_a_choice(self):
        with self.assertRaises(ValidationError):
            self.Field.create({"name": "Interested in", "field_type": "selection"})

    def test_fields_for_online_forms(self):
        mine = self.source | self.vat | self.work_email
        self.Field.search([("id", "not in", mine.ids)]).write({"active": False})  # e.g. demo fields
        self.assertEqual(self.Field._client_desk_fields_for("booking"), self.source)
        self.assertEqual(self.Field._client_desk_fields_for("portal"), self.vat | self.work_email)
        self.vat.active = False
        self.assertEqual(self.Field._client_desk_fields_for("portal"), self.work_email)
        with self.assertRaises(ValueError):
            self.Field._client_desk_fields_for("card")

    def test_type_change_refused_when_values_exist(self):
        self.client.client_desk_set_custom_values({"budget": "10"})
        with self.assertRaises(UserError) as caught:
            self.budget.write({"field_type": "text"})
        self.assertIn("Budget", caught.exception.name)
        self.assertEqual(self.budget.field_type, "number")
        # Without values the type may change.
        self.first_visit.write({"field_type": "text"})
        self.assertEqual(self.first_visit.field_type, "text")

    def test_field_with_values_is_archived_not_deleted(self):
        self.client.client_desk_set_custom_values({"budget": "10"})
        with self.assertRaises(UserError):
            self.budget.unlink()
        self.assertTrue(self.budget.exists())
        self.newsletter.unlink()
        self.assertFalse(self.newsletter.exists())

    def test_choice_in_use_cannot_be_deleted(self):
        self.client.client_desk_set_custom_values({"how_did_you_hear_about_us": "Google"})
        google = self.source.option_ids.filtered(lambda option: option.name == "Google")
        with self.assertRaises(UserError):
            google.unlink()
        self.assertTrue(google.exists())


class TestValues(CustomFieldsCase):
    def test_set_by_key_and_label_parses_each_type(self):
        self.client.client_desk_set_custom_values({
            "how_did_you_hear_about_us": "FACEBOOK",
            "VAT number": " BE0477.472.701 ",
            "budget": "1.234,5",
            "First Visit": "31/12/2024",
            "work_e_mail": "anne@derous.be",
            "Work phone": "0478 96 74 58",
            "paper newsletter": "ja",
        })
        self.assertEqual(self.values_of(), {
            "how_did_you_hear_about_us": "Facebook",
            "vat_number": "BE0477.472.701",
            "budget": 1234.5,
            "first_visit": "2024-12-31",
            "work_e_mail": "anne@derous.be",
            "work_phone": "0478 96 74 58",
            "paper_newsletter": True,
        })

    def test_yes_no_words(self):
        for word, expected in [("ja", True), ("Nee", False), ("oui", True), ("non", False), ("yes", True),
                               ("NO", False), ("1", True), ("0", False), ("x", True), (True, True), (False, False)]:
            self.client.client_desk_set_custom_values({"paper_newsletter": word})
            self.assertIs(self.values_of()["paper_newsletter"], expected, word)

    def test_number_formats(self):
        for text, expected in [("12,5", 12.5), ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("-3", -3.0),
                               ("1 000", 1000.0), ("0", 0.0), (7, 7.0), ("2.5", 2.5)]:
            self.client.client_desk_set_custom_values({"budget": text})
            self.assertEqual(self.values_of()["budget"], expected, text)

    def test_date_formats(self):
        for text in ("31/12/2024", "31-12-2024", "31.12.2024", "2024-12-31"):
            self.client.client_desk_set_custom_values({"first_visit": text})
            self.assertEqual(self.values_of()["first_visit"], "2024-12-31", text)

    def test_empty_clears_the_value(self):
        self.client.client_desk_set_custom_values({"vat_number": "BE0477472701", "budget": "0"})
        self.assertEqual(self.values_of(), {"vat_number": "BE0477472701", "budget": 0.0})
        self.client.client_desk_set_custom_values({"vat_number": "  ", "budget": ""})
        self.assertEqual(self.values_of(), {})
        self.assertFalse(self.Value.search([("partner_id", "=", self.client.id)]))

    def test_bad_values_are_refused_with_the_field_and_value_named(self):
        self.client.client_desk_set_custom_values({"budget": "5"})
        cases = [
            ("work_e_mail", "anne(at)derous", "Work e-mail"),
            ("work_phone", "12", "Work phone"),
            ("budget", "twelve", "Budget"),
            ("first_visit", "31/02/2024", "First visit"),
            ("paper_newsletter", "misschien", "Paper newsletter"),
            ("how_did_you_hear_about_us", "Television", "How did you hear about us?"),
            ("shoe size", "42", "shoe size"),
        ]
        for key, bad, label in cases:
            with self.assertRaises(ValidationError) as caught:
                # A good value next to the bad one: neither may be written.
                self.client.client_desk_set_custom_values({"vat_number": "BE0477472701", "budget": "9", key: bad})
            self.assertIn(label, caught.exception.name, key)
            self.assertIn(bad, caught.exception.name, key)
            self.assertEqual(self.values_of(), {"budget": 5.0}, key)

    def test_failure_while_writing_undoes_the_earlier_values(self):
        self.client.client_desk_set_custom_values({"budget": "5"})
        value_class = type(self.Value)
        with patch.object(value_class, "create", side_effect=ValidationError("disk full")), \
                self.assertRaises(ValidationError):
            # budget is written first (existing line), then creating vat_number fails.
            self.client.client_desk_set_custom_values({"budget": "6", "vat_number": "BE0477472701"})
        self.assertEqual(self.values_of(), {"budget": 5.0})

    def test_all_bad_values_are_listed(self):
        with self.assertRaises(ValidationError) as caught:
            self.client.client_desk_set_custom_values({"budget": "abc", "first_visit": "yesterday"})
        self.assertIn("abc", caught.exception.name)
        self.assertIn("yesterday", caught.exception.name)

    def test_text_length_is_limited(self):
        with self.assertRaises(ValidationError):
            self.client.client_desk_set_custom_values({"vat_number": "x" * 1001})
        self.assertEqual(self.values_of(), {})

    def test_orm_writes_are_checked_by_type(self):
        value = self.Value.sudo(self.staff).create({"partner_id": self.client.id, "field_id": self.work_email.id,
                                                    "value_text": "anne@derous.be"})
        with self.assertRaises(ValidationError):
            value.write({"value_text": "not an address"})
        with self.assertRaises(ValidationError):
            self.Value.create({"partner_id": self.client.id, "field_id": self.work_phone.id, "value_text": "abc"})
        other_option = self.Field.create({
            "name": "Interested in", "field_type": "selection", "option_ids": [(0, 0, {"name": "Colour"})]
        }).option_ids
        with self.assertRaises(ValidationError):
            self.Value.create({"partner_id": self.client.id, "field_id": self.source.id,
                               "option_id": other_option.id})

    def test_one_value_per_client_and_field(self):
        self.client.client_desk_set_custom_values({"budget": "1"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Value.create({"partner_id": self.client.id, "field_id": self.budget.id, "value_number": 2})

    def test_only_the_type_column_is_kept(self):
        value = self.Value.create({"partner_id": self.client.id, "field_id": self.budget.id, "value_number": 3,
                                   "value_text": "leftover", "value_boolean": True})
        self.assertEqual((value.value_text, value.value_boolean, value.value_number), (False, False, 3.0))

    def test_display_value_per_language(self):
        nl = active_lang(self.env, "nl_BE")
        self.client.client_desk_set_custom_values({"budget": "1234,5", "first_visit": "2024-12-31",
                                                   "paper_newsletter": "nee", "how_did_you_hear_about_us": "friend"})
        self.assertEqual(self.client.client_desk_custom_values(), {
            "budget": "1234.5", "first_visit": "12/31/2024", "paper_newsletter": "No",
            "how_did_you_hear_about_us": "Friend",
        })
        dutch = self.client.with_context(lang="nl_BE").client_desk_custom_values()
        self.assertEqual(dutch["budget"], "1234" + nl.decimal_point + "5")
        self.assertEqual(dutch["first_visit"], datetime.date(2024, 12, 31).strftime(nl.date_format))
        self.assertNotEqual(dutch["first_visit"], "12/31/2024")
        # What is shown reads back to the same value (export, then import).
        self.client.with_context(lang="nl_BE").client_desk_set_custom_values(dutch)
        self.assertEqual(self.values_of()["budget"], 1234.5)
        self.assertEqual(self.values_of()["first_visit"], "2024-12-31")

    def test_choice_matched_in_another_language(self):
        active_lang(self.env, "fr_BE")
        friend = self.source.option_ids.filtered(lambda option: option.name == "Friend")
        friend.with_context(lang="fr_BE").name = "Un ami"
        self.client.client_desk_set_custom_values({"how_did_you_hear_about_us": "un AMI"})
        self.assertEqual(self.values_of()["how_did_you_hear_about_us"], "Friend")

    def test_values_are_deleted_with_the_client(self):
        self.client.client_desk_set_custom_values({"budget": "1"})
        line = self.client.client_desk_field_value_ids
        self.client.unlink()
        self.assertFalse(line.exists())


class TestImportExport(CustomFieldsCase):
    def test_match_column_by_label_or_key(self):
        match = self.Field._client_desk_match_column
        self.assertEqual(match("How Did You Hear About Us?"), self.source)
        self.assertEqual(match("  how did you hear about us "), self.source)
        self.assertEqual(match("vat_number"), self.vat)
        self.assertEqual(match("VAT-Number"), self.vat)
        self.assertFalse(match("Shoe size"))
        self.assertFalse(match(""))
        self.vat.active = False
        self.assertFalse(match("VAT number"))

    def test_match_column_ignores_accents_and_language(self):
        active_lang(self.env, "fr_BE")
        self.vat.with_context(lang="fr_BE").name = "Numéro de TVA"
        self.assertEqual(self.Field._client_desk_match_column("NUMERO DE TVA"), self.vat)
        self.assertEqual(self.Field._client_desk_match_column("Numéro de tva"), self.vat)

    def test_export_data_gives_the_values(self):
        self.client.client_desk_set_custom_values({"budget": "12,5", "how_did_you_hear_about_us": "Google"})
        rows = self.client.export_data(
            ["name", "client_desk_field_value_ids/field_id", "client_desk_field_value_ids/display_value"]
        )["datas"]
        exported = {row[1]: row[2] for row in rows}
        self.assertEqual(rows[0][0], "Anne Derous")
        self.assertEqual(exported, {"How did you hear about us?": "Google", "Budget": "12.5"})

    def test_staff_can_export_values(self):
        self.client.client_desk_set_custom_values({"vat_number": "BE0477472701"})
        rows = self.client.sudo(self.staff).export_data(["client_desk_field_value_ids/display_value"])["datas"]
        self.assertEqual(rows, [["BE0477472701"]])


class TestAccessRights(CustomFieldsCase):
    def test_manager_configures_fields(self):
        field = self.Field.sudo(self.manager).create({
            "name": "Interested in", "field_type": "selection", "option_ids": [(0, 0, {"name": "Colour"})],
        })
        field.write({"required_online": True})
        field.option_ids.write({"name": "Colouring"})
        field.unlink()

    def test_staff_reads_fields_and_edits_values(self):
        fields_as_staff = self.Field.sudo(self.staff)
        self.assertIn(self.source, fields_as_staff.search([]))
        with self.assertRaises(AccessError):
            fields_as_staff.create({"name": "Domain"})
        with self.assertRaises(AccessError):
            self.vat.sudo(self.staff).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            self.source.option_ids[:1].sudo(self.staff).write({"name": "Hacked"})
        client = self.client.sudo(self.staff)
        client.client_desk_set_custom_values({"vat_number": "BE0477472701"})
        self.assertEqual(client.client_desk_custom_values(), {"vat_number": "BE0477472701"})
        client.write({"client_desk_field_value_ids": [(0, 0, {"field_id": self.budget.id, "value_number": 4})]})
        client.client_desk_field_value_ids.filtered(lambda value: value.key == "budget").unlink()
        self.assertEqual(self.values_of(), {"vat_number": "BE0477472701"})

    def test_users_outside_client_desk_have_no_access(self):
        self.client.client_desk_set_custom_values({"vat_number": "BE0477472701"})
        value = self.client.client_desk_field_value_ids
        for user in (self.employee, self.portal, self.public):
            for model, record in (("client.desk.field", self.vat), ("client.desk.field.option", self.source.option_ids),
                                  ("client.desk.field.value", value)):
                with self.assertRaises(AccessError, msg="%s %s" % (user.login, model)):
                    self.env[model].sudo(user).search_read([], ["id"])
                with self.assertRaises(AccessError, msg="%s %s" % (user.login, model)):
                    record.sudo(user).read(["id"])
                with self.assertRaises(AccessError, msg="%s %s" % (user.login, model)):
                    record[:1].sudo(user).write({})
            with self.assertRaises(AccessError, msg=user.login):
                self.Field.sudo(user).name_search("VAT")
            with self.assertRaises(AccessError, msg=user.login):
                self.Value.sudo(user).create({"partner_id": user.partner_id.id, "field_id": self.vat.id,
                                              "value_text": "x"})
        self.assertEqual(self.values_of(), {"vat_number": "BE0477472701"})

    def test_portal_user_cannot_read_or_set_own_values(self):
        partner = self.portal.partner_id
        partner.client_desk_set_custom_values({"vat_number": "BE0477472701"})
        own = partner.sudo(self.portal)
        with self.assertRaises(AccessError):
            own.read(["client_desk_field_value_ids"])
        with self.assertRaises(AccessError):
            own.client_desk_custom_values()
        with self.assertRaises(AccessError):
            own.client_desk_set_custom_values({"vat_number": "changed"})
        self.assertEqual(self.values_of(partner), {"vat_number": "BE0477472701"})

    def test_card_shows_the_custom_fields_page_to_staff(self):
        form = self.env.ref("client_desk.res_partner_view_form_client_desk")
        arch = self.env["res.partner"].sudo(self.staff).fields_view_get(view_id=form.id)["arch"]
        self.assertIn('name="custom_fields"', arch)
        self.assertIn("client_desk_field_value_ids", arch)


class TestOnlineForms(CustomFieldsCase):
    """The online form logic on client.desk.field, shared by /my/account and /book: inputs
    named client_desk_field_<key>, choices posted as option ids."""

    def test_booking_form_without_a_client_yet(self):
        self.assertIn(self.source, self.Field._client_desk_fields_for("booking"))
        fields = self.source
        friend = self.source.option_ids[1]
        form = {"client_desk_field_how_did_you_hear_about_us": str(friend.id), "name": "ignored"}
        self.assertEqual(fields._client_desk_form_inputs(), {"client_desk_field_how_did_you_hear_about_us"})
        self.assertEqual(fields._client_desk_form_read(form), {self.source: friend})
        self.assertEqual(fields._client_desk_form_errors(form), {})
        self.assertEqual(fields._client_desk_form_values(form), {"how_did_you_hear_about_us": str(friend.id)})
        new_client = self.env["res.partner"].create({"name": "Booked Online"})
        fields._client_desk_form_save(form, new_client)
        self.assertEqual(self.values_of(new_client), {"how_did_you_hear_about_us": "Friend"})

    def test_required_and_bad_values_are_errors(self):
        fields = self.vat | self.work_email
        errors = fields._client_desk_form_errors({"client_desk_field_vat_number": "BE0123"})
        self.assertEqual(errors, {"work_e_mail": "Work e-mail is required."})
        errors = fields._client_desk_form_errors({"client_desk_field_work_e_mail": "anne(at)derous"})
        self.assertIn("is not a valid e-mail address", errors["work_e_mail"])

    def test_an_input_not_posted_keeps_the_clients_value(self):
        fields = self.vat | self.work_email
        self.client.client_desk_set_custom_values({"work_e_mail": "anne@derous.be"})
        self.assertEqual(fields._client_desk_form_errors({}, self.client), {})
        self.assertEqual(fields._client_desk_form_values({}, self.client),
                         {"vat_number": "", "work_e_mail": "anne@derous.be"})
        errors = fields._client_desk_form_errors({"client_desk_field_work_e_mail": ""}, self.client)
        self.assertEqual(errors, {"work_e_mail": "Work e-mail is required."})

    def test_choice_of_another_field_is_refused(self):
        other = self.Field.create({"name": "Interest", "field_type": "selection",
                                   "option_ids": [(0, 0, {"name": "Colour"})], "collect_booking": True})
        fields = self.source | other
        form = {"client_desk_field_how_did_you_hear_about_us": str(other.option_ids.id)}
        self.assertIn("is not one of the choices", fields._client_desk_form_errors(form)["how_did_you_hear_about_us"])

    def test_save_refuses_everything_when_one_value_is_wrong(self):
        fields = self.vat | self.work_email
        form = {"client_desk_field_vat_number": "BE0123", "client_desk_field_work_e_mail": "nope"}
        with self.assertRaises(ValidationError):
            fields._client_desk_form_save(form, self.client)
        self.assertEqual(self.values_of(), {})
