import unicodedata

from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools.phone import search_digits

# What the one search matches (contract 3), in the order kept in client_desk_search_text:
# everything stock name_search matches (display name, which holds the company of a company's
# contact, e-mail, internal reference, VAT) and Client Desk's own.
SEARCH_TEXT_FIELDS = (
    "display_name", "email", "ref", "vat", "client_desk_number", "client_desk_first_name", "client_desk_last_name",
    "client_desk_phone_search",
)
# Bump when SEARCH_TEXT_FIELDS or search_text change: the next update rebuilds the column.
SEARCH_TEXT_VERSION = "2"
SEARCH_TEXT_VERSION_PARAMETER = "client_desk.search_text_version"


def search_text(value):
    """Lower case without accents: 'Anne-Gaëlle' and 'anne-gaelle' match each other."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


def partner_search_text(values):
    """The search text of a partner from {field: value} of SEARCH_TEXT_FIELDS: each value
    normalised, one per line (so a term never matches across two fields), or False."""
    return "\n".join(search_text(values.get(name)) for name in SEARCH_TEXT_FIELDS if values.get(name)) or False


class ResPartner(models.Model):
    """The one client search (contract 3): name, first/last name, e-mail, phone typed any way,
    client number, and all stock matches, from one trigram-indexed column; used by the search
    box, search-as-you-type and every name_search on res.partner (Odoo's own pickers too)."""

    _inherit = "res.partner"

    client_desk_search_text = fields.Char(
        compute="_compute_client_desk_search_text", store=True,
        help="Name, first and last name, e-mail, reference, VAT, client number and phone digits, lower case "
        "without accents, for the search box.",
    )
    client_desk_search = fields.Char(
        "Client", compute="_compute_client_desk_search", search="_search_client_desk_search",
        help="Name, e-mail, phone (typed any way) or client number.",
    )

    @api.model_cr
    def _client_desk_init_search(self):
        """The trigram index behind the one search (called from init()): one column holding
        all matches, so a search is one index scan. pg_trgm is a trusted extension from
        PostgreSQL 13 on."""
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner_client_desk_search_text_trgm"
            " ON res_partner USING gin (client_desk_search_text gin_trgm_ops)"
        )

    @api.depends(*SEARCH_TEXT_FIELDS)
    def _compute_client_desk_search_text(self):
        for partner in self:
            partner.client_desk_search_text = partner_search_text({name: partner[name] for name in SEARCH_TEXT_FIELDS})

    @api.model
    def _client_desk_rebuild_search_text(self):
        """Rebuilds client_desk_search_text of every partner, in bulk, when its make-up changed
        (SEARCH_TEXT_VERSION); run from data on every install and update, cheap when done."""
        parameters = self.env["ir.config_parameter"].sudo()
        if parameters.get_param(SEARCH_TEXT_VERSION_PARAMETER) == SEARCH_TEXT_VERSION:
            return
        self.recompute()
        self.env.cr.execute(sql.SQL("SELECT id, {} FROM res_partner").format(
            sql.SQL(", ").join(sql.Identifier(name) for name in SEARCH_TEXT_FIELDS)))
        rows = [(row[0], partner_search_text(dict(zip(SEARCH_TEXT_FIELDS, row[1:])))) for row in self.env.cr.fetchall()]
        execute_values(
            self.env.cr,
            "UPDATE res_partner SET client_desk_search_text = data.text FROM (VALUES %s) AS data (id, text)"
            " WHERE res_partner.id = data.id",
            rows, page_size=1000,
        )
        self.invalidate_cache(["client_desk_search_text"])
        parameters.set_param(SEARCH_TEXT_VERSION_PARAMETER, SEARCH_TEXT_VERSION)

    def _compute_client_desk_search(self):
        for partner in self:
            partner.client_desk_search = partner.display_name

    def _search_client_desk_search(self, operator, value):
        if operator not in ("ilike", "=ilike", "like", "="):
            raise UserError(_("The client search only supports 'contains'."))
        return self._client_desk_search_domain(value)

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
        """Every name search on partners is the one search: stock matches (name, e-mail,
        reference, VAT, company of a contact) plus first/last name, phone typed any way and
        client number, from the trigram index; ordered as stock does (names that match first)."""
        domain = self._client_desk_search_domain(name) if operator == "ilike" else []
        if not domain:
            return super().name_search(name, args=args, operator=operator, limit=limit)
        self.check_access_rights("read")
        where_query = self._where_calc(expression.AND([args or [], domain]))
        self._apply_ir_rules(where_query, "read")
        from_clause, where_clause, params = where_query.get_sql()
        query = (
            'SELECT "res_partner".id FROM ' + from_clause + " WHERE " + where_clause
            + ' ORDER BY "res_partner".display_name ILIKE %s DESC, "res_partner".display_name, "res_partner".id'
        )
        params = params + ["%%%s%%" % name.strip()]
        if limit:
            query += " LIMIT %s"
            params.append(limit)
        self.env.cr.execute(query, params)
        return self.browse([row[0] for row in self.env.cr.fetchall()]).name_get()
