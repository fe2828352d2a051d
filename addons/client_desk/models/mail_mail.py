from odoo import api, models

# Notification states that mean the e-mail did not reach the recipient.
FAILED_STATES = ("exception", "bounce")


class MailMail(models.Model):
    """A message whose e-mail could not be sent shows as failed, whatever went wrong.

    Odoo 11 marks the message's notifications as failed when the SMTP server refuses the
    e-mail, but not when the server cannot be reached at all (mail.mail.send() then only sets
    the mail's state): the conversation kept showing such messages as ready to send.
    """

    _inherit = "mail.mail"

    @api.multi
    def send(self, auto_commit=False, raise_exception=False):
        # With raise_exception, an unreachable server raises before any mail is marked failed:
        # the mails stay queued and nothing is to be marked.
        result = super().send(auto_commit=auto_commit, raise_exception=raise_exception)
        self._client_desk_mark_failed_notifications()
        return result

    @api.multi
    def _client_desk_mark_failed_notifications(self):
        """Marks the notifications of the mails in exception that are still ready as failed."""
        failed = self.sudo().exists().filtered(
            lambda mail: mail.state == "exception" and mail.notification and mail.mail_message_id)
        for mail in failed:
            self.env["mail.notification"].sudo().search([
                ("mail_message_id", "=", mail.mail_message_id.id),
                ("res_partner_id", "in", mail.recipient_ids.ids),
                ("is_email", "=", True),
                ("email_status", "=", "ready"),
            ]).write({"email_status": "exception"})
