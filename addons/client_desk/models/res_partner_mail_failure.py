from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.access import require_staff
from .mail_mail import FAILED_STATES


class ResPartner(models.Model):
    """E-mails to a client that failed (server unreachable or refusing, bounce), on the card,
    in the client search and on the dashboard, until they are sent again or marked as seen."""

    _inherit = "res.partner"

    client_desk_email_failed_count = fields.Integer(
        "E-mails that failed", compute="_compute_client_desk_email_failed", groups="base.group_user",
    )
    client_desk_email_failed = fields.Boolean(
        "An e-mail failed", compute="_compute_client_desk_email_failed",
        search="_search_client_desk_email_failed", groups="base.group_user",
    )
    client_desk_email_failure_reason = fields.Char(
        "Why the last e-mail failed", compute="_compute_client_desk_email_failed", groups="base.group_user",
    )

    @api.model
    def _client_desk_failed_domain(self):
        """mail.notification domain: e-mails that failed and were not marked as seen."""
        return [
            ("is_email", "=", True),
            ("email_status", "in", FAILED_STATES),
            ("client_desk_failure_seen", "=", False),
        ]

    @api.multi
    def _client_desk_failed_notifications(self):
        return self.env["mail.notification"].sudo().search(
            [("res_partner_id", "in", self.ids)] + self._client_desk_failed_domain())

    def _compute_client_desk_email_failed(self):
        notifications = self.filtered("id")._client_desk_failed_notifications()
        for partner in self:
            failed = notifications.filtered(lambda notification: notification.res_partner_id == partner)
            partner.client_desk_email_failed_count = len(failed)
            partner.client_desk_email_failed = bool(failed)
            partner.client_desk_email_failure_reason = partner._client_desk_failure_reason(
                failed.sorted(lambda notification: notification.mail_message_id.id)[-1]) if failed else False

    @api.multi
    def _client_desk_failure_reason(self, notification):
        """Why this e-mail did not reach the client, in words staff understand."""
        self.ensure_one()
        if notification.email_status == "bounce":
            return _("The e-mail came back (bounced): check the address.")
        mail = self.env["mail.mail"].sudo().search([
            ("mail_message_id", "=", notification.mail_message_id.id), ("state", "=", "exception"),
        ], order="id desc", limit=1)
        return mail.failure_reason or _("The e-mail could not be sent.")

    def _search_client_desk_email_failed(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("This filter only supports = and !=."))
        notifications = self.env["mail.notification"].sudo().search(self._client_desk_failed_domain())
        partner_ids = notifications.mapped("res_partner_id").ids
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", partner_ids)]

    # -- actions ---------------------------------------------------------------------------

    @api.multi
    def _client_desk_check_failure_action(self):
        require_staff(self.env)
        self.check_access_rights("write")
        self.check_access_rule("write")

    @api.multi
    def action_client_desk_retry_failed_emails(self):
        """Sends the client's failed e-mails again, to their current address. Bounced e-mails
        are gone from the queue: they stay listed until marked as seen."""
        self._client_desk_check_failure_action()
        for partner in self:
            if partner.client_desk_email_blocked:
                raise UserError(_("E-mail to %s is blocked.") % partner.display_name)
            if not partner.email:
                raise UserError(_("%s has no e-mail address.") % partner.display_name)
        notifications = self._client_desk_failed_notifications().filtered(
            lambda notification: notification.email_status == "exception")
        mails = self.env["mail.mail"].sudo().search([
            ("mail_message_id", "in", notifications.mapped("mail_message_id").ids),
            ("state", "=", "exception"),
            ("recipient_ids", "in", self.ids),
        ])
        if not mails:
            raise UserError(_("There is no failed e-mail to send again; bounced e-mails cannot be sent again."))
        mails.write({"state": "outgoing", "failure_reason": False})
        notifications.filtered(
            lambda notification: notification.mail_message_id in mails.mapped("mail_message_id")
        ).write({"email_status": "ready"})
        mails.send()
        return True

    @api.multi
    def action_client_desk_dismiss_failed_emails(self):
        """Takes the failed e-mails off the card and dashboard; the conversation still shows them."""
        self._client_desk_check_failure_action()
        self._client_desk_failed_notifications().write({"client_desk_failure_seen": True})
        return True
