from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ClientDeskInboxSelection(models.AbstractModel):
    """The conversations a wizard of the inbox works on: those selected in the list."""

    _name = "client.desk.inbox.selection"
    _description = "Selected conversations"

    conversation_ids = fields.Many2many("client.desk.conversation", string="Conversations")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "client.desk.conversation":
            values["conversation_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
        return values

    @api.multi
    def _selected_conversations(self):
        """The selected conversations; a clear error when there are none."""
        self.ensure_one()
        if not self.conversation_ids:
            raise UserError(_("Select at least one conversation."))
        return self.conversation_ids
