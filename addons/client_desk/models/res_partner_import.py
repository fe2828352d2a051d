"""Creating and matching many clients at once: the res.partner side of the client import.

The import wizard parses and decides; this file creates the clients it asks for, in bulk,
with what res.partner.create() gives each of them (number, consent ledger line, identity
claims), and reads what the wizard needs to match rows against the clients there are.
"""
import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.bulk_insert import BulkNotPossible, bulk_insert, create_overrides, method_module
from ..tools.phone import search_digits
from .res_partner import CONSENT_FIELDS
from .res_partner_search import partner_search_text

_logger = logging.getLogger(__name__)

# How Odoo's own modules create partners without chatter noise; the bulk path matches it.
NO_TRACKING = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
# Clients inserted per statement batch; a failing batch is redone one by one through the ORM.
BULK_CHUNK = 2000
# Python modules whose res.partner.create() the bulk path reproduces. Any other override of
# create() switches to the ORM (slow, but it runs that code); a module whose create() is safe
# to skip for imported clients adds itself in _client_desk_bulk_safe_modules().
BULK_SAFE_CREATE_MODULES = frozenset({
    "odoo.models",
    "odoo.addons.base.res.res_partner",  # website/parent/image handling: no-ops for new clients
    "odoo.addons.mail.models.mail_thread",  # returns at once under tracking_disable
    "odoo.addons.client_desk.models.res_partner",  # number, consent ledger, claims: done in bulk here
})


class PhoneKeys(dict):
    """The phone key (res.partner._client_desk_phone_keys) of each number of one import,
    computed once each (phonenumbers takes ~0.1 ms a number): {typed number: key, or None
    when it is not a whole number}."""

    def __init__(self, partners):
        super().__init__()
        self.partners = partners

    def __missing__(self, raw):
        keys = self.partners._client_desk_phone_keys(raw)
        self[raw] = key = keys[0] if keys else None
        return key

    def digits(self, raw):
        """What res.partner stores to search this number by (_compute_client_desk_phone_search):
        its key, or the digits of what is not a whole number."""
        key = self[raw]
        return key if key is not None else search_digits(raw)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # -- creating many -------------------------------------------------------------------------

    @api.model
    def _client_desk_create_many(self, vals_list, source, phones=None):
        """Creates a client for each vals (source: one of SOURCES); returns (ids, refused):
        ids in the order of vals_list (False where refused), refused {index: translated reason}.
        phones: the caller's PhoneKeys, when it parsed the numbers already.

        Chunks of BULK_CHUNK clients are inserted in bulk inside a savepoint, with what
        create() would store; when a chunk fails (a constraint of another module, say) it is
        redone one by one through the ORM, so a refusal names its client and every other one
        is still created.
        """
        # The context default makes both paths give what a new client gets (country, names).
        Partner = self.with_context(client_desk_consent_source=source, default_client_desk_is_client=True,
                                    **NO_TRACKING)
        vals_list = [dict(vals, client_desk_is_client=True, client_desk_source=source) for vals in vals_list]
        ids, refused = [False] * len(vals_list), {}
        phones = PhoneKeys(self) if phones is None else phones
        bulk = Partner._client_desk_bulk_possible()
        for start in range(0, len(vals_list), BULK_CHUNK):
            chunk = vals_list[start:start + BULK_CHUNK]
            if bulk:
                try:
                    with self.env.cr.savepoint():
                        ids[start:start + len(chunk)] = Partner._client_desk_bulk_create(chunk, phones).ids
                    continue
                except (BulkNotPossible, ValidationError, UserError, psycopg2.IntegrityError,
                        psycopg2.DataError) as error:
                    _logger.info("bulk client creation failed (%s): creating the chunk one by one", error)
                    self.env.clear()
            for index, vals in enumerate(chunk, start=start):
                try:
                    with self.env.cr.savepoint():
                        ids[index] = Partner.create(vals).id
                except (ValidationError, UserError, psycopg2.IntegrityError, psycopg2.DataError) as error:
                    self.env.clear()
                    refused[index] = self._client_desk_refusal_text(error)
        return ids, refused

    @api.model
    def _client_desk_refusal_text(self, error):
        """Why a client was not created, for a person."""
        if isinstance(error, (ValidationError, UserError)):
            return error.name
        return _("The database refused this client: %s") % (getattr(error, "pgerror", None) or str(error)).strip()

    @api.model
    def _client_desk_bulk_safe_modules(self):
        """Python modules whose res.partner.create() the bulk path may skip (see BULK_SAFE_...)."""
        return set(BULK_SAFE_CREATE_MODULES)

    @api.model
    def _client_desk_bulk_possible(self):
        """True when inserting clients in bulk gives what create() would: no unknown create()
        override, no translated column to fill, no default that makes a company or contact."""
        unknown = create_overrides(self, self._client_desk_bulk_safe_modules())
        if unknown:
            _logger.info("%s override res.partner.create(): creating clients through the ORM", ", ".join(unknown))
            return False
        if self._inherits or self._parent_store:
            return False
        # The computed values of _client_desk_bulk_computed hold for clients without these.
        if any(self.default_get(["parent_id", "is_company", "company_name"]).values()):
            return False
        if self.env.lang and self.env.lang != "en_US" and any(
                field.store and field.translate for field in self._fields.values()):
            return False
        return True

    @api.model
    def _client_desk_bulk_create(self, vals_list, phones):
        """What create(vals) does for each new client, in a few statements: values as
        _client_desk_prepare_values prepares them (numbers reserved at once), one INSERT, the
        consent ledger and the identity claims."""
        self.check_access_rights("create")
        company = self.env.user.company_id
        numbers = self._client_desk_reserve_numbers(self._client_desk_number_sequence(company), len(vals_list))
        prepared = [
            self._client_desk_prepare_values(dict(vals, client_desk_number=number))
            for vals, number in zip(vals_list, numbers)
        ]
        partners = bulk_insert(self, prepared, self._client_desk_bulk_computed(phones))
        self._client_desk_bulk_log_consent(partners, prepared)
        normalize = self._client_desk_normalize_email
        self._client_desk_claim_identities([
            (partner_id, self._client_desk_identity_keys(normalize(vals.get("email")), [
                key for key in (phones[vals[name]] for name in ("mobile", "phone") if vals.get(name)) if key]))
            for partner_id, vals in zip(partners.ids, prepared)
        ])
        return partners

    @api.model
    def _client_desk_reserve_numbers(self, sequence, count):
        """count client numbers of the sequence, as count calls of next_by_id() give them,
        without locking anything: a standard sequence draws them from its PostgreSQL sequence
        in one statement (a colleague creating a client meanwhile just gets the next one)."""
        if not count:
            return []
        if sequence.use_date_range or sequence.implementation != "standard":
            return [sequence.next_by_id() for _index in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)", ("ir_sequence_%03d" % sequence.id, count))
        prefix, suffix = sequence._get_prefix_suffix()
        return [prefix + "%%0%sd" % sequence.padding % value + suffix for (value,) in self.env.cr.fetchall()]

    @api.model
    def _client_desk_bulk_computed(self, phones):
        """{field: function(id, values)} for the stored computed fields of res.partner whose
        value for a new client (no parent, company, user or activity) is known here: what
        their compute methods give in that case. A field whose compute method (or name_get,
        for display_name) comes from another module than expected is left to its method."""
        base, ours = "odoo.addons.base.res.res_partner", "odoo.addons.client_desk.models."
        normalize = self._client_desk_normalize_email

        def phone_search(_id, row):
            # _compute_client_desk_phone_search: search_digits of phone and mobile.
            keys = [phones.digits(number) for number in (row.get("phone"), row.get("mobile")) if number]
            return " ".join(key for key in keys if key) or False

        def display_name(_id, row):
            # name_get() of a contact without parent or company name (contexts reset by compute).
            return (row.get("name") or "").replace("\n\n", "\n").replace("\n\n", "\n")

        def search_text(record_id, row):
            # _compute_client_desk_search_text of a new client: the values it reads, here.
            values = dict(row, display_name=display_name(record_id, row), client_desk_phone_search=phone_search(
                record_id, row))
            return partner_search_text(values)

        known = {
            "client_desk_search_text": (("_compute_client_desk_search_text",), ours, search_text),
            "display_name": (("_compute_display_name", "name_get"), base, display_name),
            "commercial_partner_id": (("_compute_commercial_partner",), base, lambda record_id, row: record_id),
            "commercial_company_name": (("_compute_commercial_company_name",), base,
                                        lambda _id, row: row.get("company_name") or False),
            "partner_share": (("_compute_partner_share",), base, lambda _id, row: True),
            "client_desk_email_normalized": (
                ("_compute_client_desk_email_normalized", "_client_desk_normalize_email"), ours,
                lambda _id, row: normalize(row.get("email"))),
            "client_desk_phone_search": (("_compute_client_desk_phone_search",), ours, phone_search),
        }
        related = {
            "commercial_partner_country_id": (("commercial_partner_id", "country_id"),
                                              lambda _id, row: row.get("country_id") or False),
            "activity_date_deadline": (("activity_ids", "date_deadline"), lambda _id, row: False),
        }
        computed = {}
        for name, (methods, module, function) in known.items():
            field = self._fields.get(name)
            if field and field.store and field.compute == methods[0] and all(
                    (method_module(self, method) or "").startswith(module) for method in methods):
                computed[name] = function
        for name, (path, function) in related.items():
            field = self._fields.get(name)
            if field and field.store and tuple(field.related or ()) == path:
                computed[name] = function
        return computed

    @api.model
    def _client_desk_bulk_log_consent(self, partners, prepared):
        """The consent ledger lines create() writes for new clients, in one insert."""
        source, note, by_client = self._client_desk_consent_context()
        lines = []
        for partner, vals in zip(partners, prepared):
            after = {name: vals.get(name, False) for name in CONSENT_FIELDS + ("client_desk_email_blocked_reason",)}
            if any(after.values()):
                lines += partner._client_desk_consent_ledger_values({}, after, source, note=note, by_client=by_client)
        if lines:
            bulk_insert(self.env["client.desk.consent.event"].sudo(), lines)

    # -- matching many -------------------------------------------------------------------------

    @api.model
    def _client_desk_clients_named(self, names):
        """{lower-case name: [(id, client number)]} of the matchable clients (archived too) with
        one of these names, for warning about namesakes created side by side."""
        found = {}
        if not names:
            return found
        Partner = self.with_context(active_test=False)
        query = Partner._where_calc(Partner._client_desk_matchable_domain())
        Partner._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute(
            'SELECT "res_partner".id, lower("res_partner".name), "res_partner".client_desk_number FROM '
            + from_clause + " WHERE " + (where_clause + " AND " if where_clause else "")
            + 'lower("res_partner".name) IN %s ORDER BY "res_partner".id',
            params + [tuple(sorted(names))],
        )
        for partner_id, name, number in self.env.cr.fetchall():
            found.setdefault(name, []).append((partner_id, number))
        return found

    @api.model
    def _client_desk_current_values(self, ids, names):
        """{id: {field: value in write format, 'category_id': set of tag ids}} of partners, read
        in a few queries (the ORM's read() costs ~1 ms a partner). The ids come from
        _client_desk_match_many, which applied this user's access rules."""
        self.check_access_rights("read")
        fields_ = [self._fields[name] for name in sorted(names) if self._fields[name].column_type]
        current = {}
        for start in range(0, len(ids), 10000):
            part = tuple(ids[start:start + 10000])
            # Column names come from the model's fields, never from the file.
            self.env.cr.execute('SELECT id, %s FROM res_partner WHERE id IN %%s' % ", ".join(
                '"%s"' % field.name for field in fields_), (part,))
            for record in self.env.cr.fetchall():
                values = {"category_id": set()}
                for field, value in zip(fields_, record[1:]):
                    # Odoo's cursor gives dates as strings already; a plain one would not.
                    if field.type == "date" and value and not isinstance(value, str):
                        value = fields.Date.to_string(value)
                    elif field.type == "datetime" and value and not isinstance(value, str):
                        value = fields.Datetime.to_string(value)
                    values[field.name] = value if value is not None else False
                current[record[0]] = values
            self.env.cr.execute(
                "SELECT partner_id, category_id FROM res_partner_res_partner_category_rel WHERE partner_id IN %s",
                (part,))
            for partner_id, category_id in self.env.cr.fetchall():
                current[partner_id]["category_id"].add(category_id)
        return current
