from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskInboxDelegate(models.TransientModel):
    """Delegates the selected conversations to a colleague, who is told by e-mail."""

    _name = "client.desk.inbox.delegate"
    _description = "Delegate conversations"

    conversation_ids = fields.Many2many("client.desk.conversation", string="Conversations")
    user_id = fields.Many2one(
        "res.users", "Colleague", required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("client_desk.group_client_desk_user").id),
                             ("share", "=", False)],
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "client.desk.conversation":
            values["conversation_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
        return values

    @api.multi
    def action_delegate(self):
        self.ensure_one()
        require_staff(self.env)
        if not self.conversation_ids:
            raise UserError(_("Select at least one conversation."))
        self.conversation_ids.client_desk_delegate(self.user_id)
        return {"type": "ir.actions.act_window_close"}
