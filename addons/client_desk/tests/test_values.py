import datetime
import unittest

from odoo.addons.client_desk.tools import client_import
from odoo.addons.client_desk.tools.values import read_boolean, read_date


class TestValues(unittest.TestCase):
    """One reading of dates and yes/no for custom fields and the import."""

    def test_dates_as_belgians_write_them(self):
        expected = datetime.date(1985, 4, 12)
        for text in ("12/04/1985", "12-4-1985", "12.04.1985", "1985-04-12", "1985-04-12 10:30:00", "19850412"):
            self.assertEqual(read_date(text), expected, text)
        self.assertIsNone(read_date("12/13/1985"))
        self.assertIsNone(read_date("soon"))

    def test_two_digit_years_land_in_the_past_only_when_asked(self):
        self.assertEqual(read_date("01/02/50", past=True), datetime.date(1950, 2, 1))
        self.assertEqual(read_date("01/02/30"), datetime.date(2030, 2, 1))

    def test_yes_and_no_in_three_languages(self):
        for word in ("Ja", "oui", "YES", "x", "ok", "Vrai."):
            self.assertIs(read_boolean(word), True, word)
        for word in ("nee", "Non", "no", "0", "-", "faux"):
            self.assertIs(read_boolean(word), False, word)
        self.assertIsNone(read_boolean("misschien"))

    def test_import_birthday_rules_on_top(self):
        self.assertIsNone(client_import.parse_date("  "))
        with self.assertRaises(ValueError):
            client_import.parse_date("01/01/1850")
        with self.assertRaises(ValueError):
            client_import.parse_bool("misschien")
