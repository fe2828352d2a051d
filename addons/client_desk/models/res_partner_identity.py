import hashlib
import hmac

from odoo import _, api, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import html_escape, single_email_re

from ..tools.phone import number_key
from .res_partner import LEAD_SOURCES, SOURCES

# Marks which secret the stored identity claims are keyed with (see _client_desk_rekey_identity_claims).
CLAIM_SCHEME_PARAMETER = "client_desk.identity_claim_scheme"
# Matching by phone looks fragments up in the trigram index up to this many numbers; more
# (an import) read the candidates in one pass instead.
INDEXED_PHONE_LOOKUPS = 16


class ResPartner(models.Model):
    """Who a client is: matching a new contact to an existing client (one rule for
    client_desk_find_or_create, the duplicate warning and the import) and identity claims.

    An identity claim is an HMAC (keyed with the database secret) of a client's normalised
    e-mail or phone digits, kept in client_desk_identity_claim with the client who first had
    it. It serves two purposes:

    - two transactions creating the same person at once both insert the claim; the second
      waits for the first and fails with a serialization error, which Odoo's RPC layer (and
      tools.transaction.retrying for web routes) retries, finding the first one's client;
    - when several clients share an address (a client typed another client's e-mail on the
      portal), the one holding the claim is the match, not the lowest id: nobody captures
      another client's future bookings by copying their e-mail.
    """

    _inherit = "res.partner"

    # -- identity claims ---------------------------------------------------------------------

    @api.model_cr
    def _client_desk_init_identity_claims(self):
        """Creates the claim table (called from init())."""
        self.env.cr.execute(
            "CREATE TABLE IF NOT EXISTS client_desk_identity_claim ("
            " key varchar PRIMARY KEY,"
            " partner_id integer REFERENCES res_partner (id) ON DELETE CASCADE)"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS client_desk_identity_claim_partner_id_index"
            " ON client_desk_identity_claim (partner_id)"
        )

    @api.model
    @tools.ormcache()
    def _client_desk_identity_secret(self):
        """The key of the identity digests: the database secret (never leaves the server).
        Cached: an import computes thousands of digests, and the secret never changes."""
        return self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""

    @api.model
    def _client_desk_identity_keys(self, email, phone_keys):
        """Sorted keyed digests under which a client's identity is claimed.

        :param email: normalised e-mail (_client_desk_normalize_email) or False
        :param phone_keys: iterable of phone keys (tools.phone.search_digits of whole numbers)
        :return: sorted list of hex HMAC-SHA256 digests (no personal data; a phone number cannot
            be recovered by brute force without the database secret)
        """
        secret = self._client_desk_identity_secret().encode()
        keys = (["email:%s" % email] if email else []) + ["phone:%s" % key for key in phone_keys or () if key]
        return sorted({hmac.new(secret, key.encode(), hashlib.sha256).hexdigest() for key in keys})

    @api.model
    def _client_desk_claim_identities(self, claims):
        """Claims identities for clients, in one statement; a key already claimed keeps its
        holder (ON CONFLICT DO NOTHING), and within claims the first pair naming a key wins.

        :param claims: list of (partner_id, keys), keys from _client_desk_identity_keys
        """
        holders = {}
        for partner_id, keys in claims:
            for key in keys:
                holders.setdefault(key, partner_id)
        if holders:
            keys = sorted(holders)
            self.env.cr.execute(
                "INSERT INTO client_desk_identity_claim (key, partner_id)"
                " SELECT * FROM unnest(%s::varchar[], %s::integer[]) ON CONFLICT (key) DO NOTHING",
                (keys, [holders[key] for key in keys]),
            )

    @api.multi
    def _client_desk_release_identities(self, keep=None):
        """Drops the identity claims of these partners (on erase; or those not in keep, a
        collection of keys the partner still holds, when a client's details change)."""
        if not self.ids:
            return
        if keep:
            self.env.cr.execute(
                "DELETE FROM client_desk_identity_claim WHERE partner_id IN %s AND NOT (key = ANY(%s))",
                (tuple(self.ids), sorted(keep)),
            )
        else:
            self.env.cr.execute("DELETE FROM client_desk_identity_claim WHERE partner_id IN %s", (tuple(self.ids),))

    @api.multi
    def _client_desk_own_identity_keys(self):
        """The identity keys of one partner's current e-mail and phone numbers."""
        self.ensure_one()
        return self._client_desk_identity_keys(
            self.client_desk_email_normalized, (self.client_desk_phone_search or "").split()
        )

    @api.multi
    def _client_desk_refresh_identities(self):
        """After a client's e-mail or phones changed: claims what is free, releases what the
        client no longer has (claims held by others stay theirs)."""
        claims = []
        for partner in self.filtered("client_desk_is_client"):
            keys = partner._client_desk_own_identity_keys()
            partner._client_desk_release_identities(keep=keys or ["-"])
            claims.append((partner.id, keys))
        self._client_desk_claim_identities(claims)

    @api.model
    def _client_desk_rekey_identity_claims(self):
        """Rebuilds the claims when they are not keyed with the current database secret (first
        update after the claims were plain SHA-256, or a changed secret): the oldest client
        with an identity holds it. Run from data on every install and update; cheap when done."""
        scheme = self._client_desk_identity_keys("client-desk-claim-scheme", ())[0]
        parameters = self.env["ir.config_parameter"].sudo()
        if parameters.get_param(CLAIM_SCHEME_PARAMETER) == scheme:
            return
        self.env.cr.execute("DELETE FROM client_desk_identity_claim")
        self.env.cr.execute(
            "SELECT id, client_desk_email_normalized, client_desk_phone_search FROM res_partner"
            " WHERE client_desk_is_client ORDER BY id"
        )
        self._client_desk_claim_identities([
            (partner_id, self._client_desk_identity_keys(email, (phones or "").split()))
            for partner_id, email, phones in self.env.cr.fetchall()
        ])
        parameters.set_param(CLAIM_SCHEME_PARAMETER, scheme)

    # -- matching ----------------------------------------------------------------------------

    @api.model
    def _client_desk_matchable_domain(self):
        """Domain of the partners a new contact may be matched to: clients, archived ones too,
        never companies nor the partners of staff users (an internal user's contact)."""
        staff_partners = self.env["res.users"].sudo().with_context(active_test=False).search(
            [("share", "=", False)]
        ).mapped("partner_id")
        return [
            ("client_desk_is_client", "=", True),
            "|", ("active", "=", True), ("active", "=", False),
            ("is_company", "=", False),
            ("id", "not in", staff_partners.ids),
        ]

    @api.model
    def _client_desk_check_email(self, email):
        """The e-mail address stripped, or False when empty; ValidationError (translated)
        unless it is one valid address by Odoo's own rule (tools.single_email_re)."""
        email = (email or "").strip()
        if email and not single_email_re.match(email):
            raise ValidationError(_("'%s' is not a valid e-mail address.") % email)
        return email or False

    @api.model
    def _client_desk_phone_keys(self, *numbers):
        """Phone keys (tools.phone.search_digits) of the given numbers that are whole numbers."""
        keys = (number_key(number) for number in numbers if number)
        return [key for key in keys if key]

    @api.model
    def _client_desk_match_candidates(self, emails, phone_keys):
        """{partner id: (normalised e-mail, set of phone keys, active)} of the matchable partners
        (read rules applied) with one of these e-mails or phone keys."""
        query = self._where_calc(self._client_desk_matchable_domain())
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        conditions, extra = ['"res_partner".client_desk_email_normalized = ANY(%s)'], [sorted(emails)]
        if len(phone_keys) <= INDEXED_PHONE_LOOKUPS:
            # The trigram index on the search text finds the few rows holding these digits.
            for key in sorted(phone_keys):
                conditions.append('"res_partner".client_desk_search_text LIKE %s')
                extra.append("%%%s%%" % key)
        else:
            conditions.append("string_to_array(\"res_partner\".client_desk_phone_search, ' ') && %s::text[]")
            extra.append(sorted(phone_keys))
        self.env.cr.execute(
            'SELECT "res_partner".id, "res_partner".client_desk_email_normalized,'
            ' "res_partner".client_desk_phone_search, "res_partner".active FROM ' + from_clause
            + " WHERE " + (where_clause + " AND " if where_clause else "")
            + "(" + " OR ".join(conditions) + ")",
            params + extra,
        )
        wanted = set(phone_keys)
        return {
            partner_id: (email, set((phones or "").split()) & wanted, active)
            for partner_id, email, phones, active in self.env.cr.fetchall()
        }

    @api.model
    def _client_desk_match_many(self, identities):
        """The client each identity belongs to: THE matching rule (find_or_create, the
        duplicate warning and the import use it).

        :param identities: list of (normalised e-mail or False, list of phone keys)
        :return: list of partner ids (or False), in the order of identities

        The e-mail decides, else the first phone that matches. Among several clients with it:
        the one holding its identity claim, then active before archived, then the oldest.
        """
        emails = {email for email, _keys in identities if email}
        phone_keys = {key for _email, keys in identities for key in keys if key}
        if not emails and not phone_keys:
            return [False] * len(identities)
        candidates = self._client_desk_match_candidates(emails, phone_keys)
        by_email, by_phone = {}, {}
        for partner_id, (email, keys, _active) in candidates.items():
            if email:
                by_email.setdefault(email, []).append(partner_id)
            for key in keys:
                by_phone.setdefault(key, []).append(partner_id)
        digests = {}
        for email in emails:
            digests[("email", email)] = self._client_desk_identity_keys(email, ())[0]
        for key in phone_keys:
            digests[("phone", key)] = self._client_desk_identity_keys(False, [key])[0]
        self.env.cr.execute(
            "SELECT key, partner_id FROM client_desk_identity_claim WHERE key = ANY(%s)", (sorted(digests.values()),)
        )
        holders = dict(self.env.cr.fetchall())

        def pick(partner_ids, digest):
            holder = holders.get(digest)
            if holder in partner_ids:
                return holder
            return min(partner_ids, key=lambda partner_id: (not candidates[partner_id][2], partner_id))

        matches = []
        for email, keys in identities:
            match = False
            if email and by_email.get(email):
                match = pick(by_email[email], digests[("email", email)])
            for key in keys if not match else ():
                if by_phone.get(key):
                    match = pick(by_phone[key], digests[("phone", key)])
                    break
            matches.append(match)
        return matches

    @api.model
    def _client_desk_match(self, email, phone_keys):
        """The matching client (a record, maybe archived; empty when none)."""
        return self.browse(self._client_desk_match_many([(email or False, list(phone_keys))])[0])

    # -- find or create (public interface) ------------------------------------------------------

    @api.model
    @api.returns("self", lambda value: value.id)
    def client_desk_find_or_create(self, vals, source):
        """The client for these details: found by normalised e-mail, then by phone
        (_client_desk_match_many), else created. Returns the partner (its id over RPC).

        Empty fields of a found client are filled from vals; an archived client is
        reactivated, and the conversation says so.
        """
        if source not in dict(SOURCES):
            raise UserError(_("Unknown client source: %s") % source)
        vals = dict(vals)
        if vals.get("email"):
            vals["email"] = self._client_desk_check_email(vals["email"])
        email = self._client_desk_normalize_email(vals.get("email"))
        phone_keys = self._client_desk_phone_keys(vals.get("mobile"), vals.get("phone"))
        if not (email or phone_keys or vals.get("name") or vals.get("client_desk_last_name")):
            raise UserError(_("A client needs at least a name, an e-mail address or a phone number."))
        partner = self._client_desk_match(email, phone_keys)
        if not partner:
            create_vals = dict(vals, client_desk_is_client=True, client_desk_source=source)
            create_vals.setdefault("client_desk_status", "lead" if source in LEAD_SOURCES else "client")
            return self.create(create_vals)
        if not partner.active:
            partner._client_desk_reactivate(source)
        missing = {
            name: value for name, value in vals.items()
            if value and name in self._fields and not partner[name] and name != "name"
        }
        if missing:
            partner.write(missing)
        return partner

    @api.multi
    def _client_desk_reactivate(self, source):
        """Brings an archived client back because they got in touch again, and says so in
        their conversation (rather than a duplicate beside the archived card)."""
        self.ensure_one()
        self.write({"active": True})
        label = dict(self._fields["client_desk_source"]._description_selection(self.env)).get(source, source)
        self._client_desk_event("profile", "<p>%s</p>" % html_escape(
            _("This archived client got in touch again (%s) and was reactivated.") % label))

    # -- duplicate warning at entry -------------------------------------------------------------

    @api.onchange("email", "phone", "mobile", "name")
    def _onchange_client_desk_duplicate(self):
        """Warns, while a card is typed, when its e-mail, phone or name is an existing client's."""
        duplicates = self._client_desk_duplicates()
        if duplicates:
            return {"warning": {
                "title": _("Possible duplicate"),
                "message": _("This looks like an existing client: %s. Open that card instead of creating a second one.")
                % ", ".join(duplicates.mapped("display_name")),
            }}

    @api.multi
    def _client_desk_duplicates(self):
        """Existing clients (other than this card) with this client card's e-mail, a phone
        number of it, or exactly its name (nothing for companies and other contacts)."""
        self.ensure_one()
        own = getattr(self, "_origin", self).id
        if self.is_company or not self.client_desk_is_client:
            return self.browse()
        email = self._client_desk_normalize_email(self.email)
        if email and not single_email_re.match(email):
            email = False
        keys = self._client_desk_phone_keys(self.mobile, self.phone)
        found = self.browse([
            match for match in self._client_desk_match_many([(email, []), (False, keys)]) if match and match != own
        ])
        name = " ".join((self.name or "").split())
        if name:
            found |= self.with_context(active_test=False).search(expression.AND([
                self._client_desk_matchable_domain(), [("name", "=ilike", name), ("id", "!=", own or 0)]]), limit=3)
        return found
