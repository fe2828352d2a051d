import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

from ..tools.statement import StatementError, parse_coda, parse_csv
from ..tools.structured_communication import structured_communication_number


class ClientDeskStatementImport(models.TransientModel):
    """Reads a bank statement (CODA or CSV): each credit whose Belgian structured communication
    is an open invoice's is booked on it; the others are listed to handle by hand."""

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

    @api.model
    def _client_desk_parse(self, data):
        """The statement's lines; UserError when the file is neither CODA nor CSV."""
        try:
            head = data[:1]
            return parse_coda(data) if head == b"0" else parse_csv(data)
        except StatementError as error:
            raise UserError(_("This file is not a bank statement we can read (%s).") % error)

    @api.multi
    def _client_desk_match(self, line):
        """The open invoice a statement line pays, or an empty recordset."""
        number = structured_communication_number(line.get("communication"))
        if not number or line["amount"] <= 0:
            return self.env["account.invoice"]
        invoice = self.env["account.invoice"].browse(number).exists()
        if invoice and invoice.type == "out_invoice" and invoice.state == "open" \
                and invoice.company_id == self.journal_id.company_id and line["amount"] <= invoice.residual + 0.005:
            return invoice
        return self.env["account.invoice"]

    @api.multi
    def action_import(self):
        """Books the matching lines, lists the rest; the wizard shows the result."""
        self.ensure_one()
        require_staff(self.env)
        if self.state == "done":
            raise UserError(_("This statement was already imported."))
        lines = self._client_desk_parse(base64.b64decode(self.data_file or b""))
        matched = self.env["account.invoice"]
        rest = []
        for line in lines:
            invoice = self._client_desk_match(line)
            if invoice:
                invoice._client_desk_register_payment(
                    line["amount"], "transfer", date=line["date"], journal=self.journal_id,
                    communication=line["communication"])
                matched |= invoice
            else:
                rest.append("%s  %.2f  %s  %s" % (line["date"], line["amount"], line["partner_name"],
                                                  line["communication"]))
        self.write({"state": "done", "matched_invoice_ids": [(6, 0, matched.ids)], "unmatched": "\n".join(rest)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
