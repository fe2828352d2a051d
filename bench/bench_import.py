#!/usr/bin/env python3
"""Client import of a Belgian Excel CSV, end to end (parse, preview, import, commit), against
Odoo's own import (base_import `do`) of the same file.

    .venv/bin/python bench/bench_import.py [--rows 10000] [--repeat 3] [--odoo-repeat 1]
                                           [--odoo-sample 1000] [--clients 0] [--rpc-clients 4]
                                           [--db cd_import_bench] [--fresh]

Cases: the first import of N new clients (with ~3 % duplicates inside the file), the re-import
of the same file (every row a known client: must create nothing), Odoo's own import of the
first --odoo-sample rows, its time scaled to N rows, and the first import again while
--rpc-clients XML-RPC clients create clients one after another (colleagues at the desk, the
booking page): every one of their creations must succeed, none waits for the import.
Every run starts from the same database:
the clients a run created are deleted afterwards, the client number sequence is reset.
--clients N first brings the database to N generated clients (benchlib, kept between runs), so
the import deduplicates against a full client list as in a salon that has used Client Desk.
Targets (issue): first import <= 20 s, >= 20x faster than Odoo's import; re-import <= 10 s.
"""
import argparse
import base64
import csv
import io
import os
import random
import statistics
import sys
import threading
import time
import xmlrpc.client

import benchlib

odoo_db = benchlib.odoo_db
LANGUAGES = "nl_BE,fr_BE"
HEADERS = ["Voornaam", "Naam", "E-mail", "GSM", "Telefoon", "Straat", "Postcode", "Gemeente", "Geboortedatum",
           "Taal", "Nieuwsbrief"]
STREETS = ("Kerkstraat", "Stationsstraat", "Dorpsstraat", "Molenstraat", "Nieuwstraat", "Rue de la Station",
           "Rue de l'Église", "Chaussée de Louvain", "Grote Markt", "Place Communale", "Avenue des Tilleuls")
PLACES = (("2000", "Antwerpen"), ("9000", "Gent"), ("3000", "Leuven"), ("8000", "Brugge"), ("1000", "Bruxelles"),
          ("4000", "Liège"), ("5000", "Namur"), ("2800", "Mechelen"), ("3500", "Hasselt"), ("7000", "Mons"))
DUPLICATE_SHARE = 0.03
INVALID_SHARE = 0.005


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10000, help="rows of the generated file")
    parser.add_argument("--clients", type=int, default=0,
                        help="clients already in the database (generated as for the other benchmarks, kept)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of our import cases")
    parser.add_argument("--odoo-repeat", type=int, default=1, help="runs of Odoo's own import")
    parser.add_argument("--odoo-sample", type=int, default=1000, help="rows Odoo's own import runs on (scaled)")
    parser.add_argument("--rpc-clients", type=int, default=4,
                        help="XML-RPC clients creating clients during the concurrent import case (0: skip it)")
    parser.add_argument("--db", default=os.environ.get("BENCH_IMPORT_DB", "cd_import_bench"))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database first")
    return parser.parse_known_args()[0]  # make bench passes the same arguments to every benchmark


# -- the file ------------------------------------------------------------------------------------

def phone_styles(digits):
    """A Belgian number (national digits) typed the ways people type it."""
    if digits.startswith("4"):  # mobile 4xx xx xx xx
        parts = (digits[:3], digits[3:5], digits[5:7], digits[7:])
        styles = ("0%s %s %s %s", "0%s/%s.%s.%s", "+32 %s %s %s %s", "0032%s%s%s%s", "0%s%s%s%s", "0%s-%s-%s-%s")
    else:  # landline 0x xxx xx xx
        parts = (digits[:1], digits[1:4], digits[4:6], digits[6:])
        styles = ("0%s %s %s %s", "0%s/%s.%s.%s", "+32 %s %s %s %s", "0%s%s%s%s")
    return [style % parts for style in styles]


def generate_rows(count, seed=20260412):
    """(rows, expected): `count` rows of realistic clients, ~3 % of them repeating an earlier
    client (e-mail in other capitals, or phone typed otherwise without e-mail) and ~0.5 %
    with a broken e-mail address; expected counts what the import must find."""
    rng = random.Random(seed)
    rows, persons = [], []
    duplicates = invalid = 0
    for index in range(count):
        if persons and rng.random() < DUPLICATE_SHARE:
            person = rng.choice(persons)
            row = list(person)
            if rng.random() < 0.5:
                row[2] = row[2].upper()
            else:
                row[2] = ""
                row[3] = rng.choice(phone_styles(person[-1]))
            rows.append(row[:len(HEADERS)])
            duplicates += 1
            continue
        first, last = rng.choice(benchlib.FIRST_NAMES), rng.choice(benchlib.LAST_NAMES)
        # Numbers and addresses that benchlib's generated clients (--clients) never have.
        mobile = "4%08d" % (90000000 + index)
        landline = "%d%07d" % (rng.choice((2, 3, 9)), 1000000 + index) if rng.random() < 0.3 else ""
        email = "%s.%s.%d@%s" % (benchlib.ascii_slug(first), benchlib.ascii_slug(last), index,
                                 rng.choice(benchlib.MAIL_DOMAINS))
        broken = rng.random() < INVALID_SHARE
        if broken:
            email = email.split("@")[0] + "@telenet"
        elif rng.random() < 0.1:
            email = ""  # phone only
        zip_code, city = rng.choice(PLACES)
        birthday = "%02d/%02d/%d" % (rng.randint(1, 28), rng.randint(1, 12), rng.randint(1940, 2005)) \
            if rng.random() < 0.6 else ""
        row = [
            first, last, email, rng.choice(phone_styles(mobile)),
            rng.choice(phone_styles(landline)) if landline else "",
            "%s %d" % (rng.choice(STREETS), rng.randint(1, 250)), zip_code, city, birthday,
            rng.choice(("nl", "nl", "fr", "Nederlands", "Français", "")), rng.choice(("ja", "nee", "", "oui", "non")),
        ]
        rows.append(row)
        if broken:
            invalid += 1
        else:
            persons.append(row + [mobile])
    expected = {"created": len(persons), "duplicates": duplicates, "invalid": invalid}
    return rows, expected


def belgian_excel_csv(rows):
    """Bytes as Belgian Excel saves "CSV (puntkomma)": semicolons, CRLF, Windows-1252."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252")


# -- database -------------------------------------------------------------------------------

def bench_database(dbname, fresh):
    """client_desk without demo data, Dutch and French installed; made once and kept."""
    if fresh:
        odoo_db.drop(dbname)
    if not odoo_db.database_exists(dbname) or odoo_db.odoo_version(dbname) is None:
        print("creating bench database %s ..." % dbname, flush=True)
        odoo_db.drop(dbname)
        odoo_db.install(dbname, ["client_desk"], os.path.join(odoo_db.LOG_DIR, "install-%s.log" % dbname),
                        demo=False, languages=LANGUAGES)
        odoo_db.store_hashes(dbname, ["client_desk"])
    else:
        odoo_db.ensure(dbname)


def staff_user(env):
    """The member of staff who imports (not the superuser: access rules apply)."""
    users = env["res.users"].with_context(active_test=False)
    user = users.search([("login", "=", "bench.import")])
    if not user:
        user = users.with_context(no_reset_password=True).create({
            "name": "Bench Import", "login": "bench.import", "email": "bench.import@example.com", "lang": "nl_BE",
            "tz": "Europe/Brussels",
            "groups_id": [(6, 0, [env.ref("client_desk.group_client_desk_user").id])],
        })
    return user


class Runner:
    """Runs each case in its own transaction, committed like a real request, and cleans up."""

    def __init__(self, registry, content, filename="klanten.csv"):
        self.registry = registry
        self.content = content
        self.filename = filename

    def env(self, cr, uid=None, context=None):
        import odoo

        return odoo.api.Environment(cr, uid or odoo.SUPERUSER_ID, context or {})

    def state(self):
        """(highest partner id, client number sequence position) to restore after a run."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            cr.execute("SELECT COALESCE(max(id), 0) FROM res_partner")
            max_id = cr.fetchone()[0]
            cr.execute("SELECT COALESCE(max(id), 0) FROM res_partner_category")
            max_tag = cr.fetchone()[0]
            sequence = env["res.partner"]._client_desk_number_sequence(env.user.company_id)
            return max_id, max_tag, sequence.id, sequence.number_next_actual

    def restore(self, state):
        max_id, max_tag, sequence_id, number_next = state
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'res.partner' AND res_id > %s", (max_id,))
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id > %s", (max_id,))
            cr.execute("DELETE FROM res_partner WHERE id > %s", (max_id,))
            cr.execute("DELETE FROM res_partner_category WHERE id > %s", (max_tag,))
            # Through the ORM: it also moves the PostgreSQL sequence of a standard one.
            self.env(cr)["ir.sequence"].browse(sequence_id).write({"number_next": number_next})
            cr.commit()

    def ours(self, uid, duplicate_mode="update"):
        """Seconds for upload + preview + import + commit; returns (seconds, wizard counts)."""
        start = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr, uid, {"lang": "nl_BE", "tz": "Europe/Brussels"})
            wizard = env["client.desk.import"].create({
                "file": base64.b64encode(self.content), "filename": self.filename, "duplicate_mode": duplicate_mode,
            })
            wizard.action_preview()
            wizard.action_import()
            counts = {name: wizard[name + "_count"] for name in ("created", "updated", "skipped", "invalid", "warning")}
            cr.commit()
        return time.perf_counter() - start, counts

    def odoo(self, uid, sample):
        """Seconds for Odoo's own import (base_import `do`) of the file's first `sample` rows,
        from the client list (its context), then commit; returns (seconds, created)."""
        lines = self.content.decode("cp1252").splitlines()
        content = "\r\n".join(lines[:sample + 1]).encode("cp1252")
        fields = ["client_desk_first_name", "client_desk_last_name", "email", "mobile", "phone", "street", "zip",
                  "city", "client_desk_birthday", False, False]
        options = {"headers": True, "separator": ";", "quoting": '"', "encoding": "cp1252",
                   "date_format": "%d/%m/%Y", "float_thousand_separator": ".", "float_decimal_separator": ","}
        context = {"lang": "nl_BE", "tz": "Europe/Brussels", "default_client_desk_is_client": True,
                   "default_customer": True, "client_desk": True}
        start = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.env(cr, uid, context)
            importer = env["base_import.import"].create({
                "res_model": "res.partner", "file": content, "file_name": "klanten.csv", "file_type": "text/csv",
            })
            messages = importer.do(fields, options)
            errors = [message for message in messages if message.get("type") == "error"]
            if errors:
                raise SystemExit("Odoo's import failed: %s" % errors[:3])
            cr.execute("SELECT count(*) FROM res_partner WHERE client_desk_is_client AND create_uid = %s"
                       " AND create_date > now() at time zone 'UTC' - interval '1 hour'", (uid,))
            created = cr.fetchone()[0]
            cr.commit()
        return time.perf_counter() - start, created


RPC_LOGIN, RPC_PASSWORD = "bench.import.rpc", "bench-import-rpc"


def rpc_user(env):
    """A member of staff with a password, for the XML-RPC clients."""
    users = env["res.users"].with_context(active_test=False)
    user = users.search([("login", "=", RPC_LOGIN)])
    if not user:
        user = users.with_context(no_reset_password=True).create({
            "name": "Bench Import RPC", "login": RPC_LOGIN, "email": "bench.import.rpc@example.com",
            "groups_id": [(6, 0, [env.ref("client_desk.group_client_desk_user").id])],
        })
    user.write({"password": RPC_PASSWORD, "active": True})
    return user


def http_server():
    """Odoo's threaded HTTP server in this process on a free port; returns the port."""
    import socket

    import odoo
    from odoo.service import server as odoo_server
    from odoo.service import wsgi_server

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    odoo.tools.config["http_interface"] = "127.0.0.1"
    odoo.tools.config["http_port"] = port
    odoo_server.ThreadedServer(wsgi_server.application).http_spawn()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return port
        time.sleep(0.05)
    raise SystemExit("the HTTP server did not start")


class RpcCreator(threading.Thread):
    """An XML-RPC client creating one client after another until told to stop: what a
    colleague (or the booking page) does while someone imports."""

    def __init__(self, port, dbname, number):
        super().__init__(daemon=True)
        self.url = "http://127.0.0.1:%d/xmlrpc/2/" % port
        self.dbname, self.number = dbname, number
        self.stop = threading.Event()
        self.started = threading.Event()
        self.created, self.errors, self.seconds = [], [], []

    def run(self):
        uid = xmlrpc.client.ServerProxy(self.url + "common").authenticate(self.dbname, RPC_LOGIN, RPC_PASSWORD, {})
        models = xmlrpc.client.ServerProxy(self.url + "object", allow_none=True)
        index = 0
        while not self.stop.is_set() or not self.created:
            index += 1
            values = {"name": "Desk %d-%d" % (self.number, index), "client_desk_is_client": True,
                      "email": "desk.%d.%d@bench-rpc.example" % (self.number, index),
                      "mobile": "0499 %02d %02d %02d" % (self.number, index // 100 % 100, index % 100)}
            start = time.perf_counter()
            try:
                self.created.append(models.execute_kw(self.dbname, uid, RPC_PASSWORD, "res.partner", "create",
                                                      [values]))
            except xmlrpc.client.Fault as fault:
                self.errors.append(fault.faultString.strip().splitlines()[-1])
            self.seconds.append(time.perf_counter() - start)
            self.started.set()


def concurrent_case(runner, uid, dbname, port, clients):
    """The first import while `clients` XML-RPC clients create clients; returns (import
    seconds, import counts, [RpcCreator])."""
    creators = [RpcCreator(port, dbname, number) for number in range(1, clients + 1)]
    for creator in creators:
        creator.start()
    for creator in creators:
        creator.started.wait(60)
    try:
        seconds, counts = runner.ours(uid)
    finally:
        for creator in creators:
            creator.stop.set()
        for creator in creators:
            creator.join(120)
    return seconds, counts, creators


def main():
    args = parse_args()
    bench_database(args.db, args.fresh)
    registry = benchlib.odoo_registry(args.db)
    if args.clients:
        benchlib.ensure_clients(registry, args.clients)
    import odoo

    rows, expected = generate_rows(args.rows)
    content = belgian_excel_csv(rows)
    facts = (len(rows), len(content) / 1024.0, expected["duplicates"], expected["invalid"], expected["created"],
             existing_clients(registry))
    print("file: %d rows, %.1f kB, %d duplicates inside, %d invalid e-mails -> %d clients expected;"
          " %d clients in the database" % facts, flush=True)
    with odoo.api.Environment.manage():
        with registry.cursor() as cr:
            uid = staff_user(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})).id
            cr.commit()
        runner = Runner(registry, content)
        first, again, stock, stock_scaled = [], [], [], []
        for run in range(args.repeat):
            state = runner.state()
            seconds, counts = runner.ours(uid)
            check(counts, created=expected["created"], updated=0, invalid=expected["invalid"])
            first.append(seconds)
            seconds, counts = runner.ours(uid)
            # The re-import finds every client: nothing created, nothing changed.
            check(counts, created=0, updated=0, invalid=expected["invalid"])
            again.append(seconds)
            print("run %d: first import %.2f s, re-import %.2f s (%s)" % (run + 1, first[-1], again[-1], counts),
                  flush=True)
            runner.restore(state)
        concurrent = []
        if args.rpc_clients:
            with registry.cursor() as cr:
                rpc_user(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}))
                cr.commit()
            port = http_server()
            for run in range(args.repeat):
                state = runner.state()
                seconds, counts, creators = concurrent_case(runner, uid, args.db, port, args.rpc_clients)
                check(counts, created=expected["created"], updated=0, invalid=expected["invalid"])
                created = sum(len(creator.created) for creator in creators)
                errors = [error for creator in creators for error in creator.errors]
                latencies = [second for creator in creators for second in creator.seconds]
                concurrent.append((seconds, created, errors, latencies))
                print("concurrent run %d: import %.2f s; %d RPC clients created %d clients, %d failed%s;"
                      " creation p95 %.0f ms" % (run + 1, seconds, args.rpc_clients, created, len(errors),
                                                 (" (%s)" % errors[0]) if errors else "",
                                                 benchlib.p95(latencies) * 1000), flush=True)
                runner.restore(state)
        sample = min(args.odoo_sample, args.rows)
        for run in range(args.odoo_repeat):
            state = runner.state()
            seconds, created = runner.odoo(uid, sample)
            if created != sample:
                raise SystemExit("Odoo's import created %d clients of %d rows" % (created, sample))
            stock.append(seconds)
            stock_scaled.append(seconds * args.rows / sample)
            print("odoo run %d: %d rows in %.2f s (%.1f rows/s)" % (run + 1, sample, seconds, sample / seconds),
                  flush=True)
            runner.restore(state)
    if not report(args, first, again, stock_scaled, sample, concurrent):
        sys.exit(1)


def existing_clients(registry):
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM res_partner WHERE client_desk_is_client")
        return cr.fetchone()[0]


def check(counts, **wanted):
    for name, value in wanted.items():
        if counts[name] != value:
            raise SystemExit("unexpected import result: %s is %s, expected %s (%s)"
                             % (name, counts[name], value, counts))


def report(args, first, again, stock_scaled, sample, concurrent=()):
    def line(case, samples, target):
        return [case, str(len(samples)), "%.2f s" % statistics.median(samples), "%.2f s" % benchlib.p95(samples),
                "%.0f" % (args.rows / statistics.median(samples)), target]

    table = [
        line("ours: first import, %d rows" % args.rows, first, "<= 20 s"),
        line("ours: re-import, all known", again, "<= 10 s, creates nothing"),
        line("odoo base_import do, %d rows scaled to %d" % (sample, args.rows), stock_scaled, "reference"),
    ]
    if concurrent:
        table.append(line("ours: first import, %d RPC clients creating" % args.rpc_clients,
                          [seconds for seconds, _created, _errors, _latencies in concurrent],
                          "every RPC creation succeeds"))
    header = ["case", "runs", "p50", "p95", "rows/s", "target"]
    widths = [max(len(row[i]) for row in [header] + table) for i in range(len(header))]
    print("\nClient import (parse + preview + import + commit), %d rows, %d clients already there"
          % (args.rows, args.clients))
    for row in [header, ["-" * width for width in widths]] + table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
    ratio = statistics.median(stock_scaled) / statistics.median(first)
    print("\nspeed-up of the first import over Odoo's own import: %.0fx (target >= 20x)" % ratio)
    failures = []
    if statistics.median(first) > 20:
        failures.append("first import over 20 s")
    if statistics.median(again) > 10:
        failures.append("re-import over 10 s")
    if ratio < 20:
        failures.append("less than 20x faster than Odoo's import")
    if concurrent:
        created = sum(created for _seconds, created, _errors, _latencies in concurrent)
        errors = [error for _seconds, _created, errors, _latencies in concurrent for error in errors]
        latencies = [second for _seconds, _created, _errors, latencies in concurrent for second in latencies]
        print("clients created over XML-RPC during the imports: %d, failed: %d, creation p50 %.0f ms, p95 %.0f ms"
              % (created, len(errors), statistics.median(latencies) * 1000, benchlib.p95(latencies) * 1000))
        if errors:
            failures.append("%d client creations over XML-RPC failed during an import (%s)" % (len(errors), errors[0]))
    print("result: %s" % ("; ".join(failures) if failures else "all targets met"))
    sys.stdout.flush()
    return not failures


if __name__ == "__main__":
    main()
