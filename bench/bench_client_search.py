#!/usr/bin/env python3
"""Client search as typed and the client list's first page, at 100,000 clients, side by side
with Odoo's own name_search and partner list on the same data.

name_search on res.partner is Client Desk's one search everywhere (pickers in quotes,
invoices, calendar; integrators): the stock column calls base's own name_search on the same
recordset, so both are measured on the same data.

    .venv/bin/python bench/bench_client_search.py [--clients 100000] [--repeat 3]
"""
import random

import benchlib

QUERIES_PER_RUN = 50
LIST_FIELDS = ["client_desk_number", "display_name", "client_desk_first_name", "client_desk_last_name", "phone",
               "mobile", "email", "category_id", "client_desk_status"]
STOCK_LIST_FIELDS = ["display_name", "function", "phone", "email", "user_id", "is_company", "country_id"]


def typed_terms(count, rng):
    """What staff type: name fragments, phones typed any way, e-mail and number fragments."""
    terms = []
    for _ in range(QUERIES_PER_RUN):
        index = rng.randrange(count)
        client = benchlib.belgian_client(index, random.Random(index))
        digits = client["mobile_digits"]
        terms += [
            rng.choice(benchlib.LAST_NAMES)[:5],
            "0%s %s %s %s" % (digits[:3], digits[3:5], digits[5:7], digits[7:]),
            "+32%s" % digits,
            client["email"].split("@")[0][:9],
            "%05d" % rng.randrange(1, count),
        ]
    return terms


def main():
    args = benchlib.parse_args(__doc__)
    benchlib.bench_database(args.db)
    registry = benchlib.odoo_registry(args.db)
    benchlib.ensure_clients(registry, args.clients)
    import odoo

    from odoo.addons.base.res.res_partner import Partner as BasePartner

    rng = random.Random(7)
    terms = typed_terms(args.clients, rng)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "nl_BE"})
        partners = env["res.partner"]
        clients = partners.with_context(client_desk=True)
        client_domain = [("client_desk_is_client", "=", True)]

        def each(call):
            """Milliseconds of every single query, over all terms and runs."""
            samples = []
            for _ in range(args.repeat):
                for term in terms:
                    env.cache.invalidate()
                    samples += benchlib.timed(lambda: call(term), 1)
            return samples

        def our_list(term):
            domain = client_domain + partners._client_desk_search_domain(term)
            clients.search_read(domain, LIST_FIELDS, limit=80)
            clients.search_count(domain)

        def stock_list(term):
            domain = ["|", "|", ("display_name", "ilike", term), ("ref", "=", term), ("email", "ilike", term)]
            partners.search_read(domain, STOCK_LIST_FIELDS, limit=80)
            partners.search_count(domain)

        def first_page(read, fields, domain):
            def run():
                env.cache.invalidate()
                read(domain, fields, limit=80)
            return run

        def stock_name_search(term, limit=8):
            # base's res.partner.name_search, without any override of ours
            return BasePartner.name_search(partners, term, limit=limit)

        rows = [
            ("search as typed, 8 suggestions", each(lambda term: partners.client_desk_suggest(term, limit=8)),
             each(stock_name_search), "p50 <= 8 ms, >= 10x"),
            ("name_search (any context, pickers), 8 results", each(lambda term: partners.name_search(term, limit=8)),
             each(stock_name_search), "as fast as stock or faster"),
            ("list first page, a search term (80 rows + count)", each(our_list), each(stock_list), "p50 <= 30 ms"),
            ("list first page, default filter (80 rows)",
             benchlib.timed(first_page(clients.search_read, LIST_FIELDS, client_domain), args.repeat * 20),
             benchlib.timed(first_page(partners.search_read, STOCK_LIST_FIELDS, []), args.repeat * 20),
             "p50 <= 30 ms"),
        ]
        benchlib.print_table(
            "Client search at %d clients (%d typed terms x %d runs, per query)"
            % (args.clients, len(terms), args.repeat), rows)


if __name__ == "__main__":
    main()
