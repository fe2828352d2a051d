import pytz

from odoo import api, fields, models

from ..tools.inbox import inbox_parameter, opening_minutes

DEFAULT_TZ = "Europe/Brussels"


class ClientDeskResponseTime(models.Model):
    """How long a client waited for a colleague's first reply, counted in opening hours.
    Written by the event bus when a colleague answers a client who was waiting."""

    _name = "client.desk.response.time"
    _description = "Response time"
    _order = "replied_date desc, id desc"

    user_id = fields.Many2one("res.users", "Colleague", required=True, readonly=True, index=True, ondelete="cascade")
    conversation_id = fields.Many2one(
        "client.desk.conversation", "Conversation", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", "Company", readonly=True, index=True)
    received_date = fields.Datetime("Client wrote", readonly=True, required=True)
    replied_date = fields.Datetime("Replied", readonly=True, required=True)
    minutes = fields.Float("Minutes in opening hours", readonly=True, group_operator="avg")

    @api.model
    def _record(self, conversation, user, message):
        """Records the wait of conversation's client, answered by user with message."""
        tz = pytz.timezone(user.tz or DEFAULT_TZ)

        def local(value):
            return pytz.utc.localize(fields.Datetime.from_string(value)).astimezone(tz).replace(tzinfo=None)

        minutes = opening_minutes(
            local(conversation.awaiting_since), local(message.date),
            inbox_parameter(self.env, "client_desk_inbox_opening_hour"),
            inbox_parameter(self.env, "client_desk_inbox_closing_hour"))
        return self.create({
            "user_id": user.id,
            "conversation_id": conversation.id,
            "company_id": conversation.company_id.id,
            "received_date": conversation.awaiting_since,
            "replied_date": message.date,
            "minutes": minutes,
        })
