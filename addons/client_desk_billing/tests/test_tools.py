import unittest

from ..tools.statement import StatementError, parse_coda, parse_csv
from ..tools.structured_communication import (
    make_structured_communication,
    normalize_structured_communication,
    structured_communication_number,
)


class TestStructuredCommunication(unittest.TestCase):
    def test_round_trip(self):
        text = make_structured_communication(1234)
        self.assertEqual(text, "+++000/0001/23470+++")
        self.assertEqual(structured_communication_number(text), 1234)

    def test_bank_spellings_and_bad_check_digits(self):
        self.assertEqual(normalize_structured_communication("***000/0001/23470***"), "000000123470")
        self.assertIsNone(normalize_structured_communication("+++000/0001/23471+++"))
        self.assertIsNone(normalize_structured_communication("invoice 000000123470"))
        self.assertIsNone(normalize_structured_communication(""))

    def test_multiple_of_97_gets_97(self):
        self.assertTrue(make_structured_communication(97).endswith("97+++"))
        with self.assertRaises(ValueError):
            make_structured_communication(0)


class TestStatementParsers(unittest.TestCase):
    def test_csv_dutch_semicolons(self):
        data = ("Datum;Bedrag;Mededeling;Naam tegenpartij\n"
                "25/11/2026;60,00;+++000/0001/23470+++;Bernard Guts\n"
                "26/11/2026;-1.234,50;huur;Verhuurder\n").encode("cp1252")
        lines = parse_csv(data)
        self.assertEqual(lines[0]["date"], "2026-11-25")
        self.assertEqual(lines[0]["amount"], 60.0)
        self.assertEqual(lines[1]["amount"], -1234.5)
        self.assertEqual(lines[0]["partner_name"], "Bernard Guts")

    def test_csv_without_amount_refused(self):
        with self.assertRaises(StatementError):
            parse_csv(b"foo;bar\n1;2\n")

    def test_coda_structured_line(self):
        header = "0" + "0" * 127
        movement = ("21" + "0001" + "0000" + " " * 21 + "0" + "%015d" % 60000 + "251126"
                    + " " * 8 + "1" + "101" + "000000123470" + " " * 38)
        name = "23" + "0001" + "0000" + "BE68539007547034".ljust(37) + "Bernard Guts".ljust(35)
        lines = parse_coda("\n".join([header, movement, name, "9" + " " * 127]))
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0]["amount"], 60.0)
        self.assertEqual(lines[0]["date"], "2026-11-25")
        self.assertEqual(lines[0]["communication"], "+++000/0001/23470+++")
        self.assertEqual(lines[0]["partner_name"], "Bernard Guts")

    def test_not_coda(self):
        with self.assertRaises(StatementError):
            parse_coda(b"hello")
