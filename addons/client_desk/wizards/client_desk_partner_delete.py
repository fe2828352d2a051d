from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.access import require_manager


class ClientDeskPartnerDelete(models.TransientModel):
    """Confirmation before clients are deleted: shows why some cannot be (future appointments,
    open payments... from _client_desk_unlink_blockers()) and offers to archive them instead.

    Transient models have no access rights in Odoo: every entry point checks the group.
    """

    _name = "client.desk.partner.delete"
    _description = "Delete clients"
    _order = "id desc"

    partner_ids = fields.Many2many(
        "res.partner", "client_desk_partner_delete_partner_rel", "wizard_id", "partner_id", "Clients",
    )
    partner_count = fields.Integer("Number of clients", compute="_compute_partner_count")
    blocker_text = fields.Text("Why they cannot be deleted", compute="_compute_blocker_text")
    can_delete = fields.Boolean(compute="_compute_can_delete")

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    @api.depends("partner_ids")
    def _compute_blocker_text(self):
        for wizard in self:
            wizard.blocker_text = "\n".join(wizard._client_desk_blockers()) or False

    @api.depends("blocker_text")
    def _compute_can_delete(self):
        for wizard in self:
            wizard.can_delete = bool(wizard.partner_ids) and not wizard.blocker_text

    @api.model
    def create(self, vals):
        require_manager(self.env)
        return super().create(vals)

    @api.multi
    def _client_desk_blockers(self):
        """One "client: reason" line per reason a selected client may not be deleted."""
        self.ensure_one()
        return self.partner_ids._client_desk_delete_problems()

    @api.multi
    def action_delete(self):
        """Deletes the clients; refused, with nothing deleted, while any of them is blocked."""
        self.ensure_one()
        require_manager(self.env)
        if not self.partner_ids:
            raise UserError(_("There are no clients to delete."))
        problems = self._client_desk_blockers()
        if problems:
            raise UserError(_("These clients cannot be deleted; archive them instead.\n%s") % "\n".join(problems))
        self.partner_ids.unlink()
        action = self.env.ref("client_desk.res_partner_action_clients").read()[0]
        action["target"] = "main"
        return action

    @api.multi
    def action_archive(self):
        """Archives the clients instead: gone from lists and searches, history kept."""
        self.ensure_one()
        require_manager(self.env)
        self.partner_ids.write({"active": False})
        return {"type": "ir.actions.act_window_close"}
