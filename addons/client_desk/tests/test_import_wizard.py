import base64
import codecs
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_resource
from odoo.tests.common import SavepointCase

from client_desk_testing import new_user

from odoo.addons.client_desk.wizards.client_desk_import import NO_TRACKING

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


class ImportCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", **NO_TRACKING))
        cls.Partner = cls.env["res.partner"]
        cls.staff = new_user(cls.env, "import.staff", "user")
        cls.manager = new_user(cls.env, "import.manager", "manager")
        cls.employee = new_user(cls.env, "import.employee", "internal")
        cls.portal = new_user(cls.env, "import.portal", "portal")
        cls.public = cls.env.ref("base.public_user")
        cls.dutch_lang = active_lang(cls.env, "nl_BE")
        cls.french = active_lang(cls.env, "fr_BE")
        cls.belgium = cls.env.ref("base.be")

    def wizard(self, content, filename="klanten.csv", user=None, lang="en_US", **vals):
        """A wizard of user (staff by default) as the web client makes it: in their language."""
        user = user or self.staff
        vals.update(file=base64.b64encode(content), filename=filename)
        return self.env["client.desk.import"].sudo(user).with_context(lang=lang).create(vals)

    def run_import(self, content, filename="klanten.csv", user=None, lang="en_US", **vals):
        wizard = self.wizard(content, filename, user, lang, **vals)
        wizard.action_preview()
        wizard.action_import()
        return wizard

    def client(self, email):
        return self.Partner.search([("client_desk_email_normalized", "=", email.lower())])

    def dutch(self, src, value):
        """The Dutch translation of a message of this module: the installed one, else value."""
        Translation = self.env["ir.translation"]
        if not Translation.search([("type", "=", "code"), ("lang", "=", "nl_BE"), ("src", "=", src)]):
            Translation.create({"type": "code", "name": "addons/client_desk/wizards/client_desk_import.py",
                                "lang": "nl_BE", "src": src, "value": value, "module": "client_desk",
                                "state": "translated"})
        # _get_source is cached: forget what this test's (rolled back) translations gave.
        self.addCleanup(Translation.clear_caches)
        translated = Translation._get_source(None, ("code", "sql_constraint"), "nl_BE", src)
        self.assertNotEqual(translated, src)
        return translated

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
        self.assertFalse(self.client("sofie.peeters@example.be"), "the preview imports nothing")

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
        sofie = self.client("sofie.peeters@example.be")
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
        elodie = self.client("elodie.dubois@example.be")
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
        label = self.dutch("Imported on %s", "Geïmporteerd op %s")
        wizard = self.run_import(csv_file("An;Aerts;an@import-test.example;;;;;;;;;"), lang="nl_BE")
        today = fields.Date.from_string(fields.Date.context_today(wizard))
        self.assertEqual(wizard.tag_id.with_context(lang="nl_BE").name,
                         label % today.strftime(self.dutch_lang.date_format))
        self.assertIn(wizard.tag_id, self.client("an@import-test.example").category_id)
        # A second import on the same day gets the same tag.
        again = self.run_import(csv_file("Bo;Boon;bo@import-test.example;;;;;;;;;"), lang="nl_BE")
        self.assertEqual(again.tag_id, wizard.tag_id)

    def test_mapping_is_editable(self):
        wizard = self.wizard(csv_file("An;Aerts;an@import-test.example;;;Gent;;;;;;Geheim"))
        wizard.action_preview()
        wizard.column_ids.filtered(lambda column: column.header == "Notitie").target = "ignore"
        wizard.column_ids.filtered(lambda column: column.header == "Gemeente").target = "street"
        wizard.action_import()
        an = self.client("an@import-test.example")
        self.assertEqual((an.client_desk_note, an.street, an.city), (False, "Gent", False))

    def test_nothing_mapped_is_refused(self):
        wizard = self.wizard(csv_file("An;Aerts;an@import-test.example;;;;;;;;;"))
        wizard.action_preview()
        wizard.column_ids.write({"target": "ignore"})
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertFalse(self.client("an@import-test.example"))

    def test_update_overwrites_mapped_fields_of_the_existing_client(self):
        existing = self.Partner.create({
            "name": "Sofie P.", "email": "sofie@import-test.example", "city": "Mechelen", "street": "Oude straat 1",
            "client_desk_is_client": True})
        number = existing.client_desk_number
        wizard = self.run_import(csv_file("Sofie;Peeters;SOFIE@Import-Test.example;0478 12 34 56;;Antwerpen;;;VIP;;;"))
        self.assertEqual(self.counts(wizard), {"created": 0, "updated": 1, "skipped": 0, "invalid": 0, "warning": 0})
        self.assertEqual((existing.name, existing.city, existing.mobile),
                         ("Sofie Peeters", "Antwerpen", "0478 12 34 56"))
        self.assertEqual(existing.street, "Oude straat 1", "a column the file does not have is left alone")
        self.assertEqual(existing.email, "sofie@import-test.example", "the same address in other capitals is kept")
        self.assertEqual(existing.client_desk_number, number)
        self.assertEqual(set(existing.category_id.mapped("name")), {"VIP", wizard.tag_id.name})
        self.assertEqual(wizard.partner_ids, existing)

    def test_update_keeps_the_name_when_the_file_has_none(self):
        existing = self.Partner.create({"name": "Sofie P.", "email": "sofie@import-test.example",
                                        "client_desk_is_client": True})
        self.run_import("E-mail;Gemeente\r\nsofie@import-test.example;Lier\r\n".encode())
        self.assertEqual((existing.name, existing.city), ("Sofie P.", "Lier"))
        self.run_import("E-mail;Gemeente\r\nnew@import-test.example;Lier\r\n".encode())
        self.assertEqual(self.client("new@import-test.example").name, "new@import-test.example")

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

    def test_existing_contact_found_by_phone_becomes_a_client(self):
        contact = self.Partner.create({"name": "Dieter", "mobile": "0478 12 34 56"})
        wizard = self.run_import(csv_file("Dieter;Vetkuif;;+32 478 12.34.56;;;;;;;;"))
        self.assertEqual(self.counts(wizard)["updated"], 1)
        self.assertTrue(contact.client_desk_is_client)
        self.assertTrue(contact.client_desk_number)
        self.assertEqual(contact.mobile, "0478 12 34 56", "the same number typed otherwise is not rewritten")
        self.assertEqual(contact.name, "Dieter Vetkuif")

    def test_reimport_creates_and_changes_nothing(self):
        first = self.run_import(data_file("klanten_belgisch_excel.csv"))
        count = self.Partner.search_count([])
        again = self.run_import(data_file("klanten_belgisch_excel.csv"))
        self.assertEqual(self.counts(again), {"created": 0, "updated": 0, "skipped": 4, "invalid": 2, "warning": 0})
        self.assertEqual(self.Partner.search_count([]), count)
        self.assertFalse(again.partner_ids)
        reasons = self.report(again)
        self.assertIn(self.client("sofie.peeters@example.be").client_desk_number, reasons[(2, "skipped")])
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
        self.assertFalse(self.client("bob@import-test.example"))

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
        lies = self.client("lies@import-test.example")
        self.assertEqual(
            (lies.mobile, lies.country_id.id, lies.client_desk_birthday, lies.client_desk_marketing_opt_in),
            (False, False, False, False))
        self.assertFalse(self.Partner.search([("email", "=", "piet@@import-test")]))

    def test_report_is_translated(self):
        reason = self.dutch("No name, e-mail address or phone number.", "Geen naam, e-mailadres of telefoonnummer.")
        wizard = self.run_import(csv_file(";;;;;;;;;;;Alleen een notitie", "An;Aerts;an@import-test.example;;;;;;;;;"),
                                 lang="nl_BE")
        self.assertEqual(wizard.report_line_ids.reason, reason)

    def test_unreadable_file_error_is_translated(self):
        outer = self.dutch("This file cannot be imported: %s", "Dit bestand kan niet ingelezen worden: %s")
        inner = self.dutch("The file has column names but no clients under them.",
                           "Het bestand heeft kolomnamen maar geen klanten eronder.")
        wizard = self.wizard(b"Naam;E-mail\r\n", lang="nl_BE")
        with self.assertRaises(UserError) as caught:
            wizard.action_preview()
        self.assertEqual(caught.exception.name, outer % inner)

    def test_marketing_opt_in_only_when_the_file_says_so(self):
        opted = self.Partner.create({"name": "Opted", "email": "opted@import-test.example",
                                     "client_desk_is_client": True, "client_desk_marketing_opt_in": True})
        self.run_import(csv_file(
            "Ja;Jansen;ja@import-test.example;;;;;;;;ja;",
            "Leeg;Lenaerts;leeg@import-test.example;;;;;;;;;",
            "Opted;Out;opted@import-test.example;;;;;;;;nee;",
        ))
        yes = self.client("ja@import-test.example")
        self.assertTrue(yes.client_desk_marketing_opt_in)
        self.assertEqual(yes.client_desk_marketing_opt_in_source, "import")
        self.assertTrue(yes.client_desk_marketing_opt_in_date)
        self.assertEqual([(event.kind, event.source, event.user_id) for event in yes.client_desk_consent_event_ids],
                         [("marketing_opt_in_on", "import", self.staff)])
        empty = self.client("leeg@import-test.example")
        self.assertFalse(empty.client_desk_marketing_opt_in)
        self.assertFalse(empty.client_desk_consent_event_ids)
        self.assertFalse(opted.client_desk_marketing_opt_in, "the file says no: consent withdrawn")
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

    def test_file_changed_after_preview_is_refused(self):
        wizard = self.wizard(csv_file("An;Aerts;an@import-test.example;;;;;;;;;"))
        wizard.action_preview()
        wizard.file = base64.b64encode(b"Naam;E-mail\r\nBo;bo@import-test.example\r\n")
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertFalse(self.client("bo@import-test.example") | self.client("an@import-test.example"))

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
        an = self.client("an.vermeulen@example.be")
        self.assertEqual((an.mobile, an.phone, an.city, an.client_desk_birthday), ("0476 45 45 45", "016 12 34 56",
                                                                                   "Leuven", "1975-09-30"))
        self.assertIn("Kleuring", an.category_id.mapped("name"))
        v4 = self.run_import(data_file("contacts_v4.vcf"), "contacts.vcf")
        self.assertEqual((v4.created_count, v4.warning_count), (2, 1))  # --0412 has no year
        google = self.run_import(data_file("google_contacts.csv"), "contacts.csv")
        self.assertEqual((google.file_format, google.created_count), ("google", 2))
        outlook = self.run_import(data_file("outlook_contacts.csv"), "contacts.csv")
        self.assertEqual((outlook.file_format, outlook.created_count), ("outlook", 2))
        kevin = self.client("kevin.mertens@example.be")
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
        self.assertEqual(self.client("chloe@import-test.example").name, "Chloé Lambert")


class TestImportAccess(ImportCase):
    """Only Client Desk staff and managers import clients."""

    def test_staff_and_manager_can_import(self):
        for user, email in ((self.staff, "staff@import-test.example"), (self.manager, "manager@import-test.example")):
            wizard = self.run_import(csv_file("A;B;%s;;;;;;;;;" % email), user=user)
            self.assertEqual(wizard.created_count, 1)
            self.assertEqual(self.client(email).create_uid, user)

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
        wizard = self.env["client.desk.import"].sudo(self.staff)
        orm = Partner.create(dict(vals))
        self.assertTrue(wizard._client_desk_bulk_possible(Partner))
        bulk = wizard._client_desk_bulk_create(Partner, [dict(vals)])
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
        self.assertEqual([(e.kind, e.source, e.user_id, e.note) for e in orm.client_desk_consent_event_ids],
                         [(e.kind, e.source, e.user_id, e.note) for e in bulk.client_desk_consent_event_ids])
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
        self.env.cr.execute("SELECT to_regclass('client_desk_identity_claim')")
        if not self.env.cr.fetchone()[0]:
            return
        self.run_import(csv_file("An;Aerts;an@import-test.example;0470 11 11 11;;;;;;;;"))
        an = self.client("an@import-test.example")
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
        self.assertTrue(self.client("an@import-test.example") and self.client("bo@import-test.example"))
        self.assertFalse(self.client("refuse@import-test.example"))

    def test_unknown_create_override_imports_through_the_orm(self):
        wizard = self.env["client.desk.import"].sudo(self.staff)
        with patch.object(type(wizard), "_client_desk_bulk_safe_modules", lambda self: {"odoo.models"}):
            self.assertFalse(wizard._client_desk_bulk_possible(self.Partner))
            result = self.run_import(data_file("klanten_belgisch_excel.csv"))
        self.assertEqual(self.counts(result), {"created": 3, "updated": 0, "skipped": 1, "invalid": 2, "warning": 0})
        sofie = self.client("sofie.peeters@example.be")
        self.assertEqual(sofie.client_desk_consent_event_ids.mapped("source"), ["import"])
        self.assertIn(result.tag_id, sofie.category_id)


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
        griet = self.client("griet@import-test.example")
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
        hilde = self.client("hilde@import-test.example")
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
        an = self.client("an@import-test.example")
        self.assertEqual(an.client_desk_custom_values(raw=True), {self.hair.key: "Krullen", self.visits.key: 6.0})
        bo = self.client("bo@import-test.example")
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
