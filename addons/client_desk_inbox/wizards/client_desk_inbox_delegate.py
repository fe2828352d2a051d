from odoo import api, fields, models

from odoo.addons.client_desk.tools.access import require_staff


class ClientDeskInboxDelegate(models.TransientModel):
    """Delegates the selected conversations to a colleague, who is told by e-mail."""

    _name = "client.desk.inbox.delegate"
    _inherit = "client.desk.inbox.selection"
    _description = "Delegate conversations"

    user_id = fields.Many2one(
        "res.users", "Colleague", required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("client_desk.group_client_desk_user").id),
                             ("share", "=", False)],
    )

    @api.multi
    def action_delegate(self):
        self.ensure_one()
        require_staff(self.env)
        self._selected_conversations().client_desk_delegate(self.user_id)
        return {"type": "ir.actions.act_window_close"}
