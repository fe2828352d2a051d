from odoo import api, fields, models

DELIVERY_STATES = [
    ("queued", "Queued"),
    ("delivered", "Delivered"),
    ("failed", "Failed"),
    ("read", "Read"),
]
# mail_tracking states, as the inbox shows them.
TRACKING_FAILED = frozenset(["error", "rejected", "spam", "bounced", "soft-bounced", "unsub"])
TRACKING_DELIVERED = frozenset(["sent", "delivered", "deferred"])


class MailMessage(models.Model):
    """What became of a message we sent a client: queued, delivered (accepted by the SMTP
    server / the SMS gateway), failed (with the reason) or read (the tracking pixel of OCA's
    mail_tracking was fetched, with the time)."""

    _inherit = "mail.message"

    client_desk_delivery_status = fields.Selection(
        DELIVERY_STATES, "Delivery", compute="_compute_client_desk_delivery_status")
    client_desk_delivery_detail = fields.Char("Delivery details", compute="_compute_client_desk_delivery_status")

    @api.depends("mail_tracking_ids.state")
    def _compute_client_desk_delivery_status(self):
        statuses = self._client_desk_delivery_statuses()
        for message in self:
            message.client_desk_delivery_status, message.client_desk_delivery_detail = statuses.get(
                message.id, (False, False))

    @api.multi
    def _client_desk_delivery_statuses(self):
        """{message id: (status, detail)} for the messages sent to a client by e-mail or SMS,
        read in a few queries for the whole set. Detail: the failure reason, or when it was
        read (UTC, as stored)."""
        result = {}
        if not self.ids:
            return result
        sudo = self.sudo()
        trackings = sudo.env["mail.tracking.email"].search([("mail_message_id", "in", self.ids)])
        by_message = {}
        for tracking in trackings:
            by_message.setdefault(tracking.mail_message_id.id, []).append(tracking)
        for message_id, rows in by_message.items():
            result[message_id] = self._client_desk_tracking_status(rows)
        # Still in the mail queue, or failed there before any tracking was made.
        for mail in sudo.env["mail.mail"].search([("mail_message_id", "in", self.ids)]):
            if mail.mail_message_id.id in result and result[mail.mail_message_id.id][0] != "queued":
                continue
            if mail.state == "exception":
                result[mail.mail_message_id.id] = ("failed", mail.failure_reason or False)
            elif mail.state == "outgoing":
                result[mail.mail_message_id.id] = ("queued", False)
        for sms in sudo.env["client.desk.sms"].search([("model", "=", "mail.message"), ("res_id", "in", self.ids)]):
            result[sms.res_id] = {
                "queued": ("queued", sms.waiting_reason or False),
                "sending": ("queued", False),
                "sent": ("delivered", False),
                "failed": ("failed", sms.failure_reason or False),
                "cancelled": ("failed", sms.failure_reason or False),
            }[sms.state]
        return result

    @api.model
    def _client_desk_tracking_status(self, trackings):
        """The status of a message from its mail_tracking rows (one per recipient)."""
        opened = [row for row in trackings if row.state == "opened"]
        if opened:
            events = [event for row in opened for event in row.tracking_event_ids if event.event_type == "open"]
            when = min(event.time for event in events) if events else max(row.time for row in opened)
            return "read", when
        failed = [row for row in trackings if row.state in TRACKING_FAILED]
        if failed:
            row = failed[0]
            return "failed", row.error_description or row.bounce_description or row.error_type or row.state
        if any(row.state in TRACKING_DELIVERED for row in trackings):
            return "delivered", False
        return "queued", False
