from odoo import api, fields, models


class ClientDeskConversationRead(models.Model):
    """How far a colleague read a conversation: the last message they saw.

    Written only through _set (with sudo) when a conversation is opened, marked read or
    unread, or answered."""

    _name = "client.desk.conversation.read"
    _description = "Conversation read by a colleague"
    _order = "id"

    conversation_id = fields.Many2one(
        "client.desk.conversation", required=True, ondelete="cascade", index=True, readonly=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", readonly=True)
    message_id = fields.Integer("Last message read", readonly=True)

    _sql_constraints = [
        ("conversation_user_unique", "UNIQUE(conversation_id, user_id)", "One read marker per colleague."),
    ]

    @api.model
    def _set(self, conversation_id, user_id, message_id):
        """Sets the marker of a colleague on a conversation (one statement, safe when two
        requests read the same conversation at once)."""
        self.env.cr.execute(
            "INSERT INTO client_desk_conversation_read"
            " (conversation_id, user_id, message_id, create_uid, write_uid, create_date, write_date)"
            " VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')"
            " ON CONFLICT (conversation_id, user_id) DO UPDATE SET message_id = EXCLUDED.message_id,"
            " write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date",
            (conversation_id, user_id, message_id or 0, self.env.uid, self.env.uid),
        )
        self.invalidate_cache()
        self.env["client.desk.conversation"].invalidate_cache(["is_unread"])
