from odoo import _, api, models
from odoo.exceptions import UserError

from ..tools.access import require_manager


class ResPartner(models.Model):
    """Deleting clients: for managers only, after a confirmation, refused while a module
    reports a reason (future appointments, open payments...).

    The guard covers every partner that is or ever was a client (it has a client number):
    `client_desk_is_client` is a field staff may write, and a guard keyed on it alone would be
    passed by unsetting it first (SECURITY.md, checklist 17).
    """

    _inherit = "res.partner"

    # -- access ----------------------------------------------------------------------------

    @api.model
    def _client_desk_require_manager(self):
        """Deleting clients and handling their personal data is for Client Desk managers."""
        require_manager(
            self.env, _("Only Client Desk managers may delete clients or export or erase their personal data.")
        )

    # -- the guarded partners and their blockers ------------------------------------------------

    @api.multi
    def _client_desk_delete_guarded(self):
        """The partners of self that the delete guard covers: clients, and partners that ever
        were one (a client number is never taken back)."""
        return self.filtered(lambda partner: partner.client_desk_is_client or partner.client_desk_number)

    @api.multi
    def _client_desk_unlink_blockers(self):
        """Reasons this client may not be deleted; modules add theirs (future appointments,
        open payments) by super(). Returns a list of translated sentences."""
        self.ensure_one()
        return []

    @api.multi
    def _client_desk_delete_problems(self):
        """One "client: reason" line per reason a guarded partner of self may not be deleted."""
        return [
            "%s: %s" % (partner.display_name, reason)
            for partner in self._client_desk_delete_guarded()
            for reason in partner._client_desk_unlink_blockers()
        ]

    # -- deletion --------------------------------------------------------------------------

    @api.multi
    def unlink(self):
        # Deleting clients is for managers, whatever the menu (the list's own "Delete" too);
        # staff archive. require_manager lets the superuser through: code, not a person.
        guarded = self._client_desk_delete_guarded()
        if guarded:
            self._client_desk_require_manager()
        problems = guarded._client_desk_delete_problems()
        if problems:
            raise UserError(_("These clients cannot be deleted; archive them instead.\n%s") % "\n".join(problems))
        return super().unlink()

    @api.multi
    def action_client_desk_delete(self):
        """Opens the delete confirmation, which lists what prevents the deletion."""
        self._client_desk_require_manager()
        if not self:
            raise UserError(_("Select the clients to delete."))
        wizard = self.env["client.desk.partner.delete"].create({"partner_ids": [(6, 0, self.ids)]})
        return {
            "type": "ir.actions.act_window",
            "name": _("Delete clients"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }
