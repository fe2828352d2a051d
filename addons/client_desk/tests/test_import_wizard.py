import base64
import codecs
import io
from unittest.mock import patch

import xlsxwriter

from odoo import SUPERUSER_ID, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_resource

from odoo.addons.client_desk.models.res_partner_import import NO_TRACKING, PhoneKeys

from .common import ClientDeskCase
from .harness import po_translation

HEADER = "Voornaam;Naam;E-mail;GSM;Telefoon;Gemeente;Land;Geboortedatum;Tags;Taal;Nieuwsbrief;Notitie\r\n"


def data_file(name):
    with open(get_module_resource("client_desk", "tests", "data", "import", name), "rb") as handle:
        return handle.read()


def csv_file(*rows):
    return (HEADER + "".join(row + "\r\n" for row in rows)).encode("cp1252")


def active_lang(env, code):
    Lang = env["res.lang"].with_context(active_test=False)
    lang = Lang.search([("code", "=", code)]) or Lang.browse(Lang.load_lang(code))
    lang.active = True
    return lang


class ImportCase(ClientDeskCase):
    user_prefix = "import"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", **NO_TRACKING))
        cls.Partner = cls.env["res.partner"]
        cls.portal = cls.portal_user
        cls.public = cls.env.ref("base.public_user")
        cls.dutch_lang = active_lang(cls.env, "nl_BE")
        cls.french = active_lang(cls.env, "fr_BE")
        cls.belgium = cls.env.ref("base.be")

    def wizard(self, content, filename="klanten.csv", user=None, lang="en_US", **vals):
        """A wizard of user (staff by default) as the web client makes it: in their language."""
        user = user or self.staff
        vals.update(file=base64.b64encode(content), filename=filename)
        return self.env["client.desk.import"].sudo(user).with_context(lang=lang).create(vals)

    def run_import(self, content, filename="klanten.csv", user=None, lang="en_US", apply_changes=False, **vals):
        """Upload, preview and import; when known clients would change, the changes are all
        applied (apply_changes) or none (the default), as chosen on the changes step."""
        wizard = self.wizard(content, filename, user, lang, **vals)
        wizard.action_preview()
        wizard.action_import()
        if wizard.state == "review":
            (wizard.action_apply_all if apply_changes else wizard.action_apply_none)()
            wizard.action_import()
        self.assertEqual(wizard.state, "done")
        return wizard

    def found(self, email):
        return self.Partner.search([("client_desk_email_normalized", "=", email.lower())])

    def dutch(self, src):
        """The Dutch of a message of this module, as its nl.po ships it (a test never adds a
        translation of its own: which of two Odoo shows is chance)."""
        return po_translation("client_desk", "nl_BE", src)

    def counts(self, wizard):
        return {name: wizard[name + "_count"] for name in ("created", "updated", "skipped", "invalid", "warning")}

    def report(self, wizard):
        return {(line.row_number, line.line_type): line.reason for line in wizard.report_line_ids}


class TestImportWizard(ImportCase):
    """The client import wizard: preview, mapping, create, update or skip, report."""

    def test_preview_detects_the_file_and_maps_every_column(self):
        wizard = self.wizard(data_file("klanten_belgisch_excel.csv"))
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual((wizard.file_format, wizard.encoding, wizard.delimiter, wizard.row_count),
                         ("csv", "cp1252", ";", 6))
        columns = wizard.column_ids.sorted("sequence")
        self.assertEqual([(column.header, column.target) for column in columns[:4]],
                         [("Voornaam", "first_name"), ("Naam", "last_name"), ("E-mail", "email"), ("GSM", "mobile")])
        self.assertEqual(columns[-1].target, "marketing_opt_in")
        self.assertIn("Sofie, Élodie, Jan", columns[0].sample)
        self.assertIn("Élodie", wizard.preview_html)
        self.assertFalse(self.found("sofie.peeters@example.be"), "the preview imports nothing")

    def test_preview_escapes_what_the_file_says(self):
        wizard = self.wizard(csv_file("<script>alert(1)</script>;<b>Bold</b>;x@import-test.example;;;;;;;;;"))
        wizard.action_preview()
        self.assertNotIn("<script>", wizard.preview_html)
        self.assertNotIn("<b>Bold", wizard.preview_html)
        self.assertIn("&lt;b&gt;Bold", wizard.preview_html)

    def test_creates_clients_with_everything_the_file_says(self):
        wizard = self.run_import(data_file("klanten_belgisch_excel.csv"))
        self.assertEqual(wizard.state, "done")
        self.assertEqual(self.counts(wizard), {"created": 3, "updated": 0, "skipped": 1, "invalid": 2, "warning": 0})
        sofie = self.found("sofie.peeters@example.be")
        self.assertEqual(len(sofie), 1)
        self.assertEqual((sofie.name, sofie.client_desk_first_name, sofie.client_desk_last_name),
                         ("Sofie Peeters", "Sofie", "Peeters"))
        self.assertEqual((sofie.mobile, sofie.street, sofie.zip, sofie.city, sofie.country_id),
                         ("0478 12 34 56", "Kerkstraat 1", "2000", "Antwerpen", self.belgium))
        self.assertEqual((sofie.client_desk_birthday, sofie.lang), ("1985-04-12", "nl_BE"))
        self.assertEqual(sofie.client_desk_note, "Allergisch voor ammoniak")
        self.assertTrue(sofie.client_desk_is_client)
        self.assertEqual((sofie.client_desk_source, sofie.client_desk_status), ("import", "client"))
        self.assertTrue(sofie.client_desk_number)
        self.assertEqual(sofie.create_uid, self.staff)
        self.assertEqual(set(sofie.category_id.mapped("name")), {"VIP", "Kleuring", wizard.tag_id.name})
        elodie = self.found("elodie.dubois@example.be")
        self.assertEqual((elodie.lang, elodie.client_desk_birthday, elodie.phone),
                         ("fr_BE", "1990-11-03", "02 123 45 67"))
        jan = self.Partner.search([("client_desk_phone_search", "=", "486554433")])
        self.assertEqual((jan.name, jan.email), ("Jan Janssens", False))
        self.assertEqual(wizard.partner_ids, sofie | elodie | jan)
        self.assertEqual(set((sofie | elodie | jan).mapped("display_name")),
                         {"Sofie Peeters", "Élodie Dubois", "Jan Janssens"})

    def test_clients_get_the_next_numbers_of_the_sequence(self):
        before = self.Partner.create({"name": "Voor", "client_desk_is_client": True})
        wizard = self.run_import(data_file("klanten_belgisch_excel.csv"))
        after = self.Partner.create({"name": "Na", "client_desk_is_client": True})
        numbers = sorted(int(number) for number in wizard.partner_ids.mapped("client_desk_number"))
        self.assertEqual(numbers, list(range(int(before.client_desk_number) + 1, int(before.client_desk_number) + 4)))
        self.assertEqual(int(after.client_desk_number), numbers[-1] + 1)

    def test_imported_tag_has_todays_date_in_the_users_language(self):
        label = self.dutch("Imported on %s")
        wizard = self.run_import(csv_file("An;Aerts;an@import-test.example;;;;;;;;;"), lang="nl_BE")
        today = fields.Date.from_string(fields.Date.context_today(wizard))
        self.assertEqual(wizard.tag_id.with_context(lang="nl_BE").name,
                         label % today.strftime(self.dutch_lang.date_format))
        self.assertIn(wizard.tag_id, self.found("an@import-test.example").category_id)
        # A second import on the same day gets the same tag.
        again = self.run_import(csv_file("Bo;Boon;bo@import-test.example;;;;;;;;;"), lang="nl_BE")
        self.assertEqual(again.tag_id, wizard.tag_id)

    def test_mapping_is_editable(self):
        wizard = self.wizard(csv_file("An;Aerts;an@import-test.example;;;Gent;;;;;;Geheim"))
        wizard.action_preview()
        wizard.column_ids.filtered(lambda column: column.header == "Notitie").target = "ignore"
        wizard.column_ids.filtered(lambda column: column.header == "Gemeente").target = "street"
        wizard.action_import()
        an = self.found("an@import-test.example")
        self.assertEqual((an.client_desk_note, an.street, an.city), (False, "Gent", False))

    def test_nothing_mapped_is_refused(self):
        wizard = self.wizard(csv_file("An;Aerts;an@import-test.example;;;;;;;;;"))
        wizard.action_preview()
        wizard.column_ids.write({"target": "ignore"})
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertFalse(self.found("an@import-test.example"))

    def test_update_fills_empty_fields_and_proposes_the_others(self):
        existing = self.Partner.create({
            "name": "Sofie P.", "email": "sofie@import-test.example", "city": "Mechelen", "street": "Oude straat 1",
            "client_desk_is_client": True})
        number = existing.client_desk_number
        wizard = self.wizard(csv_file("Sofie;Peeters;SOFIE@Import-Test.example;0478 12 34 56;;Antwerpen;;;VIP;;;"))
        wizard.action_preview()
        wizard.action_import()
        # Known clients with other values: the changes are shown, nothing is written yet.
        self.assertEqual(wizard.state, "review")
        self.assertEqual(
            sorted((change.partner_id, change.field_label, change.old_value, change.new_value, change.apply)
                   for change in wizard.change_ids),
            [(existing, "City", "Mechelen", "Antwerpen", False), (existing, "Last name", "P.", "Peeters", False),
             (existing, "Name", "Sofie P.", "Sofie Peeters", False)])
        self.assertEqual((existing.city, existing.mobile), ("Mechelen", False))
        wizard.change_ids.filtered(lambda change: change.field_name == "city").apply = True
        wizard.action_import()
        self.assertEqual(self.counts(wizard), {"created": 0, "updated": 1, "skipped": 0, "invalid": 0, "warning": 0})
        self.assertEqual((existing.name, existing.city, existing.mobile), ("Sofie P.", "Antwerpen", "0478 12 34 56"))
        self.assertEqual((existing.client_desk_first_name, existing.client_desk_last_name), ("Sofie", "P."))
        self.assertEqual(existing.street, "Oude straat 1", "a column the file does not have is left alone")
        self.assertEqual(existing.email, "sofie@import-test.example", "the same address in other capitals is kept")
        self.assertEqual(existing.client_desk_number, number)
        self.assertEqual(set(existing.category_id.mapped("name")), {"VIP", wizard.tag_id.name})
        self.assertEqual(wizard.partner_ids, existing)
        report = self.report(wizard)
        self.assertIn("City: Mechelen → Antwerpen", report[(2, "updated")])
        self.assertIn("Mobile: (empty) → 0478 12 34 56", report[(2, "updated")])
        self.assertIn("Name: Sofie P. → Sofie Peeters", report[(2, "kept")])
        # The conversation says what changed, as the staff member who imported.
        event = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", existing.id),
                                                 ("client_desk_kind", "=", "import")])
        self.assertEqual(len(event), 1)
        self.assertIn("City: Mechelen → Antwerpen", event.body)
        self.assertNotIn("Sofie Peeters", event.body)
        self.assertEqual(event.author_id, self.staff.partner_id)

    def test_import_loses_nothing_the_business_wrote(self):
        existing = self.Partner.create({
            "name": "Lies Lemmens", "email": "lies@import-test.example", "mobile": "0471 00 00 01",
            "client_desk_note": "Allergisch voor latex", "client_desk_birthday": "1980-01-02",
            "city": "Lier", "client_desk_is_client": True})
        wizard = self.run_import(csv_file(
            "Lies;Lemmens;lies@import-test.example;0472 99 99 99;03 333 33 33;Gent;;05/06/1990;;;;Nieuwe notitie"))
        self.assertEqual(
            (existing.mobile, existing.client_desk_note, existing.client_desk_birthday, existing.city),
            ("0471 00 00 01", "Allergisch voor latex", "1980-01-02", "Lier"))
        self.assertEqual(existing.phone, "03 333 33 33", "an empty field is filled")
        reasons = self.report(wizard)
        self.assertEqual(reasons[(2, "updated")], "Phone: (empty) → 03 333 33 33")
        for text in ("Mobile: 0471 00 00 01 → 0472 99 99 99", "Allergisch voor latex", "City: Lier → Gent",
                     "Birthday: 01/02/1980 → 06/05/1990"):
            self.assertIn(text, reasons[(2, "kept")])
        event = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", existing.id),
                                                 ("client_desk_kind", "=", "import")])
        self.assertIn("Phone: (empty) → 03 333 33 33", event.body)

    def test_apply_all_changes_and_each_lands_in_the_conversation(self):
        existing = self.Partner.create({"name": "Lies Lemmens", "email": "lies@import-test.example",
                                        "client_desk_note": "Oud", "client_desk_is_client": True})
        wizard = self.run_import(csv_file("Lies;Lemmens;lies@import-test.example;;;;;;;;;Nieuw"), apply_changes=True)
        self.assertEqual(existing.client_desk_note, "Nieuw")
        event = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", existing.id),
                                                 ("client_desk_kind", "=", "import")])
        self.assertIn("Pinned note: Oud → Nieuw", event.body)
        self.assertEqual(self.report(wizard)[(2, "updated")], "Pinned note: Oud → Nieuw")

    def test_back_from_the_changes_to_the_columns(self):
        existing = self.Partner.create({"name": "Lies", "email": "lies@import-test.example", "city": "Lier",
                                        "client_desk_is_client": True})
        wizard = self.wizard(csv_file("Lies;Lemmens;lies@import-test.example;;;Gent;;;;;;"))
        wizard.action_preview()
        wizard.action_import()
        wizard.action_back_to_columns()
        self.assertEqual((wizard.state, wizard.change_ids.ids), ("preview", []))
        wizard.column_ids.filtered(lambda column: column.header in ("Gemeente", "Naam", "Voornaam")).write(
            {"target": "ignore"})
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(existing.city, "Lier")

    def test_update_keeps_the_name_when_the_file_has_none(self):
        existing = self.Partner.create({"name": "Sofie P.", "email": "sofie@import-test.example",
                                        "client_desk_is_client": True})
        self.run_import("E-mail;Gemeente\r\nsofie@import-test.example;Lier\r\n".encode())
        self.assertEqual((existing.name, existing.city), ("Sofie P.", "Lier"))
        self.run_import("E-mail;Gemeente\r\nnew@import-test.example;Lier\r\n".encode())
        self.assertEqual(self.found("new@import-test.example").name, "new@import-test.example")

    def test_skip_leaves_the_existing_client_as_it_is(self):
        existing = self.Partner.create({"name": "Sofie P.", "email": "sofie@import-test.example",
                                        "client_desk_is_client": True})
        wizard = self.run_import(csv_file("Sofie;Peeters;sofie@import-test.example;;;Antwerpen;;;;;;"),
                                 duplicate_mode="skip")
        self.assertEqual(self.counts(wizard), {"created": 0, "updated": 0, "skipped": 1, "invalid": 0, "warning": 0})
        self.assertEqual((existing.name, existing.city, existing.category_id.ids), ("Sofie P.", False, []))
        line = wizard.report_line_ids
        self.assertEqual((line.row_number, line.line_type, line.partner_id), (2, "skipped", existing))
        self.assertIn(existing.client_desk_number, line.reason)

    def test_archived_client_is_found_not_duplicated(self):
        archived = self.Partner.create({"name": "Dieter", "mobile": "0478 12 34 56", "client_desk_is_client": True,
                                        "active": False})
        wizard = self.run_import(csv_file("Dieter;Vetkuif;;+32 478 12.34.56;;Gent;;;;;;"))
        self.assertEqual(self.counts(wizard), {"created": 0, "updated": 1, "skipped": 0, "invalid": 0, "warning": 1})
        self.assertEqual(self.report(wizard)[(2, "warning")], "This client is archived; the card stays archived.")
        self.assertEqual((archived.city, archived.active), ("Gent", False))
        self.assertEqual(archived.mobile, "0478 12 34 56", "the same number typed otherwise is not rewritten")

    def test_staff_and_companies_are_never_matched(self):
        colleague = self.staff.partner_id
        colleague.email = "colleague@import-test.example"
        company = self.Partner.create({"name": "Salon BV", "is_company": True, "email": "salon@import-test.example",
                                       "client_desk_is_client": True})
        wizard = self.run_import(csv_file("Col;Lega;colleague@import-test.example;;;Gent;;;;;;",
                                          "Sal;On;salon@import-test.example;;;Gent;;;;;;"))
        self.assertEqual(self.counts(wizard)["created"], 2)
        self.assertEqual((colleague.city, company.city), (False, False))
        self.assertFalse(colleague.client_desk_is_client)
        self.assertNotIn(colleague, wizard.partner_ids)

    def test_reimport_creates_and_changes_nothing(self):
        first = self.run_import(data_file("klanten_belgisch_excel.csv"))
        count = self.Partner.search_count([])
        again = self.run_import(data_file("klanten_belgisch_excel.csv"))
        self.assertEqual(self.counts(again), {"created": 0, "updated": 0, "skipped": 4, "invalid": 2, "warning": 0})
        self.assertEqual(self.Partner.search_count([]), count)
        self.assertFalse(again.partner_ids)
        reasons = self.report(again)
        self.assertIn(self.found("sofie.peeters@example.be").client_desk_number, reasons[(2, "skipped")])
        self.assertEqual(first.created_count, 3)

    def test_duplicates_inside_the_file_are_skipped(self):
        wizard = self.run_import(csv_file(
            "An;Aerts;an@import-test.example;0470 11 11 11;;;;;;;;",
            "Anneke;Aerts;AN@import-test.example;;;;;;;;;",  # same e-mail
            "Bo;Boon;;0470/22.22.22;;;;;;;;",
            "Bob;Boon;bob@import-test.example;+32470222222;;;;;;;;",  # same phone, typed otherwise
            "Cas;Claes;cas@import-test.example;0470 11 11 11;;;;;;;;",  # An's phone: e-mail is new
        ))
        self.assertEqual(self.counts(wizard), {"created": 2, "updated": 0, "skipped": 3, "invalid": 0, "warning": 0})
        reasons = self.report(wizard)
        self.assertEqual(reasons[(3, "skipped")], "Same client as row 2 of this file.")
        self.assertEqual(reasons[(5, "skipped")], "Same client as row 4 of this file.")
        self.assertEqual(reasons[(6, "skipped")], "Same client as row 2 of this file.")
        self.assertFalse(self.found("bob@import-test.example"))

    def test_invalid_rows_and_remarks_are_reported(self):
        wizard = self.run_import(csv_file(
            ";;;;;;;;;;;Alleen een notitie",
            "Piet;Pieters;piet@@import-test;;;;;;;;;",
            "Lies;Lemmens;lies@import-test.example;12;;;Atlantis;31/02/1990;;Klingon;misschien;",
            "Geert;Goossens;geert@import-test.example;;;;;;;;;",
        ))
        self.assertEqual(self.counts(wizard), {"created": 2, "updated": 0, "skipped": 0, "invalid": 2, "warning": 1})
        lines = wizard.report_line_ids
        self.assertEqual(lines.filtered(lambda line: line.row_number == 2).reason,
                         "No name, e-mail address or phone number.")
        self.assertEqual(lines.filtered(lambda line: line.row_number == 3).reason,
                         "'piet@@import-test' is not a valid e-mail address.")
        self.assertEqual(lines.filtered(lambda line: line.row_number == 3).summary, "Piet Pieters")
        remarks = lines.filtered(lambda line: line.row_number == 4)
        self.assertEqual(set(remarks.mapped("line_type")), {"warning"})
        self.assertEqual(len(remarks), 5, remarks.mapped("reason"))
        for fragment in ("'12'", "Atlantis", "31/02/1990", "Klingon", "misschien"):
            self.assertTrue(any(fragment in reason for reason in remarks.mapped("reason")), fragment)
        lies = self.found("lies@import-test.example")
        self.assertEqual((lies.mobile, lies.client_desk_birthday, lies.client_desk_marketing_opt_in),
                         (False, False, False))
        # The unknown country is left out: the client has a new client's default country.
        default = self.Partner.with_context(default_client_desk_is_client=True).default_get(["country_id"])
        self.assertEqual(lies.country_id.id, default.get("country_id", False))
        self.assertFalse(self.Partner.search([("email", "=", "piet@@import-test")]))

    def test_report_is_translated(self):
        reason = self.dutch("No name, e-mail address or phone number.")
        wizard = self.run_import(csv_file(";;;;;;;;;;;Alleen een notitie", "An;Aerts;an@import-test.example;;;;;;;;;"),
                                 lang="nl_BE")
        self.assertEqual(wizard.report_line_ids.reason, reason)

    def test_unreadable_file_error_is_translated(self):
        outer = self.dutch("This file cannot be imported: %s")
        inner = self.dutch("The file has column names but no clients under them.")
        wizard = self.wizard(b"Naam;E-mail\r\n", lang="nl_BE")
        with self.assertRaises(UserError) as caught:
            wizard.action_preview()
        self.assertEqual(caught.exception.name, outer % inner)

    def test_marketing_opt_in_only_when_the_file_says_so(self):
        opted = self.Partner.create({"name": "Opted Out", "email": "opted@import-test.example",
                                     "client_desk_is_client": True, "client_desk_marketing_opt_in": True})
        rows = ("Ja;Jansen;ja@import-test.example;;;;;;;;ja;", "Leeg;Lenaerts;leeg@import-test.example;;;;;;;;;",
                "Opted;Out;opted@import-test.example;;;;;;;;nee;")
        self.run_import(csv_file(*rows))
        yes = self.found("ja@import-test.example")
        self.assertTrue(yes.client_desk_marketing_opt_in)
        self.assertEqual(yes.client_desk_marketing_opt_in_source, "import")
        self.assertTrue(yes.client_desk_marketing_opt_in_date)
        self.assertEqual([(event.kind, event.source, event.user_id) for event in yes.client_desk_consent_event_ids],
                         [("marketing_opt_in_on", "import", self.staff)])
        empty = self.found("leeg@import-test.example")
        self.assertFalse(empty.client_desk_marketing_opt_in)
        self.assertFalse(empty.client_desk_consent_event_ids)
        self.assertTrue(opted.client_desk_marketing_opt_in, "withdrawing consent is a change to choose")
        self.run_import(csv_file(*rows), apply_changes=True)
        self.assertFalse(opted.client_desk_marketing_opt_in, "the file says no, chosen: consent withdrawn")
        self.assertEqual(opted.client_desk_consent_event_ids[0].kind, "marketing_opt_in_off")
        self.assertEqual(opted.client_desk_consent_event_ids[0].source, "import")

    def test_unreadable_file_imports_nothing_and_says_why(self):
        count = self.Partner.search_count([])
        for content, filename in ((b"", "leeg.csv"), (b"\x00\x01\x02garbage\x00" * 50, "clients.csv"),
                                  (data_file("not_a_zip.xlsx"), "clients.xlsx"),
                                  (data_file("no_recognisable_column.csv"), "data.csv")):
            wizard = self.wizard(content, filename)
            with self.assertRaises(UserError) as caught:
                wizard.action_preview()
            self.assertIn("This file cannot be imported", caught.exception.name)
            self.assertEqual(wizard.state, "upload")
        self.assertEqual(self.Partner.search_count([]), count)

    def test_a_spreadsheet_without_values_is_a_user_error(self):
        # It was a StopIteration, which the web client shows as "Odoo Server Error".
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        book.add_worksheet("Berekening").write_formula(0, 0, "=1/0", None, "#DIV/0!")
        book.close()
        wizard = self.wizard(buffer.getvalue(), "klanten.xlsx")
        with self.assertRaises(UserError) as caught:
            wizard.action_preview()
        self.assertEqual(caught.exception.name, "This file cannot be imported: The file is empty.")
        self.assertEqual(wizard.state, "upload")

    def test_file_changed_after_preview_is_refused(self):
        wizard = self.wizard(csv_file("An;Aerts;an@import-test.example;;;;;;;;;"))
        wizard.action_preview()
        wizard.file = base64.b64encode(b"Naam;E-mail\r\nBo;bo@import-test.example\r\n")
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertFalse(self.found("bo@import-test.example") | self.found("an@import-test.example"))

    def test_back_to_upload_clears_the_preview(self):
        wizard = self.wizard(csv_file("An;Aerts;an@import-test.example;;;;;;;;;"))
        wizard.action_preview()
        wizard.action_back()
        self.assertEqual(wizard.state, "upload")
        self.assertFalse(wizard.column_ids)
        with self.assertRaises(UserError):
            wizard.action_import()

    def test_vcard_google_outlook_and_excel_files(self):
        vcard = self.run_import(data_file("contacts_v3.vcf"), "contacts.vcf")
        self.assertEqual(vcard.created_count, 3)
        an = self.found("an.vermeulen@example.be")
        self.assertEqual((an.mobile, an.phone, an.city, an.client_desk_birthday), ("0476 45 45 45", "016 12 34 56",
                                                                                   "Leuven", "1975-09-30"))
        self.assertIn("Kleuring", an.category_id.mapped("name"))
        v4 = self.run_import(data_file("contacts_v4.vcf"), "contacts.vcf")
        self.assertEqual((v4.created_count, v4.warning_count), (2, 1))  # --0412 has no year
        google = self.run_import(data_file("google_contacts.csv"), "contacts.csv")
        self.assertEqual((google.file_format, google.created_count), ("google", 2))
        outlook = self.run_import(data_file("outlook_contacts.csv"), "contacts.csv")
        self.assertEqual((outlook.file_format, outlook.created_count), ("outlook", 2))
        kevin = self.found("kevin.mertens@example.be")
        self.assertEqual((kevin.mobile, kevin.client_desk_birthday), ("0489 33 44 55", "1988-06-21"))

    def test_open_imported_clients(self):
        wizard = self.run_import(data_file("klanten_belgisch_excel.csv"))
        action = wizard.action_open_clients()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(self.Partner.search(action["domain"]), wizard.partner_ids)

    def test_utf8_bom_file_through_the_wizard(self):
        content = codecs.BOM_UTF8 + "Prénom,Nom,Courriel\r\nChloé,Lambert,chloe@import-test.example\r\n".encode()
        wizard = self.run_import(content, "clients.csv")
        self.assertEqual((wizard.encoding, wizard.delimiter), ("utf-8-sig", ","))
        self.assertEqual(self.found("chloe@import-test.example").name, "Chloé Lambert")

    def test_every_fault_of_a_row_is_reported(self):
        wizard = self.run_import(csv_file("Piet;Pieters;piet@@import-test;;;;Atlantis;31/13/1990;;;;"))
        self.assertEqual(self.counts(wizard), {"created": 0, "updated": 0, "skipped": 0, "invalid": 1, "warning": 0})
        reasons = wizard.report_line_ids.filtered(lambda line: line.row_number == 2)
        self.assertEqual(set(reasons.mapped("line_type")), {"invalid"})
        for fragment in ("piet@@import-test", "31/13/1990", "Atlantis"):
            self.assertTrue(any(fragment in reason for reason in reasons.mapped("reason")), fragment)

    def test_columns_not_imported_are_reported(self):
        content = ("Voornaam;Naam;E-mail;Firma;E-mail 2\r\n"
                   "An;Aerts;an@import-test.example;Kapsalon An;an.privé@import-test.example\r\n"
                   "Bo;Boon;bo@import-test.example;;\r\n").encode("cp1252")
        wizard = self.wizard(content)
        wizard.action_preview()
        targets = {column.header: column.target for column in wizard.column_ids}
        self.assertEqual((targets["Firma"], targets["E-mail 2"]), ("ignore", "ignore"))
        wizard.action_import()
        dropped = {line.summary: line.reason for line in wizard.report_line_ids if line.line_type == "dropped"}
        self.assertEqual(set(dropped), {"Firma", "E-mail 2"})
        self.assertIn("1 rows", dropped["Firma"])
        self.assertIn("(2)", dropped["Firma"])

    def test_a_second_column_for_the_same_detail_is_reported(self):
        wizard = self.wizard("Naam;GSM;Telefoon\r\nAn Aerts;0470 11 11 11;0470 22 22 22\r\n".encode())
        wizard.action_preview()
        wizard.column_ids.filtered(lambda column: column.header == "Telefoon").target = "mobile"
        wizard.action_import()
        self.assertIn("0470 22 22 22", self.report(wizard)[(2, "warning")])

    def test_contacts_files_report_what_they_hold_beyond_our_columns(self):
        vcard = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Aerts;An;;;\r\nFN:An Aerts\r\nORG:Kapsalon An\r\n"
                 "EMAIL;TYPE=HOME:an@import-test.example\r\nEMAIL;TYPE=WORK:an.werk@import-test.example\r\n"
                 "END:VCARD\r\n").encode()
        wizard = self.run_import(vcard, "contacts.vcf")
        dropped = {line.summary: line.reason for line in wizard.report_line_ids if line.line_type == "dropped"}
        self.assertEqual(set(dropped), {"Company", "Other e-mail addresses"})
        google = self.run_import(data_file("google_contacts.csv"), "contacts.csv")
        dropped = {line.summary for line in google.report_line_ids if line.line_type == "dropped"}
        self.assertEqual(dropped, {"E-mail 1 - Value"}, "Lotte's second address")

    def test_namesakes_created_side_by_side_are_reported(self):
        existing = self.Partner.create({"name": "Jan Peeters", "email": "jan@import-test.example",
                                        "client_desk_is_client": True})
        wizard = self.run_import(csv_file("Jan;Peeters;jan.p@import-test.example;;;;;;;;;",
                                          "Jan;Peeters;jan.peeters@import-test.example;;;;;;;;;",
                                          "Bo;Boon;bo@import-test.example;;;;;;;;;"))
        self.assertEqual(self.counts(wizard), {"created": 3, "updated": 0, "skipped": 0, "invalid": 0, "warning": 2})
        remarks = wizard.report_line_ids.filtered(lambda line: line.line_type == "warning")
        self.assertEqual(sorted(set(remarks.mapped("row_number"))), [2, 3])
        self.assertTrue(all(existing.client_desk_number in reason for reason in remarks.filtered(
            lambda line: "already exists" in line.reason).mapped("reason")))
        self.assertIn("Same name as row 2 of this file; created as another client.", remarks.mapped("reason"))

    def test_imported_tags_get_a_colour(self):
        wizard = self.run_import(csv_file("An;Aerts;an@import-test.example;;;;;;Nieuwe tag;;;"))
        tags = self.found("an@import-test.example").category_id
        self.assertEqual(set(tags.mapped("name")), {"Nieuwe tag", wizard.tag_id.name})
        self.assertTrue(all(tags.mapped("color")), "a tag without colour is invisible on a kanban card")

    def test_target_and_contacts_column_names_are_translated(self):
        self.dutch("First name")
        wizard = self.wizard(data_file("contacts_v3.vcf"), "contacts.vcf", lang="nl_BE")
        wizard.action_preview()
        headers = wizard.column_ids.sorted("sequence").mapped("header")
        self.assertIn(self.dutch("First name"), headers)
        self.assertNotIn("First name", headers)
        self.assertIn(self.dutch("First name"), wizard.preview_html)
        labels = dict(self.env["client.desk.import"].with_context(lang="nl_BE")._client_desk_targets())
        # Odoo's _() takes any module's translation: the web client's "Name" is "Naam:".
        self.assertFalse(any(label.endswith(":") for label in labels.values()), labels)
        self.assertEqual(labels["name"], "Naam")
        # The vCard is imported as its columns say, in Dutch too.
        wizard.action_import()
        self.assertEqual(self.found("an.vermeulen@example.be").client_desk_first_name, "An")

    def test_import_button_is_translated(self):
        label = self.dutch("Import clients")
        view = self.env["client.desk.import"].sudo(self.staff).with_context(lang="nl_BE").fields_view_get(
            self.env.ref("client_desk.client_desk_import_view_form").id, "form")
        self.assertIn('string="%s" class="btn-primary"' % label, view["arch"].replace("\n", " "))
        self.assertNotIn('string="Import"', view["arch"])


class TestImportAccess(ImportCase):
    """Only Client Desk staff and managers import clients."""

    def test_staff_and_manager_can_import(self):
        for user, email in ((self.staff, "staff@import-test.example"), (self.manager, "manager@import-test.example")):
            wizard = self.run_import(csv_file("A;B;%s;;;;;;;;;" % email), user=user)
            self.assertEqual(wizard.created_count, 1)
            self.assertEqual(self.found(email).create_uid, user)

    def test_others_cannot_use_the_wizard(self):
        count = self.Partner.search_count([])
        for user in (self.employee, self.portal, self.public):
            with self.assertRaises(AccessError, msg=user.login):
                self.wizard(csv_file("A;B;x@import-test.example;;;;;;;;;"), user=user)
        # Nor run a wizard someone else made.
        wizard = self.wizard(csv_file("A;B;x@import-test.example;;;;;;;;;"))
        wizard.action_preview()
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError, msg=user.login):
                wizard.sudo(user).action_import()
        self.assertEqual(self.Partner.search_count([]), count)

    def test_staff_opens_the_wizard_from_its_action(self):
        action = self.env.ref("client_desk.client_desk_import_action").sudo(self.staff).read()[0]
        self.assertEqual((action["res_model"], action["target"]), ("client.desk.import", "new"))
        view = self.env["client.desk.import"].sudo(self.staff).fields_view_get(action["view_id"][0], "form")
        self.assertIn("column_ids", view["fields"])
        self.assertIn("report_line_ids", view["fields"])

    def test_menu_is_for_staff(self):
        menu = self.env.ref("client_desk.client_desk_import_menu")
        self.assertIn(menu, self.env["ir.ui.menu"].sudo(self.staff).search([("id", "=", menu.id)]))
        self.assertFalse(self.env["ir.ui.menu"].sudo(self.employee).search([("id", "=", menu.id)]))


class TestBulkInsert(ImportCase):
    """The bulk path stores exactly what res.partner.create() stores."""

    VALS = {
        "name": "Élodie Dubois", "client_desk_first_name": "Élodie", "client_desk_last_name": "Dubois",
        "email": "Elodie.Dubois@Import-Test.example", "mobile": "+32 499 11 22 33", "phone": "02 123 45 67",
        "street": "Rue Haute 12", "zip": "1000", "city": "Bruxelles", "client_desk_birthday": "1990-11-03",
        "lang": "fr_BE", "client_desk_note": "Allergique", "ref": "K-0042", "client_desk_is_client": True,
        "client_desk_source": "import", "client_desk_status": "client", "client_desk_marketing_opt_in": True,
    }

    def row(self, partner):
        self.env.cr.execute("SELECT * FROM res_partner WHERE id = %s", (partner.id,))
        columns = [column.name for column in self.env.cr.description]
        return dict(zip(columns, self.env.cr.fetchone()))

    def orm_and_bulk(self, vals):
        tag = self.env["res.partner.category"].create({"name": "Kleuring"})
        vals = dict(vals, country_id=self.belgium.id, category_id=[(6, 0, [tag.id])])
        Partner = self.Partner.sudo(self.staff).with_context(client_desk_consent_source="import", **NO_TRACKING)
        orm = Partner.create(dict(vals))
        self.assertTrue(Partner._client_desk_bulk_possible())
        bulk = Partner._client_desk_bulk_create([dict(vals)], PhoneKeys(Partner))
        return orm, bulk

    def test_bulk_client_is_identical_to_an_orm_client(self):
        orm, bulk = self.orm_and_bulk(self.VALS)
        self.assertEqual(len(bulk), 1)
        orm_row, bulk_row = self.row(orm), self.row(bulk)
        # What differs by nature: the id (and what repeats it), the number, the opt-in moment.
        self.assertEqual((orm_row["commercial_partner_id"], bulk_row["commercial_partner_id"]), (orm.id, bulk.id))
        self.assertEqual(int(bulk_row["client_desk_number"]), int(orm_row["client_desk_number"]) + 1)
        self.assertTrue(orm_row["client_desk_marketing_opt_in_date"] and bulk_row["client_desk_marketing_opt_in_date"])
        if "client_desk_search_text" in orm_row:
            number_swapped = orm_row["client_desk_search_text"].replace(orm.client_desk_number, bulk.client_desk_number)
            self.assertEqual(bulk_row["client_desk_search_text"], number_swapped)
        by_nature = {"id", "commercial_partner_id", "client_desk_number", "client_desk_marketing_opt_in_date",
                     "client_desk_search_text"}
        self.assertEqual({column: value for column, value in orm_row.items() if column not in by_nature},
                         {column: value for column, value in bulk_row.items() if column not in by_nature})
        self.assertEqual(orm_row["create_uid"], self.staff.id)
        self.assertEqual(orm.category_id, bulk.category_id)
        self.assertEqual([(e.kind, e.source, e.actor, e.user_id, e.note) for e in orm.client_desk_consent_event_ids],
                         [(e.kind, e.source, e.actor, e.user_id, e.note) for e in bulk.client_desk_consent_event_ids])
        # What the ORM reads back is the same too (caches invalidated after the insert).
        for name in ("display_name", "client_desk_email_normalized", "client_desk_phone_search", "partner_share",
                     "commercial_company_name"):
            self.assertEqual(orm[name], bulk[name], name)

    def test_bulk_minimal_client_is_identical_too(self):
        orm, bulk = self.orm_and_bulk({"name": "Jan", "client_desk_is_client": True, "client_desk_source": "import",
                                       "client_desk_status": "client"})
        orm_row, bulk_row = self.row(orm), self.row(bulk)
        by_nature = {"id", "commercial_partner_id", "client_desk_number", "client_desk_search_text"}
        self.assertEqual({column: value for column, value in orm_row.items() if column not in by_nature},
                         {column: value for column, value in bulk_row.items() if column not in by_nature})

    def test_bulk_claims_the_identity_like_find_or_create(self):
        self.run_import(csv_file("An;Aerts;an@import-test.example;0470 11 11 11;;;;;;;;"))
        an = self.found("an@import-test.example")
        self.env.cr.execute("SELECT count(*) FROM client_desk_identity_claim WHERE partner_id = %s", (an.id,))
        self.assertEqual(self.env.cr.fetchone()[0], 2)
        found = self.Partner.client_desk_find_or_create({"name": "An", "mobile": "+32470111111"}, "booking")
        self.assertEqual(found, an)

    def test_a_row_another_module_refuses_is_reported_and_the_others_imported(self):
        Partner = type(self.Partner)
        validate = Partner._validate_fields

        def refusing(records, field_names):
            if records._name == "res.partner" and any(record.name == "Refuse Me" for record in records):
                raise ValidationError("Nobody called Refuse Me, please.")  # pylint: disable=translation-required
            return validate(records, field_names)

        with patch.object(Partner, "_validate_fields", refusing):
            wizard = self.run_import(csv_file(
                "An;Aerts;an@import-test.example;;;;;;;;;",
                "Refuse;Me;refuse@import-test.example;;;;;;;;;",
                "Bo;Boon;bo@import-test.example;;;;;;;;;",
            ))
        self.assertEqual(self.counts(wizard), {"created": 2, "updated": 0, "skipped": 0, "invalid": 1, "warning": 0})
        self.assertEqual(self.report(wizard), {(3, "invalid"): "Nobody called Refuse Me, please."})
        self.assertTrue(self.found("an@import-test.example") and self.found("bo@import-test.example"))
        self.assertFalse(self.found("refuse@import-test.example"))

    def test_a_change_another_module_refuses_is_reported_and_the_others_imported(self):
        refused = self.Partner.create({"name": "Refuse Me", "email": "refuse@import-test.example",
                                       "client_desk_is_client": True})
        fine = self.Partner.create({"name": "An Aerts", "email": "an@import-test.example",
                                    "client_desk_is_client": True})
        Partner = type(self.Partner)
        validate = Partner._validate_fields

        def refusing(records, field_names):
            if records._name == "res.partner" and any(record.city == "Nergens" for record in records):
                raise ValidationError("Nobody lives in Nergens.")  # pylint: disable=translation-required
            return validate(records, field_names)

        with patch.object(Partner, "_validate_fields", refusing):
            wizard = self.run_import(csv_file("Refuse;Me;refuse@import-test.example;;;Nergens;;;VIP;;;",
                                              "An;Aerts;an@import-test.example;;;Gent;;;VIP;;;"))
        self.assertEqual(self.counts(wizard), {"created": 0, "updated": 1, "skipped": 0, "invalid": 1, "warning": 0})
        self.assertEqual(self.report(wizard)[(2, "invalid")], "Nobody lives in Nergens.")
        self.assertEqual((refused.city, refused.category_id.ids), (False, []), "nothing of the row is written")
        self.assertEqual(fine.city, "Gent")

    def test_unknown_create_override_imports_through_the_orm(self):
        with patch.object(type(self.Partner), "_client_desk_bulk_safe_modules", lambda self: {"odoo.models"}):
            self.assertFalse(self.Partner._client_desk_bulk_possible())
            result = self.run_import(data_file("klanten_belgisch_excel.csv"))
        self.assertEqual(self.counts(result), {"created": 3, "updated": 0, "skipped": 1, "invalid": 2, "warning": 0})
        sofie = self.found("sofie.peeters@example.be")
        self.assertEqual(sofie.client_desk_consent_event_ids.mapped("source"), ["import"])
        self.assertIn(result.tag_id, sofie.category_id)


class TestImportNumbering(ImportCase):
    """Client numbers come from a PostgreSQL sequence: an import locks nothing a colleague needs."""

    def test_a_colleague_creates_a_client_while_an_import_is_open(self):
        wizard = self.run_import(data_file("klanten_belgisch_excel.csv"))
        self.assertEqual(wizard.created_count, 3)
        # The import's transaction is still open: a colleague's request has its own.
        with self.registry.cursor() as cr:
            # A lock the import held would make this wait; fail at once instead of hanging.
            cr.execute("SET LOCAL lock_timeout = '5s'")
            # The test's users are not committed: the colleague is the administrator.
            env = self.env(cr=cr, user=SUPERUSER_ID)
            colleague = env["res.partner"].with_context(**NO_TRACKING).create({
                "name": "Walk In", "email": "walk.in@import-test.example", "client_desk_is_client": True})
            number = colleague.client_desk_number
            cr.rollback()
        self.assertTrue(number)
        self.assertNotIn(number, wizard.partner_ids.mapped("client_desk_number"))


class TestOdooImport(ImportCase):
    """Odoo's own import (base_import) keeps working on clients."""

    def test_base_import_creates_numbered_clients(self):
        content = "Voornaam;Naam;E-mail;GSM\r\nGriet;Goossens;griet@import-test.example;0477 00 11 22\r\n"
        importer = self.env["base_import.import"].sudo(self.staff).with_context(
            default_client_desk_is_client=True, default_customer=True, client_desk=True).create({
                "res_model": "res.partner", "file": content.encode("cp1252"), "file_name": "klanten.csv",
                "file_type": "text/csv"})
        options = {"headers": True, "separator": ";", "quoting": '"', "encoding": "cp1252"}
        preview = importer.parse_preview(options)
        self.assertFalse(preview.get("error"), preview)
        messages = importer.do(["client_desk_first_name", "client_desk_last_name", "email", "mobile"], options)
        self.assertFalse([message for message in messages if message["type"] == "error"], messages)
        griet = self.found("griet@import-test.example")
        self.assertEqual((griet.name, griet.mobile, griet.client_desk_phone_search),
                         ("Griet Goossens", "0477 00 11 22", "477001122"))
        self.assertTrue(griet.client_desk_is_client)
        self.assertTrue(griet.client_desk_number)

    def test_base_import_maps_the_client_flag_column(self):
        content = "name,email,client_desk_is_client\nHilde Hermans,hilde@import-test.example,1\n"
        importer = self.env["base_import.import"].create({
            "res_model": "res.partner", "file": content.encode(), "file_name": "p.csv", "file_type": "text/csv"})
        options = {"headers": True, "separator": ",", "quoting": '"', "encoding": "utf-8"}
        messages = importer.do(["name", "email", "client_desk_is_client"], options)
        self.assertFalse([message for message in messages if message["type"] == "error"], messages)
        hilde = self.found("hilde@import-test.example")
        self.assertTrue(hilde.client_desk_is_client and hilde.client_desk_number)


class TestImportCustomFields(ImportCase):
    """Columns that match a custom client field (client.desk.field) fill it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hair = cls.env["client.desk.field"].create({"name": "Haartype", "field_type": "text"})
        cls.visits = cls.env["client.desk.field"].create({"name": "Bezoeken per jaar", "field_type": "number"})

    def test_column_named_like_a_custom_field_fills_it(self):
        content = "Naam;E-mail;Haartype;Bezoeken per jaar\r\nAn Aerts;an@import-test.example;Krullen;6\r\n" \
                  "Bo Boon;bo@import-test.example;Steil;vaak\r\n"
        wizard = self.wizard(content.encode("cp1252"))
        wizard.action_preview()
        targets = {column.header: column.target for column in wizard.column_ids}
        self.assertEqual(targets["Haartype"], "custom_%d" % self.hair.id)
        self.assertEqual(targets["Bezoeken per jaar"], "custom_%d" % self.visits.id)
        wizard.action_import()
        self.assertEqual(self.counts(wizard), {"created": 2, "updated": 0, "skipped": 0, "invalid": 0, "warning": 1})
        an = self.found("an@import-test.example")
        self.assertEqual(an.client_desk_custom_values(raw=True), {self.hair.key: "Krullen", self.visits.key: 6.0})
        bo = self.found("bo@import-test.example")
        self.assertEqual(bo.client_desk_custom_values(raw=True), {}, "one bad value: none of the row's values")
        remark = wizard.report_line_ids
        self.assertEqual((remark.row_number, remark.line_type, remark.partner_id), (3, "warning", bo))
        self.assertIn("vaak", remark.reason)

    def test_update_sets_custom_values_of_known_clients(self):
        an = self.Partner.create({"name": "An", "email": "an@import-test.example", "client_desk_is_client": True})
        content = "Naam;E-mail;Haartype\r\nAn;an@import-test.example;Krullen\r\n".encode()
        wizard = self.run_import(content)
        self.assertEqual(an.client_desk_custom_values(raw=True), {self.hair.key: "Krullen"})
        self.assertEqual(self.counts(wizard), {"created": 0, "updated": 1, "skipped": 0, "invalid": 0, "warning": 0})
        self.assertIn(wizard.tag_id, an.category_id)
        again = self.run_import(content)
        self.assertEqual(self.counts(again), {"created": 0, "updated": 0, "skipped": 1, "invalid": 0, "warning": 0})
