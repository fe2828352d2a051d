import csv
import io
import json
import re

import xlrd

from odoo.tests.common import SavepointCase

from odoo.addons.client_desk.tools.spreadsheet import neutralise_cell, neutralise_row

from .harness import HttpTestCase, new_user

WEB_CSRF = re.compile(r'csrf_token:\s*"([^"]+)"')
EVIL_NAME = '=HYPERLINK("http://evil")'


class TestNeutraliseCell(SavepointCase):
    """tools.spreadsheet: the one rule the list, GDPR and import exports share."""

    def test_formula_prefixes_are_quoted(self):
        for text in ("=1+1", "+32 470 12 34 56", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "\0=1"):
            self.assertEqual(neutralise_cell(text), "'" + text, repr(text))

    def test_other_values_unchanged(self):
        for value in ("Anne", "", " =1", "'=1", -5, -2.5, 0, True, False, None):
            self.assertEqual(neutralise_cell(value), value, repr(value))

    def test_bytes(self):
        self.assertEqual(neutralise_cell(b"=1"), b"'=1")
        self.assertEqual(neutralise_cell(b"\xff=1"), b"\xff=1")

    def test_numeric_columns_stay_numbers(self):
        self.assertEqual(neutralise_row(["-5.0", "-5.0", -5], [True, False, False]), ["-5.0", "'-5.0", -5])


class TestExportNeutralise(HttpTestCase):
    """SECURITY checklist 10 over HTTP: the web client's list export (CSV and Excel)."""

    def setUp(self):
        super().setUp()
        self.staff = new_user(self.env, "export.staff", "user")
        self.partner = self.env["res.partner"].create({
            "name": EVIL_NAME,
            "ref": "@SUM(1+1)*cmd|' /C calc'!A0",
            "function": "-2+3",
            "street": "\tTab street",
            "phone": "+32 470 12 34 56",
            "city": "Gent",
            "color": -5,
        })

    def export_request(self, kind, data):
        """Posts data (a JSON text, as the web client does) to the export route, logged in."""
        self.login("export.staff")
        match = WEB_CSRF.search(self.get("/web").text)
        self.assertTrue(match, "no csrf_token on /web")
        return self.request("post", self.url("/web/export/%s" % kind), data={
            "data": data, "token": "1234", "csrf_token": match.group(1),
        })

    def export_data(self, **changes):
        fields = [{"name": name, "label": label} for name, label in (
            ("name", "Name"), ("ref", "Reference"), ("function", "=Job"), ("street", "Street"),
            ("phone", "Phone"), ("city", "City"), ("color", "Color"), ("id", "External ID"),
        )]
        data = {"model": "res.partner", "fields": fields, "ids": [self.partner.id], "domain": [],
                "import_compat": False, "context": {"lang": "en_US"}}
        data.update(changes)
        return json.dumps(data)

    def export(self, kind):
        response = self.export_request(kind, self.export_data())
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response

    def assertNeutralised(self, header, row):
        self.assertEqual(header[2], "'=Job")
        self.assertEqual(row[0], "'" + EVIL_NAME)
        self.assertEqual(row[1], "'@SUM(1+1)*cmd|' /C calc'!A0")
        self.assertEqual(row[2], "'-2+3")
        self.assertTrue(row[3].startswith("'"), repr(row[3]))
        self.assertEqual(row[4], "'+32 470 12 34 56")
        self.assertEqual(row[5], "Gent")

    def test_csv_export(self):
        response = self.export("csv")
        header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        self.assertNeutralised(header, row)
        self.assertEqual(row[6], "-5")  # a negative number stays a number
        self.assertEqual(row[3], "'\tTab street")

    def test_xls_export(self):
        response = self.export("xls")
        sheet = xlrd.open_workbook(file_contents=response.content).sheet_by_index(0)
        header, row = sheet.row_values(0), sheet.row_values(1)
        self.assertNeutralised(header, row)
        self.assertEqual(sheet.cell(1, 6).ctype, xlrd.XL_CELL_NUMBER)
        self.assertEqual(row[6], -5)

    def assertBadRequest(self, response):
        self.assertEqual(response.status_code, 400, response.text[:500])
        self.assertIn("This export request is not valid", response.text)
        self.assertNotIn("Traceback", response.text)

    def test_malformed_requests_answer_400(self):
        # Stock Odoo: 500 with a traceback for each.
        for kind in ("csv", "xls"):
            for data in (
                "not json",
                "[1, 2]",
                self.export_data(model="no.such.model"),
                self.export_data(fields=[{"name": "no_such_field", "label": "X"}]),
                self.export_data(fields=[{"name": "name/id", "label": "X"}]),
                self.export_data(fields=[{"label": "no name"}]),
                self.export_data(ids="all"),
            ):
                with self.subTest(kind=kind, data=data):
                    self.assertBadRequest(self.export_request(kind, data))

    def test_request_without_data_answers_400(self):
        self.login("export.staff")
        csrf = WEB_CSRF.search(self.get("/web").text).group(1)
        self.assertBadRequest(self.request("post", self.url("/web/export/csv"), data={"csrf_token": csrf}))

    def test_related_paths_still_export(self):
        company = self.env["res.partner"].create({"name": "=Company", "is_company": True})
        self.partner.parent_id = company
        response = self.export_request("csv", self.export_data(
            fields=[{"name": "parent_id/name", "label": "Company"}, {"name": "parent_id/id", "label": "Company ID"}]))
        self.assertEqual(response.status_code, 200, response.text[:500])
        _header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        self.assertEqual(row[0], "'=Company")

    def test_public_visitor_cannot_export(self):
        response = self.request("post", self.url("/web/export/csv"), data={"data": "{}", "token": "1"},
                                allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("HYPERLINK", response.text)
