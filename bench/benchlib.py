"""Shared pieces of the benchmarks: a bench database, Belgian client data at scale, timing
and the printed table. Run benchmarks from the repository root with the venv's Python."""
import argparse
import os
import random
import statistics
import sys
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo_db  # noqa: E402

FIRST_NAMES = (
    "Jan Joske Bart Dieter Denis Bernard Alain Alfred Vincent Thibaut Pieter Koen Wout Jens Lars Stijn Tom Wim "
    "Luc Marc Geert Dirk Kris Jef Lieven Maarten Arne Senne Lucas Louis Noah Arthur Jules Victor Mathis Hugo "
    "Anne Ann Birgit Joëlle Els An Sofie Lotte Emma Lore Fien Marie Julie Camille Léa Chloé Manon Sarah Inès "
    "Anne-Gaëlle Nathalie Isabelle Véronique Caroline Katrien Hilde Griet Liesbeth Nele Elke Sien Femke Hanne"
).split()
LAST_NAMES = [name.replace("_", " ") for name in (
    "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De_Smet Dubois Lambert Dupont Martin "
    "Vermeulen Dessart Guts De_Deken Vetkuif Saoud Leufgen Derous Van_der_Heijden Thibaut Van_Damme Hermans "
    "Michiels Desmet De_Clercq Lemmens Smets Segers Claeys Declercq Aerts Renard Simon Laurent Leclercq Lejeune "
    "Dumont Francois Mathieu Collard Denis Van_den_Broeck Verstraete Coppens Stevens Pauwels Verhoeven Wuyts "
    "Van_Acker Vandenberghe Baert Cools Bogaert De_Backer Martens Timmermans Van_Dyck Nijs Vervoort"
).split()]
MAIL_DOMAINS = ("telenet.be", "skynet.be", "gmail.com", "hotmail.com", "proximus.be", "outlook.be", "yahoo.fr")


def ascii_slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


def belgian_client(index, rng):
    """A believable Belgian client; the mobile is unique per index (0470 000 000 + index)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    mobile_digits = "4%08d" % (70000000 + index)
    styles = ("0%s %s %s %s", "+32 %s %s %s %s", "0%s/%s.%s.%s", "0%s%s%s%s")
    parts = (mobile_digits[:3], mobile_digits[3:5], mobile_digits[5:7], mobile_digits[7:])
    return {
        "first": first,
        "last": last,
        "name": "%s %s" % (first, last),
        "email": "%s.%s%d@%s" % (ascii_slug(first), ascii_slug(last), index, rng.choice(MAIL_DOMAINS)),
        "mobile": rng.choice(styles) % parts,
        "mobile_digits": mobile_digits,
    }


def parse_args(description, **defaults):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--clients", type=int, default=defaults.get("clients", 100000))
    parser.add_argument("--repeat", type=int, default=defaults.get("repeat", 3), help="runs of every case")
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "clientdesk_bench"))
    return parser.parse_known_args()[0]  # make bench passes the same arguments to every benchmark


def bench_database(dbname):
    """A database with every Client Desk module and no demo data, made once and kept."""
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, odoo_db.client_desk_modules(),
                        os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname), demo=False, languages=None)
    else:
        odoo_db.ensure(dbname)


def odoo_registry(dbname):
    import odoo

    odoo.tools.config.parse_config(["-c", os.path.join(ROOT, "odoo.conf"), "-d", dbname, "--log-level=warn"])
    return odoo.registry(dbname)


def timed(function, runs):
    """Wall-clock milliseconds of each of `runs` calls."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def print_table(title, rows, unit="ms"):
    """rows: (case, ours samples, stock samples or None, target text)."""
    header = ("case", "ours p50", "ours p95", "stock p50", "stock p95", "speed-up", "target")
    lines = []
    for case, ours, stock, target in rows:
        ours_p50 = statistics.median(ours)
        line = [case, "%.1f %s" % (ours_p50, unit), "%.1f %s" % (p95(ours), unit)]
        if stock:
            stock_p50 = statistics.median(stock)
            line += ["%.1f %s" % (stock_p50, unit), "%.1f %s" % (p95(stock), unit), "%.1fx" % (stock_p50 / ours_p50)]
        else:
            line += ["-", "-", "-"]
        line.append(target)
        lines.append(line)
    widths = [max(len(str(row[i])) for row in [header] + lines) for i in range(len(header))]
    print("\n%s" % title)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths)))
    sys.stdout.flush()


# NOT NULL selections that sale (sale_warn) and account (invoice_warn) add to res_partner, with
# their ORM default: filled when the bench database has those modules.
WARNING_COLUMNS = ("invoice_warn", "sale_warn")


def warning_columns(cr):
    """The WARNING_COLUMNS res_partner has in this database."""
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'"
               " AND column_name IN %s", (WARNING_COLUMNS,))
    present = {row[0] for row in cr.fetchall()}
    return [column for column in WARNING_COLUMNS if column in present]


def ensure_clients(registry, count, seed=20181204):
    """Brings the bench database to `count` generated clients, written with one bulk INSERT
    (the ORM would take hours at 100,000); the columns match what the ORM stores."""
    from psycopg2.extras import execute_values

    import odoo

    from odoo.addons.client_desk.models.res_partner_search import partner_search_text
    from odoo.addons.client_desk.tools.phone import search_digits

    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM res_partner WHERE client_desk_is_client AND client_desk_source = 'import'")
        have = cr.fetchone()[0]
        if have >= count:
            return
        print("generating %d clients ..." % (count - have), flush=True)
        company = env.user.company_id
        sequence = env["res.partner"]._client_desk_number_sequence(company)
        rng = random.Random(seed + have)
        rows = []
        for index in range(have, count):
            client = belgian_client(index, rng)
            number = sequence.get_next_char(sequence.number_next_actual + index - have)
            digits = search_digits(client["mobile"])
            rows.append((
                client["name"], client["name"], client["first"], client["last"], client["email"],
                client["email"].lower(), client["mobile"], digits,
                partner_search_text({
                    "display_name": client["name"], "email": client["email"], "client_desk_number": number,
                    "client_desk_first_name": client["first"], "client_desk_last_name": client["last"],
                    "client_desk_phone_search": digits,
                }), number, company.id,
            ))
        warn_columns = warning_columns(cr)
        template = (
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, true, 'client', 'import', true, 'contact', true,"
            " false, false, false, true, 0, 0, 'nl_BE', 'Europe/Brussels', 1, 1,"
            " now() at time zone 'UTC', now() at time zone 'UTC'" + ", 'no-message'" * len(warn_columns) + ")"
        )
        # Column names are constants (the warning columns come from WARNING_COLUMNS).
        execute_values(cr, """
            INSERT INTO res_partner (
                name, display_name, client_desk_first_name, client_desk_last_name, email,
                client_desk_email_normalized, mobile, client_desk_phone_search, client_desk_search_text,
                client_desk_number, company_id, client_desk_is_client, client_desk_status, client_desk_source, active,
                type, customer, supplier, employee, is_company, partner_share, color, message_bounce, lang, tz,
                create_uid, write_uid, create_date, write_date%s)
            VALUES %%s""" % "".join(", " + column for column in warn_columns), rows, page_size=5000,
                       template=template)
        cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
        sequence.sudo().write({"number_next": sequence.number_next_actual + count - have})
        cr.commit()
        cr.execute("ANALYZE res_partner")
