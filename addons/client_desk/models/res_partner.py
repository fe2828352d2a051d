import hashlib
import logging
import unicodedata

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools.phone import search_digits, to_e164

_logger = logging.getLogger(__name__)

SOURCES = [
    ("manual", "Manual"),
    ("import", "Import"),
    ("website", "Website"),
    ("portal", "Portal"),
    ("booking", "Online booking"),
    ("email", "E-mail"),
    ("campaign", "Campaign"),
]
# Sources where a first contact is not yet a client.
LEAD_SOURCES = ("website", "email")
# Consent and blocking fields whose every change goes to the consent ledger.
CONSENT_FIELDS = ("client_desk_marketing_opt_in", "client_desk_email_blocked", "client_desk_sms_opt_out")


def search_text(value):
    """Lower case without accents: 'Anne-Gaëlle' and 'anne-gaelle' match each other."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


class ResPartner(models.Model):
    _inherit = "res.partner"

    client_desk_is_client = fields.Boolean("Is a client", index=True, copy=False)
    client_desk_number = fields.Char(
        "Client number", readonly=True, copy=False, index=True,
        help="Given from the company's client number sequence when the client is created.",
    )
    client_desk_first_name = fields.Char("First name")
    client_desk_last_name = fields.Char("Last name")
    client_desk_birthday = fields.Date("Birthday")
    client_desk_status = fields.Selection(
        [("lead", "Lead"), ("client", "Client"), ("inactive", "Inactive")],
        "Client status", default="client", index=True,
    )
    client_desk_source = fields.Selection(SOURCES, "Source", default="manual", readonly=True, copy=False)
    client_desk_staff_id = fields.Many2one(
        "res.users", "Assigned staff member", index=True, ondelete="set null",
        domain=[("share", "=", False)],
    )
    client_desk_note = fields.Text("Pinned note", help="Internal note shown on top of the client card.")
    client_desk_marketing_opt_in = fields.Boolean("Marketing opt-in", copy=False)
    client_desk_marketing_opt_in_date = fields.Datetime("Opt-in date", readonly=True, copy=False)
    client_desk_marketing_opt_in_source = fields.Selection(
        SOURCES + [("unsubscribe", "Unsubscribe link")], "Opt-in source", readonly=True, copy=False,
    )
    client_desk_email_blocked = fields.Boolean("E-mail blocked", copy=False)
    client_desk_email_blocked_reason = fields.Selection(
        [("bounced", "Bounced"), ("unsubscribed", "Unsubscribed"), ("manual", "Blocked by staff")],
        "Blocked because", copy=False,
    )
    client_desk_sms_opt_out = fields.Boolean(
        "SMS opt-out", copy=False,
        help="The client does not want marketing SMS (e.g. replied STOP). Reminders still go out.",
    )
    client_desk_consent_event_ids = fields.One2many(
        "client.desk.consent.event", "partner_id", "Consent history", readonly=True,
    )
    client_desk_email_normalized = fields.Char(
        compute="_compute_client_desk_email_normalized", store=True, index=True,
    )
    client_desk_phone_search = fields.Char(
        "Phone digits", compute="_compute_client_desk_phone_search", store=True,
        help="National digits of phone and mobile, for the search that ignores how a number is typed.",
    )
    client_desk_search_text = fields.Char(
        compute="_compute_client_desk_search_text", store=True,
        help="Name, e-mail, client number and phone digits, lower case without accents, for the search box.",
    )
    client_desk_search = fields.Char(
        "Client", compute="_compute_client_desk_search", search="_search_client_desk_search",
        help="Name, e-mail, phone (typed any way) or client number.",
    )
    client_desk_latest_note = fields.Html("Latest note", compute="_compute_client_desk_latest_note")

    _sql_constraints = [
        ("client_desk_number_company_uniq", "unique(company_id, client_desk_number)",
         "Client numbers must be unique within a company."),
    ]

    @api.model_cr
    def init(self):
        """The trigram index behind the one client search (contract 3): one column holding all
        the search box matches, so a search is one index scan, not four. pg_trgm is a trusted
        extension from PostgreSQL 13 on."""
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # Identities (hashed e-mail or phone) that find_or_create created a client for: the
        # primary key makes two transactions creating the same person collide (see there).
        self.env.cr.execute(
            "CREATE TABLE IF NOT EXISTS client_desk_identity_claim ("
            " key varchar PRIMARY KEY,"
            " partner_id integer REFERENCES res_partner (id) ON DELETE CASCADE)"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner_client_desk_search_text_trgm"
            " ON res_partner USING gin (client_desk_search_text gin_trgm_ops)"
        )

    # -- computed fields ---------------------------------------------------------------------

    @api.depends("email")
    def _compute_client_desk_email_normalized(self):
        for partner in self:
            partner.client_desk_email_normalized = self._client_desk_normalize_email(partner.email)

    @api.depends("phone", "mobile")
    def _compute_client_desk_phone_search(self):
        for partner in self:
            keys = [search_digits(number) for number in (partner.phone, partner.mobile) if number]
            partner.client_desk_phone_search = " ".join(key for key in keys if key) or False

    @api.depends("name", "email", "client_desk_number", "client_desk_phone_search")
    def _compute_client_desk_search_text(self):
        for partner in self:
            partner.client_desk_search_text = search_text(" ".join(filter(None, (
                partner.name, partner.email, partner.client_desk_number, partner.client_desk_phone_search))))

    def _compute_client_desk_search(self):
        for partner in self:
            partner.client_desk_search = partner.display_name

    def _search_client_desk_search(self, operator, value):
        if operator not in ("ilike", "=ilike", "like", "="):
            raise UserError(_("The client search only supports 'contains'."))
        return self._client_desk_search_domain(value)

    def _compute_client_desk_latest_note(self):
        note = self.env.ref("mail.mt_note")
        for partner in self:
            message = self.env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "=", partner.id), ("subtype_id", "=", note.id)],
                limit=1, order="id desc",
            )
            partner.client_desk_latest_note = message.body

    # -- search --------------------------------------------------------------------------------

    @api.model
    def _client_desk_normalize_email(self, email):
        return (email or "").strip().lower() or False

    @api.model
    def _client_desk_search_domain(self, term):
        """Domain for what a person types in the client search box (contract 3)."""
        term = (term or "").strip()
        if not term:
            return []
        domain = [("client_desk_search_text", "like", search_text(term))]
        digits = search_digits(term)
        # Phone fragments: at least three digits and nothing but number punctuation.
        if len(digits) >= 3 and not any(char.isalpha() for char in term):
            domain = expression.OR([domain, [("client_desk_search_text", "like", digits)]])
        return domain

    @api.model
    def client_desk_suggest(self, term, limit=8):
        """Clients matching what is typed, for search-as-you-type: [(id, display name)]."""
        domain = expression.AND([[("client_desk_is_client", "=", True)], self._client_desk_search_domain(term)])
        return [(p["id"], p["display_name"]) for p in self.search_read(domain, ["display_name"], limit=limit)]

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        # Inside Client Desk (context set by its views) a client is found as the search box does.
        if self.env.context.get("client_desk") and name and operator == "ilike":
            domain = expression.AND([args or [], self._client_desk_search_domain(name)])
            return self.search(domain, limit=limit).name_get()
        return super().name_search(name, args=args, operator=operator, limit=limit)

    # -- creation and numbering -------------------------------------------------------------------

    @api.model
    def _client_desk_number_sequence(self, company):
        """The company's client number sequence, created on first use."""
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", "client.desk.client"), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = self.env["ir.sequence"].sudo().create({
                "name": _("Client numbers of %s") % company.name,
                "code": "client.desk.client",
                "company_id": company.id,
                "padding": 5,
                "implementation": "no_gap",
            })
        return sequence

    @api.model
    def _client_desk_prepare_values(self, vals):
        """Name from first and last name unless given; number for new clients."""
        vals = dict(vals)
        if not vals.get("name") and (vals.get("client_desk_first_name") or vals.get("client_desk_last_name")):
            vals["name"] = " ".join(
                part.strip() for part in (vals.get("client_desk_first_name"), vals.get("client_desk_last_name"))
                if part and part.strip()
            )
        # The Clients action creates clients through its context default (Odoo's own import too).
        is_client = vals.get("client_desk_is_client", self.env.context.get("default_client_desk_is_client"))
        if is_client and not vals.get("client_desk_number"):
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.user.company_id
            vals["client_desk_number"] = self._client_desk_number_sequence(company).next_by_id()
        if vals.get("client_desk_marketing_opt_in") and not vals.get("client_desk_marketing_opt_in_date"):
            vals["client_desk_marketing_opt_in_date"] = fields.Datetime.now()
            vals.setdefault("client_desk_marketing_opt_in_source", vals.get("client_desk_source") or "manual")
        return vals

    @api.model
    def create(self, vals):
        partner = super().create(self._client_desk_prepare_values(vals))
        if partner.client_desk_is_client:
            partner._client_desk_log_consent({}, source=vals.get("client_desk_source") or "manual")
        return partner

    @api.multi
    def write(self, vals):
        if vals.get("client_desk_is_client"):
            for partner in self.filtered(lambda p: not p.client_desk_number):
                super(ResPartner, partner).write(
                    {"client_desk_number": self._client_desk_prepare_values(
                        {"client_desk_is_client": True, "company_id": partner.company_id.id})["client_desk_number"]}
                )
        tracked = [name for name in CONSENT_FIELDS if name in vals]
        before = {partner.id: {name: partner[name] for name in tracked} for partner in self} if tracked else {}
        if vals.get("client_desk_marketing_opt_in"):
            vals = dict(vals, client_desk_marketing_opt_in_date=fields.Datetime.now())
            vals.setdefault(
                "client_desk_marketing_opt_in_source", self.env.context.get("client_desk_consent_source", "manual")
            )
        if "client_desk_email_blocked" in vals and not vals["client_desk_email_blocked"]:
            vals = dict(vals, client_desk_email_blocked_reason=False)
        elif vals.get("client_desk_email_blocked") and not vals.get("client_desk_email_blocked_reason"):
            vals = dict(vals, client_desk_email_blocked_reason="manual")
        result = super().write(vals)
        for partner in self.filtered(lambda p: p.id in before):
            partner._client_desk_log_consent(
                before[partner.id], source=self.env.context.get("client_desk_consent_source", "manual")
            )
        return result

    # -- consent ledger ---------------------------------------------------------------------

    def _client_desk_log_consent(self, before, source, note=None):
        """Writes one ledger line per consent field whose value differs from `before`."""
        self.ensure_one()
        ledger = self.env["client.desk.consent.event"].sudo()
        for name in CONSENT_FIELDS:
            value = self[name]
            if before.get(name, False) == value:
                continue
            ledger.create({
                "partner_id": self.id,
                "kind": "%s_%s" % (name[len("client_desk_"):], "on" if value else "off"),
                "source": source,
                "user_id": self.env.uid,
                "note": note or self.env.context.get("client_desk_consent_note"),
                "email_blocked_reason": (
                    self.client_desk_email_blocked_reason if name == "client_desk_email_blocked" else False
                ),
            })

    @api.multi
    def client_desk_set_consent(self, source, note=None, **values):
        """Changes consent (marketing_opt_in, email_blocked, email_blocked_reason, sms_opt_out)
        as `source` (a link, a bounce, the portal...) and records it in the ledger."""
        allowed = {"marketing_opt_in", "email_blocked", "email_blocked_reason", "sms_opt_out"}
        unknown = set(values) - allowed
        if unknown:
            raise UserError(_("Unknown consent setting: %s") % ", ".join(sorted(unknown)))
        vals = {"client_desk_" + key: value for key, value in values.items()}
        if "client_desk_marketing_opt_in" in vals and vals["client_desk_marketing_opt_in"]:
            vals["client_desk_marketing_opt_in_source"] = source
        return self.with_context(client_desk_consent_source=source, client_desk_consent_note=note).write(vals)

    # -- find or create (public interface) ------------------------------------------------------

    @api.model
    def client_desk_find_or_create(self, vals, source):
        """The client for these details: found by normalised e-mail, then by phone, else created.

        Empty fields of a found client are filled from vals. Two transactions creating the same
        person at once both claim its identity (e-mail, phones) in client_desk_identity_claim:
        the second waits for the first and then fails with a serialization error, which Odoo's
        RPC layer (and tools.transaction.retrying for web routes) retries with a fresh snapshot,
        where it finds the client the first one created.
        """
        if source not in dict(SOURCES):
            raise UserError(_("Unknown client source: %s") % source)
        email = self._client_desk_normalize_email(vals.get("email"))
        phones = [p for p in (vals.get("mobile"), vals.get("phone")) if p]
        phone_keys = [search_digits(p) for p in phones if to_e164(p)]
        if vals.get("email") and "@" not in vals["email"]:
            raise ValidationError(_("'%s' is not a valid e-mail address.") % vals["email"])
        if not (email or phone_keys or vals.get("name") or vals.get("client_desk_last_name")):
            raise UserError(_("A client needs at least a name, an e-mail address or a phone number."))
        partner = self._client_desk_find(email, phone_keys)
        if partner:
            missing = {
                name: value for name, value in vals.items()
                if value and name in self._fields and not partner[name] and name != "name"
            }
            if missing:
                partner.write(missing)
            if not partner.client_desk_is_client:
                partner.write({"client_desk_is_client": True})
            return partner
        claims = self._client_desk_identity_keys(email, phone_keys)
        for claim in claims:
            self.env.cr.execute(
                "INSERT INTO client_desk_identity_claim (key) VALUES (%s) ON CONFLICT (key) DO NOTHING", (claim,)
            )
        create_vals = dict(vals, client_desk_is_client=True, client_desk_source=source)
        create_vals.setdefault("client_desk_status", "lead" if source in LEAD_SOURCES else "client")
        if create_vals.get("email"):
            create_vals["email"] = create_vals["email"].strip()
        partner = self.create(create_vals)
        if claims:
            self.env.cr.execute(
                "UPDATE client_desk_identity_claim SET partner_id = %s WHERE key IN %s", (partner.id, tuple(claims))
            )
        return partner

    @api.model
    def _client_desk_identity_keys(self, email, phone_keys):
        """Sorted hashed keys under which a client's identity is claimed (no personal data)."""
        keys = (["email:%s" % email] if email else []) + ["phone:%s" % key for key in phone_keys if key]
        return sorted({hashlib.sha256(key.encode()).hexdigest() for key in keys})

    @api.model
    def _client_desk_find(self, email, phone_keys):
        """The partner with this e-mail, else with one of these phones; clients before contacts."""
        def first(candidates):
            return (candidates.filtered("client_desk_is_client") or candidates)[:1]

        partners = self.browse()
        if email:
            partners = first(self.search([("client_desk_email_normalized", "=", email)], order="id"))
        for key in phone_keys:
            if partners:
                break
            # Whole-number match inside the space-separated key list.
            candidates = self.search([("client_desk_phone_search", "like", key)], order="id")
            partners = first(candidates.filtered(lambda p: key in (p.client_desk_phone_search or "").split()))
        return partners

    # -- conversation (contract 2) ---------------------------------------------------------------

    @api.multi
    def _client_desk_event(self, kind, body, record=None, author=None, subject=None, attachments=None):
        """Posts what happened with this client in their one conversation; returns the message.

        kind is one of mail.message's client_desk_kind values (subtype client_desk.mt_<kind>);
        record is the document it is about (appointment, invoice...), kept on the message.
        """
        self.ensure_one()
        kinds = dict(self.env["mail.message"]._fields["client_desk_kind"].selection)
        if kind not in kinds:
            raise UserError(_("Unknown conversation event: %s") % kind)
        values = {
            "body": body,
            "subject": subject,
            "message_type": "notification",
            "subtype": "client_desk.mt_%s" % kind,
            "attachments": attachments,
        }
        if author:
            values["author_id"] = author.id
        message = self.sudo().with_context(mail_create_nosubscribe=True).message_post(**values)
        message.sudo().write({
            "client_desk_kind": kind,
            "client_desk_record_ref": "%s,%s" % (record._name, record.id) if record else False,
        })
        return message

    @api.multi
    def message_post(self, *args, **kwargs):
        message = super().message_post(*args, **kwargs)
        # Plain chatter messages count in the conversation too: from the client, or to them.
        is_chat = message.message_type in ("comment", "email") and message.subtype_id == self.env.ref("mail.mt_comment")
        if len(self) == 1 and self.client_desk_is_client and not message.client_desk_kind and is_chat:
            kind = "message_in" if message.author_id == self else "message_out"
            message.sudo().write({"client_desk_kind": kind})
        return message

    # -- actions ---------------------------------------------------------------------------

    @api.multi
    def action_client_desk_new_message(self):
        """Opens the e-mail composer on the client's conversation."""
        self.ensure_one()
        if not self.email:
            raise UserError(_("%s has no e-mail address.") % self.display_name)
        if self.client_desk_email_blocked:
            raise UserError(_("E-mail to %s is blocked.") % self.display_name)
        return {
            "type": "ir.actions.act_window",
            "name": _("New message"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_id": self.id,
                "default_partner_ids": [(6, 0, [self.id])],
                "default_composition_mode": "comment",
                "default_subtype_id": self.env.ref("mail.mt_comment").id,
                "mail_post_autofollow": False,
            },
        }

    # -- deletion guard ----------------------------------------------------------------------

    @api.multi
    def _client_desk_unlink_blockers(self):
        """Reasons this client may not be deleted; modules add theirs (future appointments,
        open payments). Returns a list of translated sentences."""
        self.ensure_one()
        return []

    @api.multi
    def unlink(self):
        problems = []
        for partner in self.filtered("client_desk_is_client"):
            problems += ["%s: %s" % (partner.display_name, reason) for reason in partner._client_desk_unlink_blockers()]
        if problems:
            raise UserError(_("These clients cannot be deleted; archive them instead.\n%s") % "\n".join(problems))
        return super().unlink()
