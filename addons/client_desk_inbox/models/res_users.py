from odoo import api, models

# Changes that make a user a colleague of the inbox, or no longer one.
STAFF_FIELDS = frozenset(["groups_id", "active", "share"])


class ResUsers(models.Model):
    """A colleague who joins (or leaves) Client Desk gets (or loses) their Unread folder."""

    _inherit = "res.users"

    @api.model
    def create(self, vals):
        user = super().create(vals)
        user._client_desk_inbox_sync_unread()
        return user

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if STAFF_FIELDS.intersection(vals) or any(name.startswith(("in_group_", "sel_groups_")) for name in vals):
            self._client_desk_inbox_sync_unread()
        return result

    @api.multi
    def _client_desk_inbox_sync_unread(self):
        self.env["client.desk.conversation.unread"].sudo()._sync_users(self.ids)
