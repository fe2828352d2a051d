from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.tokens import check_token

STATES = [
    ("excluded", "Will not receive it"),
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
REASONS = [
    ("no_email", "No e-mail address"),
    ("no_mobile", "No mobile number"),
    ("email_blocked", "E-mail blocked"),
    ("opted_out", "Opted out"),
    ("no_consent", "Did not opt in to promotions"),
    ("sms_opt_out", "SMS opt-out"),
    ("duplicate", "Duplicate address"),
]


class ClientDeskCampaignRecipient(models.Model):
    """One client a campaign goes (or does not go) to, and what became of it.

    Rows are written in bulk when a campaign is queued (see mail.mass_mailing's
    _client_desk_materialise). Their state is the sending queue, crash-safe: a sender claims
    queued rows (locked, skipping rows another sender holds, marked sending, committed),
    sends them, and records the outcome in a transaction of its own. A row left "sending" by
    a crash is never sent again on its own: it fails after a while, saying it may have gone.
    """

    _name = "client.desk.campaign.recipient"
    _description = "Campaign recipient"
    _order = "id"
    _rec_name = "partner_id"

    mailing_id = fields.Many2one("mail.mass_mailing", "Campaign", required=True, index=True, ondelete="cascade",
                                 readonly=True)
    partner_id = fields.Many2one("res.partner", "Client", required=True, index=True, ondelete="cascade",
                                 readonly=True)
    wave = fields.Integer(default=1, readonly=True, help="1 for the first sending, 2 for the next resend...")
    channel = fields.Selection([("email", "E-mail"), ("sms", "SMS")], required=True, readonly=True)
    address = fields.Char(readonly=True, help="The e-mail address or the number (E.164) it goes to.")
    state = fields.Selection(STATES, required=True, default="queued", readonly=True, index=True)
    reason = fields.Selection(REASONS, "Not sent because", readonly=True)
    failure_reason = fields.Char(readonly=True)
    sending_date = fields.Datetime("Claimed on", readonly=True)
    sent_date = fields.Datetime("Sent on", readonly=True, index=True)
    statistics_id = fields.Many2one("mail.mail.statistics", "E-mail statistics", readonly=True, ondelete="set null")
    sms_id = fields.Many2one("client.desk.sms", "SMS", readonly=True, ondelete="set null")
    opened_date = fields.Datetime("Viewed on", readonly=True)
    clicked_date = fields.Datetime("Clicked on", readonly=True)
    bounced_date = fields.Datetime("Bounced on", readonly=True)
    engaged_date = fields.Datetime("Engaged on", readonly=True,
                                   help="The client replied within the campaign's engagement window.")
    unsubscribed_date = fields.Datetime("Unsubscribed on", readonly=True)
    _sql_constraints = [
        ("partner_wave_unique", "UNIQUE(mailing_id, partner_id, wave)",
         "A client is in a campaign's sending only once."),
    ]

    @api.model_cr_context
    def _auto_init(self):
        result = super()._auto_init()
        # What senders claim: the queued rows of a campaign, oldest first.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS client_desk_campaign_recipient_queue_idx "
            "ON client_desk_campaign_recipient (mailing_id, id) WHERE state = 'queued'"
        )
        return result

    @api.multi
    def unlink(self):
        if any(recipient.state in ("sending", "sent") for recipient in self):
            raise UserError(_("A recipient a campaign was sent to is kept for its statistics."))
        return super().unlink()

    # -- bounces ---------------------------------------------------------------------------------

    @api.multi
    def message_receive_bounce(self, email, partner, mail_id=None):
        """Odoo's own bounce routing (mail.thread.message_route) calls this for the recipient
        row named in a campaign e-mail's bounce address (see _client_desk_bounce_pattern).
        The bounce counts only when its delivery report names this row's address: a forged
        bounce to a guessed row blocks nobody. Returns True."""
        address = (email or "").strip().lower()
        for recipient in self.sudo().exists():
            if recipient.channel == "email" and recipient.state == "sent" and address == recipient.address:
                recipient._client_desk_mark_bounced()
        return True

    @api.multi
    def _client_desk_mark_bounced(self):
        """A hard bounce: the row and its mass mailing statistics say so, and the client's
        e-mail is blocked (in the consent ledger)."""
        for recipient in self.sudo():
            recipient.statistics_id.set_bounced()
            if not recipient.bounced_date:
                recipient.write({"bounced_date": fields.Datetime.now()})
            partner = recipient.partner_id
            if not partner.client_desk_email_blocked:
                partner.client_desk_set_consent(
                    "bounce", note=_("The campaign e-mail to %s bounced.") % (recipient.address or ""),
                    email_blocked=True, email_blocked_reason="bounced")
        return True

    # -- unsubscribe (the client's link) -----------------------------------------------------------

    @api.model
    def _client_desk_from_token(self, purpose, token):
        """(recipient, status): the recipient a signed link is for (as superuser), or an empty
        recordset with 403 (forged or other purpose) or 404 (no such recipient any more)."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        recipient_id = check_token(secret, self.env.cr.dbname, purpose, token)
        if recipient_id is None:
            return self.browse(), 403
        recipient = self.sudo().browse(recipient_id).exists()
        return (recipient, 200) if recipient else (self.browse(), 404)

    @api.multi
    def client_desk_unsubscribe(self):
        """The client of this recipient row unsubscribes from campaigns: marketing consent
        withdrawn and marketing e-mail blocked (reason: unsubscribed), in the consent ledger
        as the client's own act. Call as superuser, after checking the link. Returns True."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        note = _("Unsubscribe link in the campaign %s") % self.mailing_id.name
        values = {"marketing_opt_in": False}
        if self.channel == "email" and not partner.client_desk_email_blocked:
            values.update(email_blocked=True, email_blocked_reason="unsubscribed")
        if partner.client_desk_marketing_opt_in or "email_blocked" in values:
            partner.client_desk_set_consent("unsubscribe", note=note, by_client=True, **values)
        if not self.unsubscribed_date:
            self.sudo().write({"unsubscribed_date": fields.Datetime.now()})
        return True
