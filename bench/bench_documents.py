#!/usr/bin/env python3
"""The Documents page at 100,000 clients and 100,000 documents, beside Odoo's own attachment
list on as many attachments; the portal's /my/documents query; and a 20 MB upload through the
portal over HTTP on loopback (login, CSRF, multipart POST, checks, filestore).

Its own database (client_desk_documents alone, no demo), made once and kept:

    .venv/bin/python bench/bench_documents.py [--clients 100000] [--documents 100000] [--repeat 3]
"""
import argparse
import os
import random
import re
import statistics

import benchlib

# The fields of client_desk_document_view_tree.
LIST_FIELDS = ["create_date", "name", "client_name", "source", "visibility", "review_state", "version",
               "file_size", "is_latest", "is_library"]
# Odoo's own attachment list view (base.view_attachment_tree).
STOCK_LIST_FIELDS = ["name", "datas_fname", "res_model", "res_field", "res_id", "type", "file_size",
                     "company_id", "create_uid", "create_date"]
UPLOAD_MB = 20
MEGABYTE = 1024 * 1024


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100000)
    parser.add_argument("--documents", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--db", default=os.environ.get("BENCH_DOCUMENTS_DB", "cd_documents_bench"))
    return parser.parse_known_args()[0]


def bench_database(dbname):
    odoo_db = benchlib.odoo_db
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, ["client_desk_documents"],
                        os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname), demo=False, languages=None)


def ensure_documents(registry, count, seed=7):
    """`count` documents on random clients (a third received, some awaiting review, some
    internal) and as many plain attachments for the stock list, by bulk INSERT."""
    from psycopg2.extras import execute_values

    import odoo

    with odoo.api.Environment.manage(), registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM client_desk_document")
        have = cr.fetchone()[0]
        if have >= count:
            return
        print("generating %d documents ..." % (count - have), flush=True)
        cr.execute("SELECT id FROM res_partner WHERE client_desk_is_client ORDER BY id")
        clients = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM res_company ORDER BY id LIMIT 1")
        company = cr.fetchone()[0]
        rng = random.Random(seed + have)
        names = ["price list", "aftercare", "intake form", "allergy test", "ID card", "invoice", "photo", "consent"]
        documents, attachments = [], []
        for index in range(have, count):
            received = rng.random() < 0.33
            name = "%s %d.pdf" % (rng.choice(names), index)
            partner = rng.choice(clients)
            documents.append((
                name, partner, company, "client" if received else "staff",
                "internal" if rng.random() < 0.1 else "client", False, 1, True,
                ("received" if rng.random() < 0.2 else "approved") if received else None,
                rng.randint(10000, 5000000), "application/pdf", True))
            attachments.append((name, name, "res.partner", partner, "binary", rng.randint(10000, 5000000),
                                company, "application/pdf"))
        execute_values(cr, """
            INSERT INTO client_desk_document (name, partner_id, company_id, source, visibility, is_library,
                version, is_latest, review_state, file_size, mimetype, active, create_date, write_date,
                create_uid, write_uid)
            SELECT v.*, now() at time zone 'utc', now() at time zone 'utc', 1, 1 FROM (VALUES %s) AS v""",
                       documents, page_size=5000)
        execute_values(cr, """
            INSERT INTO ir_attachment (name, datas_fname, res_model, res_id, type, file_size, company_id,
                mimetype, create_date, write_date, create_uid, write_uid)
            SELECT v.*, now() at time zone 'utc', now() at time zone 'utc', 1, 1 FROM (VALUES %s) AS v""",
                       attachments, page_size=5000)
        cr.execute("""UPDATE client_desk_document d SET client_name = p.display_name FROM res_partner p
                      WHERE p.id = d.partner_id AND d.client_name IS NULL""")
        cr.execute("ANALYZE client_desk_document; ANALYZE ir_attachment")


def list_cases(registry, args):
    import odoo

    rows = []
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "nl_BE"})
        Document = env["client.desk.document"]
        Attachment = env["ir.attachment"]
        cr.execute("SELECT partner_id FROM client_desk_document GROUP BY partner_id ORDER BY count(*) DESC LIMIT 1")
        busy_client = env["res.partner"].browse(cr.fetchone()[0])
        runs = args.repeat * 20

        def page(model, fields, domain):
            def run():
                env.cache.invalidate()
                model.search_read(domain, fields, limit=80)
                model.search_count(domain)
            return run

        default = [("is_library", "=", False)]
        rows.append(("Documents page, first page (80 rows + count)",
                     benchlib.timed(page(Document, LIST_FIELDS, default), runs),
                     benchlib.timed(page(Attachment, STOCK_LIST_FIELDS, []), runs), "p50 <= 100 ms"))
        rows.append(("filter: awaiting review",
                     benchlib.timed(page(Document, LIST_FIELDS, default + [("review_state", "=", "received")]), runs),
                     None, "p50 <= 100 ms"))
        rows.append(("search by file name (ilike)",
                     benchlib.timed(page(Document, LIST_FIELDS, default + [("name", "ilike", "allergy test 9")]), runs),
                     benchlib.timed(page(Attachment, STOCK_LIST_FIELDS, [("name", "ilike", "allergy test 9")]), runs),
                     "-"))
        rows.append(("a client's Documents tab",
                     benchlib.timed(page(Document, LIST_FIELDS, [("partner_id", "=", busy_client.id)]), runs),
                     benchlib.timed(page(Attachment, STOCK_LIST_FIELDS, [("res_model", "=", "res.partner"),
                                                                         ("res_id", "=", busy_client.id)]), runs),
                     "-"))
        rows.append(("portal /my/documents query (20 rows + count)",
                     benchlib.timed(lambda: (env.cache.invalidate(), Document.search(
                         Document._client_desk_portal_domain(busy_client), limit=20).read(["name", "mimetype"]),
                         Document.search_count(Document._client_desk_portal_domain(busy_client))), runs),
                     None, "-"))
    return rows


def upload_case(registry, args):
    """p50 of a 20 MB PDF posted to /my/documents/upload by a logged-in portal client."""
    import requests

    import odoo
    from odoo.service import server as odoo_server
    from odoo.service import wsgi_server

    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", "bench.portal")])
        if not user:
            user = env["res.users"].with_context(no_reset_password=True).create({
                "name": "Bench Portal", "login": "bench.portal", "password": "bench.portal",
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
            user.partner_id.client_desk_is_client = True
        user.company_id.client_desk_document_max_mb = UPLOAD_MB + 1
        user.company_id.client_desk_document_spontaneous = True
    sock = __import__("socket").socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    odoo.tools.config["http_interface"] = "127.0.0.1"
    odoo.tools.config["http_port"] = port
    odoo.tools.config["dbfilter"] = "^%s$" % re.escape(args.db)
    odoo_server.ThreadedServer(wsgi_server.application).http_spawn()
    base = "http://127.0.0.1:%s" % port
    session = requests.Session()
    csrf = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
    for _ in range(50):
        try:
            login_page = session.get(base + "/web/login?db=%s" % args.db, timeout=30)
            break
        except requests.ConnectionError:
            __import__("time").sleep(0.2)
    session.post(base + "/web/login", data={"login": "bench.portal", "password": "bench.portal",
                                            "csrf_token": csrf.search(login_page.text).group(1)}, timeout=30)
    token = csrf.search(session.get(base + "/my/documents", timeout=30).text).group(1)
    data = b"%PDF-1.4\n" + os.urandom(UPLOAD_MB * MEGABYTE - 20)
    samples = []
    for index in range(args.uploads):
        def post():
            response = session.post(base + "/my/documents/upload", data={"csrf_token": token},
                                    files={"file": ("scan %d.pdf" % index, data, "application/pdf")},
                                    allow_redirects=False, timeout=120)
            assert response.status_code == 303, (response.status_code, response.text[:300])
        samples += benchlib.timed(post, 1)
    return [("20 MB upload through the portal (HTTP, loopback)", samples, None, "p50 <= 1000 ms")]


def main():
    args = parse_args()
    bench_database(args.db)
    registry = benchlib.odoo_registry(args.db)
    benchlib.ensure_clients(registry, args.clients)
    ensure_documents(registry, args.documents)
    rows = list_cases(registry, args)
    benchlib.print_table("Documents at %d clients, %d documents (stock: ir.attachment list on as many files;"
                         " %d runs)" % (args.clients, args.documents, args.repeat), rows)
    upload = upload_case(registry, args)
    benchlib.print_table("Upload (%d runs, median %.0f ms)" % (args.uploads, statistics.median(upload[0][1])),
                         upload)


if __name__ == "__main__":
    main()
