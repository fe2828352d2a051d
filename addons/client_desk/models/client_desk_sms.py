import logging
import threading
import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape, plaintext2html

from ..tools.phone import to_e164

_logger = logging.getLogger(__name__)

# GSM 03.38: the default alphabet (one septet each) and its extension table (escape + char).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
# Units per SMS: alone, and per part of a long (concatenated) SMS, whose header takes room.
SEGMENT_SIZES = {"gsm7": (160, 153), "ucs2": (70, 67)}
# Replies that withdraw SMS consent, compared case-insensitively.
STOP_WORDS = frozenset(["stop", "stopp", "arret", "arrêt"])
# Fields that make up the message itself: fixed once it left the queue.
CONTENT_FIELDS = ("partner_id", "number", "body", "is_marketing", "model", "res_id")


def sms_encoding(text):
    """'gsm7' when every character is in the GSM 03.38 alphabet or its extension, else 'ucs2'."""
    return "gsm7" if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text or "") else "ucs2"


def sms_units(text, encoding=None):
    """Size of each character in encoding units: GSM-7 septets (extension characters take two)
    or UTF-16 code units (characters beyond the BMP, like most emoji, take two)."""
    encoding = encoding or sms_encoding(text)
    if encoding == "gsm7":
        return [2 if char in GSM7_EXTENSION else 1 for char in text or ""]
    return [2 if ord(char) > 0xFFFF else 1 for char in text or ""]


def sms_segments(text):
    """How many SMS the text is billed as: 160 GSM-7 / 70 UCS-2 units in one SMS, else parts of
    153 / 67 units; a two-unit character is never split over two parts."""
    encoding = sms_encoding(text)
    units = sms_units(text, encoding)
    single, part = SEGMENT_SIZES[encoding]
    if not units:
        return 0
    if sum(units) <= single:
        return 1
    segments, used = 1, 0
    for size in units:
        if used + size > part:
            segments, used = segments + 1, 0
        used += size
    return segments


class ClientDeskSms(models.Model):
    """One outgoing SMS and what became of it: queued, sent, failed (with the reason) or
    cancelled. Reminders and campaigns queue them with client_desk_queue(); the cron sends.

    Marketing SMS obey the client's SMS opt-out and marketing consent; transactional SMS
    (reminders) are sent to any valid number.
    """

    _name = "client.desk.sms"
    _description = "SMS"
    _order = "id desc"
    _rec_name = "number"

    partner_id = fields.Many2one("res.partner", "Client", index=True, ondelete="cascade")
    number = fields.Char(required=True, help="The number as it was entered.")
    number_e164 = fields.Char(
        "Number (E.164)", compute="_compute_number_e164", store=True, index=True,
        help="The number in international form, e.g. +32478123456; empty when it is not a phone number.",
    )
    body = fields.Text("Message", required=True)
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed"), ("cancelled", "Cancelled")],
        required=True, default="queued", index=True, readonly=True, copy=False,
    )
    failure_reason = fields.Text("Reason", readonly=True, copy=False)
    segments = fields.Integer(
        compute="_compute_segments", store=True, help="How many SMS the provider bills for this message.",
    )
    encoding = fields.Selection(
        [("gsm7", "GSM-7"), ("ucs2", "UCS-2 (Unicode)")], compute="_compute_segments", store=True,
        help="UCS-2 is used as soon as one character is outside the GSM alphabet; parts are then shorter.",
    )
    gateway_id = fields.Many2one(
        "client.desk.sms.gateway", "Gateway", ondelete="restrict", index=True,
        help="Empty: the first active gateway sends it.",
    )
    sent_date = fields.Datetime("Sent on", readonly=True, copy=False)
    is_marketing = fields.Boolean(
        "Marketing", help="Marketing SMS are only sent to clients who opted in and did not opt out of SMS.",
    )
    provider_reference = fields.Char(readonly=True, copy=False, help="The provider's id for this message.")
    model = fields.Char("Related model", index=True)
    res_id = fields.Integer("Related record id", index=True)

    # -- computed fields ---------------------------------------------------------------------

    @api.depends("number")
    def _compute_number_e164(self):
        for sms in self:
            sms.number_e164 = to_e164(sms.number) or False

    @api.depends("body")
    def _compute_segments(self):
        for sms in self:
            sms.encoding = sms_encoding(sms.body or "")
            sms.segments = sms_segments(sms.body or "")

    # -- constraints ---------------------------------------------------------------------------

    @api.constrains("number")
    def _check_number(self):
        for sms in self:
            if not to_e164(sms.number):
                raise ValidationError(_("'%s' is not a valid phone number.") % (sms.number or ""))

    @api.constrains("body")
    def _check_body(self):
        for sms in self:
            if not (sms.body or "").strip():
                raise ValidationError(_("An SMS needs a message."))

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.number = self.partner_id._client_desk_sms_number() or self.number

    @api.multi
    def write(self, vals):
        if any(name in vals for name in CONTENT_FIELDS) and any(sms.state != "queued" for sms in self):
            raise UserError(_("Only a queued SMS can be changed."))
        return super().write(vals)

    # -- queueing (public interface) -----------------------------------------------------------

    @api.model
    @api.returns("self", lambda value: value.id)
    def client_desk_queue(self, partner_or_number, body, marketing=False, record=None):
        """Queues an SMS to a client (res.partner record or id: their mobile, else phone) or to a
        number as typed; record is what it is about (appointment, invoice...). Returns the SMS.

        Refuses an invalid or missing number and an empty body. A marketing SMS the client did
        not consent to is kept, but cancelled at once with the reason.
        """
        self.check_access_rights("create")
        partner = self.env["res.partner"]
        if isinstance(partner_or_number, models.BaseModel):
            partner = partner_or_number
        elif isinstance(partner_or_number, int) and not isinstance(partner_or_number, bool):
            partner = partner.browse(partner_or_number).exists()
            if not partner:
                raise UserError(_("This client does not exist (any more)."))
        if partner:
            if partner._name != "res.partner" or len(partner) != 1:
                raise UserError(_("An SMS is queued for one client at a time."))
            number = partner._client_desk_sms_number()
            if not number:
                raise UserError(_("%s has no valid mobile number.") % partner.display_name)
        else:
            number = partner_or_number if isinstance(partner_or_number, str) else ""
            if not to_e164(number):
                raise UserError(_("'%s' is not a valid phone number.") % (number or ""))
        if not (body or "").strip():
            raise UserError(_("An SMS needs a message."))
        vals = {"partner_id": partner.id, "number": number, "body": body, "is_marketing": bool(marketing)}
        if record:
            record.ensure_one()
            vals.update(model=record._name, res_id=record.id)
        sms = self.create(vals)
        reason = sms._client_desk_block_reason()
        if reason:
            sms.write({"state": "cancelled", "failure_reason": reason})
        return sms

    # -- rules -----------------------------------------------------------------------------------

    @api.multi
    def _client_desk_block_reason(self):
        """Why this SMS may not go out (translated), or False. Marketing needs a client who opted
        in and did not opt out of SMS; a bare number has no recorded consent, so its clients'
        consent is looked up. Transactional SMS only need a valid number."""
        self.ensure_one()
        if not self.number_e164:
            return _("'%s' is not a valid phone number.") % self.number
        if not self.is_marketing:
            return False
        partners = self.partner_id.sudo() or self.env["res.partner"].sudo()._client_desk_sms_partners(self.number_e164)
        if not partners:
            return _("No client with marketing consent has this number.")
        if any(partners.mapped("client_desk_sms_opt_out")):
            return _("The client opted out of SMS.")
        if not all(partners.mapped("client_desk_marketing_opt_in")):
            return _("The client did not consent to marketing.")
        return False

    # -- sending ---------------------------------------------------------------------------------

    @api.multi
    def _client_desk_send_now(self, auto_commit=False):
        """Sends each queued SMS through its gateway (or the default one) and records the outcome.

        Each SMS row is locked first, so the cron and a user clicking "Send now" never send it
        twice; with auto_commit, each outcome is committed at once (a crash later cannot make
        an SMS that went out look queued again).
        """
        for sms in self:
            self.env.cr.execute(
                "SELECT state FROM client_desk_sms WHERE id = %s FOR UPDATE SKIP LOCKED", (sms.id,)
            )
            row = self.env.cr.fetchone()
            if not row or row[0] != "queued":
                continue
            sms.write(sms._client_desk_send_values())
            if sms.state == "sent":
                sms._client_desk_log_sent()
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit - an SMS that left stays sent
        return True

    @api.multi
    def _client_desk_send_values(self):
        """The state (and reason or reference) this SMS gets when it is sent now."""
        self.ensure_one()
        reason = self._client_desk_block_reason()
        if reason:
            return {"state": "failed" if not self.number_e164 else "cancelled", "failure_reason": reason}
        gateway = self.gateway_id if self.gateway_id.active else self.gateway_id._client_desk_default()
        if not gateway:
            return {"state": "failed", "failure_reason": _("No active SMS gateway is configured.")}
        try:
            values = gateway._client_desk_send(self.number_e164, self.body)
        except Exception as error:  # a gateway bug must not stop the queue
            _logger.exception("SMS %s: gateway %s failed", self.id, gateway.id)
            values = {"state": "failed", "failure_reason": _("The gateway failed (%s).") % type(error).__name__}
        values["gateway_id"] = gateway.id
        if values["state"] == "sent":
            values.update(sent_date=fields.Datetime.now(), failure_reason=False)
        return values

    @api.multi
    def _client_desk_log_sent(self):
        """Notes the sent SMS in the client's conversation."""
        self.ensure_one()
        if not self.partner_id:
            return
        body = "<p>%s</p>%s" % (html_escape(_("SMS sent to %s") % self.number_e164), plaintext2html(self.body))
        self.partner_id.sudo().with_context(mail_create_nosubscribe=True).message_post(
            body=body, message_type="comment", subtype="mail.mt_note", author_id=self.env.user.partner_id.id,
        )

    @api.model
    def _cron_send_queued(self, limit=200):
        """Sends the oldest queued SMS, at most limit per run; the cron runs every few minutes."""
        queued = self.search([("state", "=", "queued")], order="id", limit=limit)
        # Committing inside a test would end the test's transaction.
        auto_commit = not getattr(threading.currentThread(), "testing", False)
        queued._client_desk_send_now(auto_commit=auto_commit)
        return True

    # -- inbound ---------------------------------------------------------------------------------

    @api.model
    @api.returns("res.partner", lambda value: value.ids)
    def client_desk_inbound(self, number, body):
        """Handles an SMS a client sent us: STOP, STOPP, ARRET or ARRÊT (any case) opts every
        client with that number out of SMS. Returns the clients that were opted out."""
        self.check_access_rights("create")  # staff, or a provider's webhook running as sudo
        partners = self.env["res.partner"]
        number_e164 = to_e164(number)
        word = unicodedata.normalize("NFC", (body or "").strip().strip(".!").strip()).casefold()
        if not number_e164 or word not in STOP_WORDS:
            return partners
        partners = partners.sudo()._client_desk_sms_partners(number_e164).filtered(
            lambda partner: not partner.client_desk_sms_opt_out
        )
        note = _('Opted out of SMS by replying "%s".') % (body or "").strip()
        for partner in partners:
            partner.client_desk_set_consent("sms_reply", note=number_e164, sms_opt_out=True)
            partner.with_context(mail_create_nosubscribe=True).message_post(
                body=html_escape(note), message_type="comment", subtype="mail.mt_note",
            )
        _logger.info("SMS opt-out by reply from %s: partners %s", number_e164, partners.ids)
        return partners.sudo(self.env.uid)

    # -- actions ---------------------------------------------------------------------------------

    @api.multi
    def action_send(self):
        """Sends the selected queued SMS now."""
        if any(sms.state != "queued" for sms in self):
            raise UserError(_("Only queued SMS can be sent. Retry a failed or cancelled SMS first."))
        self._client_desk_send_now()
        return True

    @api.multi
    def action_cancel(self):
        """Cancels queued or failed SMS; a sent SMS cannot be called back."""
        if any(sms.state == "sent" for sms in self):
            raise UserError(_("An SMS that was sent cannot be cancelled."))
        self.filtered(lambda sms: sms.state != "cancelled").write(
            {"state": "cancelled", "failure_reason": _("Cancelled by %s.") % self.env.user.name}
        )
        return True

    @api.multi
    def action_retry(self):
        """Puts failed or cancelled SMS back in the queue; consent is checked again when sent."""
        if any(sms.state == "sent" for sms in self):
            raise UserError(_("An SMS that was sent cannot be sent again; create a new one."))
        self.filtered(lambda sms: sms.state != "queued").write({"state": "queued", "failure_reason": False})
        return True

    @api.multi
    def action_open_record(self):
        """Opens the appointment, invoice... this SMS is about."""
        self.ensure_one()
        if not (self.model and self.res_id and self.model in self.env):
            raise UserError(_("This SMS is not about a record."))
        return {"type": "ir.actions.act_window", "res_model": self.model, "res_id": self.res_id, "view_mode": "form"}
