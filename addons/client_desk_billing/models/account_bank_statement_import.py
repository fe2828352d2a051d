import hashlib

from odoo import _, api, models
from odoo.exceptions import UserError

from ..tools.statement import StatementError, parse_coda, parse_csv


class AccountBankStatementImport(models.TransientModel):
    """Odoo's statement import reads Belgian CODA and bank CSV files too: the same lines, with
    the same import ids, whether a file comes through Odoo's own import or the payments page,
    so a line is booked once however often its file is imported."""

    _inherit = "account.bank.statement.import"

    @api.model
    def _client_desk_read_lines(self, data_file):
        """The file's lines by our parsers; StatementError when it is neither CODA nor CSV."""
        return parse_coda(data_file) if data_file[:1] in (b"0", "0") else parse_csv(data_file)

    def _parse_file(self, data_file):
        try:
            lines = self._client_desk_read_lines(data_file)
        except StatementError:
            return super()._parse_file(data_file)
        return None, None, [self._client_desk_statement_values(lines)]

    @api.model
    def _client_desk_statement_values(self, lines):
        """The statement of the lines, in the shape _parse_file returns (see Odoo's docstring).
        The counterparty's account goes to the note, not to `account_number`: Odoo would make
        a bank account without holder for every unknown one."""
        transactions = []
        seen = {}
        for line in lines:
            key = "|".join(str(line.get(part) or "") for part in (
                "date", "amount", "communication", "partner_name", "account_number"))
            # Two identical movements in one file stay two lines: their place among equals counts.
            seen[key] = seen.get(key, 0) + 1
            transactions.append({
                "name": line["communication"] or line["partner_name"] or "/",
                "date": line["date"],
                "amount": line["amount"],
                "ref": line["communication"],
                "partner_name": line["partner_name"] or False,
                "note": line["account_number"] or False,
                "unique_import_id": "cdb-" + hashlib.sha1(("%s|%d" % (key, seen[key])).encode()).hexdigest()[:24],
            })
        last_date = max(line["date"] for line in lines)
        return {"name": _("Statement of %s") % last_date, "date": last_date, "transactions": transactions}

    @api.multi
    def _client_desk_import(self, data_file, journal):
        """Creates the bank statement of data_file in journal through Odoo's steps (lines already
        imported are left out). Returns (statement lines created, count left out); UserError
        when the file cannot be read or every line was imported before."""
        importer = self.with_context(journal_id=journal.id)
        try:
            lines = importer._client_desk_read_lines(data_file)
        except StatementError as error:
            raise UserError(_("This file is not a bank statement we can read (%s).") % error)
        statements = [importer._client_desk_statement_values(lines)]
        importer._check_parsed_data(statements)
        _currency, journal = importer._find_additional_data(None, None)
        statements = importer._complete_stmts_vals(statements, journal, None)
        total = sum(len(values["transactions"]) for values in statements)
        statement_ids, _notifications = importer._create_bank_statements(statements)
        created = self.env["account.bank.statement"].browse(statement_ids).mapped("line_ids")
        return created, total - len(created)
