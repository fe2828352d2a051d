import codecs
import datetime
import io
import os
import random
import zipfile

import xlsxwriter
import xlwt

from odoo.modules.module import get_module_resource
from odoo.tests.common import SavepointCase

from odoo.addons.client_desk.tools import client_import
from odoo.addons.client_desk.tools.client_import import ImportFileError, read_file

TEXT = (
    "Voornaam;Naam;E-mail;GSM;Straat;Gemeente\r\n"
    "Élodie;Dubois;elodie@import-test.example;0478 12 34 56;Rue de l'Église 3, bus 2;Liège\r\n"
    "Jan;Janssens;jan@import-test.example;0486.55.44.33;Kerkstraat 1;Gent\r\n"
)


def data_file(name):
    with open(get_module_resource("client_desk", "tests", "data", "import", name), "rb") as handle:
        return handle.read()


class TestImportParsers(SavepointCase):
    """tools/client_import.py: every format, encoding and separator; broken files say why."""

    def assertRows(self, parsed, expected):
        self.assertEqual([cells for _number, cells in parsed.rows], expected)

    def assertUnreadable(self, filename, content, fragment):
        with self.assertRaises(ImportFileError) as caught:
            read_file(filename, content)
        self.assertIn(fragment, str(caught.exception))

    # -- CSV: encodings and separators ------------------------------------------------------

    def test_belgian_excel_file_is_cp1252_with_semicolons(self):
        parsed = read_file("klanten_belgisch_excel.csv", data_file("klanten_belgisch_excel.csv"))
        self.assertEqual((parsed.format, parsed.encoding, parsed.delimiter), ("csv", "cp1252", ";"))
        self.assertEqual(parsed.targets[:5], ["first_name", "last_name", "email", "mobile", "phone"])
        self.assertEqual(parsed.rows[1][1][0], "Élodie")
        self.assertEqual(parsed.rows[1][1][8], "Belgique")
        self.assertEqual([number for number, _cells in parsed.rows], [2, 3, 4, 5, 6, 7])

    def test_every_encoding_gives_the_same_rows(self):
        expected = None
        for encoding, content, detected in (
            ("utf-8", TEXT.encode("utf-8"), "utf-8"),
            ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
            ("Windows-1252", TEXT.encode("cp1252"), "cp1252"),
            ("UTF-16 with BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        ):
            parsed = read_file("clients.csv", content)
            self.assertEqual(parsed.encoding, detected, encoding)
            self.assertEqual(parsed.headers[0], "Voornaam", encoding)  # no BOM left in the header
            self.assertEqual(parsed.rows[0][1][0], "Élodie", encoding)
            expected = expected or parsed.rows
            self.assertEqual(parsed.rows, expected, encoding)

    def test_separators(self):
        comma = read_file("clients.csv", data_file("clients_comma.csv"))
        self.assertEqual(comma.delimiter, ",")
        self.assertEqual(comma.rows[1][1][0], 'Pieter "Piet"')
        tab = read_file("clients.txt", TEXT.replace(";", "\t").encode("utf-8"))
        self.assertEqual(tab.delimiter, "\t")
        # Commas inside the cells of a semicolon file do not fool the sniffing.
        semicolon = read_file("clients.csv", TEXT.encode("utf-8"))
        self.assertEqual(semicolon.delimiter, ";")
        self.assertEqual(semicolon.rows[0][1][4], "Rue de l'Église 3, bus 2")
        self.assertEqual(comma.rows, read_file("c.csv", data_file("clients_comma.csv").replace(b",", b";")).rows)

    def test_excel_sep_line_names_the_separator(self):
        parsed = read_file("clients.csv", ("sep=,\r\n" + TEXT.replace(";", ",").replace("3, bus 2", "3")).encode())
        self.assertEqual(parsed.delimiter, ",")
        self.assertEqual(parsed.headers[0], "Voornaam")
        self.assertEqual(len(parsed.rows), 2)

    def test_empty_rows_are_dropped_and_short_rows_padded(self):
        parsed = read_file("c.csv", b"Naam;E-mail;GSM\r\n;;\r\nAn\r\n\r\nBo;bo@import-test.example\r\n")
        self.assertRows(parsed, [["An", "", ""], ["Bo", "bo@import-test.example", ""]])
        self.assertEqual([number for number, _cells in parsed.rows], [3, 5])

    # -- header recognition -------------------------------------------------------------------

    def test_french_headers_with_accents_case_and_spaces(self):
        headers = ["  PRÉNOM ", "Nom", "Courriel", "Téléphone", "Portable", "Rue", "Code postal", "Ville", "Pays",
                   "Date de naissance", "Étiquettes", "Langue", "Remarque", "Numéro de client", "Newsletter"]
        self.assertEqual(client_import.guess_targets(headers), [
            "first_name", "last_name", "email", "phone", "mobile", "street", "zip", "city", "country", "birthday",
            "tags", "lang", "note", "ref", "marketing_opt_in"])

    def test_dutch_and_english_headers(self):
        self.assertEqual(client_import.guess_targets(
            ["Achternaam", "voornaam", "e-mailadres", "Mobiel", "telefoonnummer", "Straat", "postcode", "Stad",
             "Land", "Geboortedatum", "Labels", "Taal", "Notitie", "Klantnummer"]), [
            "last_name", "first_name", "email", "mobile", "phone", "street", "zip", "city", "country", "birthday",
            "tags", "lang", "note", "ref"])
        self.assertEqual(client_import.guess_targets(["Full name", "E-mail Address", "Cell phone", "ZIP code"]),
                         ["name", "email", "mobile", "zip"])

    def test_naam_is_the_family_name_next_to_a_first_name(self):
        self.assertEqual(client_import.guess_targets(["Naam", "E-mail"]), ["name", "email"])
        self.assertEqual(client_import.guess_targets(["Voornaam", "Naam"]), ["first_name", "last_name"])
        self.assertEqual(client_import.guess_targets(["Prénom", "Nom", "Nom de famille"]),
                         ["first_name", "name", "last_name"])

    def test_a_target_goes_to_its_first_column_only(self):
        self.assertEqual(client_import.guess_targets(["E-mail", "Courriel", "Iets"]), ["email", "ignore", "ignore"])

    # -- values ---------------------------------------------------------------------------

    def test_dates(self):
        expected = datetime.date(1985, 4, 12)
        for text in ("12/04/1985", "12-04-1985", "12.04.1985", "1985-04-12", "12/4/1985", "19850412",
                     "1985-04-12 00:00:00", "12/04/85"):
            self.assertEqual(client_import.parse_date(text), expected, text)
        self.assertEqual(client_import.parse_date("01/02/50"), datetime.date(1950, 2, 1))
        self.assertIsNone(client_import.parse_date(" "))
        for text in ("31/02/1990", "--05-12", "morgen", "12/04/2999", "1/1/1850"):
            with self.assertRaises(ValueError, msg=text):
                client_import.parse_date(text)

    def test_yes_no_language_tags_email(self):
        self.assertEqual([client_import.parse_bool(text) for text in ("Ja", "oui", "YES", "x", "1", "nee", "Non", "0")],
                         [True] * 5 + [False] * 3)
        self.assertIsNone(client_import.parse_bool(""))
        with self.assertRaises(ValueError):
            client_import.parse_bool("misschien")
        self.assertEqual(client_import.parse_language("Français"), ("fr", None))
        self.assertEqual(client_import.parse_language("nl-be"), ("nl", "nl_BE"))
        self.assertEqual(client_import.parse_language("Nederlands"), ("nl", None))
        with self.assertRaises(ValueError):
            client_import.parse_language("Klingon")
        self.assertEqual(client_import.split_tags("VIP, Kleuring;vip ::: Mannen"), ["VIP", "Kleuring", "Mannen"])
        self.assertEqual(client_import.clean_email(" Sofie <Sofie@Import-Test.example> "), "Sofie@Import-Test.example")
        self.assertEqual(client_import.clean_email("mailto:a@b.be; c@d.be"), "a@b.be")

    # -- Excel --------------------------------------------------------------------------------

    def test_xlsx(self):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("Klanten")
        for column, header in enumerate(["Voornaam", "Naam", "GSM", "Geboortedatum", "E-mail"]):
            sheet.write(0, column, header)
        sheet.write(1, 0, "Élodie")
        sheet.write(1, 1, "Dubois")
        sheet.write_number(1, 2, 478123456)  # Excel drops the leading zero of a typed number
        sheet.write_datetime(1, 3, datetime.datetime(1985, 4, 12), book.add_format({"num_format": "dd/mm/yyyy"}))
        sheet.write(1, 4, "elodie@import-test.example")
        sheet.write(3, 0, "Jan")  # after an empty row
        book.close()
        parsed = read_file("klanten.xlsx", buffer.getvalue())
        self.assertEqual(parsed.format, "xlsx")
        self.assertEqual(parsed.targets, ["first_name", "last_name", "mobile", "birthday", "email"])
        self.assertRows(parsed, [["Élodie", "Dubois", "478123456", "1985-04-12", "elodie@import-test.example"],
                                 ["Jan", "", "", "", ""]])
        self.assertEqual([number for number, _cells in parsed.rows], [2, 4])

    def test_xlsx_whose_first_sheet_has_no_value(self):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sums = book.add_worksheet("Berekening")
        sums.write_formula(0, 0, "=1/0", None, "#DIV/0!")  # the sheet has a row, but no value
        sums.write_blank(4, 2, None, book.add_format({"bg_color": "yellow"}))
        clients = book.add_worksheet("Klanten")
        clients.write_row(0, 0, ["Naam", "E-mail"])
        clients.write_row(1, 0, ["An Aerts", "an@import-test.example"])
        book.close()
        parsed = read_file("klanten.xlsx", buffer.getvalue())
        self.assertRows(parsed, [["An Aerts", "an@import-test.example"]])
        # No value anywhere: the file is empty (a message, not a crash).
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        book.add_worksheet("Berekening").write_formula(0, 0, "=1/0", None, "#DIV/0!")
        book.close()
        self.assertUnreadable("leeg.xlsx", buffer.getvalue(), "empty")

    def test_xls(self):
        book = xlwt.Workbook()
        sheet = book.add_sheet("Clients")
        for column, header in enumerate(["Prénom", "Nom", "Courriel"]):
            sheet.write(0, column, header)
        for column, value in enumerate(["Chloé", "Lambert", "chloe@import-test.example"]):
            sheet.write(1, column, value)
        buffer = io.BytesIO()
        book.save(buffer)
        parsed = read_file("clients.xls", buffer.getvalue())
        self.assertEqual(parsed.format, "xls")
        self.assertRows(parsed, [["Chloé", "Lambert", "chloe@import-test.example"]])

    # -- contacts apps ----------------------------------------------------------------------------

    def test_vcard_30_with_several_cards(self):
        parsed = read_file("contacts.vcf", data_file("contacts_v3.vcf"))
        self.assertEqual(parsed.format, "vcard")
        contacts = [dict(zip(parsed.targets, cells)) for _number, cells in parsed.rows]
        self.assertEqual(len(contacts), 3)
        self.assertEqual(contacts[0], {
            "name": "An Vermeulen", "first_name": "An", "last_name": "Vermeulen", "email": "an.vermeulen@example.be",
            "phone": "016 12 34 56", "mobile": "0476 45 45 45", "street": "Bondgenotenlaan 3", "zip": "3000",
            "city": "Leuven", "country": "België", "birthday": "1975-09-30", "tags": "Vaste klanten, Kleuring",
            "note": "Komt altijd op zaterdag"})
        self.assertEqual((contacts[1]["phone"], contacts[1]["email"]), ("+32 3 987 65 43", ""))
        self.assertEqual(contacts[2]["email"], "camille.leroy@example.be")

    def test_vcard_40(self):
        parsed = read_file("contacts.vcf", data_file("contacts_v4.vcf"))
        contacts = [dict(zip(parsed.targets, cells)) for _number, cells in parsed.rows]
        self.assertEqual(len(contacts), 2)
        self.assertEqual(contacts[0]["mobile"], "+32-478-22-33-44")  # tel: URI, TYPE="cell,voice"
        self.assertEqual(contacts[0]["city"], "Liège")
        self.assertEqual(client_import.parse_date(contacts[0]["birthday"]), datetime.date(1988, 2, 14))
        self.assertEqual(contacts[1]["phone"], "+32-4-222-11-00")
        self.assertEqual(contacts[1]["birthday"], "--0412")  # no year: the wizard reports it

    def test_vcard_21_and_utf8_bom(self):
        card = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Dubois;Marc\r\nTEL;CELL:0499112233\r\n"
                "EMAIL;PREF;INTERNET:marc@x.be\r\nEND:VCARD\r\n")
        parsed = read_file("marc.vcf", codecs.BOM_UTF8 + card.encode("utf-8"))
        contact = dict(zip(parsed.targets, parsed.rows[0][1]))
        self.assertEqual((contact["first_name"], contact["last_name"], contact["mobile"], contact["email"]),
                         ("Marc", "Dubois", "0499112233", "marc@x.be"))

    def test_google_contacts_old_export(self):
        parsed = read_file("contacts.csv", data_file("google_contacts.csv"))
        self.assertEqual(parsed.format, "google")
        contacts = [dict(zip(parsed.targets, cells)) for _number, cells in parsed.rows]
        self.assertEqual(contacts[0]["email"], "lotte.claes@example.be")  # first of ' ::: '
        self.assertEqual((contacts[0]["phone"], contacts[0]["mobile"]), ("03 456 78 90", "0472 11 22 33"))
        self.assertEqual(contacts[0]["tags"], "Vaste klanten")  # not Google's "* myContacts"
        self.assertEqual((contacts[0]["street"], contacts[0]["zip"], contacts[0]["city"]),
                         ("Meir 5", "2000", "Antwerpen"))
        self.assertEqual(contacts[0]["note"], "Vaste klant sinds 2019")
        self.assertEqual((contacts[1]["mobile"], contacts[1]["phone"]), ("+32 470 99 88 77", ""))

    def test_google_contacts_new_export(self):
        parsed = read_file("contacts.csv", data_file("google_contacts_new.csv"))
        self.assertEqual(parsed.format, "google")
        contact = dict(zip(parsed.targets, parsed.rows[0][1]))
        self.assertEqual((contact["first_name"], contact["last_name"], contact["email"]),
                         ("Nathalie", "Wouters", "nathalie.wouters@example.be"))
        self.assertEqual((contact["mobile"], contact["phone"], contact["tags"]),
                         ("0497 12 12 12", "011 22 33 44", "Nieuwe klanten"))

    def test_outlook_export(self):
        parsed = read_file("contacts.csv", data_file("outlook_contacts.csv"))
        self.assertEqual(parsed.format, "outlook")
        contacts = [dict(zip(parsed.targets, cells)) for _number, cells in parsed.rows]
        self.assertEqual(contacts[0], {
            "first_name": "Kevin", "last_name": "Mertens", "email": "kevin.mertens@example.be",
            "phone": "09 222 33 44", "mobile": "0489 33 44 55", "street": "Veldstraat 10", "zip": "9000",
            "city": "Gent", "country": "België", "birthday": "21/06/1988", "tags": "Mannen, VIP", "note": "Kort haar"})
        self.assertEqual(contacts[1]["birthday"], "")  # Outlook's 0/0/00

    # -- what contacts files hold beyond our columns ------------------------------------------

    def test_google_second_values_and_other_columns_are_dropped_and_said(self):
        parsed = read_file("contacts.csv", data_file("google_contacts.csv"))
        self.assertEqual(parsed.dropped, {"E-mail 1 - Value": [2]})  # Lotte's second address
        headers = ("Name,Given Name,Family Name,Organization 1 - Name,E-mail 1 - Value,E-mail 2 - Value,"
                   "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Phone 3 - Type,Phone 3 - Value\r\n")
        row = "An Aerts,An,Aerts,Kapsalon An,an@x.be,an2@x.be,Mobile,0470 11 11 11,Mobile,0470 22 22 22,Home,03 1\r\n"
        parsed = read_file("contacts.csv", (headers + row).encode())
        self.assertEqual(parsed.dropped, {"Organization 1 - Name": [2], "E-mail 2 - Value": [2],
                                          "Phone 2 - Value": [2]})

    def test_outlook_company_and_second_address_are_dropped_and_said(self):
        content = ("First Name,Last Name,Company,E-mail Address,E-mail 2 Address,Mobile Phone,Display Name\r\n"
                   "Kevin,Mertens,Kapper Kevin,kevin@x.be,kevin2@x.be,0489 33 44 55,Kevin Mertens\r\n"
                   "Ines,Jacobs,,ines@x.be,,,Ines Jacobs\r\n").encode()
        parsed = read_file("contacts.csv", content)
        self.assertEqual(parsed.format, "outlook")
        self.assertEqual(parsed.dropped, {"Company": [2], "E-mail 2 Address": [2]})

    def test_vcard_properties_we_do_not_import_are_said(self):
        card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Aerts;An;;;\r\nFN:An Aerts\r\nORG:Kapsalon An\r\n"
                "TITLE:Zaakvoerder\r\nEMAIL:an@x.be\r\nEMAIL:an2@x.be\r\nTEL;TYPE=CELL:0470 11 11 11\r\n"
                "TEL;TYPE=CELL:0470 22 22 22\r\nX-ABUID:123\r\nUID:abc\r\nEND:VCARD\r\n"
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Boon\r\nORG:Boon BV\r\nEND:VCARD\r\n")
        parsed = read_file("contacts.vcf", card.encode())
        self.assertEqual(parsed.dropped, {"Company": [1, 2], "Job title": [1], "Other e-mail addresses": [1],
                                          "Other phone numbers": [1]})
        # Labels are msgids the wizard translates.
        for label in parsed.dropped:
            self.assertIn(label, client_import._VCARD_LABELS.values())

    def test_contacts_columns_are_msgids_of_the_targets(self):
        parsed = read_file("contacts.vcf", data_file("contacts_v3.vcf"))
        labels = dict(client_import.TARGET_LABELS)
        self.assertEqual(parsed.headers, [labels[target] for target in parsed.targets])

    def test_plain_csv_has_nothing_dropped_by_the_parser(self):
        parsed = read_file("klanten_belgisch_excel.csv", data_file("klanten_belgisch_excel.csv"))
        self.assertEqual(parsed.dropped, {})

    # -- files that cannot be read ----------------------------------------------------------

    def test_empty_files(self):
        self.assertUnreadable("empty.csv", data_file("empty.csv"), "empty")
        self.assertUnreadable("empty.csv", b" \r\n\r\n", "empty")
        self.assertUnreadable("header.csv", b"Naam;E-mail\r\n", "no clients")

    def test_binary_garbage(self):
        rng = random.Random(4)
        garbage = bytes(rng.getrandbits(8) for _index in range(4096))
        self.assertUnreadable("clients.csv", garbage, "not a text file")
        # Without NUL bytes: Windows-1252 cannot decode it, or it is mostly control characters.
        no_nul = bytes(rng.randrange(1, 256) for _index in range(4096))
        with self.assertRaises(ImportFileError):
            read_file("clients.csv", no_nul)
        self.assertUnreadable("clients.csv", os.urandom(10) + b"\x00" * 20, "not a text file")
        controls = bytes(range(1, 32)) * 40
        self.assertUnreadable("clients.csv", controls, "not a text file")

    def test_spreadsheet_that_is_not_one(self):
        self.assertUnreadable("not_a_zip.xlsx", data_file("not_a_zip.xlsx"), "not an Excel file")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        self.assertUnreadable("clients.xlsx", buffer.getvalue(), "Excel file could not be read")
        self.assertUnreadable("clients.xlsx", b"PK\x03\x04" + b"\x00" * 40, "Excel file could not be read")

    def test_vcard_without_cards(self):
        self.assertUnreadable("contacts.vcf", b"Naam;E-mail\r\nAn;an@x.be\r\n", "does not contain any contact card")

    def test_no_recognisable_column(self):
        self.assertUnreadable("data.csv", data_file("no_recognisable_column.csv"), "No column was recognised")

    def test_error_message_is_a_translatable_msgid_with_params(self):
        with self.assertRaises(ImportFileError) as caught:
            read_file("clients.xlsx", b"PK\x03\x04garbage")
        error = caught.exception
        self.assertIn("%(error)s", error.message)
        self.assertEqual(str(error), error.message % error.params)
