from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from ..tools.names import join_name, split_name
from ..tools.phone import search_digits

SOURCES = [
    ("manual", "Manual"),
    ("import", "Import"),
    ("website", "Website"),
    ("portal", "Portal"),
    ("booking", "Online booking"),
    ("email", "E-mail"),
    ("campaign", "Campaign"),
    ("sms", "SMS"),
]
# Sources where a first contact is not yet a client.
LEAD_SOURCES = ("website", "email", "sms")
# Consent and blocking fields whose every change goes to the consent ledger.
CONSENT_FIELDS = ("client_desk_marketing_opt_in", "client_desk_email_blocked", "client_desk_sms_opt_out")
# Fields whose change changes who the client is for matching (identity claims).
IDENTITY_FIELDS = ("email", "phone", "mobile")
NAME_FIELDS = ("client_desk_first_name", "client_desk_last_name")


class ResPartner(models.Model):
    """The client card (contract 1: the client is a res.partner with client_desk_is_client).

    The other concerns live beside this file, each ORM method being overridden only here:
    search (res_partner_search), identity and matching (res_partner_identity), consent
    (res_partner_consent), conversation (res_partner_events), deletion (res_partner_delete).
    create() and write() below call their helpers.
    """

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
        "Client status", index=True, help="Only clients have a status; a new client is a client unless said otherwise.",
    )
    client_desk_source = fields.Selection(SOURCES, "Source", default="manual", readonly=True, copy=False)
    client_desk_staff_id = fields.Many2one(
        "res.users", "Assigned staff member", index=True, ondelete="set null",
        domain=[("share", "=", False)],
    )
    client_desk_note = fields.Text(
        "Pinned note", groups="base.group_user", help="Internal note shown on top of the client card.")
    client_desk_email_normalized = fields.Char(
        compute="_compute_client_desk_email_normalized", store=True, index=True,
    )
    client_desk_phone_search = fields.Char(
        "Phone digits", compute="_compute_client_desk_phone_search", store=True,
        help="National digits of phone and mobile, for the search that ignores how a number is typed.",
    )
    client_desk_latest_note = fields.Html("Latest note", compute="_compute_client_desk_latest_note")

    _sql_constraints = [
        ("client_desk_number_company_uniq", "unique(company_id, client_desk_number)",
         "Client numbers must be unique within a company."),
    ]

    @api.model_cr
    def init(self):
        self._client_desk_init_search()
        self._client_desk_init_identity_claims()

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

    def _compute_client_desk_latest_note(self):
        note = self.env.ref("mail.mt_note")
        for partner in self:
            message = self.env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "=", partner.id), ("subtype_id", "=", note.id)],
                limit=1, order="id desc",
            )
            partner.client_desk_latest_note = message.body

    @api.model
    def _client_desk_normalize_email(self, email):
        return (email or "").strip().lower() or False

    # -- names --------------------------------------------------------------------------------

    @api.onchange("name")
    def _onchange_client_desk_name(self):
        """A full name typed on a person's card fills first and last name."""
        if self.is_company or not self.name:
            return
        if " ".join(self.name.split()) != join_name(self.client_desk_first_name, self.client_desk_last_name):
            self.client_desk_first_name, self.client_desk_last_name = split_name(self.name)

    @api.onchange("client_desk_first_name", "client_desk_last_name")
    def _onchange_client_desk_first_last_name(self):
        """Editing first or last name rebuilds the name."""
        full_name = join_name(self.client_desk_first_name, self.client_desk_last_name)
        if full_name and not self.is_company:
            self.name = full_name

    @api.model
    def _client_desk_name_values(self, vals, partner=None):
        """vals with the name and first/last name kept in step: a name from first and last name
        unless given; first and last name from the name of a new client when not given; a first
        or last name written alone rebuilds the name (of partner, on write)."""
        vals = dict(vals)
        given = [name for name in NAME_FIELDS if name in vals]
        is_company = vals.get("is_company", partner.is_company if partner else False)
        if given and not vals.get("name") and not is_company:
            first = vals.get("client_desk_first_name", partner.client_desk_first_name if partner else False)
            last = vals.get("client_desk_last_name", partner.client_desk_last_name if partner else False)
            if join_name(first, last):
                vals["name"] = join_name(first, last)
        elif partner is None and vals.get("name") and not given and not is_company and vals.get(
                "client_desk_is_client", self.env.context.get("default_client_desk_is_client")):
            vals["client_desk_first_name"], vals["client_desk_last_name"] = (
                part or False for part in split_name(vals["name"]))
        return vals

    # -- numbering ----------------------------------------------------------------------------

    @api.model
    def _client_desk_number_sequence(self, company):
        """The company's client number sequence, created on first use. A standard (PostgreSQL)
        sequence: client numbers need no gap-free guarantee, and a gapless one would lock
        every client creation behind an import's transaction."""
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", "client.desk.client"), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = self.env["ir.sequence"].sudo().create({
                "name": _("Client numbers of %s") % company.name,
                "code": "client.desk.client",
                "company_id": company.id,
                "padding": 5,
                "implementation": "standard",
            })
        return sequence

    @api.model
    def _client_desk_standard_numbering(self):
        """Moves client number sequences of existing databases to the standard implementation
        (they were gapless); run from data on every install and update."""
        for sequence in self.env["ir.sequence"].sudo().search(
                [("code", "=", "client.desk.client"), ("implementation", "=", "no_gap")]):
            sequence.write({"implementation": "standard"})

    @api.model
    def _client_desk_clear_stray_status(self):
        """Partners that are not clients have no client status (every partner used to get
        "client" by default); run from data on every install and update."""
        self.env.cr.execute(
            "UPDATE res_partner SET client_desk_status = NULL"
            " WHERE client_desk_status IS NOT NULL AND client_desk_is_client IS NOT TRUE"
        )

    @api.model
    def _client_desk_prepare_values(self, vals):
        """Values of a new partner: names in step, consent stamped; for a client its status
        (client unless given) and number."""
        vals = self._client_desk_consent_create_values(self._client_desk_name_values(vals))
        # The Clients action creates clients through its context default (Odoo's own import too).
        is_client = vals.get("client_desk_is_client", self.env.context.get("default_client_desk_is_client"))
        if is_client:
            vals.setdefault("client_desk_status", self.env.context.get("default_client_desk_status") or "client")
            if not vals.get("client_desk_number"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.user.company_id
                vals["client_desk_number"] = self._client_desk_number_sequence(company).next_by_id()
        return vals

    @api.multi
    def _client_desk_become_clients(self):
        """Number and status for partners that become clients."""
        for partner in self:
            values = {}
            if not partner.client_desk_number:
                company = partner.company_id or self.env.user.company_id
                values["client_desk_number"] = self._client_desk_number_sequence(company).next_by_id()
            if not partner.client_desk_status:
                values["client_desk_status"] = "client"
            if values:
                super(ResPartner, partner).write(values)
        return True

    @api.multi
    def _client_desk_check_number(self, vals):
        """A client number is never taken back (the delete guard counts on it)."""
        if "client_desk_number" in vals and not vals["client_desk_number"] and self.env.uid != SUPERUSER_ID:
            if any(self.mapped("client_desk_number")):
                raise UserError(_("A client number cannot be removed."))

    @api.multi
    def _client_desk_write_groups(self, vals):
        """[(partners, vals)] that write(vals) writes: the name rebuilt per partner when only
        first or last name change, the opt-in stamped only on partners that opt in now."""
        if any(name in vals for name in NAME_FIELDS) and "name" not in vals:
            return [group for partner in self for group in partner._client_desk_consent_write_groups(
                self._client_desk_name_values(vals, partner))]
        return self._client_desk_consent_write_groups(vals)

    # -- the one create and write -----------------------------------------------------------

    @api.model
    def create(self, vals):
        self._client_desk_check_consent_proof(vals)
        if self.env.context.get("client_desk_consent_by_client"):
            self.browse()._client_desk_check_by_client()
        partner = super().create(self._client_desk_prepare_values(vals))
        partner._client_desk_log_consent({}, source=vals.get("client_desk_source"))
        if partner.client_desk_is_client:
            partner._client_desk_refresh_identities()
        return partner

    @api.multi
    def write(self, vals):
        self._client_desk_check_consent_proof(vals)
        self._client_desk_check_number(vals)
        if self.env.context.get("client_desk_consent_by_client"):
            self._client_desk_check_by_client()
        before = self._client_desk_consent_snapshot(vals)
        if "client_desk_is_client" in vals and not vals["client_desk_is_client"]:
            vals = dict(vals, client_desk_status=False)  # only clients have a status
        result = all([super(ResPartner, group).write(group_vals)
                      for group, group_vals in self._client_desk_write_groups(vals)])
        if vals.get("client_desk_is_client"):
            self._client_desk_become_clients()
        if before:
            self._client_desk_log_consent(before)
        if vals.get("client_desk_is_client") or any(name in vals for name in IDENTITY_FIELDS):
            self._client_desk_refresh_identities()
        return result
