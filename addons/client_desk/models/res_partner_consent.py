from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .res_partner import CONSENT_FIELDS, SOURCES

# Set only by the consent change itself (client_desk_set_consent, or writing the opt-in): the
# proof of when and how a client consented, which nobody may rewrite by hand.
CONSENT_PROOF_FIELDS = ("client_desk_marketing_opt_in_date", "client_desk_marketing_opt_in_source")
# Consent sources that no person acts in.
AUTOMATIC_SOURCES = ("bounce",)


class ResPartner(models.Model):
    """Consent is data (contract 4): marketing opt-in with its date and source, e-mail blocked,
    SMS opt-out, and a ledger line (client.desk.consent.event) for every change.

    Changes go through write() (staff on the card) or client_desk_set_consent() (a link, a
    bounce, the portal, an SMS reply), whose context carries the source, a note and whether the
    client acted; create() and write() (res_partner.py) call the helpers below.
    """

    _inherit = "res.partner"

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
        groups="client_desk.group_client_desk_user",
    )

    # -- the change itself -------------------------------------------------------------------

    @api.multi
    def client_desk_set_consent(self, source, note=None, by_client=False, **values):
        """Changes consent (marketing_opt_in, email_blocked, email_blocked_reason, sms_opt_out)
        as `source` (a link, a bounce, the portal...) and records it in the ledger.

        by_client: the client acted (portal, unsubscribe link, SMS reply), not a staff member:
        the ledger shows the client. Only the client themself or code running as superuser
        (a public route that checked the link) may say so. Returns True.
        """
        allowed = {"marketing_opt_in", "email_blocked", "email_blocked_reason", "sms_opt_out"}
        unknown = set(values) - allowed
        if unknown:
            raise UserError(_("Unknown consent setting: %s") % ", ".join(sorted(unknown)))
        if source not in dict(self.env["client.desk.consent.event"]._fields["source"].selection):
            raise UserError(_("Unknown consent source: %s") % source)
        if by_client:
            self._client_desk_check_by_client()
        vals = {"client_desk_" + key: value for key, value in values.items()}
        self.with_context(
            client_desk_consent_source=source, client_desk_consent_note=note, client_desk_consent_by_client=by_client,
        ).write(vals)
        return True

    @api.multi
    def _client_desk_check_by_client(self):
        """AccessError unless the change may be recorded as the client's own: by the client's
        own user on their card, or by code running as superuser (a route that checked the
        link). On an empty recordset (a new card), only the latter."""
        if self.env.uid != SUPERUSER_ID and (not self or any(partner != self.env.user.partner_id for partner in self)):
            raise AccessError(_("Only the client may record a consent change as their own."))

    @api.model
    def _client_desk_check_consent_proof(self, vals):
        """UserError when vals set the opt-in date or source by hand (only code may, as superuser)."""
        if self.env.uid != SUPERUSER_ID and any(name in vals for name in CONSENT_PROOF_FIELDS):
            raise UserError(_(
                "The opt-in date and source are recorded when the consent itself changes; they cannot be set by hand."))

    @api.model
    def _client_desk_consent_context(self, source=None):
        """(source, note, by_client) of the change being made, from client_desk_set_consent's context."""
        context = self.env.context
        return (
            context.get("client_desk_consent_source") or source or "manual",
            context.get("client_desk_consent_note"),
            bool(context.get("client_desk_consent_by_client")),
        )

    @api.model
    def _client_desk_consent_create_values(self, vals):
        """vals for a new partner with the opt-in stamped (date, source) when it opts in."""
        vals = dict(vals)
        if vals.get("client_desk_marketing_opt_in") and not vals.get("client_desk_marketing_opt_in_date"):
            vals["client_desk_marketing_opt_in_date"] = fields.Datetime.now()
            vals.setdefault(
                "client_desk_marketing_opt_in_source",
                self._client_desk_consent_context(vals.get("client_desk_source"))[0],
            )
        if vals.get("client_desk_email_blocked") and not vals.get("client_desk_email_blocked_reason"):
            vals["client_desk_email_blocked_reason"] = "manual"
        return vals

    @api.multi
    def _client_desk_consent_write_groups(self, vals):
        """[(partners, vals)]: write vals with the opt-in stamped only on partners that were not
        opted in yet (writing the opt-in again keeps the original date and source: the proof),
        and the blocking reason kept consistent."""
        vals = dict(vals)
        if "client_desk_email_blocked" in vals and not vals["client_desk_email_blocked"]:
            vals["client_desk_email_blocked_reason"] = False
        elif vals.get("client_desk_email_blocked") and not vals.get("client_desk_email_blocked_reason"):
            vals["client_desk_email_blocked_reason"] = "manual"
        if not vals.get("client_desk_marketing_opt_in") or "client_desk_marketing_opt_in_date" in vals:
            return [(self, vals)]
        opting_in = self.filtered(lambda partner: not partner.client_desk_marketing_opt_in)
        stamped = dict(vals, client_desk_marketing_opt_in_date=fields.Datetime.now())
        stamped.setdefault("client_desk_marketing_opt_in_source", self._client_desk_consent_context()[0])
        return [(group, group_vals) for group, group_vals in ((self - opting_in, vals), (opting_in, stamped)) if group]

    @api.multi
    def _client_desk_consent_snapshot(self, vals=None):
        """{partner id: {consent field: value}} before a write (only when vals touch consent)."""
        if vals is not None and not any(name in vals for name in CONSENT_FIELDS):
            return {}
        return {partner.id: {name: partner[name] for name in CONSENT_FIELDS} for partner in self}

    # -- the ledger --------------------------------------------------------------------------

    @api.multi
    def _client_desk_consent_ledger_values(self, before, after, source, note=None, by_client=False):
        """Ledger lines (client.desk.consent.event values) for one partner's consent change.

        :param before: {consent field: value} before the change ({} for a new partner)
        :param after: {consent field: value} after it (client_desk_email_blocked_reason too)
        :param source: a client.desk.consent.event source ("manual", "portal", "import"...)
        :param note: which link, message or address the change came from
        :param by_client: the client acted (no staff user is recorded)
        :return: list of dicts, one per consent field whose value changed, ready to create or
            to insert in bulk (date included)
        """
        self.ensure_one()
        lines = []
        for name in CONSENT_FIELDS:
            value = bool(after.get(name))
            if bool(before.get(name)) == value:
                continue
            lines.append({
                "partner_id": self.id,
                "date": fields.Datetime.now(),
                "kind": "%s_%s" % (name[len("client_desk_"):], "on" if value else "off"),
                "source": source,
                "actor": "client" if by_client else "system" if source in AUTOMATIC_SOURCES else "staff",
                "user_id": False if by_client else self.env.uid,
                "note": note,
                "email_blocked_reason": (
                    after.get("client_desk_email_blocked_reason") or False
                    if name == "client_desk_email_blocked" and value else False
                ),
            })
        return lines

    @api.multi
    def _client_desk_log_consent(self, before, source=None):
        """Writes the ledger lines of the change from before ({partner id: {field: value}}) to
        the partners' current values, as the change in the context (client_desk_set_consent)."""
        source, note, by_client = self._client_desk_consent_context(source)
        if by_client:
            self._client_desk_check_by_client()
        lines = []
        for partner in self:
            after = {name: partner[name] for name in CONSENT_FIELDS + ("client_desk_email_blocked_reason",)}
            lines += partner._client_desk_consent_ledger_values(
                before.get(partner.id, {}), after, source, note=note, by_client=by_client)
        ledger = self.env["client.desk.consent.event"].sudo()
        for line in lines:
            ledger.create(line)
