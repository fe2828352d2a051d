from odoo import api, fields, models

# The rows of some conversations (or all: all) for some colleagues (or all: all_users), from the
# truth: unread for each active colleague whose reader (the delegate, else themselves) has not
# read the last incoming message.
_SYNC_SQL = """
    INSERT INTO client_desk_conversation_unread (conversation_id, user_id, company_id, is_open)
    SELECT c.id, staff.id, c.company_id, c.state = 'open'
      FROM client_desk_conversation c
      CROSS JOIN (SELECT u.id FROM res_users u
                    JOIN res_groups_users_rel g ON g.uid = u.id AND g.gid = %(group)s
                   WHERE u.active AND NOT COALESCE(u.share, false)
                     AND (%(all_users)s OR u.id IN %(user_ids)s)) staff
      LEFT JOIN client_desk_conversation_read r
             ON r.conversation_id = c.id AND r.user_id = COALESCE(c.user_id, staff.id)
     WHERE (%(all)s OR c.id IN %(ids)s) AND c.last_in_id > COALESCE(r.message_id, 0)
"""


class ClientDeskConversationUnread(models.Model):
    """The Unread folder as rows: one row per (conversation, colleague) for whom it is unread.

    Derived from the truth (the conversation's last incoming message, its delegate and the
    read markers) by _sync for the conversations that changed, so that the unread count is an
    index-only count of one colleague's open rows instead of a join of every conversation
    with the read markers. A delegated conversation is unread for everyone as long as its
    delegate has not read it (the Unread folder follows the delegate)."""

    _name = "client.desk.conversation.unread"
    _description = "Conversation unread by a colleague"
    _log_access = False
    _order = "id"

    conversation_id = fields.Many2one(
        "client.desk.conversation", required=True, ondelete="cascade", readonly=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", ondelete="cascade", readonly=True)
    is_open = fields.Boolean(readonly=True, help="The conversation is in the Inbox (not archived nor deleted).")

    _sql_constraints = [
        ("conversation_user_unique", "UNIQUE(conversation_id, user_id)", "One unread row per colleague."),
    ]

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # The count: index only, one colleague's open rows of their companies.
        cr.execute(
            "CREATE INDEX IF NOT EXISTS client_desk_conversation_unread_count_idx"
            " ON client_desk_conversation_unread (user_id, company_id) WHERE is_open"
        )
        # Databases that had conversations before this table: fill it once.
        cr.execute("SELECT 1 FROM client_desk_conversation_unread LIMIT 1")
        if not cr.fetchone():
            cr.execute("SELECT 1 FROM client_desk_conversation LIMIT 1")
            if cr.fetchone():
                self._sync(None)

    @api.model
    def _sync(self, conversation_ids):
        """Recomputes the rows of the given conversations (None: of all) in two statements."""
        if conversation_ids is not None and not conversation_ids:
            return
        params = self._sync_params(all=conversation_ids is None, ids=tuple(conversation_ids or (0,)))
        self.env.cr.execute(
            "DELETE FROM client_desk_conversation_unread WHERE %(all)s OR conversation_id IN %(ids)s", params)
        self.env.cr.execute(_SYNC_SQL, params)
        self._invalidate()

    @api.model
    def _sync_users(self, user_ids):
        """Recomputes the rows of these colleagues over every conversation (a colleague who
        joined, left or changed groups)."""
        if not user_ids:
            return
        params = self._sync_params(all=True, all_users=False, user_ids=tuple(user_ids))
        self.env.cr.execute("DELETE FROM client_desk_conversation_unread WHERE user_id IN %(user_ids)s", params)
        self.env.cr.execute(_SYNC_SQL, params)
        self._invalidate()

    @api.model
    def _sync_params(self, **values):
        params = {
            "group": self.env.ref("client_desk.group_client_desk_user").id,
            "all": False, "ids": (0,), "all_users": True, "user_ids": (0,),
        }
        params.update(values)
        return params

    def _invalidate(self):
        self.invalidate_cache()
        self.env["client.desk.conversation"].invalidate_cache(["is_unread"])

    @api.model
    def _count(self, user):
        """How many open conversations user has unread, in the companies they see."""
        companies = self.env["res.company"].sudo().search([("id", "child_of", user.company_id.id)]).ids
        self.env.cr.execute(
            "SELECT count(*) FROM client_desk_conversation_unread"
            " WHERE user_id = %s AND is_open AND (company_id IS NULL OR company_id IN %s)",
            (user.id, tuple(companies or [0])))
        return self.env.cr.fetchone()[0]
