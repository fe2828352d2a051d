import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.client_desk.tools.access import require_staff

from ..tools.structured_communication import structured_communication_number


class ClientDeskStatementImport(models.TransientModel):
    """Imports a bank statement (CODA or CSV) as an account.bank.statement through Odoo's
    statement import (a line imported before is not imported again): each credit whose Belgian
    structured communication is an open invoice's is reconciled with it; the others are listed,
    to reconcile by hand in Odoo's reconciliation."""

    _name = "client.desk.statement.import"
    _description = "Match a bank statement with invoices"

    data_file = fields.Binary("Statement file", required=True)
    filename = fields.Char()
    journal_id = fields.Many2one(
        "account.journal", "Bank journal", required=True, domain=[("type", "=", "bank")],
        default=lambda self: self.env["account.journal"].search([
            ("type", "=", "bank"), ("company_id", "=", self.env.user.company_id.id)], limit=1))
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", readonly=True)
    matched_invoice_ids = fields.Many2many("account.invoice", string="Invoices paid", readonly=True)
    unmatched = fields.Text("Lines to handle by hand", readonly=True)
    statement_id = fields.Many2one("account.bank.statement", "Bank statement", readonly=True)
    skipped_count = fields.Integer("Lines imported before", readonly=True,
                                   help="Lines of this file already imported: not booked again.")

    @api.multi
    def _client_desk_match(self, line):
        """The open invoice a statement line (account.bank.statement.line) pays, or an empty
        recordset."""
        nothing = self.env["account.invoice"]
        number = structured_communication_number(line.ref)
        invoice = nothing.browse(number).exists() if number and line.amount > 0 else nothing
        if not invoice or invoice.type != "out_invoice" or invoice.state != "open" \
                or invoice.company_id != self.journal_id.company_id:
            return nothing
        currency = line.currency_id or line.journal_currency_id or line.company_id.currency_id
        too_much = float_compare(line.amount, invoice.residual, precision_rounding=invoice.currency_id.rounding) > 0
        return nothing if too_much or currency != invoice.currency_id else invoice

    @api.multi
    def _client_desk_reconcile(self, line, invoice, staff):
        """Reconciles the statement line with the invoice's receivable: the invoice is paid (in
        part or in full) and it is an event in the client's conversation."""
        receivable = invoice.move_id.line_ids.filtered(
            lambda aml: aml.account_id == invoice.account_id and not aml.reconciled)[:1]
        line.write({"partner_id": invoice.commercial_partner_id.id})
        line.process_reconciliation(counterpart_aml_dicts=[{
            "move_line": receivable, "debit": 0.0, "credit": line.amount, "name": invoice.number,
        }])
        payments = line.journal_entry_ids.mapped("payment_id")
        payments.write({"invoice_ids": [(4, invoice.id)], "client_desk_method": "transfer"})
        for payment in payments.sudo(staff):
            payment._client_desk_post_received()

    @api.multi
    def action_import(self):
        """Books the matching lines, lists the rest; the wizard shows the result."""
        self.ensure_one()
        require_staff(self.env)
        if self.state == "done":
            raise UserError(_("This statement was already imported."))
        if self.journal_id.company_id != self.env.user.company_id:
            raise UserError(_("Choose a bank journal of your company."))
        # Billing users may only read statements: the statement is made and matched as the
        # system, once the user is known to be staff.
        importer = self.env["account.bank.statement.import"].sudo().create({
            "data_file": self.data_file, "filename": self.filename})
        lines, skipped = importer._client_desk_import(base64.b64decode(self.data_file or b""), self.journal_id.sudo())
        matched = self.env["account.invoice"]
        rest = []
        for line in lines:
            invoice = self.sudo()._client_desk_match(line)
            if invoice:
                self.sudo()._client_desk_reconcile(line, invoice, self.env.user)
                matched |= invoice
            else:
                rest.append("%s  %.2f  %s  %s" % (line.date, line.amount, line.partner_name or "", line.ref or ""))
        self.write({
            "state": "done", "statement_id": lines[:1].statement_id.id, "skipped_count": skipped,
            "matched_invoice_ids": [(6, 0, matched.ids)], "unmatched": "\n".join(rest)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
