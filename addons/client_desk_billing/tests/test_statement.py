"""Bank statements go through Odoo's account.bank.statement: matching lines reconcile their
invoice, and a file imported twice, or once here and once through Odoo's own import, books
its lines once."""
import base64

from odoo.exceptions import AccessError, UserError

from .common import BillingCase


class TestStatementImport(BillingCase):
    user_prefix = "billing.statement"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.user.company_id.id)], limit=1)

    def setUp(self):
        super().setUp()
        self.older_lines = self.env["account.bank.statement.line"].search([])

    def statement_file(self, *lines):
        rows = ["Datum;Bedrag;Mededeling;Naam tegenpartij;Rekening tegenpartij"]
        rows += ["%s;%s;%s;%s;BE68539007547034" % line for line in lines]
        return base64.b64encode(("\n".join(rows) + "\n").encode())

    def run_import(self, data, user=None):
        wizard = self.env["client.desk.statement.import"].sudo(user or self.staff).create({
            "data_file": data, "filename": "statement.csv", "journal_id": self.bank.id})
        wizard.action_import()
        return wizard

    def statement_lines(self):
        """The statement lines the test made."""
        return self.env["account.bank.statement.line"].search([]) - self.older_lines

    def test_statement_reconciles_matching_invoices_and_lists_the_rest(self):
        paid = self.make_invoice(self.env, self.client, 60.0)
        partly = self.make_invoice(self.env, self.client, 50.0)
        untouched = self.make_invoice(self.env, self.client, 30.0)
        wizard = self.run_import(self.statement_file(
            ("25/11/2026", "60,00", paid.reference, "Anne Peeters"),
            ("25/11/2026", "20,00", partly.reference, "Anne Peeters"),
            ("25/11/2026", "30,00", "+++000/0000/00097+++", "Unknown"),
            ("25/11/2026", "12,00", "vrije mededeling", "Someone")))
        self.assertEqual(wizard.statement_id.journal_id, self.bank)
        self.assertEqual(len(wizard.statement_id.line_ids), 4)
        self.assertTrue(all(wizard.statement_id.line_ids.mapped("unique_import_id")))
        self.assertEqual(paid.state, "paid")
        self.assertEqual((partly.state, partly.residual), ("open", 30.0))
        self.assertEqual(untouched.state, "open")
        self.assertEqual(wizard.matched_invoice_ids, paid | partly)
        self.assertEqual(len(wizard.unmatched.splitlines()), 2)
        line = wizard.statement_id.line_ids.filtered(lambda l: l.ref == paid.reference)
        self.assertEqual(line.partner_id, self.client)
        self.assertTrue(line.journal_entry_ids)
        # The payment is an event in the client's conversation, by the staff member.
        events = self.events(self.client, "payment_received")
        self.assertEqual(len(events), 2)
        self.assertEqual(events.mapped("author_id"), self.staff.partner_id)
        self.assertIn(paid, line.journal_entry_ids.mapped("payment_id").invoice_ids)

    def test_same_file_twice_books_once(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        data = self.statement_file(("25/11/2026", "25,00", invoice.reference, "Anne Peeters"),
                                   ("25/11/2026", "12,00", "vrije mededeling", "Someone"))
        self.run_import(data)
        self.assertAlmostEqual(invoice.residual, 35.0)
        with self.assertRaises(UserError):
            self.run_import(data)
        self.assertAlmostEqual(invoice.residual, 35.0)
        self.assertEqual(len(self.statement_lines()), 2)
        # The same file with one more line: only that line is new.
        wizard = self.run_import(self.statement_file(
            ("25/11/2026", "25,00", invoice.reference, "Anne Peeters"),
            ("25/11/2026", "12,00", "vrije mededeling", "Someone"),
            ("26/11/2026", "35,00", invoice.reference, "Anne Peeters")))
        self.assertEqual(wizard.skipped_count, 2)
        self.assertEqual(len(wizard.statement_id.line_ids), 1)
        self.assertEqual(invoice.state, "paid")
        self.assertEqual(len(self.statement_lines()), 3)

    def test_two_equal_movements_in_one_file_are_two_lines(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        wizard = self.run_import(self.statement_file(("25/11/2026", "30,00", invoice.reference, "Anne Peeters"),
                                                     ("25/11/2026", "30,00", invoice.reference, "Anne Peeters")))
        self.assertEqual(len(wizard.statement_id.line_ids), 2)
        self.assertEqual(invoice.state, "paid")

    def test_odoos_own_import_then_ours_books_once(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        data = self.statement_file(("25/11/2026", "60,00", invoice.reference, "Anne Peeters"))
        stock = self.env["account.bank.statement.import"].with_context(journal_id=self.bank.id).create(
            {"data_file": data, "filename": "statement.csv"})
        stock.import_file()
        self.assertEqual(len(self.statement_lines()), 1)
        with self.assertRaises(UserError):
            self.run_import(data)
        self.assertEqual(len(self.statement_lines()), 1)
        # Odoo's import leaves the line to its reconciliation: nothing was booked twice.
        self.assertEqual(invoice.state, "open")

    def test_ours_then_odoos_own_import_books_once(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        data = self.statement_file(("25/11/2026", "60,00", invoice.reference, "Anne Peeters"))
        self.run_import(data)
        stock = self.env["account.bank.statement.import"].with_context(journal_id=self.bank.id).create(
            {"data_file": data, "filename": "statement.csv"})
        with self.assertRaises(UserError):
            stock.import_file()
        self.assertEqual(len(self.statement_lines()), 1)
        self.assertEqual(invoice.state, "paid")

    def test_coda_file_is_imported(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        digits = invoice.reference.replace("+", "").replace("/", "")
        # Record 21 (see tools/statement.py): sign at 31, amount 32-46, date 47-52,
        # structured flag at 61, communication from 62 (3 digits of type, then 12).
        record_21 = list("21".ljust(128))
        record_21[31:53] = "0" + "000000000060000" + "251126"
        record_21[61:77] = "1" + "101" + digits
        record_21 = "".join(record_21)[:128]
        coda = "\n".join(["0" * 128, "1".ljust(128), record_21, "8".ljust(128), "9".ljust(128)]) + "\n"
        wizard = self.run_import(base64.b64encode(coda.encode()))
        self.assertEqual(wizard.matched_invoice_ids, invoice)
        self.assertEqual(invoice.state, "paid")

    def test_unreadable_file_refused(self):
        with self.assertRaises(UserError):
            self.run_import(base64.b64encode(b"\x00\x01garbage"))
        self.assertFalse(self.statement_lines())

    def test_done_wizard_and_employees_refused(self):
        invoice = self.make_invoice(self.env, self.client, 60.0)
        data = self.statement_file(("25/11/2026", "60,00", invoice.reference, "Anne Peeters"))
        wizard = self.run_import(data)
        with self.assertRaises(UserError):
            wizard.action_import()
        other = self.env["client.desk.statement.import"].sudo(self.employee).create(
            {"data_file": data, "filename": "statement.csv", "journal_id": self.bank.id})
        with self.assertRaises(AccessError):
            other.action_import()
        self.assertEqual(len(self.statement_lines()), 1)
