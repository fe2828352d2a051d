from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.client_desk.tools.access import require_staff

from ..tools.inbox import remind_date


class ClientDeskInboxFollowUp(models.TransientModel):
    """Remind me about...: puts the selected conversations in Follow-up, with a reminder
    tomorrow, in 3 days, next week, in 2 weeks, next month, on a date, or none."""

    _name = "client.desk.inbox.follow.up"
    _inherit = "client.desk.inbox.selection"
    _description = "Remind me about a conversation"

    when = fields.Selection(
        [
            ("tomorrow", "Tomorrow"),
            ("3_days", "In 3 days"),
            ("next_week", "Next week"),
            ("2_weeks", "In 2 weeks"),
            ("next_month", "Next month"),
            ("date", "On a specific date"),
            ("none", "Mark for follow-up, no reminder"),
        ],
        "Remind me", required=True, default="tomorrow",
    )
    date = fields.Date("On")
    note = fields.Text()

    @api.multi
    def _remind_on(self):
        self.ensure_one()
        if self.when == "none":
            return None
        if self.when == "date":
            if not self.date:
                raise UserError(_("Choose the date to be reminded on."))
            if self.date < fields.Date.context_today(self):
                raise UserError(_("The reminder date is in the past."))
            return self.date
        return remind_date(self.when, fields.Date.from_string(fields.Date.context_today(self)))

    @api.multi
    def action_save(self):
        self.ensure_one()
        require_staff(self.env)
        self._selected_conversations().client_desk_follow_up(remind_on=self._remind_on(), note=self.note)
        return {"type": "ir.actions.act_window_close"}
