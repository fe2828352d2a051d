import logging
import threading
import unicodedata
import uuid
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
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
STOP_WORDS = frozenset(["stop", "stopp", "stoppen", "arret", "arrêt"])
# Fields that make up the message itself: fixed once it left the queue.
CONTENT_FIELDS = ("partner_id", "number", "body", "is_marketing", "model", "res_id")
# An SMS still "sending" this long after its gateway was called: the outcome was never recorded.
STALE_SENDING = timedelta(minutes=30)


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
    """One outgoing SMS and what became of it: queued, sending, sent, failed (with the
    reason) or cancelled. Reminders and campaigns queue them with client_desk_queue(); the
    cron sends them, and "Send now" right after the user's transaction is committed.

    Sending never happens inside a transaction that may still roll back: an SMS is first
    claimed (locked, marked "sending", committed), then handed to the gateway with its unique
    reference as idempotency key, and its outcome recorded in a transaction of its own. A
    rollback or crash after the gateway call leaves it "sending", never queued again.

    Marketing SMS obey the client's SMS opt-out and marketing consent; transactional SMS
    (reminders) are sent to any valid number. Without an active gateway for its company an
    SMS stays queued, and says why (waiting_reason).
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
        [("queued", "Queued"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed"),
         ("cancelled", "Cancelled")],
        required=True, default="queued", index=True, readonly=True, copy=False,
    )
    reference = fields.Char(
        readonly=True, copy=False, index=True,
        help="Unique reference of this SMS, sent to the provider as idempotency key: a request "
             "sent again for the same SMS is recognised as such.",
    )
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True,
        default=lambda self: self.env["res.company"]._company_default_get("client.desk.sms"),
    )
    sending_date = fields.Datetime(
        "Handed to the gateway on", readonly=True, copy=False,
        help="When this SMS was claimed for sending.",
    )
    waiting_for_gateway = fields.Boolean(
        "Waiting for a gateway", compute="_compute_waiting_reason", search="_search_waiting_for_gateway",
        help="Queued, but no active SMS gateway sends the SMS of its company.",
    )
    waiting_reason = fields.Char(
        "Waiting because", compute="_compute_waiting_reason",
        help="Why this queued SMS is not sent.",
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
        help="Empty: the first active gateway of its company sends it.",
    )
    sent_date = fields.Datetime("Sent on", readonly=True, copy=False)
    is_marketing = fields.Boolean(
        "Marketing", help="Marketing SMS are only sent to clients who opted in and did not opt out of SMS.",
    )
    provider_reference = fields.Char(readonly=True, copy=False, help="The provider's id for this message.")
    model = fields.Char("Related model", index=True)
    res_id = fields.Integer("Related record id", index=True)

    _sql_constraints = [
        ("reference_unique", "UNIQUE(reference)", "Each SMS has its own reference."),
    ]

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

    @api.depends("state", "gateway_id", "company_id")
    def _compute_waiting_reason(self):
        defaults = {}  # company id: its default gateway, looked up once
        Gateway = self.env["client.desk.sms.gateway"].sudo()
        for sms in self:
            gateway = sms.gateway_id.sudo()
            if sms.state == "queued" and not gateway.active:
                if sms.company_id.id not in defaults:
                    defaults[sms.company_id.id] = Gateway._client_desk_default(sms.company_id)
                gateway = defaults[sms.company_id.id]
            sms.waiting_for_gateway = sms.state == "queued" and not gateway
            sms.waiting_reason = _(
                "No SMS gateway is set up: this SMS waits in the queue until a manager adds one "
                "under Client Desk > Configuration > SMS gateways."
            ) if sms.waiting_for_gateway else False

    @api.model
    def _search_waiting_for_gateway(self, operator, value):
        """Queued SMS of companies that no active gateway serves (and that name no active
        gateway themselves); the dashboard tile counts them."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on SMS waiting for a gateway."))
        gateways = self.env["client.desk.sms.gateway"].sudo().search([])
        if gateways.filtered(lambda gateway: not gateway.company_id):
            waiting = [("id", "=", 0)]  # a gateway for every company: nothing waits
        else:
            waiting = [
                ("state", "=", "queued"), ("company_id", "not in", gateways.mapped("company_id").ids),
                "|", ("gateway_id", "=", False), ("gateway_id.active", "=", False),
            ]
        waiting = expression.normalize_domain(waiting)
        return waiting if (operator == "=") == value else ["!"] + waiting

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

    @api.model_cr_context
    def _auto_init(self):
        result = super()._auto_init()
        # SMS made before references existed get one each (a column default would give them all the same).
        self.env.cr.execute(
            "UPDATE client_desk_sms SET reference = 'sms-' || md5(id::text || random()::text"
            " || clock_timestamp()::text) WHERE reference IS NULL"
        )
        return result

    @api.model
    def create(self, vals):
        vals = dict(vals, reference=self._client_desk_new_reference())
        return super().create(vals)

    @api.model
    def _client_desk_new_reference(self):
        """A unique reference for a new SMS: what the provider sees as idempotency key."""
        return "sms-%s" % uuid.uuid4().hex

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
        if partner.company_id:
            vals["company_id"] = partner.company_id.id
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
    def _client_desk_gateway(self):
        """The active gateway that sends this SMS: its own, else the first of its company."""
        self.ensure_one()
        gateway = self.gateway_id.sudo()
        if gateway.active:
            return gateway
        return self.env["client.desk.sms.gateway"].sudo()._client_desk_default(self.company_id)

    @api.model
    def _client_desk_send_queued(self, sms_ids=None, limit=None):
        """Sends queued SMS (those of sms_ids, or the oldest ones) that have a gateway, one at a
        time in three steps, each committed: claim it, call the gateway, record the outcome.

        The gateway is only called once "sending" is committed: a rollback or crash after the
        call cannot put the SMS back in the queue, so no SMS is sent twice. Call this with a
        cursor of its own (the cron's, or a new one after commit), never inside a user's
        transaction. Returns the SMS it handled.
        """
        domain = [("state", "=", "queued"), ("waiting_for_gateway", "=", False)]
        if sms_ids is not None:
            domain.append(("id", "in", list(sms_ids)))
        handled = self.browse()
        for sms_id in self.search(domain, order="id", limit=limit).ids:
            sms = self._client_desk_claim(sms_id)
            if not sms:
                continue
            self._client_desk_commit()
            values = sms._client_desk_send_values()
            sms._client_desk_record_outcome(values)
            self._client_desk_commit()
            handled |= sms
        return handled

    @api.model
    def _client_desk_claim(self, sms_id):
        """Locks a queued SMS and marks it sending; an empty recordset when another worker
        holds it or it left the queue meanwhile (SKIP LOCKED: no waiting on each other)."""
        self.env.cr.execute(
            "SELECT id FROM client_desk_sms WHERE id = %s AND state = 'queued' FOR UPDATE SKIP LOCKED", (sms_id,)
        )
        if not self.env.cr.fetchone():
            return self.browse()
        sms = self.browse(sms_id)
        sms.invalidate_cache(ids=[sms_id])
        sms.write({"state": "sending", "sending_date": fields.Datetime.now()})
        return sms

    @api.model
    def _client_desk_commit(self):
        """Commits the sending transaction. A test's transaction must not be committed: there
        the test's savepoints stand in, except in registry test mode, whose cursor commits to
        a savepoint."""
        if self.pool.in_test_mode() or not getattr(threading.currentThread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit - see the docstring

    @api.multi
    def _client_desk_send_values(self):
        """The state (and reason or reference) this claimed SMS gets once sent now."""
        self.ensure_one()
        reason = self._client_desk_block_reason()
        if reason:
            return {"state": "failed" if not self.number_e164 else "cancelled", "failure_reason": reason}
        gateway = self._client_desk_gateway()
        if not gateway:  # archived since it was claimed: back in the queue, waiting for one
            return {"state": "queued", "sending_date": False}
        try:
            values = gateway._client_desk_send(self.number_e164, self.body, self.reference)
        except Exception as error:  # a gateway bug must not stop the queue
            _logger.exception("SMS %s: gateway %s failed", self.id, gateway.id)
            values = {"state": "failed", "failure_reason": _("The gateway failed (%s).") % type(error).__name__}
        values["gateway_id"] = gateway.id
        if values["state"] == "sent":
            values.update(sent_date=fields.Datetime.now(), failure_reason=False)
        return values

    @api.multi
    def _client_desk_record_outcome(self, values):
        """Writes what the gateway made of this SMS and notes a sent SMS on the client."""
        self.ensure_one()
        self.write(values)
        if self.state == "sent":
            self._client_desk_log_sent()

    @api.multi
    def _client_desk_log_sent(self):
        """Notes the sent SMS in the client's conversation, authored by who queued it."""
        self.ensure_one()
        if not self.partner_id:
            return
        body = "<p>%s</p>%s" % (html_escape(_("SMS sent to %s") % self.number_e164), plaintext2html(self.body))
        self.partner_id.sudo().with_context(mail_create_nosubscribe=True).message_post(
            body=body, message_type="comment", subtype="mail.mt_note",
            author_id=(self.create_uid or self.env.user).partner_id.id,
        )

    @api.multi
    def _client_desk_send_after_commit(self):
        """Sends these SMS once the current transaction is committed, in a transaction of their
        own, as the system: nothing leaves for a transaction that is rolled back, and what
        cannot be sent then is left to the cron."""
        dbname, sms_ids = self.env.cr.dbname, self.ids
        # The user's language for the reasons; not the rest (an action's default_* keys...).
        context = {key: self.env.context[key] for key in ("lang", "tz") if key in self.env.context}

        def send():
            try:
                with api.Environment.manage(), odoo.registry(dbname).cursor() as cr:
                    api.Environment(cr, SUPERUSER_ID, context)["client.desk.sms"]._client_desk_send_queued(sms_ids)
            except Exception:  # the user's work is committed: the cron sends what is left
                _logger.exception("Sending SMS %s after commit failed; the cron will send them", sms_ids)

        self.env.cr.after("commit", send)

    @api.model
    def _client_desk_fail_stale(self):
        """SMS left "sending" (the gateway was called, but its answer was never recorded: a
        crash or a rollback) fail with a reason, so someone checks with the provider before
        retrying; they are never sent again on their own."""
        limit = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now()) - STALE_SENDING)
        for sms in self.search([("state", "=", "sending"), ("sending_date", "<", limit)]):
            sms.write({"state": "failed", "failure_reason": _(
                "The gateway was called, but its answer was never recorded: the SMS may have been sent. "
                "Check with the provider (reference %s) before retrying."
            ) % sms.reference})

    @api.model
    def _cron_send_queued(self, limit=200):
        """Sends the oldest queued SMS, at most limit per run; the cron runs every few minutes."""
        self._client_desk_fail_stale()
        self._client_desk_commit()
        self._client_desk_send_queued(limit=limit)
        return True

    # -- inbound ---------------------------------------------------------------------------------

    @api.model
    @api.returns("res.partner", lambda value: value.ids)
    def client_desk_inbound(self, number, body):
        """Handles an SMS a client sent us: STOP, STOPP, STOPPEN, ARRET or ARRÊT (any case) opts every
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
        # The note names the word, never the number: an erased client leaves nothing personal.
        note = _('Opted out of SMS by replying "%s".') % word.upper()
        for partner in partners:
            partner.client_desk_set_consent("sms_reply", note=note, by_client=True, sms_opt_out=True)
            partner.with_context(mail_create_nosubscribe=True).message_post(
                body=html_escape(note), message_type="comment", subtype="mail.mt_note", author_id=partner.id,
            )
        _logger.info("SMS opt-out by reply: partners %s", partners.ids)
        return partners.sudo(self.env.uid)

    # -- actions ---------------------------------------------------------------------------------

    @api.multi
    def action_send(self):
        """Sends the selected queued SMS as soon as this transaction is committed (the cron
        sends what is left). Returns True."""
        if any(sms.state != "queued" for sms in self):
            raise UserError(_("Only queued SMS can be sent. Retry a failed or cancelled SMS first."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._client_desk_send_after_commit()
        return True

    @api.multi
    def action_cancel(self):
        """Cancels queued or failed SMS; a sent SMS cannot be called back."""
        if any(sms.state == "sent" for sms in self):
            raise UserError(_("An SMS that was sent cannot be cancelled."))
        if any(sms.state == "sending" for sms in self):
            raise UserError(_("This SMS is being sent right now and cannot be cancelled."))
        self.filtered(lambda sms: sms.state != "cancelled").write(
            {"state": "cancelled", "failure_reason": _("Cancelled by %s.") % self.env.user.name}
        )
        return True

    @api.multi
    def action_retry(self):
        """Puts failed or cancelled SMS back in the queue; consent is checked again when sent.
        The SMS keeps its reference: a provider that already got it recognises it."""
        if any(sms.state == "sent" for sms in self):
            raise UserError(_("An SMS that was sent cannot be sent again; create a new one."))
        if any(sms.state == "sending" for sms in self):
            raise UserError(_("This SMS is being sent right now."))
        self.filtered(lambda sms: sms.state != "queued").write(
            {"state": "queued", "failure_reason": False, "sending_date": False}
        )
        return True

    @api.multi
    def action_open_record(self):
        """Opens the appointment, invoice... this SMS is about."""
        self.ensure_one()
        if not (self.model and self.res_id and self.model in self.env):
            raise UserError(_("This SMS is not about a record."))
        return {"type": "ir.actions.act_window", "res_model": self.model, "res_id": self.res_id, "view_mode": "form"}
