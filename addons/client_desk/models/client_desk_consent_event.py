from odoo import fields, models

from .res_partner import SOURCES


class ClientDeskConsentEvent(models.Model):
    """One change of a client's marketing consent or blocking: the proof a GDPR audit asks for.

    Written only by res.partner (sudo, see res_partner_consent.py); nobody may change or delete
    a line afterwards. Each company sees the ledger of its own clients (record rule).
    """

    _name = "client.desk.consent.event"
    _description = "Consent change of a client"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", "Client", required=True, index=True, ondelete="cascade", readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    kind = fields.Selection(
        [
            ("marketing_opt_in_on", "Opted in to marketing"),
            ("marketing_opt_in_off", "Withdrew marketing consent"),
            ("email_blocked_on", "E-mail blocked"),
            ("email_blocked_off", "E-mail unblocked"),
            ("sms_opt_out_on", "Opted out of SMS"),
            ("sms_opt_out_off", "Accepts SMS again"),
        ],
        required=True, readonly=True,
    )
    source = fields.Selection(
        SOURCES + [("unsubscribe", "Unsubscribe link"), ("bounce", "Bounced e-mail"), ("sms_reply", "SMS reply")],
        required=True, readonly=True,
    )
    email_blocked_reason = fields.Selection(
        [("bounced", "Bounced"), ("unsubscribed", "Unsubscribed"), ("manual", "Blocked by staff")],
        "Blocked because", readonly=True,
    )
    actor = fields.Selection(
        [("client", "The client"), ("staff", "Staff member"), ("system", "Automatic")],
        "Who acted", readonly=True,
        help="The client (portal, unsubscribe link, SMS reply), a staff member (named in Changed by) or "
        "an automatic process (a bounce).",
    )
    user_id = fields.Many2one(
        "res.users", "Changed by", readonly=True, ondelete="set null",
        help="The user who made the change; empty when the client did.",
    )
    note = fields.Char(readonly=True, help="Which link, message or address the change came from.")
