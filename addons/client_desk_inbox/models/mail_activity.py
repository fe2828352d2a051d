from odoo import api, models


class MailActivity(models.Model):
    """A follow-up reminder marked done (or cancelled) on the client card clears the
    conversation's follow-up."""

    _inherit = "mail.activity"

    @api.multi
    def unlink(self):
        if not self.env.context.get("client_desk_inbox_clearing"):
            conversations = self.env["client.desk.conversation"].sudo().search(
                [("follow_up_activity_id", "in", self.ids)])
            if conversations:
                conversations.write({"follow_up_activity_id": False})
                conversations._clear_follow_up()
        return super().unlink()
