from odoo import fields, models


class ClientDeskImportChange(models.TransientModel):
    """A value of a known client that the import would replace, shown before the import: it is
    changed only when chosen (an import fills only what a client lacks by default)."""

    _name = "client.desk.import.change"
    _description = "Change an import proposes to a known client"
    _order = "wizard_id, row_number, id"

    wizard_id = fields.Many2one("client.desk.import", required=True, ondelete="cascade", index=True)
    row_number = fields.Integer("Row", readonly=True)
    partner_id = fields.Many2one("res.partner", "Client", required=True, readonly=True, ondelete="cascade")
    field_name = fields.Char(required=True, readonly=True)
    field_label = fields.Char("Detail", readonly=True)
    old_value = fields.Char("Now", readonly=True)
    new_value = fields.Char("In the file", readonly=True)
    value_key = fields.Char(readonly=True, help="The value the import would write, to recognise the change.")
    apply = fields.Boolean("Change", help="Replace the client's value by the file's.")
