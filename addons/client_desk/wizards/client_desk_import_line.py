from odoo import api, fields, models

LINE_TYPES = [
    ("column", "Column"),
    ("invalid", "Invalid"),
    ("skipped", "Skipped"),
    ("updated", "Changed"),
    ("kept", "Not changed"),
    ("warning", "Imported with a remark"),
    ("dropped", "Column not imported"),
]


class ClientDeskImportLine(models.TransientModel):
    """A line of the import wizard: before the import, one column of the file and where it
    goes; after it, one line of the report: a row that was refused, skipped, changed a known
    client or was imported with a remark, or a column whose values were not imported."""

    _name = "client.desk.import.line"
    _description = "Client import column or report line"
    _order = "wizard_id, sequence, row_number, line_type, id"

    wizard_id = fields.Many2one("client.desk.import", required=True, ondelete="cascade", index=True)
    line_type = fields.Selection(LINE_TYPES, "Type", required=True, default="column")
    sequence = fields.Integer(help="Position of the column in the file.")
    header = fields.Char("Column", readonly=True)
    sample = fields.Char("Example values", readonly=True)
    target = fields.Selection("_selection_target", "Import as", default="ignore")
    row_number = fields.Integer(
        "Row", readonly=True, help="Row in the spreadsheet (the header is row 1), or card number.")
    summary = fields.Char("Client", readonly=True, help="Name, e-mail or phone of the row, or the column.")
    reason = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", "Existing client", readonly=True, ondelete="set null")

    @api.model
    def _selection_target(self):
        return self.env["client.desk.import"]._client_desk_targets()
